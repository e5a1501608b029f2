/**
 * AniList's Referer gate (issue #11, API-FACTS §A): graphql.anilist.co refuses every request without a Referer, and
 * the AniList fake enforces it in every E2E test. Here the whole AniList path of the real build — connect, sync, a
 * chapter read — is checked request by request: the Referer on every AniList API request, on no other.
 */
import { CATALOG } from '../fakes/catalog';
import type { LogEntry } from '../fakes/log';
import { writeCounts } from '../fakes/writes';
import { expect, test } from './fixtures';
import { connectAllThroughOptions, seedEmptyAccounts } from './pages/integrations';

const ANILIST_REFERER = 'https://anilist.co/';
const frieren = CATALOG.find((m) => m.anilist === 118586)!;
const chapter12 = frieren.mangadexChapters.find((c) => c.chapter === '12')!;

test('connect, sync and a chapter read all reach AniList; the Referer is on every AniList request and on no other', async ({ context, fake, extensionId, openExtensionPage }) => {
  test.setTimeout(150_000);
  seedEmptyAccounts(fake, extensionId);
  const options = await openExtensionPage('options.html#integrations');
  await connectAllThroughOptions(options);

  await options.getByRole('tab', { name: 'Library' }).click();
  await options.getByRole('button', { name: 'Sync now' }).click();
  await expect(options.getByText(/AniList: already in step|AniList: \d+ changes? in/)).toBeVisible({ timeout: 60_000 });

  const reader = await context.newPage();
  await reader.goto(`https://mangadex.org/chapter/${chapter12.id}`);
  const popup = await openExtensionPage('popup.html');
  await reader.bringToFront();
  await expect(popup.getByText('Chapter 12', { exact: true })).toBeVisible();
  await popup.getByRole('button', { name: 'Mark chapter 12 as read' }).click();
  await expect(popup.getByRole('region', { name: 'Sousou no Frieren' }).getByRole('status')).toContainText('Chapter 12 saved', { timeout: 60_000 });
  const anilist = fake.services.anilist!.state() as { users: { list: { mediaId: number; progress: number }[] }[] };
  expect(anilist.users[0]!.list.find((e) => e.mediaId === frieren.anilist)).toMatchObject({ progress: 12 });
  expect(writeCounts(fake).anilist).toBe(1);

  const log = fake.log.entries();
  const api = log.filter((e) => e.host === 'graphql.anilist.co');
  // Connect (the viewer), the sync (the list) and the read (the save) each asked AniList's API…
  for (const operation of ['Viewer', 'MediaListCollection', 'SaveMediaListEntry']) {
    expect(api.filter((e) => e.method === 'POST' && e.body.includes(operation)), operation).not.toHaveLength(0);
  }
  // …every one with the Referer, and none was refused.
  for (const entry of api) {
    expect.soft(entry.headers.referer, `${entry.method} ${entry.path}`).toBe(ANILIST_REFERER);
    expect.soft(entry.status, `${entry.method} ${entry.path}`).not.toBe(403);
  }
  // No other host got it: not anilist.co's sign-in pages, not MyAnimeList, Kitsu or MangaDex.
  const others = log.filter((e) => e.host !== 'graphql.anilist.co');
  expect(others.map((e) => e.host)).toEqual(expect.arrayContaining(['anilist.co', 'api.myanimelist.net', 'kitsu.app', 'api.mangadex.org', 'mangadex.org']));
  const withOurReferer = (e: LogEntry) => e.headers.referer === ANILIST_REFERER;
  expect(others.filter(withOurReferer).map((e) => `${e.method} ${e.host}${e.path}`)).toEqual([]);
  // What the extension itself sends elsewhere carries no Referer at all (only the reader page's own loads do).
  const fromExtension = others.filter((e) => e.headers.origin === `chrome-extension://${extensionId}`);
  expect(fromExtension.length).toBeGreaterThan(0);
  expect(fromExtension.filter((e) => e.headers.referer !== undefined).map((e) => `${e.method} ${e.host}${e.path}`)).toEqual([]);
});

test('a page on anilist.co itself calling graphql.anilist.co is not touched by the rule', async ({ context, fake }) => {
  // The rule is keyed to the extension's own origin: the user's browsing keeps its own headers.
  fake.services.anilist!.seed({ users: [{ id: 5001, name: 'Ayaka' }] });
  const page = await context.newPage();
  await page.goto('https://anilist.co/');
  fake.log.clear();
  const status = await page.evaluate(async () => {
    const response = await fetch('https://graphql.anilist.co/', {
      method: 'POST',
      referrerPolicy: 'no-referrer',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ query: 'query { Media(id: 118586, type: MANGA) { id } }' }),
    });
    return response.status;
  });
  // The page chose to send no Referer, so AniList's gate refuses it: the extension did not add one.
  expect(status).toBe(403);
  expect(fake.log.entries({ host: 'graphql.anilist.co', method: 'POST' }).map((e) => e.headers.referer)).toEqual([undefined]);
});
