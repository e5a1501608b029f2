import { defineBackground } from 'wxt/utils/define-background';
import { browser } from 'wxt/browser';
import { routeMessage } from '../../lib/message-router';
import { registerServerScripts } from '../../lib/self-hosted';
import { onAlarm, scheduleAlarms } from '../../lib/sync/scheduler';
import { forgetTab } from '../../lib/tab-pages';

/**
 * Wiring only. Every listener is registered synchronously inside main(), because an MV3 service worker is woken
 * for an event only if its listener exists after the first turn; all state lives in IndexedDB / storage.session.
 */
export default defineBackground({
  type: 'module',
  main() {
    // webextension-polyfill sends a returned promise's value as the reply (its documented pattern).
    // eslint-disable-next-line @typescript-eslint/no-misused-promises
    browser.runtime.onMessage.addListener((message, sender) => routeMessage(message, sender));
    browser.tabs.onRemoved.addListener((tabId) => void forgetTab(tabId));
    browser.alarms.onAlarm.addListener((alarm) => void onAlarm(alarm.name));
    // Alarms survive restarts but not every update; re-derive them from settings and the outbox.
    const restore = () => {
      void scheduleAlarms();
      // Registered reader scripts persist, but an update or a permission taken back in the browser's own
      // settings can leave them out of step with the servers the user added.
      void registerServerScripts();
    };
    browser.runtime.onInstalled.addListener(restore);
    browser.runtime.onStartup.addListener(restore);
    browser.permissions.onRemoved.addListener(() => void registerServerScripts());
  },
});
