import 'fake-indexeddb/auto';
import { afterEach, beforeEach, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { clearRetry } from '../../lib/sync/alarms';
import { installFakeDnr } from '../fakes/dnr';
import { englishGetMessage } from './support/english-messages';

/** Whether this test file's worker has its wiring yet (once per file, as once per worker). */
let wired = false;

beforeEach(async () => {
  // The worker's own wiring (entrypoints/background): what work reports reaches the badge and notifications.
  // (Imported here, not at the top: a test file's vi.mock of a module below it must apply to it as well.)
  if (!wired) (await import('../../lib/background/feedback/listen')).listenToWork();
  wired = true;
  fakeBrowser.reset();
  // The fake browser has no i18n: answer from the English messages.json, as Chrome does for an English user.
  fakeBrowser.i18n.getMessage = englishGetMessage;
  // Nor declarativeNetRequest: a fresh rule store each test, which the fake-internet fetch applies as Chromium does.
  const dnr = installFakeDnr(new URL(fakeBrowser.runtime.getURL('/')).hostname);
  const api = fakeBrowser.declarativeNetRequest;
  // The fake's own rule type is the structural core of Chrome's and the polyfill's (tests/fakes/dnr.ts).
  api.getDynamicRules = dnr.getDynamicRules as typeof api.getDynamicRules;
  api.updateDynamicRules = dnr.updateDynamicRules;
  // Unit tests never reach the real internet: code under test gets a fetch for the fake internet explicitly,
  // and anything that falls back to the global fetch fails like a machine that is offline.
  vi.stubGlobal('fetch', () => Promise.reject(new TypeError('fetch failed: unit tests have no network')));
});

// A retry due within seconds runs on a timer in the worker (lib/sync/alarms.ts); a test's world is gone once it
// ends, so nothing of it may fire into the next test.
afterEach(async () => {
  await clearRetry();
});
