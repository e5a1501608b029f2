/** The library and two-way sync through the real build: Library tab, Sync now, and the fakes' state. */
import { fakeFetch } from '../fakes/client';
import type { AniListFake } from '../fakes/anilist';
import { writeCounts } from '../fakes/writes';
import { expect, keepScreenshot, test } from './fixtures';
import { connectAllThroughOptions, seedOverlappingAccounts } from './pages/integrations';

type MalState = { users: { list: { mangaId: number; num_chapters_read: number }[] }[] };
type KitsuState = { entries: { mangaId: string; progress: number }[] };
type AniListState = { users: { list: { mediaId: number; progress: number }[] }[] };

test.describe('Library and sync', () => {
  test.setTimeout(180_000);

  test('overlapping lists become one series each; an AniList change reaches MAL and Kitsu; a second sync writes nothing', async ({ openExtensionPage, fake, extensionId }) => {
    seedOverlappingAccounts(fake, extensionId);
    const integrations = await connectAllThroughOptions(await openExtensionPage('options.html#integrations'));

    const page = integrations.page;
    await page.getByRole('tab', { name: 'Library' }).click();
    await page.getByRole('button', { name: 'Sync now' }).click();
    const library = page.getByRole('table', { name: 'Library' });
    for (const title of ['Berserk', 'Monster', 'Sousou no Frieren']) {
      await expect(library.getByRole('row').filter({ hasText: title })).toHaveCount(1, { timeout: 90_000 });
    }
    await keepScreenshot(page, 'options-library');

    // The user edits Frieren on AniList's own site.
    const anilist = fake.services.anilist as AniListFake;
    const token = anilist.issueToken('Ayaka');
    const edit = await fakeFetch(fake, 'https://graphql.anilist.co/', {
      method: 'POST',
      // From anilist.co's own pages, which send a Referer (AniList's gate refuses requests without one).
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, referer: 'https://anilist.co/' },
      body: JSON.stringify({ query: 'mutation { SaveMediaListEntry(mediaId: 118586, progress: 115, scoreRaw: 70) { id } }' }),
    });
    expect(edit.status).toBe(200);

    await page.getByRole('button', { name: 'Sync now' }).click();
    await expect
      .poll(() => {
        const mal = fake.services.mal!.state() as { users: { list: { mangaId: number; num_chapters_read: number; score: number }[] }[] };
        return mal.users[0]!.list.find((e) => e.mangaId === 126287);
      }, { timeout: 90_000 })
      .toMatchObject({ num_chapters_read: 115, score: 7 });
    await expect
      .poll(() => {
        const kitsu = fake.services.kitsu!.state() as { entries: { mangaId: string; progress: number; ratingTwenty: number }[] };
        return kitsu.entries.find((e) => e.mangaId === '44037');
      }, { timeout: 90_000 })
      .toMatchObject({ progress: 115, ratingTwenty: 14 });

    // Nothing changed since: the next sync reads but writes nothing.
    await expect(page.getByRole('button', { name: 'Sync now' })).toBeEnabled({ timeout: 90_000 });
    fake.log.clear();
    await page.getByRole('button', { name: 'Sync now' }).click();
    await expect.poll(() => fake.log.count({ host: 'kitsu.app' }), { timeout: 60_000 }).toBeGreaterThan(0);
    await expect(page.getByRole('button', { name: 'Sync now' })).toBeEnabled({ timeout: 90_000 });
    expect(writeCounts(fake)).toEqual({ anilist: 0, mal: 0, kitsu: 0 });
    // Every service agrees with the library now: each series is synced everywhere, with no conflict marked.
    const frieren = library.getByRole('row').filter({ hasText: 'Sousou no Frieren' });
    await expect(frieren).toContainText('AniList ✓');
    await expect(frieren).toContainText('MyAnimeList ✓');
    await expect(frieren).toContainText('Kitsu ✓');
    await expect(library.getByText(/conflict/i)).toHaveCount(0);

    await page.getByRole('tab', { name: 'Activity' }).click();
    await expect(page.getByRole('tabpanel')).toContainText(/AniList/);
    await keepScreenshot(page, 'options-activity');
  });

  test('a 429 burst on AniList and a 5xx run on MyAnimeList delay them, hold Kitsu back from nothing, and lose nothing', async ({ openExtensionPage, fake, extensionId }) => {
    seedOverlappingAccounts(fake, extensionId);
    const { page } = await connectAllThroughOptions(await openExtensionPage('options.html#integrations'));
    await page.getByRole('tab', { name: 'Library' }).click();
    await page.getByRole('button', { name: 'Sync now' }).click();
    const library = page.getByRole('table', { name: 'Library' });
    await expect(library.getByRole('row').filter({ hasText: 'Sousou no Frieren' })).toHaveCount(1, { timeout: 90_000 });
    await expect(page.getByRole('button', { name: 'Sync now' })).toBeEnabled({ timeout: 90_000 });

    fake.faults.add({ host: 'graphql.anilist.co', status: 429, headers: { 'retry-after': '15' }, times: 30 });
    fake.faults.add({ host: 'api.myanimelist.net', method: 'PATCH', status: 503, times: 6 });
    await library.getByRole('row').filter({ hasText: 'Sousou no Frieren' }).click();
    const editor = page.getByRole('region', { name: 'Edit Sousou no Frieren' });
    await editor.getByLabel(/Chapters read/).fill('111');
    await editor.getByRole('button', { name: 'Save changes' }).click();

    // Kitsu is not held back by the other two.
    await expect.poll(() => (fake.services.kitsu!.state() as KitsuState).entries.find((e) => e.mangaId === '44037')?.progress, { timeout: 60_000 }).toBe(111);
    await page.getByRole('tab', { name: 'Activity' }).click();
    const pending = page.getByRole('region', { name: 'Pending changes' });
    await expect(pending).toContainText('AniList');
    await expect(pending).toContainText('MyAnimeList');

    // Once the services recover (AniList's Retry-After has passed), Sync now delivers both, once.
    fake.faults.clear();
    await page.waitForTimeout(15_000);
    await page.getByRole('tab', { name: 'Library' }).click();
    await page.getByRole('button', { name: 'Sync now' }).click();
    await expect.poll(() => (fake.services.anilist!.state() as AniListState).users[0]!.list.find((e) => e.mediaId === 118586)?.progress, { timeout: 60_000 }).toBe(111);
    await expect.poll(() => (fake.services.mal!.state() as MalState).users[0]!.list.find((e) => e.mangaId === 126287)?.num_chapters_read, { timeout: 60_000 }).toBe(111);
    await page.getByRole('tab', { name: 'Activity' }).click();
    await expect(page.getByText('Nothing is waiting')).toBeVisible({ timeout: 30_000 });
  });
});
