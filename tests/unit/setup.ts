import 'fake-indexeddb/auto';
import { beforeEach, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';

beforeEach(() => {
  fakeBrowser.reset();
  // Unit tests never reach the real internet: code under test gets a fetch for the fake internet explicitly,
  // and anything that falls back to the global fetch fails like a machine that is offline.
  vi.stubGlobal('fetch', () => Promise.reject(new TypeError('fetch failed: unit tests have no network')));
});
