/**
 * The sync core's promise on the real build (issue #12): another device ahead of the browser, a service that
 * adjusts what it is sent, a change a service refuses, and a worker the browser stops again and again during a
 * long sync with no page open. Everything is checked in the fakes' state and request log.
 */
import type { FakeInternet } from '../fakes';
import { CATALOG } from '../fakes/catalog';
import { fakeFetch } from '../fakes/client';
import type { AniListFake } from '../fakes/anilist';
import type { LogEntry } from '../fakes/log';
import { writeCounts } from '../fakes/writes';
import { expect, keepScreenshot, test } from './fixtures';
import { connectAllThroughOptions, IntegrationsPage, seedEmptyAccounts } from './pages/integrations';

type AniListState = { users: { list: { mediaId: number; progress: number; status: string }[] }[] };
type MalState = { users: { list: { mangaId: number; num_chapters_read: number; status: string }[] }[] };
type KitsuState = { entries: { mangaId: string; progress: number; status: string }[] };

const onAniList = (fake: FakeInternet, mediaId: number) => (fake.services.anilist!.state() as AniListState).users[0]!.list.find((e) => e.mediaId === mediaId);
const onMal = (fake: FakeInternet, mangaId: number) => (fake.services.mal!.state() as MalState).users[0]!.list.find((e) => e.mangaId === mangaId);
const onKitsu = (fake: FakeInternet, mangaId: string) => (fake.services.kitsu!.state() as KitsuState).entries.find((e) => e.mangaId === mangaId);
const writesIn = (entries: LogEntry[]) => entries.filter((e) => e.method !== 'GET' && !e.path.includes('/oauth/') && !(e.host === 'graphql.anilist.co' && !e.body.includes('mutation')));

const frieren = CATALOG.find((m) => m.anilist === 118586)!;
const chapter12 = frieren.mangadexChapters.find((c) => c.chapter === '12')!;

async function syncNow(page: import('@playwright/test').Page): Promise<void> {
  await page.getByRole('tab', { name: 'Library' }).click();
  await expect(page.getByRole('button', { name: 'Sync now' })).toBeEnabled({ timeout: 90_000 });
  await page.getByRole('button', { name: 'Sync now' }).click();
  await expect(page.getByRole('button', { name: 'Sync now' })).toBeEnabled({ timeout: 90_000 });
}

test('the phone is ahead: a chapter read on the page lowers nothing anywhere', async ({ context, fake, extensionId, openExtensionPage }) => {
  test.setTimeout(150_000);
  seedEmptyAccounts(fake, extensionId);
  fake.services.anilist!.seed({
    users: [{ id: 5001, name: 'Ayaka', list: [{ mediaId: frieren.anilist, status: 'CURRENT', progress: 10 }] }],
    clients: [{ id: '4242', redirectUri: `https://${extensionId}.chromiumapp.org/` }],
    authorize: { user: 'Ayaka', action: 'approve' },
  });
  const options = await openExtensionPage('options.html#integrations');
  await connectAllThroughOptions(options);
  await syncNow(options);
  expect([onMal(fake, frieren.mal)?.num_chapters_read, onKitsu(fake, frieren.kitsu)?.progress]).toEqual([10, 10]);

  // On the phone, AniList moves on to chapter 20; the browser has not heard of it when chapter 12 is read.
  const token = (fake.services.anilist as AniListFake).issueToken('Ayaka');
  const edit = await fakeFetch(fake, 'https://graphql.anilist.co/', {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, referer: 'https://anilist.co/' },
    body: JSON.stringify({ query: `mutation { SaveMediaListEntry(mediaId: ${frieren.anilist}, progress: 20) { id } }` }),
  });
  expect(edit.status).toBe(200);
  fake.log.clear();
  const reader = await context.newPage();
  await reader.goto(`https://mangadex.org/chapter/${chapter12.id}`);
  const popup = await openExtensionPage('popup.html');
  await reader.bringToFront();
  await popup.getByRole('button', { name: 'Mark chapter 12 as read' }).click();
  await expect(popup.getByRole('region', { name: 'Sousou no Frieren' }).getByRole('status')).toBeVisible({ timeout: 60_000 });
  await expect.poll(() => onAniList(fake, frieren.anilist)?.progress, { timeout: 30_000 }).toBe(20);

  await syncNow(options);
  await expect.poll(() => [onAniList(fake, frieren.anilist)?.progress, onMal(fake, frieren.mal)?.num_chapters_read, onKitsu(fake, frieren.kitsu)?.progress], { timeout: 60_000 }).toEqual([20, 20, 20]);
  // AniList was read before it was written, and never told 12.
  const toAniList = writesIn(fake.log.entries({ host: 'graphql.anilist.co' }));
  expect(toAniList.filter((e) => /progress["\\]*:\s*12\b/.test(e.body))).toEqual([]);
});

test("Kitsu's chapter count at completion is adopted: the second sync makes zero writes", async ({ fake, extensionId, openExtensionPage }) => {
  test.setTimeout(150_000);
  seedEmptyAccounts(fake, extensionId);
  const redirectUri = `https://${extensionId}.chromiumapp.org/`;
  // AniList and MyAnimeList count 300 chapters; Kitsu counts 327 and fills progress to its count on completion.
  fake.services.anilist!.seed({
    media: [{ id: 900_100, idMal: 900_100, title: { romaji: 'Counted Differently' }, chapters: 300, status: 'FINISHED' }],
    users: [{ id: 5001, name: 'Ayaka', list: [{ mediaId: 900_100, status: 'COMPLETED', progress: 300 }] }],
    clients: [{ id: '4242', redirectUri }],
    authorize: { user: 'Ayaka', action: 'approve' },
  });
  fake.services.mal!.seed({ clients: [{ id: 'e2e-mal', redirectUri }], users: [{ id: 6001, name: 'Hinata' }], manga: [{ id: 900_100, title: 'Counted Differently', num_chapters: 300 }], authorize: { user: 'Hinata', action: 'approve' } });
  fake.services.kitsu!.seed({
    users: [{ id: '7001', name: 'Mikan', email: 'mikan@example.test', password: 'pw-mikan' }],
    manga: [{ id: '900100', slug: 'counted-differently', canonicalTitle: 'Counted Differently', chapterCount: 327, mappings: { anilist: 900_100, myanimelist: 900_100 } }],
  });
  const options = await openExtensionPage('options.html#integrations');
  await connectAllThroughOptions(options);
  await syncNow(options);
  await expect.poll(() => onKitsu(fake, '900100'), { timeout: 60_000 }).toMatchObject({ status: 'completed', progress: 327 });
  fake.log.clear();
  await syncNow(options);
  await syncNow(options);
  expect(writeCounts(fake)).toEqual({ anilist: 0, mal: 0, kitsu: 0 });
  expect([onAniList(fake, 900_100)?.progress, onMal(fake, 900_100)?.num_chapters_read]).toEqual([300, 300]);
});

test('a change Kitsu refuses waits in Activity with its reason; Retry sends it again, Discard takes Kitsu’s value', async ({ fake, extensionId, openExtensionPage }) => {
  test.setTimeout(150_000);
  seedEmptyAccounts(fake, extensionId);
  const redirectUri = `https://${extensionId}.chromiumapp.org/`;
  fake.services.anilist!.seed({
    users: [{ id: 5001, name: 'Ayaka', list: [{ mediaId: frieren.anilist, status: 'CURRENT', progress: 110 }] }],
    clients: [{ id: '4242', redirectUri }],
    authorize: { user: 'Ayaka', action: 'approve' },
  });
  const options = await openExtensionPage('options.html#integrations');
  await connectAllThroughOptions(options);
  await syncNow(options);
  await expect.poll(() => onKitsu(fake, frieren.kitsu)?.progress, { timeout: 60_000 }).toBe(110);

  // Kitsu refuses the next progress outright (its own 422), whatever the extension expects of it.
  const refusal = JSON.stringify({ errors: [{ title: 'cannot exceed length of media', detail: 'progress - cannot exceed length of media', code: '100', status: '422', source: { pointer: '/data/attributes/progress' } }] });
  fake.faults.add({ host: 'kitsu.app', method: 'PATCH', status: 422, headers: { 'content-type': 'application/vnd.api+json' }, body: refusal, times: 2 });
  const page = options;
  await page.getByRole('tab', { name: 'Library' }).click();
  await page.getByRole('table', { name: 'Library' }).getByRole('row').filter({ hasText: 'Sousou no Frieren' }).click();
  const editor = page.getByRole('region', { name: 'Edit Sousou no Frieren' });
  await editor.getByLabel(/Chapters read/).fill('111');
  await editor.getByRole('button', { name: 'Save changes' }).click();
  await expect.poll(() => onAniList(fake, frieren.anilist)?.progress, { timeout: 30_000 }).toBe(111);

  await page.getByRole('tab', { name: 'Activity' }).click();
  const pending = page.getByRole('region', { name: 'Pending changes' });
  await expect(pending).toContainText('Kitsu refused', { timeout: 30_000 });
  await expect(pending).toContainText('cannot exceed length of media');
  await keepScreenshot(page, 'activity-refused');
  // Syncing again does not send it again.
  fake.log.clear();
  await syncNow(page);
  expect(writesIn(fake.log.entries({ host: 'kitsu.app' }))).toEqual([]);

  // Retry: refused again (the second injected 422), and still waiting.
  await page.getByRole('tab', { name: 'Activity' }).click();
  await pending.getByRole('button', { name: 'Retry: Sousou no Frieren on Kitsu' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Kitsu refused it again' })).toBeVisible({ timeout: 30_000 });
  // Discard: the library takes Kitsu's 110, and the others follow it.
  await pending.getByRole('button', { name: 'Discard: Sousou no Frieren on Kitsu' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Discarded' })).toBeVisible({ timeout: 30_000 });
  await expect(pending).toContainText('Nothing is waiting', { timeout: 30_000 });
  await expect.poll(() => [onAniList(fake, frieren.anilist)?.progress, onMal(fake, frieren.mal)?.num_chapters_read], { timeout: 30_000 }).toEqual([110, 110]);
});

const COUNT = 100;
const ids = Array.from({ length: COUNT }, (_, i) => i);

test('the worker stopped again and again during a 100-write sync, no page open: everything arrives within 2 minutes, once', async ({ context, fake, extensionId, openExtensionPage, stopServiceWorker }) => {
  test.setTimeout(240_000);
  const redirectUri = `https://${extensionId}.chromiumapp.org/`;
  const T = Math.floor(Date.now() / 1000) - 86_400;
  // 80 manga further along on MyAnimeList (80 updates on AniList, in batches), 15 further along on AniList (15 updates
  // on MyAnimeList) and 5 on AniList only (created on MyAnimeList): 100 writes.
  const aheadOnMal = (i: number) => i < 80;
  fake.services.anilist!.seed({
    media: ids.map((i) => ({ id: 900_000 + i, idMal: 800_000 + i, title: { romaji: `Test Manga ${i}` }, chapters: 500 })),
    users: [{ id: 5001, name: 'Ayaka', scoreFormat: 'POINT_100', list: ids.map((i) => ({ mediaId: 900_000 + i, status: 'CURRENT', progress: aheadOnMal(i) ? 10 : 40, updatedAt: T })) }],
    clients: [{ id: '4242', redirectUri }],
    authorize: { user: 'Ayaka', action: 'approve' },
  });
  fake.services.mal!.seed({
    clients: [{ id: 'e2e-mal', redirectUri }],
    manga: ids.map((i) => ({ id: 800_000 + i, title: `Test Manga ${i}`, num_chapters: 500 })),
    users: [{
      id: 6001, name: 'Hinata',
      list: ids.filter((i) => i < 80 || i >= 85).map((i) => ({ mangaId: 800_000 + i, status: 'reading', num_chapters_read: aheadOnMal(i) ? 40 : 10, updated_at: new Date(T * 1000).toISOString() })),
    }],
    authorize: { user: 'Hinata', action: 'approve' },
  });
  const options = new IntegrationsPage(await openExtensionPage('options.html#integrations'));
  await options.setClientId('AniList', '4242');
  await options.connect('AniList');
  await options.expectConnected('AniList', 'Ayaka');
  await options.setClientId('MyAnimeList', 'e2e-mal');
  await options.connect('MyAnimeList');
  await options.expectConnected('MyAnimeList', 'Hinata');

  // Slow every write down so the worker is stopped mid-sync more than once.
  fake.faults.add({ host: 'graphql.anilist.co', method: 'POST', delayMs: 2000, times: 30 });
  fake.faults.add({ host: 'api.myanimelist.net', method: 'PATCH', delayMs: 500, times: 100 });
  fake.log.clear();
  const started = Date.now();
  await options.page.getByRole('tab', { name: 'Library' }).click();
  await options.page.getByRole('button', { name: 'Sync now' }).click();
  await expect.poll(() => writesIn(fake.log.entries()).length, { timeout: 60_000 }).toBeGreaterThanOrEqual(1);
  // No page of the extension stays open: only the alarms can bring the work back.
  for (const page of context.pages()) if (page.url().startsWith('chrome-extension://')) await page.close();
  const aniListAt40 = () => (fake.services.anilist!.state() as AniListState).users[0]!.list.filter((e) => e.progress === 40).length;
  const malAt40 = () => (fake.services.mal!.state() as MalState).users[0]!.list.filter((e) => e.num_chapters_read === 40).length;
  for (let stop = 0; stop < 3; stop++) {
    await stopServiceWorker();
    expect(aniListAt40() + malAt40()).toBeLessThan(2 * COUNT);
    // Let the resume alarm bring it back and make some progress before the next stop.
    const before = writesIn(fake.log.entries()).length;
    await expect.poll(() => writesIn(fake.log.entries()).length, { timeout: 60_000 }).toBeGreaterThan(before);
  }
  await expect.poll(() => [aniListAt40(), malAt40()], { timeout: Math.max(1, 120_000 - (Date.now() - started)) }).toEqual([COUNT, COUNT]);
  test.info().annotations.push({ type: 'all arrived after (ms)', description: String(Date.now() - started) });
  // Each list still has each manga once, at the agreed chapter.
  const anilist = (fake.services.anilist!.state() as AniListState).users[0]!.list;
  const mal = (fake.services.mal!.state() as MalState).users[0]!.list;
  expect([anilist.length, new Set(anilist.map((e) => e.mediaId)).size, mal.length, new Set(mal.map((e) => e.mangaId)).size]).toEqual([COUNT, COUNT, COUNT, COUNT]);
});
