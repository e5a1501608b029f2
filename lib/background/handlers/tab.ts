/** Message handlers for what a tab shows: a content script's detection, and the popup's card for the tab. */
import { completeDetectedPage } from '../../reading/page-facts';
import { chooseCandidate, matchPage, rematchPage } from '../../reading/match-series';
import { forgetTab, readTabPage, saveTabPage } from '../../reading/tab-pages';
import { tabState } from '../../reading/tab-state';
import { showTabBadge } from '../feedback/badge';
import { siteMatchesSender } from './reading';
import type { Handlers } from './types';
import { t } from '../../i18n/t';

export const tabHandlers: Pick<Handlers, 'pageDetected' | 'getTabState' | 'chooseMatch' | 'rematchSeries'> = {
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
};
