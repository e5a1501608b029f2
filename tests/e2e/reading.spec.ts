/** Reading on a MangaDex page updates every list: the popup's "Mark chapter N as read", end to end. */
import { CATALOG } from '../fakes/catalog';
import { HOSTILE_CHAPTER_ID } from '../fakes/mangadex-pages';
import { writeCounts } from '../fakes/writes';
import { expect, keepScreenshot, test } from './fixtures';
import { connectAllThroughOptions, seedEmptyAccounts } from './pages/integrations';

const frieren = CATALOG.find((m) => m.anilist === 118586)!;
const chapter12 = frieren.mangadexChapters.find((c) => c.chapter === '12')!;

test('"Mark chapter 12 as read" in the popup writes the chapter to AniList, MyAnimeList and Kitsu', async ({ context, fake, extensionId, openExtensionPage }) => {
  test.setTimeout(120_000);
  seedEmptyAccounts(fake, extensionId);
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
  seedEmptyAccounts(fake, extensionId);
  await connectAllThroughOptions(await openExtensionPage('options.html#integrations'));

  const reader = await context.newPage();
  await reader.goto(`https://mangadex.org/chapter/${chapter1.id}`);
  await expect(reader.locator('a.reader--header-manga')).toHaveText('Berserk');
  fake.log.clear();
  for (let page = 1; page < chapter1.pages; page++) await reader.keyboard.press('ArrowRight');
  await expect(reader.locator('.md--reader-progress .page-number').first()).toHaveText(String(chapter1.pages));
  // Counted as read once at least 10 s were spent on the chapter; the notice says what is about to happen.
  const notice = reader.getByRole('status', { name: 'Kuroibara Sync' });
  await expect(notice).toContainText('Chapter 1 → AniList, MyAnimeList, Kitsu', { timeout: 30_000 });
  await expect(notice).toContainText(/Updating in \d s/);
  await keepScreenshot(reader, 'notice-countdown');
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
  await expect(notice).toContainText('Updated: Chapter 1', { timeout: 30_000 });
});

type AniListState = { users: { list: { mediaId: number; progress: number }[] }[] };
type MalState = { users: { list: { mangaId: number; num_chapters_read: number }[] }[] };
type KitsuState = { entries: { mangaId: string; progress: number }[] };

test('Undo in the notice puts every service back to the chapter before', async ({ context, fake, extensionId, openExtensionPage }) => {
  test.setTimeout(150_000);
  const berserk = CATALOG.find((m) => m.anilist === 30002)!;
  const [chapter1, chapter2] = [berserk.mangadexChapters[0]!, berserk.mangadexChapters[1]!];
  seedEmptyAccounts(fake, extensionId);
  await connectAllThroughOptions(await openExtensionPage('options.html#integrations'));
  const progressEverywhere = () => [
    (fake.services.anilist!.state() as AniListState).users[0]!.list.find((e) => e.mediaId === berserk.anilist)?.progress,
    (fake.services.mal!.state() as MalState).users[0]!.list.find((e) => e.mangaId === berserk.mal)?.num_chapters_read,
    (fake.services.kitsu!.state() as KitsuState).entries.find((e) => e.mangaId === berserk.kitsu)?.progress,
  ];

  // Chapter 1 is on every list already.
  const reader = await context.newPage();
  await reader.goto(`https://mangadex.org/chapter/${chapter1.id}`);
  const popup = await openExtensionPage('popup.html');
  // The popup is up (on its own tab) before the reader comes to the front: it follows the tab that is.
  await expect(popup.getByText(/No chapter detected here/)).toBeVisible();
  await reader.bringToFront();
  await popup.getByRole('button', { name: 'Mark chapter 1 as read' }).click();
  await expect.poll(progressEverywhere, { timeout: 30_000 }).toEqual([1, 1, 1]);

  // Chapter 2, read to its last page: the update goes out after the countdown…
  await reader.goto(`https://mangadex.org/chapter/${chapter2.id}`);
  await expect(reader.locator('.reader--meta.chapter')).toHaveText('Vol. 1 Ch. 2');
  for (let page = 1; page < chapter2.pages; page++) await reader.keyboard.press('ArrowRight');
  const notice = reader.getByRole('status', { name: 'Kuroibara Sync' });
  await expect(notice).toContainText('Chapter 2 → AniList, MyAnimeList, Kitsu', { timeout: 30_000 });
  await expect.poll(progressEverywhere, { timeout: 30_000 }).toEqual([2, 2, 2]);
  await expect(notice).toContainText('Updated: Chapter 2', { timeout: 30_000 });
  await keepScreenshot(reader, 'notice-updated');

  // …and Undo takes it back on all three.
  await notice.getByRole('button', { name: 'Undo' }).click();
  await expect(notice).toContainText('Undone: Berserk is back as it was.', { timeout: 30_000 });
  await expect.poll(progressEverywhere, { timeout: 30_000 }).toEqual([1, 1, 1]);
});

test('a hostile page (made-up chapter, absurd numbers, injected markup, forged messages and clicks) updates nothing', async ({ context, fake, extensionId, openExtensionPage }) => {
  test.setTimeout(120_000);
  seedEmptyAccounts(fake, extensionId);
  await connectAllThroughOptions(await openExtensionPage('options.html#integrations'));
  fake.log.clear();

  const reader = await context.newPage();
  await reader.goto(`https://mangadex.org/chapter/${HOSTILE_CHAPTER_ID}`);
  const popup = await openExtensionPage('popup.html');
  await reader.bringToFront();
  // Longer than the 10 s a chapter needs before it counts, while the page keeps lying and clicking.
  await reader.waitForTimeout(14_000);
  await expect(popup.getByText(/No chapter detected here/)).toBeVisible();
  await expect(reader.getByRole('status', { name: 'Kuroibara Sync' })).toHaveCount(0);
  expect(writeCounts(fake)).toEqual({ anilist: 0, mal: 0, kitsu: 0 });
  // MangaDex was asked about the chapter, and said there is none.
  expect(fake.log.count({ service: 'mangadex' })).toBeGreaterThan(0);
});

test('a page without tracker ids is matched by title, and the popup can correct the match', async ({ context, fake, extensionId, openExtensionPage }) => {
  test.setTimeout(120_000);
  const spice = CATALOG.find((m) => m.anilist === 39116)!;
  const sideStory = CATALOG.find((m) => m.anilist === 100997)!;
  seedEmptyAccounts(fake, extensionId);
  await connectAllThroughOptions(await openExtensionPage('options.html#integrations'));

  const reader = await context.newPage();
  await reader.goto(`https://mangadex.org/chapter/${spice.mangadexChapters[0]!.id}`);
  const popup = await openExtensionPage('popup.html');
  await reader.bringToFront();
  const card = popup.getByRole('region', { name: 'Ookami to Koushinryou' });
  // MangaDex offers no tracker links for it: AniList's search finds the manga, not its novel or side story.
  await expect(card).toContainText('Ookami to Koushinryou — matched by title', { timeout: 20_000 });
  await card.getByRole('button', { name: 'Mark chapter 1 as read' }).click();
  await expect(card.getByRole('status')).toContainText('Chapter 1 saved', { timeout: 60_000 });
  await expect(card.getByRole('list', { name: 'On your services' }).getByRole('link', { name: 'AniList' })).toHaveAttribute('href', `https://anilist.co/manga/${String(spice.anilist)}`);
  expect((fake.services.anilist!.state() as AniListState).users[0]!.list.map((e) => e.mediaId)).toEqual([spice.anilist]);

  // "Not this series?" offers the candidates again; the user's pick is what the page means from now on.
  await card.getByRole('button', { name: 'Not this series?' }).click();
  const candidates = card.getByRole('group', { name: 'Which series is this?' });
  await expect(candidates.getByRole('button', { name: 'This is Ookami to Koushinryou Gaiden' })).toBeVisible();
  await keepScreenshot(popup, 'popup-candidates');
  await candidates.getByRole('button', { name: 'This is Ookami to Koushinryou Gaiden' }).click();
  await expect(card).toContainText('Ookami to Koushinryou Gaiden — your choice');
  await card.getByRole('button', { name: 'Mark chapter 1 as read' }).click();
  await expect
    .poll(() => (fake.services.anilist!.state() as AniListState).users[0]!.list.map((e) => e.mediaId).sort(), { timeout: 30_000 })
    .toEqual([spice.anilist, sideStory.anilist].sort());
});
