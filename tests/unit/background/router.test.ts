import { deleteDB } from 'idb';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { browser, type Browser } from 'wxt/browser';
import { DB_NAME } from '../../../lib/library/db';
import { routeMessage } from '../../../lib/background/router';

const EXTENSION_PAGE: Browser.runtime.MessageSender = { id: browser.runtime.id, url: browser.runtime.getURL('/popup.html') };
const contentScript = (tabId: number): Browser.runtime.MessageSender => ({
  id: browser.runtime.id,
  url: 'https://mangadex.org/chapter/2c3d4e5f-6a7b-4c8d-9e0f-1a2b3c4d5e66',
  tab: { id: tabId, index: 0, highlighted: false, active: true, pinned: false, incognito: false, windowId: 1, discarded: false, autoDiscardable: true, groupId: -1, frozen: false, selected: true, lastAccessed: 0 },
});

const page = {
  site: 'mangadex',
  seriesKey: 'b0b721ff-c388-4486-aa0f-c2b0bb321512',
  title: 'Sousou no Frieren',
  chapterKey: '2c3d4e5f-6a7b-4c8d-9e0f-1a2b3c4d5e66',
  chapter: 12.5,
  volume: 2,
  progress: { page: 3, pages: 18 },
  externalIds: {},
};

beforeEach(() => {
  // fake-browser has no manifest; give it the fields the background reads.
  vi.spyOn(browser.runtime, 'getManifest').mockReturnValue({ manifest_version: 3, name: 'Kuroibara Sync', version: '1.2.3' });
});

afterEach(async () => {
  await deleteDB(DB_NAME);
});

describe('routeMessage', () => {
  it('answers getStatus with the version and every service', async () => {
    const reply = await routeMessage({ type: 'getStatus', data: {} }, EXTENSION_PAGE);
    expect(reply).toMatchObject({ ok: true, data: { version: '1.2.3' } });
    const services = reply.ok && 'version' in reply.data ? reply.data.services : [];
    expect(services.map((s) => s.id)).toEqual(['anilist', 'mal', 'kitsu']);
  });

  it('records a detected page for its tab and hands it to the popup', async () => {
    expect(await routeMessage({ type: 'pageDetected', data: page }, contentScript(7))).toEqual({ ok: true, data: { recorded: true } });
    const reply = await routeMessage({ type: 'getTabState', data: { tabId: 7 } }, EXTENSION_PAGE);
    expect(reply).toMatchObject({ ok: true, data: { page: { ...page, tabUrl: contentScript(7).url } } });
    const other = await routeMessage({ type: 'getTabState', data: { tabId: 8 } }, EXTENSION_PAGE);
    expect(other).toEqual({ ok: true, data: { page: null, match: null, row: null } });
  });

  it.each([
    ['an absurd chapter', { ...page, chapter: 1e12 }],
    ['a negative chapter', { ...page, chapter: -1 }],
    ['a page beyond the chapter', { ...page, progress: { page: 900, pages: 3 } }],
    ['an extra field', { ...page, token: 'x' }],
    ['a huge title', { ...page, title: 'x'.repeat(10_000) }],
    ['no data at all', undefined],
  ])('rejects %s with a readable error and records nothing', async (_label, data) => {
    const reply = await routeMessage({ type: 'pageDetected', data }, contentScript(9));
    expect(reply.ok).toBe(false);
    expect(!reply.ok && reply.error).toMatch(/^Invalid "pageDetected" request/);
    expect(await routeMessage({ type: 'getTabState', data: { tabId: 9 } }, EXTENSION_PAGE)).toEqual({ ok: true, data: { page: null, match: null, row: null } });
  });

  it('accepts a chapter read only for what the tab was seen showing', async () => {
    await routeMessage({ type: 'pageDetected', data: page }, contentScript(11));
    const forged = { ...page, chapterKey: '99999999-9999-4999-8999-999999999999', chapter: 900 };
    const reply = await routeMessage({ type: 'chapterRead', data: { page: forged, reason: 'last-page' } }, contentScript(11));
    expect(reply).toEqual({ ok: true, data: { outcome: 'ignored', message: 'That chapter is not the one detected on this tab.', quiet: true } });
    const elsewhere = await routeMessage({ type: 'chapterRead', data: { page, reason: 'last-page' } }, contentScript(12));
    expect(elsewhere.ok && 'outcome' in elsewhere.data && elsewhere.data.outcome).toBe('ignored');
  });

  it('records a detection only for the site the sending page is on', async () => {
    const elsewhere = { ...contentScript(13), url: 'https://evil.example/chapter/2c3d4e5f-6a7b-4c8d-9e0f-1a2b3c4d5e66' };
    expect(await routeMessage({ type: 'pageDetected', data: page }, elsewhere)).toEqual({ ok: true, data: { recorded: false } });
    // A self-hosted kind claimed from an origin nobody added.
    const komga = { ...page, site: 'komga', seriesKey: 'evil.example/0G4V4GB0ND001' };
    expect(await routeMessage({ type: 'pageDetected', data: komga }, elsewhere)).toEqual({ ok: true, data: { recorded: false } });
    expect(await routeMessage({ type: 'getTabState', data: { tabId: 13 } }, EXTENSION_PAGE)).toEqual({ ok: true, data: { page: null, match: null, row: null } });
  });

  it('tells a page its reading settings only for its own site, and nothing on an origin nobody added', async () => {
    expect(await routeMessage({ type: 'getReadingSettings', data: { site: 'mangadex' } }, contentScript(14))).toEqual({
      ok: true,
      data: { site: 'mangadex', enabled: true, mode: 'automatic', minSeconds: 10 },
    });
    const elsewhere = { ...contentScript(14), url: 'https://evil.example/book/1/read' };
    expect(await routeMessage({ type: 'getReadingSettings', data: { site: 'mangadex' } }, elsewhere)).toMatchObject({ ok: true, data: { site: null, enabled: false } });
    expect(await routeMessage({ type: 'getReadingSettings', data: { site: null } }, elsewhere)).toMatchObject({ ok: true, data: { site: null, enabled: false } });
  });

  it('keeps the Sites tab and the popup’s matching away from web pages', async () => {
    for (const type of ['getSites', 'saveReadingSettings', 'addServer', 'removeServer', 'chooseMatch', 'rematchSeries'] as const) {
      const reply = await routeMessage({ type, data: {} }, contentScript(15));
      expect(reply).toEqual({ ok: false, error: `"${type}" is not available to web pages.` });
    }
  });

  it('refuses privileged messages from a content script (a page cannot read account state)', async () => {
    const reply = await routeMessage({ type: 'getStatus', data: {} }, contentScript(3));
    expect(reply).toEqual({ ok: false, error: '"getStatus" is not available to web pages.' });
  });

  it('refuses other extensions and unknown message types', async () => {
    expect((await routeMessage({ type: 'getStatus', data: {} }, { id: 'someone-else' })).ok).toBe(false);
    expect(await routeMessage({ type: 'deleteEverything', data: {} }, EXTENSION_PAGE)).toEqual({
      ok: false,
      error: 'Unknown message type: "deleteEverything".',
    });
    expect((await routeMessage('getStatus', EXTENSION_PAGE)).ok).toBe(false);
    expect((await routeMessage({ type: 'toString', data: {} }, EXTENSION_PAGE)).ok).toBe(false);
  });
});
