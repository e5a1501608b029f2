import { defineBackground } from 'wxt/utils/define-background';
import { browser } from 'wxt/browser';
import { forgetTabBadge } from '../../lib/background/feedback/badge';
import { listenToWork } from '../../lib/background/feedback/listen';
import { openSetupGuide } from '../../lib/background/first-run';
import { routeMessage } from '../../lib/background/router';
import { listenToNotificationClicks } from '../../lib/background/feedback/notifications';
import { refreshProblems } from '../../lib/background/feedback/problems';
import { registerServerScripts } from '../../lib/servers/self-hosted';
import { runCommand } from '../../lib/background/shortcuts';
import { onAlarm, scheduleAlarms } from '../../lib/sync/scheduler';
import { ensureAniListReferer } from '../../lib/trackers/anilist/referer';
import { forgetTab } from '../../lib/reading/tab-pages';

/**
 * Wiring only. Every listener is registered synchronously inside main(), because an MV3 service worker is woken
 * for an event only if its listener exists after the first turn; all state lives in IndexedDB / storage.session.
 */
export default defineBackground({
  type: 'module',
  main() {
    // What work below reports (a flush, a refused sign-in, a read) reaches the badge and notifications.
    listenToWork();
    // webextension-polyfill sends a returned promise's value as the reply (its documented pattern).
    // eslint-disable-next-line @typescript-eslint/no-misused-promises
    browser.runtime.onMessage.addListener((message, sender) => routeMessage(message, sender));
    browser.tabs.onRemoved.addListener((tabId) => void Promise.all([forgetTab(tabId), forgetTabBadge(tabId)]));
    browser.commands.onCommand.addListener((command, tab) => void runCommand(command, tab?.id));
    // The notifications API exists only while its optional permission is granted: listen now, and once granted.
    listenToNotificationClicks();
    browser.permissions.onAdded.addListener(listenToNotificationClicks);
    browser.alarms.onAlarm.addListener((alarm) => void onAlarm(alarm.name));
    // Alarms survive restarts but not every update; re-derive them from settings and the outbox.
    const restore = () => {
      void scheduleAlarms();
      // Registered reader scripts persist, but an update or a permission taken back in the browser's own
      // settings can leave them out of step with the servers the user added.
      void registerServerScripts();
      // Badges do not survive a browser restart or an update; show what still needs the user.
      void refreshProblems();
      // AniList refuses requests without a Referer: have the rule in place before the first one (every AniList
      // request checks again, so a rule lost in between is put back before it matters).
      void ensureAniListReferer();
    };
    browser.runtime.onInstalled.addListener(restore);
    // First install only: the short guided setup (connect services, reading mode, own servers).
    browser.runtime.onInstalled.addListener(({ reason }) => {
      if (reason === 'install') void openSetupGuide();
    });
    browser.runtime.onStartup.addListener(restore);
    browser.permissions.onRemoved.addListener(() => void registerServerScripts());
  },
});
