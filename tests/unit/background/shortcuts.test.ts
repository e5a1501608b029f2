import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { browser, type Browser } from 'wxt/browser';
import { saveAppSettings } from '../../../lib/settings/app';
import { DONE_MARK } from '../../../lib/background/feedback/badge';
import { getEntry, listEntries } from '../../../lib/library/entries';
import { MARK_READ_COMMAND, runCommand } from '../../../lib/background/shortcuts';
import { saveTabPage } from '../../../lib/reading/tab-pages';
import type { FakeInternet } from '../../fakes/index';
import { CATALOG } from '../../fakes/catalog';
import { connectEmptyAccounts, frierenPage, resetLibrary, startWorld, writeCounts } from '../sync/world';

vi.setConfig({ testTimeout: 60_000 });

const frieren = CATALOG.find((m) => m.anilist === 118586)!;
type MalState = { users: { list: { mangaId: number; num_chapters_read: number }[] }[] };

let internet: FakeInternet;
beforeAll(async () => {
  internet = await startWorld();
});
afterAll(() => internet.close());
afterEach(resetLibrary);

let granted: Set<string>;
let tab: number;
beforeEach(async () => {
  granted = new Set();
  Object.assign(browser, {
    permissions: { ...browser.permissions, contains: (p: { permissions?: string[] }) => Promise.resolve((p.permissions ?? []).every((n) => granted.has(n))) },
  });
  await connectEmptyAccounts(internet);
  tab = (await browser.tabs.create({ url: 'https://mangadex.org/chapter/x' })).id!;
});

describe('the "mark chapter read" shortcut', () => {
  it('marks the chapter on the tab as read everywhere, and shows it on the badge', async () => {
    await saveTabPage(tab, frierenPage());
    await runCommand(MARK_READ_COMMAND, tab);
    expect(writeCounts(internet)).toEqual({ anilist: 1, mal: 1, kitsu: 1 });
    expect((internet.services.mal!.state() as MalState).users[0]!.list.find((e) => e.mangaId === frieren.mal)?.num_chapters_read).toBe(12);
    const [series] = await listEntries();
    expect((await getEntry(series!.seriesId))?.progress).toBe(12);
    expect(await browser.action.getBadgeText({ tabId: tab })).toBe(DONE_MARK);
  });

  it('acts on the active tab when the browser names none', async () => {
    await saveTabPage(tab, frierenPage());
    // fake-browser cannot focus a window; this answers as Chromium does for the focused window's active tab.
    const active = await browser.tabs.get(tab);
    const tabs = browser.tabs as { query: (query: Browser.tabs.QueryInfo) => Promise<Browser.tabs.Tab[]> };
    const query = vi.spyOn(tabs, 'query').mockResolvedValue([active]);
    await runCommand(MARK_READ_COMMAND, undefined);
    expect(query).toHaveBeenCalledWith({ active: true, lastFocusedWindow: true });
    expect(writeCounts(internet)).toEqual({ anilist: 1, mal: 1, kitsu: 1 });
  });

  it('says so on the badge, and in a notification when opted in, when the tab shows no chapter', async () => {
    granted.add('notifications');
    await saveAppSettings({ notifications: true });
    const created = vi.spyOn(browser.notifications, 'create');
    await runCommand(MARK_READ_COMMAND, tab);
    expect(writeCounts(internet)).toEqual({ anilist: 0, mal: 0, kitsu: 0 });
    expect(await browser.action.getBadgeText({ tabId: tab })).toBe('');
    expect(await browser.action.getTitle({ tabId: tab })).toBe('Kuroibara Sync\nNo chapter is detected on this tab.');
    expect(created).toHaveBeenCalledTimes(1);
    expect(created.mock.calls[0]![1]).toMatchObject({ title: 'Nothing marked as read', message: 'No chapter is detected on this tab.' });
  });

  it('notifies the outcome when opted in', async () => {
    granted.add('notifications');
    await saveAppSettings({ notifications: true });
    const created = vi.spyOn(browser.notifications, 'create');
    await saveTabPage(tab, frierenPage());
    await runCommand(MARK_READ_COMMAND, tab);
    expect(created).toHaveBeenCalledTimes(1);
    expect(created.mock.calls[0]).toMatchObject(['kuroibara:activity:shortcut', { title: 'Chapter 12 marked as read' }]);
  });

  it('ignores commands it does not know', async () => {
    await saveTabPage(tab, frierenPage());
    await runCommand('something-else', tab);
    expect(writeCounts(internet)).toEqual({ anilist: 0, mal: 0, kitsu: 0 });
    expect(await listEntries()).toEqual([]);
  });
});
