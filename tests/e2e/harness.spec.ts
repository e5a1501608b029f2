/** The foundation, end to end: the real build in Chromium, talking to the fake internet by real host names. */
import { CATALOG } from '../fakes/catalog';
import { expect, keepScreenshot, test } from './fixtures';

const PINNED_ID = 'aababofcnomcpaemldcgadpaddpphmnn';
const frieren = CATALOG.find((m) => m.anilist === 118586)!;
const chapter12_5 = frieren.mangadexChapters.find((c) => c.chapter === '12.5')!;

test('the extension id is pinned by manifest.key, so the OAuth redirect URL is stable', ({ extensionId }) => {
  expect(extensionId).toBe(PINNED_ID);
});

test('the service worker reaches the AniList fake by its real host name', async ({ serviceWorker, fake }) => {
  // The Referer rule AniList's gate needs is installed when the extension is (lib/trackers/anilist/referer.ts).
  await expect.poll(() => serviceWorker.evaluate(async () => (await chrome.declarativeNetRequest.getDynamicRules()).length)).toBe(1);
  const body = await serviceWorker.evaluate(async () => {
    const response = await fetch('https://graphql.anilist.co/', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
      body: JSON.stringify({ query: 'query { Media(id: 118586, type: MANGA) { id idMal title { romaji } } }' }),
    });
    return { status: response.status, json: (await response.json()) as unknown };
  });
  expect(body).toEqual({ status: 200, json: { data: { Media: { id: 118586, idMal: 126287, title: { romaji: 'Sousou no Frieren' } } } } });
  expect(fake.log.entries({ host: 'graphql.anilist.co', method: 'POST' }).map((e) => e.headers.referer)).toEqual(['https://anilist.co/']);
});

test('hosts outside the fake internet are unreachable', async ({ serviceWorker }) => {
  const outcome = await serviceWorker.evaluate(() =>
    fetch('https://example.com/').then(
      () => 'reached',
      () => 'blocked',
    ),
  );
  expect(outcome).toBe('blocked');
});

test('the content script reports a MangaDex chapter, and the popup shows it', async ({ context, serviceWorker, openExtensionPage, fake }) => {
  const reader = await context.newPage();
  await reader.goto(`https://mangadex.org/chapter/${chapter12_5.id}`);
  await expect(reader.locator('a.reader--header-manga')).toHaveText(frieren.title.romaji);

  // The background recorded what the page shows, for this tab (session storage also holds the badge's state).
  await expect
    .poll(() =>
      serviceWorker.evaluate(async () => Object.entries(await chrome.storage.session.get(null)).filter(([key]) => key.startsWith('tab:')).map(([, value]) => value)),
    )
    .toEqual([
      expect.objectContaining({
        site: 'mangadex',
        seriesKey: frieren.mangadex,
        title: frieren.title.romaji,
        chapterKey: chapter12_5.id,
        chapter: 12.5,
        volume: 2,
        // From api.mangadex.org (the fake), asked by the background: the manga's tracker links.
        externalIds: { anilist: frieren.anilist, mal: frieren.mal, kitsu: frieren.kitsu },
      }),
    ]);
  expect(fake.log.count({ host: 'api.mangadex.org' })).toBe(1);

  // popup.html opened in a tab follows the window's active tab.
  const popup = await openExtensionPage('popup.html');
  // While the popup's own tab is active there is nothing to show…
  await expect(popup.getByText(/No chapter detected here/)).toBeVisible();
  // …and when the reader tab becomes the active one, it follows.
  await reader.bringToFront();
  await expect(popup.getByRole('heading', { name: frieren.title.romaji })).toBeVisible();
  await expect(popup.getByText('Chapter 12.5', { exact: true })).toBeVisible();
  await keepScreenshot(popup, 'popup-on-reader-tab');
});

test('identity.launchWebAuthFlow round-trips through the fake AniList authorize endpoint', async ({ serviceWorker, extensionId, fake }) => {
  fake.services.anilist!.seed({
    users: [{ id: 5001, name: 'Ayaka' }],
    clients: [{ id: 4242, redirectUri: `https://${extensionId}.chromiumapp.org/` }],
    authorize: { user: 'Ayaka', action: 'approve' },
  });
  const redirect: string | undefined = await serviceWorker.evaluate(
    (url) => chrome.identity.launchWebAuthFlow({ url, interactive: true }),
    'https://anilist.co/api/v2/oauth/authorize?client_id=4242&response_type=token',
  );
  const fragment = new URLSearchParams(new URL(redirect!).hash.slice(1));
  expect(redirect).toMatch(new RegExp(`^https://${extensionId}\\.chromiumapp\\.org/#`));
  expect(fragment.get('token_type')).toBe('Bearer');
  expect(fragment.get('expires_in')).toBe('31536000');
  const claims = JSON.parse(Buffer.from(fragment.get('access_token')!.split('.')[1]!, 'base64url').toString()) as { sub: string; aud: string };
  expect(claims).toMatchObject({ sub: '5001', aud: '4242' });
});

test('popup renders every service and an empty current-tab card', async ({ openExtensionPage }) => {
  const popup = await openExtensionPage('popup.html');
  for (const name of ['AniList', 'MyAnimeList', 'Kitsu']) {
    await expect(popup.getByRole('listitem').filter({ hasText: name })).toContainText('Not connected');
  }
  await expect(popup.getByText(/No chapter detected here/)).toBeVisible();
  await keepScreenshot(popup, 'popup');
});

test('options: six tabs, keyboard navigation, and the exact redirect URL to register', async ({ openExtensionPage, extensionId }) => {
  const options = await openExtensionPage('options.html');
  const tabs = options.getByRole('tab');
  await expect(tabs).toHaveText(['Integrations', 'Library', 'Activity', 'Sites', 'Backup', 'Settings']);
  await expect(options.getByRole('textbox', { name: 'Redirect URL' })).toHaveValue(`https://${extensionId}.chromiumapp.org/`);
  for (const name of ['AniList', 'MyAnimeList', 'Kitsu']) {
    await expect(options.getByRole('region', { name })).toContainText('Not connected');
  }
  await keepScreenshot(options, 'options-integrations');

  await options.getByRole('tab', { name: 'Integrations' }).focus();
  await options.keyboard.press('ArrowRight');
  await expect(options.getByRole('tab', { name: 'Library' })).toBeFocused();
  await expect(options.getByRole('tabpanel')).toContainText('Your library is empty');
  await options.keyboard.press('End');
  await expect(options.getByRole('tab', { name: 'Settings', selected: true })).toBeFocused();

  await options.getByRole('tab', { name: 'Sites' }).click();
  const mangadex = options.getByRole('row').filter({ hasText: 'MangaDex' });
  await expect(mangadex).toContainText('mangadex.org');
  await expect(mangadex.getByRole('checkbox', { name: 'Track reading on MangaDex' })).toBeChecked();
});

test('after the service worker is stopped, it restarts and answers from IndexedDB', async ({ serviceWorker, stopServiceWorker, openExtensionPage }) => {
  const first = await openExtensionPage('options.html');
  await expect(first.getByRole('region', { name: 'Kitsu' })).toContainText('Not connected');
  await first.close();
  // A connection saved earlier (as the connect flow will do): written straight into the extension's database.
  await serviceWorker.evaluate(
    () =>
      new Promise<void>((resolve, reject) => {
        const open = indexedDB.open('kuroibara-sync');
        open.onerror = () => reject(new Error(String(open.error)));
        open.onsuccess = () => {
          const tx = open.result.transaction('connections', 'readwrite');
          tx.objectStore('connections').put({
            service: 'kitsu', userId: '77', userName: 'Mikan', scoreSetting: 'regular', connectedAt: Date.now(), tokenExpiresAt: null,
            lastCheckedAt: Date.now(), lastOutcome: 'ok', lastError: null, rateLimitedUntil: null,
          });
          tx.oncomplete = () => {
            open.result.close();
            resolve();
          };
        };
      }),
  );
  // Anything held only in the worker's memory dies with it; this marker proves the worker really restarted.
  await serviceWorker.evaluate(() => Object.assign(globalThis, { kuroibaraTestMarker: true }));
  await stopServiceWorker();

  const options = await openExtensionPage('options.html');
  await expect(options.getByRole('region', { name: 'Kitsu' })).toContainText('Connected as Mikan');
  await expect(options.getByRole('region', { name: 'AniList' })).toContainText('Not connected');
  expect(await serviceWorker.evaluate(() => 'kuroibaraTestMarker' in globalThis)).toBe(false);
});
