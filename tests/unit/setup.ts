import 'fake-indexeddb/auto';
import { beforeEach, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { englishGetMessage } from './support/english-messages';

beforeEach(() => {
  fakeBrowser.reset();
  // The fake browser has no i18n: answer from the English messages.json, as Chrome does for an English user.
  fakeBrowser.i18n.getMessage = englishGetMessage;
  // Unit tests never reach the real internet: code under test gets a fetch for the fake internet explicitly,
  // and anything that falls back to the global fetch fails like a machine that is offline.
  vi.stubGlobal('fetch', () => Promise.reject(new TypeError('fetch failed: unit tests have no network')));
});
