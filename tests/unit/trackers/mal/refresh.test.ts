/** Token expiry and refresh through the real session and vault, against the MAL fake's rotating refresh tokens. */
import { describe, expect, it } from 'vitest';
import { readCredentials } from '../../../../lib/auth/credentials';
import { mal } from '../../../../lib/trackers/mal';
import { apiRequests, CLIENT_ID, malTracker, signIn, tokenRequests, useMalInternet } from './harness';

const h = useMalInternet();
const HOUR = 3_600_000;

describe('MyAnimeList sign-in renewal', () => {
  it('an access token MAL has expired is refreshed transparently and the call succeeds', async () => {
    // MAL's clock says the token is dead while ours still believes it (API-FACTS: lifetime not verified).
    const before = await signIn(h, { expiresInSec: 3600, credentials: { expiresAt: Date.now() + 10 * HOUR } });
    h.internet.clock.advance(2 * HOUR);
    const result = await malTracker(h).viewer();
    expect(result).toMatchObject({ kind: 'ok', value: { name: 'reader' } });
    expect(tokenRequests(h)).toHaveLength(1);
    expect(apiRequests(h).map((r) => r.status)).toEqual([401, 200]);
    const after = await readCredentials('mal');
    expect(after?.accessToken).not.toBe(before.accessToken);
    // The refresh token rotates; the new one is what is kept.
    expect(after?.refreshToken).not.toBe(before.refreshToken);
    expect(Object.fromEntries(new URLSearchParams(tokenRequests(h)[0]!.body))).toEqual({
      client_id: CLIENT_ID,
      grant_type: 'refresh_token',
      refresh_token: before.refreshToken,
    });
  });

  it('a token we know is expiring is refreshed before the call, without a 401', async () => {
    await signIn(h, { credentials: { expiresAt: Date.now() - 1000 } });
    expect((await malTracker(h).listEntries()).kind).toBe('ok');
    expect(tokenRequests(h)).toHaveLength(1);
    expect(apiRequests(h).map((r) => r.status)).toEqual([200]);
  });

  it('5 concurrent calls that all get 401 cause exactly one refresh, and all 5 succeed', async () => {
    await signIn(h, { expiresInSec: 60, credentials: { expiresAt: Date.now() + 10 * HOUR } });
    h.internet.clock.advance(HOUR);
    const tracker = malTracker(h);
    const results = await Promise.all([tracker.viewer(), tracker.getEntry('2'), tracker.getEntry('1'), tracker.listEntries(), tracker.viewer()]);
    expect(results.map((r) => r.kind)).toEqual(['ok', 'ok', 'ok', 'ok', 'ok']);
    expect(tokenRequests(h)).toHaveLength(1);
    expect(apiRequests(h).filter((r) => r.status === 401)).toHaveLength(5);
  });

  it('a refused refresh ends as auth: the user must reconnect', async () => {
    await signIn(h, { expiresInSec: 60, credentials: { refreshToken: 'revoked-or-unknown', expiresAt: Date.now() + HOUR } });
    h.internet.clock.advance(HOUR);
    const result = await malTracker(h).viewer();
    expect(result).toEqual({ kind: 'auth', message: 'MyAnimeList no longer accepts the saved sign-in; reconnect MyAnimeList.' });
    expect(tokenRequests(h).map((r) => r.status)).toEqual([400]);
  });

  it('a refresh that cannot reach MAL is transient and keeps the saved tokens', async () => {
    const saved = await signIn(h, { expiresInSec: 60, credentials: { expiresAt: Date.now() + HOUR } });
    h.internet.clock.advance(HOUR);
    h.internet.faults.add({ host: 'myanimelist.net', reset: true });
    expect((await malTracker(h).viewer()).kind).toBe('transient');
    expect(await readCredentials('mal')).toEqual(saved);
  });
});

describe('MyAnimeList refresh grant', () => {
  it('returns the new pair; the old refresh token stops working (rotation)', async () => {
    const tokens = h.fake.issueTokens('reader', CLIENT_ID);
    const grant = mal.refreshGrant(h.config)!;
    const old = { accessToken: tokens.access_token, refreshToken: tokens.refresh_token, expiresAt: null, clientId: CLIENT_ID };
    const now = Date.now();
    const next = await grant(old);
    expect(next).toMatchObject({ clientId: CLIENT_ID, refreshToken: expect.any(String) as string });
    expect(next!.expiresAt).toBeGreaterThanOrEqual(now + 2_678_400_000);
    expect(next!.refreshToken).not.toBe(old.refreshToken);
    expect(await grant(old)).toBeNull();
  });

  it('throws (for the session to report as transient) when MAL is down or throttling', async () => {
    const tokens = h.fake.issueTokens('reader', CLIENT_ID);
    const grant = mal.refreshGrant(h.config)!;
    const credentials = { accessToken: tokens.access_token, refreshToken: tokens.refresh_token, expiresAt: null, clientId: CLIENT_ID };
    h.internet.faults.add({ host: 'myanimelist.net', status: 503 });
    await expect(grant(credentials)).rejects.toThrow(/MyAnimeList/);
    h.internet.faults.add({ host: 'myanimelist.net', status: 403, body: 'DoS detected' });
    await expect(grant(credentials)).rejects.toThrow(/MyAnimeList/);
    // Never retried inside the call: a lost answer must not spend the rotating token twice.
    expect(tokenRequests(h)).toHaveLength(2);
    expect(await grant(credentials)).not.toBeNull();
  });

  it('sends the client secret when the app has one', async () => {
    h.fake.seed({ clients: [{ id: 'web-app', secret: 's3cret', redirectUri: 'https://example.org/cb' }], users: [{ id: 1, name: 'reader' }] });
    const tokens = h.fake.issueTokens('reader', 'web-app');
    const credentials = { accessToken: tokens.access_token, refreshToken: tokens.refresh_token, expiresAt: null, clientId: 'web-app' };
    expect(await mal.refreshGrant({ ...h.config, clientId: 'web-app', clientSecret: 'wrong' })!(credentials)).toBeNull();
    expect(await mal.refreshGrant({ ...h.config, clientId: 'web-app', clientSecret: 's3cret' })!(credentials)).not.toBeNull();
    expect(new URLSearchParams(tokenRequests(h)[1]!.body).get('client_secret')).toBe('s3cret');
  });
});
