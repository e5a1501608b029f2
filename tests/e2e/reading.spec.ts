/** Reading on a MangaDex page updates every list: the popup's "Mark chapter N as read", end to end. */
import { CATALOG } from '../fakes/catalog';
import { writeCounts } from '../fakes/writes';
import { expect, keepScreenshot, test } from './fixtures';
import { connectAllThroughOptions } from './pages/integrations';

const frieren = CATALOG.find((m) => m.anilist === 118586)!;
const chapter12 = frieren.mangadexChapters.find((c) => c.chapter === '12')!;

test('"Mark chapter 12 as read" in the popup writes the chapter to AniList, MyAnimeList and Kitsu', async ({ context, fake, extensionId, openExtensionPage }) => {
  test.setTimeout(120_000);
  const redirectUri = `https://${extensionId}.chromiumapp.org/`;
  fake.services.anilist!.seed({ users: [{ id: 5001, name: 'Ayaka' }], clients: [{ id: '4242', redirectUri }], authorize: { user: 'Ayaka', action: 'approve' } });
  fake.services.mal!.seed({ clients: [{ id: 'e2e-mal', redirectUri }], users: [{ id: 6001, name: 'Hinata' }], authorize: { user: 'Hinata', action: 'approve' } });
  fake.services.kitsu!.seed({ users: [{ id: '7001', name: 'Mikan', email: 'mikan@example.test', password: 'pw-mikan' }] });
  const options = await openExtensionPage('options.html#integrations');
  await connectAllThroughOptions(options);

  const reader = await context.newPage();
  await reader.goto(`https://mangadex.org/chapter/${chapter12.id}`);
  const popup = await openExtensionPage('popup.html');
  await expect(popup.getByText(/No chapter detected here/)).toBeVisible();
  await reader.bringToFront();
  await expect(popup.getByText('Chapter 12', { exact: true })).toBeVisible();
  fake.log.clear();
  await popup.getByRole('button', { name: 'Mark chapter 12 as read' }).click();
  await expect(popup.getByRole('region', { name: 'Sousou no Frieren' }).getByRole('status')).toContainText('Chapter 12 saved', { timeout: 60_000 });
  await keepScreenshot(popup, 'popup-marked-read');

  const anilist = fake.services.anilist!.state() as { users: { list: { mediaId: number; progress: number; status: string }[] }[] };
  expect(anilist.users[0]!.list.find((e) => e.mediaId === frieren.anilist)).toMatchObject({ progress: 12, status: 'CURRENT' });
  const mal = fake.services.mal!.state() as { users: { list: { mangaId: number; num_chapters_read: number; status: string }[] }[] };
  expect(mal.users[0]!.list.find((e) => e.mangaId === frieren.mal)).toMatchObject({ num_chapters_read: 12, status: 'reading' });
  const kitsu = fake.services.kitsu!.state() as { entries: { mangaId: string; progress: number; status: string }[] };
  expect(kitsu.entries.find((e) => e.mangaId === frieren.kitsu)).toMatchObject({ progress: 12, status: 'current' });
  expect(writeCounts(fake)).toEqual({ anilist: 1, mal: 1, kitsu: 1 });

  // Marking the same chapter again changes nothing anywhere.
  fake.log.clear();
  await popup.getByRole('button', { name: 'Mark chapter 12 as read' }).click();
  await expect(popup.getByRole('region', { name: 'Sousou no Frieren' }).getByRole('status')).toContainText('not past chapter 12');
  expect(writeCounts(fake)).toEqual({ anilist: 0, mal: 0, kitsu: 0 });
});

test('reading a chapter to its last page updates all three services by itself', async ({ context, fake, extensionId, openExtensionPage }) => {
  test.setTimeout(120_000);
  const berserk = CATALOG.find((m) => m.anilist === 30002)!;
  const chapter1 = berserk.mangadexChapters.find((c) => c.chapter === '1')!;
  const redirectUri = `https://${extensionId}.chromiumapp.org/`;
  fake.services.anilist!.seed({ users: [{ id: 5001, name: 'Ayaka' }], clients: [{ id: '4242', redirectUri }], authorize: { user: 'Ayaka', action: 'approve' } });
  fake.services.mal!.seed({ clients: [{ id: 'e2e-mal', redirectUri }], users: [{ id: 6001, name: 'Hinata' }], authorize: { user: 'Hinata', action: 'approve' } });
  fake.services.kitsu!.seed({ users: [{ id: '7001', name: 'Mikan', email: 'mikan@example.test', password: 'pw-mikan' }] });
  await connectAllThroughOptions(await openExtensionPage('options.html#integrations'));

  const reader = await context.newPage();
  await reader.goto(`https://mangadex.org/chapter/${chapter1.id}`);
  await expect(reader.locator('a.reader--header-manga')).toHaveText('Berserk');
  fake.log.clear();
  for (let page = 1; page < chapter1.pages; page++) await reader.keyboard.press('ArrowRight');
  await expect(reader.locator('.md--reader-progress .page-number').first()).toHaveText(String(chapter1.pages));
  // Counted as read once at least 10 s were spent on the chapter.
  await expect
    .poll(() => (fake.services.anilist!.state() as { users: { list: { mediaId: number; progress: number }[] }[] }).users[0]!.list.find((e) => e.mediaId === berserk.anilist)?.progress, { timeout: 45_000 })
    .toBe(1);
  await expect
    .poll(() => (fake.services.mal!.state() as { users: { list: { mangaId: number; num_chapters_read: number }[] }[] }).users[0]!.list.find((e) => e.mangaId === berserk.mal)?.num_chapters_read, { timeout: 30_000 })
    .toBe(1);
  await expect
    .poll(() => (fake.services.kitsu!.state() as { entries: { mangaId: string; progress: number }[] }).entries.find((e) => e.mangaId === berserk.kitsu)?.progress, { timeout: 30_000 })
    .toBe(1);
  expect(writeCounts(fake)).toEqual({ anilist: 1, mal: 1, kitsu: 1 });
});
