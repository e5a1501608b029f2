/**
 * A self-hosted Komga server: added by origin in Sites, granted through the optional host permission, read by
 * the content script registered at run time, and still read after the browser restarts.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { BrowserContext } from '@playwright/test';
import { CATALOG } from '../fakes/catalog';
import { KOMGA_DEFAULT, KOMGA_ORIGIN } from '../fakes/komga';
import { currentServiceWorker, expect, grantInProfile, keepScreenshot, launchBrowser, test } from './fixtures';
import { connectAllThroughOptions, seedEmptyAccounts } from './pages/integrations';

const vagabond = CATALOG.find((m) => m.anilist === 30656)!;
const book1 = KOMGA_DEFAULT.series[0]!.books[0]!;
const book2 = KOMGA_DEFAULT.series[0]!.books[1]!;

type AniListState = { users: { list: { mediaId: number; progress: number }[] }[] };
type MalState = { users: { list: { mangaId: number; num_chapters_read: number }[] }[] };
type KitsuState = { entries: { mangaId: string; progress: number }[] };

test('a Komga server added in Sites is read after the permission grant, and after a browser restart', async ({ fake }, testInfo) => {
  test.setTimeout(180_000);
  fake.reset();
  const profile = testInfo.outputPath('profile');
  mkdirSync(path.join(profile, 'Default'), { recursive: true });
  writeFileSync(path.join(profile, 'Default', 'Preferences'), JSON.stringify({ extensions: { ui: { developer_mode: true } } }));

  let context: BrowserContext = await launchBrowser(profile, fake);
  const extensionId = new URL((await currentServiceWorker(context)).url()).host;
  const open = async (file: string) => {
    const page = await context.newPage();
    await page.goto(`chrome-extension://${extensionId}/${file}`);
    return page;
  };
  seedEmptyAccounts(fake, extensionId);
  await connectAllThroughOptions(await open('options.html#integrations'));

  // Before anything is added, the server's pages are not read at all.
  const before = await context.newPage();
  await before.goto(`${KOMGA_ORIGIN}/book/${book1.id}/read?page=1`);
  await expect(before.getByText(`1 / ${String(book1.pages)}`)).toBeVisible();
  await before.waitForTimeout(1500);
  expect(fake.log.count({ host: 'komga.home.test', pathPrefix: '/api/' })).toBe(0);
  await context.close();

  // The user allows access to exactly this origin when the options page asks.
  grantInProfile(profile, extensionId, `${KOMGA_ORIGIN}/*`);
  context = await launchBrowser(profile, fake);
  const sites = await open('options.html#sites');
  await sites.getByLabel('Server type').selectOption({ label: 'Komga' });
  await sites.getByLabel('Server address').fill(`${KOMGA_ORIGIN}/some/page?x=1`);
  await sites.getByRole('button', { name: 'Add server' }).click();
  await expect(sites.getByText(`${KOMGA_ORIGIN} added.`)).toBeVisible();
  await expect(sites.getByRole('button', { name: `Remove ${KOMGA_ORIGIN}` })).toBeVisible();
  // The picture shows the page from its top, where the answer sits when the page is not scrolled.
  await sites.evaluate(() => window.scrollTo(0, 0));
  await keepScreenshot(sites, 'options-sites');

  const reader = await context.newPage();
  await reader.goto(`${KOMGA_ORIGIN}/book/${book1.id}/read?page=1`);
  const popup = await open('popup.html');
  await reader.bringToFront();
  await expect(popup.getByRole('heading', { name: 'Vagabond' })).toBeVisible({ timeout: 20_000 });
  await expect(popup.getByText('Chapter 1', { exact: true })).toBeVisible();

  // Reading to the last page updates every list, matched through the links Komga keeps for the series.
  for (let page = 1; page < book1.pages; page++) await reader.getByRole('button', { name: 'Next page' }).click();
  await expect(reader.getByRole('status', { name: 'Kuroibara Sync' })).toContainText('Chapter 1 → AniList, MyAnimeList, Kitsu', { timeout: 30_000 });
  const progress = () => [
    (fake.services.anilist!.state() as AniListState).users[0]!.list.find((e) => e.mediaId === vagabond.anilist)?.progress,
    (fake.services.mal!.state() as MalState).users[0]!.list.find((e) => e.mangaId === vagabond.mal)?.num_chapters_read,
    (fake.services.kitsu!.state() as KitsuState).entries.find((e) => e.mangaId === vagabond.kitsu)?.progress,
  ];
  await expect.poll(progress, { timeout: 45_000 }).toEqual([1, 1, 1]);
  await context.close();

  // After a restart the registration is still there.
  context = await launchBrowser(profile, fake);
  // Registrations persist across sessions in an installed extension, but Chromium installs a --load-extension build
  // afresh at every launch, which drops them; the extension then registers its servers again on start-up from the
  // list it keeps. Wait for that before opening the server's page.
  const worker = await currentServiceWorker(context);
  await expect
    .poll(async () => (await worker.evaluate(() => chrome.scripting.getRegisteredContentScripts())).map((script) => script.id), { timeout: 10_000 })
    .toEqual([`server:${KOMGA_ORIGIN}`]);
  const again = await context.newPage();
  await again.goto(`${KOMGA_ORIGIN}/book/${book2.id}/read?page=1`);
  const popupAgain = await open('popup.html');
  await again.bringToFront();
  await expect(popupAgain.getByText('Chapter 2', { exact: true })).toBeVisible({ timeout: 20_000 });
  await context.close();
});
