/** Connecting MyAnimeList: authorization code + PKCE `plain` through the MAL fake's authorize and token endpoints. */
import { describe, expect, it } from 'vitest';
import { credentialsSchema } from '../../../../lib/auth/credentials';
import { AuthFlowError } from '../../../../lib/auth/identity';
import { mal } from '../../../../lib/trackers/mal';
import type { ConnectInput } from '../../../../lib/trackers/module';
import { apiRequests, CLIENT_ID, launchThroughFake, REDIRECT, tokenRequests, useMalInternet } from './harness';

const h = useMalInternet();

const input = (launch: ConnectInput['launch'], over: Partial<ConnectInput> = {}): ConnectInput => ({ ...h.config, redirectUrl: REDIRECT, launch, ...over });

describe('connecting MyAnimeList', () => {
  it('runs the PKCE plain round trip and returns credentials ready to store, with the viewer', async () => {
    const { launch, seen } = launchThroughFake(h);
    const started = Date.now();
    const outcome = await mal.connect(input(launch));
    if (outcome.kind !== 'ok') throw new Error(outcome.message);

    expect(outcome.viewer).toEqual({ id: '42', name: 'reader', scoreSetting: null });
    expect(credentialsSchema.parse(outcome.credentials)).toEqual(outcome.credentials);
    expect(outcome.credentials).toMatchObject({ clientId: CLIENT_ID, refreshToken: expect.any(String) as string });
    expect(outcome.credentials.expiresAt).toBeGreaterThanOrEqual(started + 2_678_400_000);
    // The token works: the viewer call used it.
    expect(apiRequests(h)[0]?.headers.authorization).toBe(`Bearer ${outcome.credentials.accessToken}`);

    const authorize = seen[0]!;
    expect(`${authorize.origin}${authorize.pathname}`).toBe('https://myanimelist.net/v1/oauth2/authorize');
    const q = authorize.searchParams;
    expect([...q.keys()].sort()).toEqual(['client_id', 'code_challenge', 'code_challenge_method', 'redirect_uri', 'response_type', 'state']);
    expect(q.get('response_type')).toBe('code');
    expect(q.get('client_id')).toBe(CLIENT_ID);
    expect(q.get('redirect_uri')).toBe(REDIRECT);
    expect(q.get('code_challenge_method')).toBe('plain');
    expect(q.get('state')!.length).toBeGreaterThanOrEqual(16);

    const exchange = new URLSearchParams(tokenRequests(h)[0]!.body);
    const verifier = exchange.get('code_verifier')!;
    expect(verifier).toMatch(/^[A-Za-z0-9\-._~]{43,128}$/);
    expect(q.get('code_challenge')).toBe(verifier);
    expect(Object.fromEntries(exchange)).toEqual({
      client_id: CLIENT_ID,
      grant_type: 'authorization_code',
      code: expect.any(String) as string,
      code_verifier: verifier,
      redirect_uri: REDIRECT,
    });
  });

  it('uses a fresh verifier and state for every attempt', async () => {
    const { launch, seen } = launchThroughFake(h);
    await mal.connect(input(launch));
    await mal.connect(input(launch));
    const [a, b] = seen.map((u) => u.searchParams);
    expect(a!.get('code_challenge')).not.toBe(b!.get('code_challenge'));
    expect(a!.get('state')).not.toBe(b!.get('state'));
  });

  it('rejects an answer whose state was tampered with and exchanges nothing', async () => {
    const { launch } = launchThroughFake(h);
    const tampered = async (url: string) => {
      const back = await launch(url);
      back.searchParams.set('state', 'x'.repeat(32));
      return back;
    };
    const outcome = await mal.connect(input(tampered));
    expect(outcome).toEqual({ kind: 'permanent', message: expect.stringMatching(/^MyAnimeList sign-in answer did not match our request; nothing was saved/) as string });
    expect(tokenRequests(h)).toHaveLength(0);
    expect(outcome).not.toHaveProperty('credentials');
  });

  it('a code issued for another challenge fails the exchange with MAL’s clear reason', async () => {
    const { launch } = launchThroughFake(h, (url) => url.searchParams.set('code_challenge', 'z'.repeat(64)));
    const outcome = await mal.connect(input(launch));
    expect(outcome).toEqual({ kind: 'permanent', message: 'MyAnimeList refused the sign-in (invalid_grant: Failed to verify `code_verifier`.).' });
    expect(apiRequests(h)).toHaveLength(0);
  });

  it('a declined sign-in says so', async () => {
    h.fake.setAuthorize({ user: 'reader', action: 'deny' });
    const outcome = await mal.connect(input(launchThroughFake(h).launch));
    expect(outcome).toMatchObject({ kind: 'permanent', message: expect.stringMatching(/MyAnimeList sign-in was declined/) as string });
    expect(tokenRequests(h)).toHaveLength(0);
  });

  it('a closed window is a permanent failure with the identity layer’s message', async () => {
    const message = 'MyAnimeList sign-in was cancelled: the window was closed before finishing.';
    const outcome = await mal.connect(input(() => Promise.reject(new AuthFlowError(message, 'cancelled'))));
    expect(outcome).toEqual({ kind: 'permanent', message });
    expect(h.internet.log.count()).toBe(0);
  });

  it('any other launch failure is permanent too, and connect never throws', async () => {
    const outcome = await mal.connect(input(() => Promise.reject(new Error('boom'))));
    expect(outcome).toMatchObject({ kind: 'permanent', message: expect.stringMatching(/^MyAnimeList sign-in failed/) as string });
  });

  it('an unknown client is refused at the token endpoint with a clear message', async () => {
    const { launch } = launchThroughFake(h);
    h.fake.seed({ clients: [{ id: CLIENT_ID, secret: 'needed', redirectUri: REDIRECT }], users: [{ id: 42, name: 'reader' }], authorize: { user: 'reader', action: 'approve' } });
    const outcome = await mal.connect(input(launch));
    expect(outcome).toEqual({ kind: 'permanent', message: 'MyAnimeList refused the sign-in (invalid_client: Invalid client secret).' });
    const withSecret = await mal.connect(input(launch, { clientSecret: 'needed' }));
    expect(withSecret.kind).toBe('ok');
    expect(new URLSearchParams(tokenRequests(h)[1]!.body).get('client_secret')).toBe('needed');
  });

  it('needs a client id before opening any window', async () => {
    let opened = false;
    const outcome = await mal.connect(
      input(() => {
        opened = true;
        return Promise.reject(new Error('unreachable'));
      }, { clientId: '' }),
    );
    expect(outcome).toMatchObject({ kind: 'permanent', message: expect.stringMatching(/MyAnimeList needs a client ID/) as string });
    expect(opened).toBe(false);
  });

  it('describes itself to the registry', () => {
    expect(mal).toMatchObject({ id: 'mal', name: 'MyAnimeList', signIn: 'oauth', needsClientId: true });
    expect(mal.capabilities).toEqual({ volumes: true, dates: true, notes: true, rereads: true, private: false, batchWrites: false, sameIdWhenAddedAgain: true });
    expect(mal.refreshGrant(h.config)).toBeTypeOf('function');
  });
});
