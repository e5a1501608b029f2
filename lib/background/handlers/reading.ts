/**
 * Message handlers for reading: the content script's reports and the in-page notice, and the Sites tab. Every
 * content-script request acts on the sender's own tab and origin, never on ids a page could forge.
 */
import type { Handlers, Sender } from './types';
import type { MessageType, SitesState, TabPage } from '../../protocol/messages';
import { readReadingSettings, saveReadingSettings, siteReading } from '../../settings/reading';
import { addServer, listServers, originPattern, removeServer, serverKindFor } from '../../servers/self-hosted';
import { SITE_CATALOG, siteOf } from '../../sites/catalog';
import { chapterReadOnTab, confirmReadOnTab, ignoreSeriesOnTab, readStatusOnTab, undoReadOnTab } from '../../reading/read-flow';
import { readTabPage } from '../../reading/tab-pages';
import { browser } from 'wxt/browser';
import { t } from '../../i18n/t';

type ReadingMessage = 'chapterRead' | 'markChapterRead' | 'getReadingSettings' | 'confirmRead' | 'undoRead' | 'getReadStatus' | 'ignoreSeries' | 'getSites' | 'saveReadingSettings' | 'addServer' | 'removeServer';

function publicSiteOf(url: string | undefined): string | null {
  if (!url) return null;
  try {
    return siteOf(new URL(url))?.id ?? null;
  } catch {
    return null;
  }
}

/** Whether the sender's page may report this detection: its own public site, or the server kind added for its origin. */
export async function siteMatchesSender(page: Pick<TabPage, 'site' | 'seriesKey'>, senderUrl: string | undefined): Promise<boolean> {
  const site = publicSiteOf(senderUrl);
  if (site) return site === page.site;
  const kind = await serverKindFor(senderUrl);
  if (!kind || kind !== page.site || !senderUrl) return false;
  // Self-hosted series keys carry the server's host, so one server cannot speak for another.
  return page.seriesKey.startsWith(`${new URL(senderUrl).host}/`);
}

function senderTab(sender: Sender): number {
  const tabId = sender.tab?.id;
  if (tabId === undefined || tabId < 0) throw new Error(t('readOnlyReaderTab'));
  return tabId;
}

async function sitesState(): Promise<SitesState> {
  const servers = await listServers();
  const granted = await Promise.all(servers.map((server) => browser.permissions.contains({ origins: [originPattern(server.origin)] })));
  return {
    adapters: SITE_CATALOG.map((site) => ({
      id: site.id,
      name: site.name,
      selfHosted: site.selfHosted === true,
      hosts: [...new Set(site.matches.map((pattern) => new URL(pattern.replace('*', 'x')).hostname))],
    })),
    reading: await readReadingSettings(),
    servers: servers.map((server, index) => ({ kind: server.kind, origin: server.origin, granted: granted[index] ?? false })),
  };
}

export const readingHandlers: Pick<Handlers, Extract<MessageType, ReadingMessage>> = {
  async chapterRead({ page }, sender) {
    const tabId = senderTab(sender);
    const known = await readTabPage(tabId);
    // Only what this tab was seen showing (and the site's API confirmed) counts: a page cannot report a
    // chapter of some other series, or a number its own detection never showed.
    if (!known || known.site !== page.site || known.seriesKey !== page.seriesKey || known.chapterKey !== page.chapterKey || known.chapter !== page.chapter) {
      return { outcome: 'ignored', message: t('readNotDetectedChapter'), quiet: true };
    }
    return chapterReadOnTab(tabId, known);
  },
  markChapterRead({ tabId, choice }) {
    return confirmReadOnTab(tabId, Date.now(), choice);
  },
  async getReadingSettings({ site }, sender) {
    const settings = await readReadingSettings();
    if (site !== null) {
      if (publicSiteOf(sender.url) !== site) return { site: null, enabled: false, mode: 'manual', minSeconds: settings.minSeconds };
      return { site, ...siteReading(settings, site) };
    }
    const kind = await serverKindFor(sender.url);
    if (!kind) return { site: null, enabled: false, mode: 'manual', minSeconds: settings.minSeconds };
    return { site: kind, ...siteReading(settings, kind) };
  },
  confirmRead({ choice }, sender) {
    return confirmReadOnTab(senderTab(sender), Date.now(), choice);
  },
  undoRead({ readId }, sender) {
    return undoReadOnTab(senderTab(sender), readId);
  },
  getReadStatus({ readId }, sender) {
    return readStatusOnTab(senderTab(sender), readId);
  },
  ignoreSeries({ readId }, sender) {
    return ignoreSeriesOnTab(senderTab(sender), readId);
  },
  getSites() {
    return sitesState();
  },
  async saveReadingSettings({ settings }) {
    await saveReadingSettings(settings);
    return sitesState();
  },
  async addServer({ kind, origin }) {
    await addServer(kind, origin);
    return sitesState();
  },
  async removeServer({ origin }) {
    await removeServer(origin);
    return sitesState();
  },
};
