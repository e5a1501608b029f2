/**
 * Connecting AniList against the fake's OAuth pages: `launch` plays the browser's auth window by requesting the
 * authorize URL from the fake internet without following the redirect, and hands back where it pointed.
 */
import { describe, expect, it } from 'vitest';
import { readCredentials } from '../../../../lib/auth/credentials';
import { AuthFlowError } from '../../../../lib/auth/identity';
import { jwtExpiry, tokenExpiryWarning } from '../../../../lib/trackers/anilist/auth';
import { anilist } from '../../../../lib/trackers/anilist';
import type { ConnectInput } from '../../../../lib/trackers/module';
import { ALICE_SEED, BASE_SEED, CLIENT_ID, fastLimiter, graphqlRequests, REDIRECT, START_S, useAniListInternet, YEAR_S, type AniListHarness } from './harness';

const h = useAniListInternet();
const SECRET_CLIENT = { id: '5151', secret: 's3cret', name: 'Kuroibara Sync (code)', redirectUri: REDIRECT };
const DAY = 24 * 60 * 60 * 1000;

/** The browser window: opens `url` on the fake, returns the redirect target (optionally tampered with). */
function browserLaunch(harness: AniListHarness, opened: URL[], tamper: (target: URL) => URL = (t) => t) {
  return async (url: string): Promise<URL> => {
    opened.push(new URL(url));
    const response = await harness.fetch(url, { redirect: 'manual' });
    const location = response.headers.get('location');
    if (response.status !== 302 || location === null) throw new Error(`authorize page answered ${response.status}`);
    return tamper(new URL(location));
  };
}

function input(overrides: Partial<ConnectInput> & Pick<ConnectInput, 'launch'>): ConnectInput {
  return { clientId: CLIENT_ID, clientSecret: null, redirectUrl: REDIRECT, fetch: h.fetch, limiter: fastLimiter(), ...overrides };
}

/** Rewrites `key` in the fragment (implicit grant) and the query (code grant). */
function withParam(key: string, value: string | null) {
  return (target: URL): URL => {
    const next = new URL(target);
    const fragment = new URLSearchParams(next.hash.slice(1));
    for (const params of [fragment, next.searchParams]) {
      if (!params.has(key)) continue;
      if (value === null) params.delete(key);
      else params.set(key, value);
    }
    next.hash = fragment.toString();
    return next;
  };
}

describe('implicit grant (client id only)', () => {
  it('signs in, keeps the JWT\'s own expiry and reads the viewer', async () => {
    const opened: URL[] = [];
    const outcome = await anilist.connect(input({ launch: browserLaunch(h, opened) }));

    expect(opened).toHaveLength(1);
    const authorize = opened[0]!;
    expect(`${authorize.origin}${authorize.pathname}`).toBe('https://anilist.co/api/v2/oauth/authorize');
    expect(authorize.searchParams.get('client_id')).toBe(CLIENT_ID);
    expect(authorize.searchParams.get('response_type')).toBe('token');
    expect(authorize.searchParams.get('state')).toMatch(/^[\w.~-]{32}$/);
    expect(authorize.searchParams.has('redirect_uri')).toBe(false);

    if (outcome.kind !== 'ok') throw new Error(outcome.message);
    // The fake's clock stands at START while the real clock does not: only the JWT's `exp` gives this value.
    expect(outcome.credentials).toEqual({
      accessToken: expect.any(String) as string,
      refreshToken: null,
      expiresAt: (START_S + YEAR_S) * 1000,
      clientId: CLIENT_ID,
    });
    expect(outcome.viewer).toEqual({ id: '1', name: 'alice', scoreSetting: 'POINT_10_DECIMAL' });
    expect(h.fake.state().tokens.map((t) => t.token)).toContain(outcome.credentials.accessToken);
    // connect only reports; the caller stores.
    expect(await readCredentials('anilist')).toBeNull();
  });

  it('accepts a redirect that dropped `state` (AniList does not carry it reliably)', async () => {
    const outcome = await anilist.connect(input({ launch: browserLaunch(h, [], withParam('state', null)) }));
    expect(outcome.kind).toBe('ok');
  });

  it('rejects a redirect whose `state` differs, before using its token', async () => {
    const outcome = await anilist.connect(input({ launch: browserLaunch(h, [], withParam('state', 'forged-state-forged-state-forged!')) }));
    expect(outcome).toMatchObject({ kind: 'permanent', message: expect.stringMatching(/^AniList sign-in was rejected.*state/) as string });
    expect(graphqlRequests(h)).toBe(0);
  });

  it('reports a denied authorization in words', async () => {
    h.fake.setAuthorize({ action: 'deny' });
    const outcome = await anilist.connect(input({ launch: browserLaunch(h, []) }));
    expect(outcome).toEqual({ kind: 'permanent', message: 'AniList sign-in was declined: access to your AniList account was not approved.' });
  });

  it('reports a closed window with the identity wrapper\'s message, storing nothing', async () => {
    const cancelled = new AuthFlowError('AniList sign-in was cancelled: the window was closed before finishing.', 'cancelled');
    const outcome = await anilist.connect(input({ launch: () => Promise.reject(cancelled) }));
    expect(outcome).toEqual({ kind: 'permanent', message: cancelled.message });
    expect(await readCredentials('anilist')).toBeNull();
    expect(h.internet.log.count()).toBe(0);
  });

  it('reports any other launch failure as an AniList sign-in failure', async () => {
    const outcome = await anilist.connect(input({ launch: () => Promise.reject(new Error('Authorization page could not be loaded.')) }));
    expect(outcome).toEqual({ kind: 'permanent', message: 'AniList sign-in failed: Authorization page could not be loaded.' });
  });

  it('falls back to expires_in when the token is not a readable JWT', async () => {
    h.fake.seed({ ...BASE_SEED, users: [{ ...ALICE_SEED, token: 'opaque-token' }] });
    const before = Date.now();
    const outcome = await anilist.connect(input({ launch: browserLaunch(h, [], withParam('access_token', 'opaque-token')) }));
    if (outcome.kind !== 'ok') throw new Error(outcome.message);
    expect(outcome.credentials.accessToken).toBe('opaque-token');
    expect(outcome.credentials.expiresAt).toBeGreaterThanOrEqual(before + YEAR_S * 1000);
    expect(outcome.credentials.expiresAt).toBeLessThanOrEqual(Date.now() + YEAR_S * 1000);
  });
});

describe('authorization-code grant (client secret configured)', () => {
  it('exchanges the code with the secret and the exact redirect URI', async () => {
    h.fake.seed({ ...BASE_SEED, clients: [SECRET_CLIENT] });
    const opened: URL[] = [];
    const outcome = await anilist.connect(input({ clientId: SECRET_CLIENT.id, clientSecret: SECRET_CLIENT.secret, launch: browserLaunch(h, opened) }));

    expect(opened[0]?.searchParams.get('response_type')).toBe('code');
    expect(opened[0]?.searchParams.get('redirect_uri')).toBe(REDIRECT);
    if (outcome.kind !== 'ok') throw new Error(outcome.message);
    expect(outcome.credentials).toMatchObject({ refreshToken: null, expiresAt: (START_S + YEAR_S) * 1000, clientId: SECRET_CLIENT.id });
    expect(outcome.viewer.name).toBe('alice');

    const [exchange] = h.internet.log.entries({ host: 'anilist.co', method: 'POST', pathPrefix: '/api/v2/oauth/token' });
    expect(JSON.parse(exchange?.body ?? '{}')).toMatchObject({
      grant_type: 'authorization_code', client_id: SECRET_CLIENT.id, client_secret: SECRET_CLIENT.secret, redirect_uri: REDIRECT,
    });
  });

  it('reports a refused exchange (wrong secret) without echoing the secret', async () => {
    h.fake.seed({ ...BASE_SEED, clients: [SECRET_CLIENT] });
    const outcome = await anilist.connect(input({ clientId: SECRET_CLIENT.id, clientSecret: 'wrong-secret', launch: browserLaunch(h, []) }));
    expect(outcome).toMatchObject({ kind: 'permanent', message: expect.stringMatching(/^AniList refused the sign-in \(invalid_client/) as string });
    expect(JSON.stringify(outcome)).not.toContain('wrong-secret');
  });

  it('requires `state` on the code grant, where AniList always echoes it', async () => {
    h.fake.seed({ ...BASE_SEED, clients: [SECRET_CLIENT] });
    const outcome = await anilist.connect(input({ clientId: SECRET_CLIENT.id, clientSecret: SECRET_CLIENT.secret, launch: browserLaunch(h, [], withParam('state', null)) }));
    expect(outcome).toMatchObject({ kind: 'permanent', message: expect.stringMatching(/state mismatch/) as string });
    expect(h.internet.log.count({ pathPrefix: '/api/v2/oauth/token' })).toBe(0);
  });
});

describe('token lifetime', () => {
  it('has no refresh grant: the year-long token cannot be renewed', () => {
    expect(anilist.refreshGrant({ clientId: CLIENT_ID, clientSecret: null })).toBeNull();
  });

  it.each([
    [null, 0, null],
    [100 * DAY, 0, null],
    [100 * DAY, 100 * DAY - 15 * DAY, null],
    [100 * DAY, 100 * DAY - 14 * DAY, 'expiring'],
    [100 * DAY, 100 * DAY - 1, 'expiring'],
    [100 * DAY, 100 * DAY, 'expired'],
    [100 * DAY, 200 * DAY, 'expired'],
  ])('expiresAt %j at %j → %j', (expiresAt, now, warning) => {
    expect(tokenExpiryWarning({ expiresAt }, now)).toBe(warning);
  });

  it.each(['', 'a.b', 'a.b.c', 'x.eyJleHAiOiJzb29uIn0.y', 'x.eyJpYXQiOjF9.y'])('reads no expiry from %j', (token) => {
    expect(jwtExpiry(token)).toBeNull();
  });
});
