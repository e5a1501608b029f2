/** What the background does for each message, once the router has checked the sender and the request. */
import { browser, type Browser } from 'wxt/browser';
import { redirectUrl } from './auth/identity';
import { BUILD_CLIENTS } from './config';
import { currentSeriesId } from './library/absorb-series';
import { readConnection, readConnectionStatuses } from './library/connections';
import type { requestSchemas, MessageType, ResponseMap, TabPage, TabState } from './messages';
import { SERVICE_IDS } from './model';
import { releaseAuthWaits } from './library/outbox';
import { completeDetectedPage } from './page-facts';
import { activity } from './sync/activity';
import { addBack, discardRefused, removeEverywhere, retryRefused } from './sync/settle';
import { applyLocalChange } from './sync/edit';
import { runSync } from './sync/engine';
import { libraryRow, libraryRows } from './sync/library-view';
import { chooseCandidate, matchPage, rematchPage, type MatchOutcome } from './sync/match-series';
import { scheduleAlarms } from './sync/scheduler';
import { claimServiceState, forgetServiceState } from './sync/state';
import { readServiceSettings, saveServiceSettings } from './settings';
import { backupHandlers } from './backup-handlers';
import { readingHandlers, siteMatchesSender } from './reading-handlers';
import { appHandlers } from './app-handlers';
import { showTabBadge } from './badge';
import { refreshProblems } from './problems';
import { firstRunHandlers } from './first-run-handlers';
import { forgetTab, readTabPage, saveTabPage } from './tab-pages';
import { checkHealth, clientConfig, connectService, disconnectService, hasClientSecret, setClientSecret } from './trackers/accounts';
import { t } from './i18n';

export type Sender = Browser.runtime.MessageSender;

export type Handlers = {
  [K in MessageType]: (data: ReturnType<(typeof requestSchemas)[K]['parse']>, sender: Sender) => Promise<ResponseMap[K]>;
};

/** The popup's card for a tab: the page, its series (or the candidates to pick from), and the library row. */
async function tabState(page: TabPage | null, known?: MatchOutcome): Promise<TabState> {
  if (!page) return { page: null, match: null, row: null };
  const match = known ?? (await matchPage(page, { search: false }));
  if (match.kind !== 'matched') return { page, match, row: null };
  return { page, match: { kind: 'matched', how: match.how, title: match.series.title }, row: await libraryRow(match.series.id) };
}

export const handlers: Handlers = {
  async getStatus() {
    return { version: browser.runtime.getManifest().version, services: await readConnectionStatuses() };
  },
  async pageDetected(page, sender) {
    const tabId = sender.tab?.id;
    // A page speaks only for its own site: MangaDex cannot report a Komga series, nor one server another's.
    if (tabId === undefined || tabId < 0 || !(await siteMatchesSender(page, sender.url))) return { recorded: false };
    const complete = await completeDetectedPage(page, await readTabPage(tabId));
    if (!complete) {
      await forgetTab(tabId);
      await showTabBadge(tabId);
      return { recorded: false };
    }
    const tabPage = { ...complete, tabUrl: (sender.url ?? sender.tab?.url ?? '').slice(0, 2048), detectedAt: Date.now() };
    // Find the series first (a title search when the page offers no ids): the popup follows the tab's record,
    // so once that is saved, what it shows is complete.
    await matchPage(tabPage, { search: true }).catch(() => undefined);
    await saveTabPage(tabId, tabPage);
    await showTabBadge(tabId);
    return { recorded: true };
  },
  async getTabState({ tabId }) {
    return tabState(await readTabPage(tabId));
  },
  async chooseMatch({ tabId, service, mediaId }) {
    const page = await readTabPage(tabId);
    if (!page) throw new Error(t('readNoSeriesOnTab'));
    await chooseCandidate(page, { service, mediaId });
    return tabState(page);
  },
  async rematchSeries({ tabId }) {
    const page = await readTabPage(tabId);
    if (!page) throw new Error(t('readNoSeriesOnTab'));
    return tabState(page, await rematchPage(page));
  },
  async connectService({ service, login }) {
    // (Another account than before starts clean: the sync state is claimed by the account it syncs, context.ts.)
    const result = await connectService(service, login);
    if (result.ok) {
      // Another account than the one the sync state belongs to: that state is forgotten before anything uses it.
      const record = await readConnection(service);
      if (record?.userId) await claimServiceState(service, record.userId);
      // Changes that waited for this sign-in can go now.
      await releaseAuthWaits(service);
      await scheduleAlarms();
      await refreshProblems();
    }
    return result;
  },
  async disconnectService({ service }) {
    await disconnectService(service);
    // What was linked, agreed or owed belongs to the account that went; the library's own entries stay.
    await forgetServiceState(service);
    await refreshProblems();
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
    // A full resync re-reads whole lists and merges them like any pull: links and what was agreed stay, so a
    // service whose pull fails is never overwritten with the library's values (DESIGN.md rule 8).
    const runs = await runSync({ services, forceFullSync, direction, retryNow: true });
    await scheduleAlarms();
    return { runs };
  },
  getLibrary() {
    return libraryRows();
  },
  async updateEntry({ seriesId, changes, opened }) {
    // (An editor opened on a series a sync has since joined into another edits the series it became.)
    await applyLocalChange(seriesId, changes, Date.now(), opened ? { opened } : {});
    await scheduleAlarms();
    const row = await libraryRow(await currentSeriesId(seriesId));
    if (!row) throw new Error(t('seriesNotInLibrary'));
    return { row };
  },
  async getActivity({ limit }) {
    return activity(limit);
  },
  async retryChange({ id }) {
    const message = await retryRefused(id);
    await scheduleAlarms();
    await refreshProblems();
    return { message };
  },
  async discardChange({ id }) {
    const message = await discardRefused(id);
    await scheduleAlarms();
    await refreshProblems();
    return { message };
  },
  async addBack({ service, seriesId }) {
    const message = await addBack(service, seriesId);
    await scheduleAlarms();
    return { message };
  },
  async removeEverywhere({ seriesId }) {
    const message = await removeEverywhere(seriesId);
    await scheduleAlarms();
    await refreshProblems();
    return { message };
  },
  ...readingHandlers,
  ...appHandlers,
  ...backupHandlers,
  ...firstRunHandlers,
};
