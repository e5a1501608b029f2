/** What the background does for each message, once the router has checked the sender and the request. */
import { browser, type Browser } from 'wxt/browser';
import { redirectUrl } from './auth/identity';
import { BUILD_CLIENTS } from './config';
import { readConnectionStatuses } from './library/connections';
import type { requestSchemas, MessageType, ResponseMap } from './messages';
import { SERVICE_IDS } from './model';
import { deleteBindings } from './library/bindings';
import { releaseAuthWaits } from './library/outbox';
import { completeDetectedPage } from './page-facts';
import { activity } from './sync/activity';
import { applyLocalChange } from './sync/edit';
import { runSync } from './sync/engine';
import { libraryRow, libraryRows } from './sync/library-view';
import { recordChapter } from './sync/record-chapter';
import { scheduleAlarms } from './sync/scheduler';
import { writeLastPull } from './sync/state';
import { readServiceSettings, saveServiceSettings } from './settings';
import { readTabPage, saveTabPage } from './tab-pages';
import { checkHealth, clientConfig, connectService, disconnectService, hasClientSecret, setClientSecret } from './trackers/accounts';

export type Sender = Browser.runtime.MessageSender;

export type Handlers = {
  [K in MessageType]: (data: ReturnType<(typeof requestSchemas)[K]['parse']>, sender: Sender) => Promise<ResponseMap[K]>;
};

export const handlers: Handlers = {
  async getStatus() {
    return { version: browser.runtime.getManifest().version, services: await readConnectionStatuses() };
  },
  async pageDetected(page, sender) {
    const tabId = sender.tab?.id;
    if (tabId === undefined || tabId < 0) return { recorded: false };
    const complete = await completeDetectedPage(page, await readTabPage(tabId));
    await saveTabPage(tabId, { ...complete, tabUrl: (sender.url ?? sender.tab?.url ?? '').slice(0, 2048), detectedAt: Date.now() });
    return { recorded: true };
  },
  async getTabState({ tabId }) {
    return { page: await readTabPage(tabId) };
  },
  async connectService({ service, login }) {
    const result = await connectService(service, login);
    if (result.ok) {
      // Changes that waited for this sign-in can go now.
      await releaseAuthWaits(service);
      await scheduleAlarms();
    }
    return result;
  },
  async disconnectService({ service }) {
    await disconnectService(service);
    return { services: await readConnectionStatuses() };
  },
  async checkHealth({ service }) {
    await checkHealth(service ? [service] : SERVICE_IDS);
    return { services: await readConnectionStatuses() };
  },
  async getIntegrationSettings() {
    const services = await Promise.all(
      SERVICE_IDS.map(async (service) => ({
        service,
        settings: await readServiceSettings(service),
        effectiveClientId: (await clientConfig(service)).clientId,
        buildClientId: BUILD_CLIENTS[service].clientId,
        hasClientSecret: await hasClientSecret(service),
      })),
    );
    return { redirectUrl: redirectUrl(), services };
  },
  async saveIntegrationSettings({ service, settings, clientSecret }) {
    await saveServiceSettings(service, settings);
    if (clientSecret !== undefined) await setClientSecret(service, clientSecret);
    await scheduleAlarms();
    return { saved: true };
  },
  async triggerSync({ service, forceFullSync, direction }) {
    const services = service ? [service] : SERVICE_IDS;
    // A full resync re-reads whole lists and rebuilds the bindings from them (the library itself stays).
    if (forceFullSync) {
      for (const s of services) {
        await writeLastPull(s, null);
        await deleteBindings(s);
      }
    }
    const runs = await runSync({ services, forceFullSync, direction, retryNow: true });
    await scheduleAlarms();
    return { runs };
  },
  getLibrary() {
    return libraryRows();
  },
  async updateEntry({ seriesId, changes }) {
    await applyLocalChange(seriesId, changes);
    await scheduleAlarms();
    const row = await libraryRow(seriesId);
    if (!row) throw new Error('That series is not in the library.');
    return { row };
  },
  async getActivity({ limit }) {
    return activity(limit);
  },
  async chapterRead({ page }, sender) {
    const tabId = sender.tab?.id;
    const known = tabId === undefined ? null : await readTabPage(tabId);
    // Only what this tab was seen showing (and the site's API confirmed) counts: a page cannot report a
    // chapter of some other series, or a number its own detection never showed.
    if (!known || known.site !== page.site || known.seriesKey !== page.seriesKey || known.chapterKey !== page.chapterKey) {
      return { outcome: 'ignored', message: 'That chapter is not the one detected on this tab.' };
    }
    const result = await recordChapter(known, { explicit: false });
    await scheduleAlarms();
    return { outcome: result.kind, message: result.message };
  },
  async markChapterRead({ tabId }) {
    const page = await readTabPage(tabId);
    if (!page) return { outcome: 'ignored', message: 'No chapter is detected on this tab.' };
    const result = await recordChapter(page, { explicit: true });
    await scheduleAlarms();
    return { outcome: result.kind, message: result.message };
  },
};
