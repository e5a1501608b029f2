/**
 * Durability: the service worker is stopped in the middle of sending 50 changes; after it restarts, every
 * change lands, once, with nothing lost and nothing duplicated.
 */
import { fakeFetch } from '../fakes/client';
import type { FakeInternet } from '../fakes';
import type { MalFake } from '../fakes/mal';
import { expect, test } from './fixtures';
import { IntegrationsPage } from './pages/integrations';

const COUNT = 50;
const ids = Array.from({ length: COUNT }, (_, i) => i);
const T = Math.floor(Date.now() / 1000) - 86_400;

function seed(fake: FakeInternet, extensionId: string) {
  const redirectUri = `https://${extensionId}.chromiumapp.org/`;
  fake.services.anilist!.seed({
    media: ids.map((i) => ({ id: 900_000 + i, idMal: 800_000 + i, title: { romaji: `Test Manga ${i}` }, chapters: 500 })),
    users: [{ id: 5001, name: 'Ayaka', scoreFormat: 'POINT_100', list: ids.map((i) => ({ mediaId: 900_000 + i, status: 'CURRENT', progress: 10, updatedAt: T })) }],
    clients: [{ id: '4242', redirectUri }],
    authorize: { user: 'Ayaka', action: 'approve' },
  });
  fake.services.mal!.seed({
    clients: [{ id: 'e2e-mal', redirectUri }],
    manga: ids.map((i) => ({ id: 800_000 + i, title: `Test Manga ${i}`, num_chapters: 500 })),
    users: [{ id: 6001, name: 'Hinata', list: ids.map((i) => ({ mangaId: 800_000 + i, status: 'reading', num_chapters_read: 10, updated_at: new Date(T * 1000).toISOString() })) }],
    authorize: { user: 'Hinata', action: 'approve' },
  });
}

type AniListState = { users: { list: { mediaId: number; progress: number }[] }[] };

test('stopping the service worker mid-flush of 50 changes loses none and duplicates none', async ({ openExtensionPage, fake, extensionId, stopServiceWorker }) => {
  test.setTimeout(240_000);
  seed(fake, extensionId);
  const options = new IntegrationsPage(await openExtensionPage('options.html#integrations'));
  await options.setClientId('AniList', '4242');
  await options.connect('AniList');
  await options.expectConnected('AniList', 'Ayaka');
  await options.setClientId('MyAnimeList', 'e2e-mal');
  await options.connect('MyAnimeList');
  await options.expectConnected('MyAnimeList', 'Hinata');
  const page = options.page;
  await page.getByRole('tab', { name: 'Library' }).click();
  await page.getByRole('button', { name: 'Sync now' }).click();
  await expect(page.getByText(`${COUNT} series`)).toBeVisible({ timeout: 120_000 });
  await expect(page.getByRole('button', { name: 'Sync now' })).toBeEnabled({ timeout: 120_000 });

  // 50 chapters read on MyAnimeList's own site.
  const tokens = (fake.services.mal as MalFake).issueTokens('Hinata', 'e2e-mal');
  for (const i of ids) {
    const res = await fakeFetch(fake, `https://api.myanimelist.net/v2/manga/${800_000 + i}/my_list_status`, {
      method: 'PATCH',
      headers: { authorization: `Bearer ${tokens.access_token}`, 'content-type': 'application/x-www-form-urlencoded' },
      body: `num_chapters_read=${11 + i}`,
    });
    expect(res.status).toBe(200);
  }

  // Slow AniList's writes down so the worker can be stopped between batches.
  fake.faults.add({ host: 'graphql.anilist.co', method: 'POST', delayMs: 700, times: 20 });
  fake.log.clear();
  await page.getByRole('button', { name: 'Sync now' }).click();
  await expect.poll(() => fake.log.entries({ host: 'graphql.anilist.co' }).filter((e) => e.body.includes('SaveMediaListEntry')).length, { timeout: 60_000 }).toBeGreaterThanOrEqual(1);
  await stopServiceWorker();
  const progressOnAniList = () => (fake.services.anilist!.state() as AniListState).users[0]!.list.filter((e) => e.progress > 10).length;
  const landedBeforeRestart = progressOnAniList();
  expect(landedBeforeRestart).toBeLessThan(COUNT);

  // A new worker picks the queue up (the next Sync now, or the retry alarm).
  await page.reload();
  await page.getByRole('tab', { name: 'Library' }).click();
  await page.getByRole('button', { name: 'Sync now' }).click();
  await expect.poll(progressOnAniList, { timeout: 120_000 }).toBe(COUNT);

  const list = (fake.services.anilist!.state() as AniListState).users[0]!.list;
  expect(list).toHaveLength(COUNT);
  expect(new Set(list.map((e) => e.mediaId)).size).toBe(COUNT);
  for (const i of ids) expect(list.find((e) => e.mediaId === 900_000 + i)?.progress).toBe(11 + i);
  // Activity shows the outbox as it was when opened; Refresh until what is left has been settled (a queued
  // intent the service already holds is completed without a request).
  await page.getByRole('tab', { name: 'Activity' }).click();
  await expect(async () => {
    await page.getByRole('button', { name: 'Refresh' }).click();
    await expect(page.getByText('Nothing is waiting')).toBeVisible({ timeout: 2_000 });
  }).toPass({ timeout: 60_000 });
});
