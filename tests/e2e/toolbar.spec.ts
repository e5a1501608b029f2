/**
 * The toolbar: the badge per tab (chapter, recorded, a service in trouble), the "mark chapter read" keyboard
 * shortcut, and the opt-in notifications, on the real build against the fake internet.
 */
import type { Page, Worker } from '@playwright/test';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { FakeInternet } from '../fakes';
import { CATALOG } from '../fakes/catalog';
import { writeCounts } from '../fakes/writes';
import { currentServiceWorker, expect, launchBrowser, test } from './fixtures';
import { connectAllThroughOptions, seedEmptyAccounts } from './pages/integrations';

const frieren = CATALOG.find((m) => m.anilist === 118586)!;
const berserk = CATALOG.find((m) => m.anilist === 30002)!;
const frieren12 = frieren.mangadexChapters.find((c) => c.chapter === '12')!;
const berserk1 = berserk.mangadexChapters.find((c) => c.chapter === '1')!;

type AniListState = { users: { list: { mediaId: number; progress: number }[] }[] };
type MalState = { users: { list: { mangaId: number; num_chapters_read: number }[] }[] };
type KitsuState = { entries: { mangaId: string; progress: number }[] };

/** MyAnimeList refuses the values it is sent (HTTP 400 `invalid_content`): a permanent failure, never retried by itself. */
const MAL_REFUSES = { host: 'api.myanimelist.net', method: 'PATCH', status: 400, body: '{"error":"invalid_content","message":""}', times: 50 } as const;

/** The badge as Chromium holds it, read in the extension's own worker: of one tab, or the default for all tabs. */
function badgeOf(worker: Worker, tabId?: number): Promise<{ text: string; title: string }> {
  return worker.evaluate(async (id) => {
    const scope = id === undefined ? {} : { tabId: id };
    return { text: await chrome.action.getBadgeText(scope), title: await chrome.action.getTitle(scope) };
  }, tabId);
}

/** The id of the tab `page` is in: it is brought to the front, and the focused window's active tab is asked for. */
async function tabIdOf(worker: Worker, page: Page): Promise<number> {
  await page.bringToFront();
  const [tab] = await worker.evaluate(() => chrome.tabs.query({ active: true, lastFocusedWindow: true }));
  if (tab?.id === undefined) throw new Error('no active tab');
  return tab.id;
}

/** Progress of `manga` on each service's fake (undefined: not on the list there). */
function progressEverywhere(fake: FakeInternet, manga: typeof frieren) {
  return [
    (fake.services.anilist!.state() as AniListState).users[0]!.list.find((e) => e.mediaId === manga.anilist)?.progress,
    (fake.services.mal!.state() as MalState).users[0]!.list.find((e) => e.mangaId === manga.mal)?.num_chapters_read,
    (fake.services.kitsu!.state() as KitsuState).entries.find((e) => e.mangaId === manga.kitsu)?.progress,
  ];
}

/**
 * Presses Alt+Shift+<letter> in `page` the way the system's keyboard does: one raw key-down carrying both modifiers
 * and the native key code, then the key-up. Chromium offers such a key to its browser-level accelerators (extension
 * commands among them) before the page. Playwright's `keyboard.press` sends a printable key as a key-down with text
 * and no native key code, which never reaches a command; without the native key code the key goes to the page.
 */
async function pressAltShift(page: Page, letter: string): Promise<void> {
  const cdp = await page.context().newCDPSession(page);
  const code = letter.toUpperCase().charCodeAt(0);
  const key = { modifiers: 1 | 8, key: letter.toUpperCase(), code: `Key${letter.toUpperCase()}`, windowsVirtualKeyCode: code, nativeVirtualKeyCode: code };
  await cdp.send('Input.dispatchKeyEvent', { type: 'rawKeyDown', ...key });
  await cdp.send('Input.dispatchKeyEvent', { type: 'keyUp', ...key });
  await cdp.detach();
}

test('the badge shows the chapter, a check mark once it is recorded, and "!" on every tab when a service refuses an update', async ({ context, fake, extensionId, openExtensionPage, serviceWorker }) => {
  test.setTimeout(150_000);
  seedEmptyAccounts(fake, extensionId);
  await connectAllThroughOptions(await openExtensionPage('options.html#integrations'));

  const reader = await context.newPage();
  await reader.goto(`https://mangadex.org/chapter/${frieren12.id}`);
  const tab = await tabIdOf(serviceWorker, reader);
  await expect.poll(() => badgeOf(serviceWorker, tab)).toEqual({ text: '12', title: 'Kuroibara Sync\nChapter 12 of Sousou no Frieren.' });

  const popup = await openExtensionPage('popup.html');
  await reader.bringToFront();
  await popup.getByRole('button', { name: 'Mark chapter 12 as read' }).click();
  await expect(popup.getByRole('region', { name: 'Sousou no Frieren' }).getByRole('status')).toContainText('Chapter 12 saved', { timeout: 60_000 });
  await expect.poll(() => badgeOf(serviceWorker, tab)).toEqual({ text: '✓', title: 'Kuroibara Sync\nChapter 12 of Sousou no Frieren: recorded.' });
  await expect.poll(() => progressEverywhere(fake, frieren), { timeout: 30_000 }).toEqual([12, 12, 12]);
  expect((await badgeOf(serviceWorker)).text).toBe('');

  // MyAnimeList now refuses what it is sent. The next chapter read goes to AniList and Kitsu; MAL's change is kept.
  fake.faults.add(MAL_REFUSES);
  await reader.goto(`https://mangadex.org/chapter/${berserk1.id}`);
  await expect.poll(() => badgeOf(serviceWorker, tab)).toMatchObject({ text: '1' });
  await popup.getByRole('button', { name: 'Mark chapter 1 as read' }).click();
  await expect.poll(() => progressEverywhere(fake, berserk), { timeout: 30_000 }).toEqual([1, undefined, 1]);
  await expect.poll(() => badgeOf(serviceWorker, tab), { timeout: 30_000 }).toEqual({
    text: '!',
    title: 'Kuroibara Sync\nChapter 1 of Berserk: recorded.\nMyAnimeList did not accept the update of Berserk (Options → Activity).',
  });
  // Every tab shows it, with or without a detection, and so does a tab opened later.
  const other = await context.newPage();
  await other.goto('about:blank');
  expect(await badgeOf(serviceWorker, await tabIdOf(serviceWorker, other))).toEqual({
    text: '!', title: 'Kuroibara Sync\nMyAnimeList did not accept the update of Berserk (Options → Activity).',
  });
  const tabs = await serviceWorker.evaluate(() => chrome.tabs.query({}));
  for (const { id } of tabs) expect((await badgeOf(serviceWorker, id)).text).toBe('!');
  expect((await badgeOf(serviceWorker)).text).toBe('!');
  expect(fake.log.count({ host: 'api.myanimelist.net', method: 'PATCH' })).toBeGreaterThan(0);
});

test('the keyboard shortcut marks the chapter on the active tab as read', async ({ context, fake, extensionId, openExtensionPage, serviceWorker }) => {
  test.setTimeout(120_000);
  seedEmptyAccounts(fake, extensionId);
  await connectAllThroughOptions(await openExtensionPage('options.html#integrations'));
  expect(await serviceWorker.evaluate(() => chrome.commands.getAll())).toContainEqual(
    expect.objectContaining({ name: 'mark-chapter-read', shortcut: 'Alt+Shift+K' }),
  );

  const reader = await context.newPage();
  await reader.goto(`https://mangadex.org/chapter/${frieren12.id}`);
  const tab = await tabIdOf(serviceWorker, reader);
  await expect.poll(() => badgeOf(serviceWorker, tab)).toMatchObject({ text: '12' });
  // The page records the keys it is given, to tell a key the browser took for itself from one it passed on.
  await reader.evaluate(() => {
    const seen: string[] = [];
    Object.assign(window, { seenKeys: seen });
    addEventListener('keydown', (event) => seen.push(`${event.altKey ? 'Alt+' : ''}${event.shiftKey ? 'Shift+' : ''}${event.key}`), true);
  });
  const seenKeys = () => reader.evaluate(() => (window as unknown as { seenKeys: string[] }).seenKeys);
  fake.log.clear();

  // Any other Alt+Shift key is the page's, and marks nothing.
  await pressAltShift(reader, 'j');
  await expect.poll(seenKeys).toEqual(['Alt+Shift+J']);
  await reader.waitForTimeout(2_000);
  expect(writeCounts(fake)).toEqual({ anilist: 0, mal: 0, kitsu: 0 });

  // Alt+Shift+K is the extension's: the browser hands it to the command, not to the page.
  await pressAltShift(reader, 'k');
  await expect.poll(() => progressEverywhere(fake, frieren), { timeout: 30_000 }).toEqual([12, 12, 12]);
  expect(writeCounts(fake)).toEqual({ anilist: 1, mal: 1, kitsu: 1 });
  await expect.poll(() => badgeOf(serviceWorker, tab)).toMatchObject({ text: '✓' });
  expect(await seenKeys()).toEqual(['Alt+Shift+J']);
});

/**
 * Records in a closed profile that the user allowed the extension an optional API permission, the way Chromium
 * records an "Allow" in its permission prompt (headless Chromium cannot show the prompt to be clicked); the
 * extension's own `permissions.request` then resolves `true` without one.
 */
function grantApiPermissionInProfile(profile: string, extensionId: string, permission: string): void {
  const file = path.join(profile, 'Default', 'Preferences');
  const prefs = JSON.parse(readFileSync(file, 'utf8')) as { extensions: { settings: Record<string, Record<string, { api?: string[] }>> } };
  const settings = prefs.extensions.settings[extensionId];
  if (!settings) throw new Error(`the profile has no settings for extension ${extensionId}`);
  for (const key of ['active_permissions', 'granted_permissions']) {
    const permissions = (settings[key] ??= {});
    permissions.api = [...new Set([...(permissions.api ?? []), permission])];
  }
  writeFileSync(file, JSON.stringify(prefs));
}

test('opted-in notifications: one when an update fails for good, and the permission goes back when turned off', async ({ fake }, testInfo) => {
  test.setTimeout(150_000);
  const profile = testInfo.outputPath('notifications-profile');
  mkdirSync(path.join(profile, 'Default'), { recursive: true });
  writeFileSync(path.join(profile, 'Default', 'Preferences'), JSON.stringify({ extensions: { ui: { developer_mode: true } } }));
  let context = await launchBrowser(profile, fake);
  const first = await currentServiceWorker(context);
  const extensionId = new URL(first.url()).host;
  // Nothing is granted at install: the permission is optional.
  expect(await first.evaluate(() => chrome.permissions.contains({ permissions: ['notifications'] }))).toBe(false);
  await context.close();
  grantApiPermissionInProfile(profile, extensionId, 'notifications');

  context = await launchBrowser(profile, fake);
  try {
    const worker = await currentServiceWorker(context);
    const open = async (file: string) => {
      const page = await context.newPage();
      await page.goto(`chrome-extension://${extensionId}/${file}`);
      return page;
    };
    const allowed = () => worker.evaluate(() => chrome.permissions.contains({ permissions: ['notifications'] }));
    // The browser allows it now, but the setting stays off until the user turns it on.
    const settings = await open('options.html#settings');
    const optIn = settings.getByRole('checkbox', { name: 'Notify me when an update fails or a service needs reconnecting' });
    await expect(optIn).not.toBeChecked();
    await optIn.check();
    await expect(settings.getByText('Notifications are on.')).toBeVisible();
    expect(await allowed()).toBe(true);

    seedEmptyAccounts(fake, extensionId);
    await connectAllThroughOptions(await open('options.html#integrations'));
    fake.faults.add(MAL_REFUSES);
    const reader = await context.newPage();
    await reader.goto(`https://mangadex.org/chapter/${frieren12.id}`);
    const popup = await open('popup.html');
    await reader.bringToFront();
    await popup.getByRole('button', { name: 'Mark chapter 12 as read' }).click();
    await expect.poll(() => progressEverywhere(fake, frieren), { timeout: 30_000 }).toEqual([12, undefined, 12]);
    const notifications = () => worker.evaluate(async () => Object.keys(await chrome.notifications.getAll()));
    await expect.poll(notifications, { timeout: 30_000 }).toEqual([expect.stringMatching(/^kuroibara:activity:failed:mal:/)]);

    // Turned off: the setting and the browser's permission both go.
    await settings.bringToFront();
    await optIn.uncheck();
    await expect(settings.getByText('Notifications are off.')).toBeVisible();
    expect(await allowed()).toBe(false);
  } finally {
    await context.close();
  }
});
