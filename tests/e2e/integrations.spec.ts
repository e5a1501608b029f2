/** Connecting AniList, MyAnimeList and Kitsu through the real build, against the fakes' OAuth and APIs. */
import type { FakeInternet } from '../fakes';
import { expect, keepScreenshot, test } from './fixtures';
import { IntegrationsPage } from './pages/integrations';
import { dumpExtensionStorage, issuedTokens } from './storage-dump';

const ANILIST_CLIENT = '4242';
const MAL_CLIENT = 'e2e-mal-client';

function seedServices(fake: FakeInternet, extensionId: string, options: { malAccessLifetimeSec?: number } = {}) {
  const redirectUri = `https://${extensionId}.chromiumapp.org/`;
  fake.services.anilist!.seed({
    users: [{ id: 5001, name: 'Ayaka', scoreFormat: 'POINT_10_DECIMAL' }],
    clients: [{ id: ANILIST_CLIENT, redirectUri }],
    authorize: { user: 'Ayaka', action: 'approve' },
  });
  fake.services.mal!.seed({
    clients: [{ id: MAL_CLIENT, redirectUri }],
    users: [{ id: 6001, name: 'Hinata' }],
    authorize: { user: 'Hinata', action: 'approve' },
    ...(options.malAccessLifetimeSec ? { accessTokenLifetimeSec: options.malAccessLifetimeSec } : {}),
  });
  fake.services.kitsu!.seed({
    users: [{ id: '7001', name: 'Mikan', email: 'mikan@example.test', password: 'correct horse battery staple', ratingSystem: 'advanced' }],
  });
}

test.describe('Integrations', () => {
  test.beforeEach(({ fake, extensionId }) => {
    seedServices(fake, extensionId);
  });

  test('connect each service and see "Connected as NAME"; no token is stored in the clear', async ({ openExtensionPage, fake, serviceWorker }) => {
    const options = new IntegrationsPage(await openExtensionPage('options.html#integrations'));

    await options.setClientId('AniList', ANILIST_CLIENT);
    await options.connect('AniList');
    await options.expectConnected('AniList', 'Ayaka');

    await options.setClientId('MyAnimeList', MAL_CLIENT);
    await options.connect('MyAnimeList');
    await options.expectConnected('MyAnimeList', 'Hinata');

    await options.connectKitsu('mikan@example.test', 'correct horse battery staple');
    await options.expectConnected('Kitsu', 'Mikan');
    await keepScreenshot(options.page, 'options-integrations-connected');

    // The popup sees the same.
    const popup = await openExtensionPage('popup.html');
    for (const [service, user] of [['AniList', 'Ayaka'], ['MyAnimeList', 'Hinata'], ['Kitsu', 'Mikan']]) {
      await expect(popup.getByRole('listitem').filter({ hasText: service })).toContainText(`Connected as ${user}`);
    }

    const tokens = ['anilist', 'mal', 'kitsu'].flatMap((name) => issuedTokens(fake.services[name]!.state()));
    expect(tokens.length).toBeGreaterThanOrEqual(3);
    const dump = await dumpExtensionStorage(serviceWorker);
    for (const token of tokens) expect(dump, 'a token is readable in extension storage').not.toContain(token);
    expect(dump).not.toContain('correct horse battery staple');
  });

  test('a wrong Kitsu password gives a clear error and stores nothing', async ({ openExtensionPage, serviceWorker }) => {
    const options = new IntegrationsPage(await openExtensionPage('options.html#integrations'));
    await options.connectKitsu('mikan@example.test', 'wrong password');
    await expect(options.card('Kitsu').getByRole('alert')).toContainText(/Kitsu did not accept/);
    await expect(options.card('Kitsu')).toContainText('Not connected');
    const dump = await dumpExtensionStorage(serviceWorker);
    expect(dump).not.toContain('credentials:kitsu');
    expect(dump).not.toContain('wrong password');
  });

  test('closing the sign-in window gives a clear message and changes nothing', async ({ context, openExtensionPage, fake, extensionId }) => {
    fake.services.anilist!.seed({
      users: [{ id: 5001, name: 'Ayaka' }],
      clients: [{ id: ANILIST_CLIENT, redirectUri: `https://${extensionId}.chromiumapp.org/` }],
      authorize: { user: 'Ayaka', action: 'hang' },
    });
    const options = new IntegrationsPage(await openExtensionPage('options.html#integrations'));
    await options.setClientId('AniList', ANILIST_CLIENT);
    const authWindow = context.waitForEvent('page', (page) => page.url().startsWith('https://anilist.co/api/v2/oauth/authorize'));
    await options.connect('AniList');
    await (await authWindow).close();
    await expect(options.card('AniList').getByRole('alert')).toContainText(/AniList sign-in was cancelled/);
    await expect(options.card('AniList')).toContainText('Not connected');
  });

  test('a forged redirect (state that we did not send) is rejected and nothing is exchanged', async ({ openExtensionPage, fake, extensionId }) => {
    // Someone else's authorization answer lands on our redirect URL: right shape, wrong state.
    fake.faults.add({
      host: 'myanimelist.net',
      pathPrefix: '/v1/oauth2/authorize',
      status: 302,
      headers: { location: `https://${extensionId}.chromiumapp.org/?code=stolen-code&state=forged-state` },
    });
    const options = new IntegrationsPage(await openExtensionPage('options.html#integrations'));
    await options.setClientId('MyAnimeList', MAL_CLIENT);
    await options.connect('MyAnimeList');
    await expect(options.card('MyAnimeList').getByRole('alert')).toContainText(/MyAnimeList.*did not match/);
    await expect(options.card('MyAnimeList')).toContainText('Not connected');
    expect(fake.log.count({ host: 'myanimelist.net', pathPrefix: '/v1/oauth2/token' })).toBe(0);
  });

  test('an expired MyAnimeList token is refreshed without the user noticing', async ({ openExtensionPage, fake, extensionId }) => {
    seedServices(fake, extensionId, { malAccessLifetimeSec: 3600 });
    const options = new IntegrationsPage(await openExtensionPage('options.html#integrations'));
    await options.setClientId('MyAnimeList', MAL_CLIENT);
    await options.connect('MyAnimeList');
    await options.expectConnected('MyAnimeList', 'Hinata');
    expect(fake.log.count({ host: 'myanimelist.net', pathPrefix: '/v1/oauth2/token' })).toBe(1);

    fake.clock.advance(2 * 3600 * 1000);
    await options.card('MyAnimeList').getByRole('button', { name: 'Check MyAnimeList connection' }).click();
    await expect(options.card('MyAnimeList')).toContainText('Connected as Hinata');
    await expect.poll(() => fake.log.count({ host: 'myanimelist.net', pathPrefix: '/v1/oauth2/token' })).toBe(2);
    const refresh = fake.log.entries({ host: 'myanimelist.net', pathPrefix: '/v1/oauth2/token' })[1]!;
    expect(refresh.body).toContain('grant_type=refresh_token');
    await expect(options.card('MyAnimeList').getByRole('alert')).toHaveCount(0);
  });

  test('disconnecting wipes the tokens', async ({ openExtensionPage, serviceWorker }) => {
    const options = new IntegrationsPage(await openExtensionPage('options.html#integrations'));
    await options.connectKitsu('mikan@example.test', 'correct horse battery staple');
    await options.expectConnected('Kitsu', 'Mikan');
    expect(await dumpExtensionStorage(serviceWorker)).toContain('credentials:kitsu');
    await options.card('Kitsu').getByRole('button', { name: 'Disconnect Kitsu' }).click();
    await expect(options.card('Kitsu')).toContainText('Not connected');
    expect(await dumpExtensionStorage(serviceWorker)).not.toContain('credentials:kitsu');
  });
});
