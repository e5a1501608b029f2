import { describe, expect, it, vi } from 'vitest';
import { readCredentials } from '../../../../lib/auth/credentials';
import { KITSU_PUBLIC_CLIENT, KITSU_TOKEN_URL } from '../../../../lib/trackers/kitsu/auth';
import { kitsu } from '../../../../lib/trackers/kitsu';
import type { ConnectInput, ConnectOutcome } from '../../../../lib/trackers/module';
import { fakeFetch } from '../../../fakes/client';
import { fakeState, PASSWORD, T0, useKitsuWorld, value } from './harness';

const world = useKitsuWorld();
const DAY = 24 * 3600 * 1000;
const tokenRequests = () => world.internet.log.entries({ service: 'kitsu', pathPrefix: '/api/oauth/token' });

function connectInput(username: string, password: string, overrides: Partial<ConnectInput> = {}): ConnectInput {
  return {
    ...world.config(),
    redirectUrl: 'https://unused.chromiumapp.org/',
    launch: () => Promise.reject(new Error('Kitsu has no sign-in window')),
    login: { username, password },
    ...overrides,
  };
}

describe('connect (password grant)', () => {
  it('signs in with the username and reads the viewer: name and rating system', async () => {
    const outcome = await kitsu.connect(connectInput('reader', PASSWORD));
    expect(outcome).toMatchObject({ kind: 'ok', viewer: { id: '1', name: 'Reader', scoreSetting: 'advanced' } });
    if (outcome.kind !== 'ok') return;
    const issued = fakeState(world.fake).tokens.at(-1);
    expect(outcome.credentials).toEqual({
      accessToken: issued?.accessToken,
      refreshToken: issued?.refreshToken,
      expiresAt: T0 + 30 * DAY,
      clientId: KITSU_PUBLIC_CLIENT.id,
    });
    const form = new URLSearchParams(tokenRequests()[0]?.body);
    expect(Object.fromEntries(form)).toEqual({
      grant_type: 'password', username: 'reader', password: PASSWORD,
      client_id: KITSU_PUBLIC_CLIENT.id, client_secret: KITSU_PUBLIC_CLIENT.secret,
    });
    expect(world.internet.log.entries().map((e) => `${e.method} ${e.path}`)).toEqual([
      'POST /api/oauth/token',
      'GET /api/edge/users?filter[self]=true',
    ]);
  });

  it('also accepts the email address', async () => {
    expect(await kitsu.connect(connectInput('Reader@Example.org', PASSWORD))).toMatchObject({ kind: 'ok', viewer: { name: 'Reader' } });
  });

  it('says clearly when the password is wrong, and hands out nothing', async () => {
    const outcome = await kitsu.connect(connectInput('reader', 'wrong password'));
    expect(outcome).toEqual({ kind: 'permanent', message: 'Kitsu did not accept that email/username and password.' });
    expect(world.internet.log.count()).toBe(1);
    expect(await readCredentials('kitsu')).toBeNull();
  });

  it('asks for both fields before bothering Kitsu', async () => {
    expect(await kitsu.connect(connectInput('reader', ''))).toMatchObject({ kind: 'permanent' });
    expect(await kitsu.connect(connectInput('  ', PASSWORD))).toMatchObject({ kind: 'permanent' });
    expect(await kitsu.connect({ ...connectInput('reader', PASSWORD), login: undefined })).toMatchObject({ kind: 'permanent' });
    expect(world.internet.log.count()).toBe(0);
  });

  it('reports a client id Kitsu rejects as such (invalid_client)', async () => {
    const outcome = await kitsu.connect(connectInput('reader', PASSWORD, { clientId: 'my-app', clientSecret: 'nope' }));
    expect(outcome).toMatchObject({ kind: 'permanent', message: expect.stringContaining('client ID') as unknown });
  });

  it('turns the 16th login within a minute into rateLimited (429 text/plain "Retry later")', async () => {
    for (let i = 0; i < 15; i++) {
      expect(await kitsu.connect(connectInput('reader', `guess ${i}`))).toMatchObject({ kind: 'permanent' });
    }
    const limited = await kitsu.connect(connectInput('reader', PASSWORD));
    expect(limited).toEqual({ kind: 'rateLimited', retryAfterMs: 60_000, message: expect.stringContaining('too many sign-in attempts') as unknown });
    // Not retried inside the call: every attempt counts against the throttle.
    expect(tokenRequests()).toHaveLength(16);
    world.internet.clock.advance(60_000);
    expect(await kitsu.connect(connectInput('reader', PASSWORD))).toMatchObject({ kind: 'ok' });
  });

  it('never lets the password into a result, an error message, the vault or the console', async () => {
    const secret = 'S3cret-Passw0rd-Nobody-Else-Has';
    world.fake.seed({ users: [{ id: 7, name: 'Secretive', slug: 'secretive', password: secret }] });
    const spies = (['log', 'info', 'warn', 'error', 'debug'] as const).map((m) => vi.spyOn(console, m));
    const outcomes: ConnectOutcome[] = [];
    outcomes.push(await kitsu.connect(connectInput('secretive', secret)));
    outcomes.push(await kitsu.connect(connectInput('secretive', `${secret}x`)));
    outcomes.push(await kitsu.connect(connectInput('secretive', secret, { clientId: 'other', clientSecret: 'x' })));
    for (const fault of [{ status: 503 }, { status: 400, body: `{"error":"invalid_request","error_description":"${secret}"}` }, { reset: true }, { malformed: true }]) {
      world.internet.faults.add({ service: 'kitsu', pathPrefix: '/api/oauth/token', ...fault });
      outcomes.push(await kitsu.connect(connectInput('secretive', secret)));
    }
    for (let i = 0; i < 16; i++) outcomes.push(await kitsu.connect(connectInput('secretive', secret)));
    expect(outcomes.map((o) => o.kind)).toContain('rateLimited');
    expect(outcomes.map((o) => o.kind)).toContain('ok');
    expect(new Set(outcomes.map((o) => o.kind))).toEqual(new Set(['ok', 'permanent', 'transient', 'rateLimited']));
    for (const outcome of outcomes) expect(JSON.stringify(outcome)).not.toContain(secret);
    for (const spy of spies) expect(JSON.stringify(spy.mock.calls)).not.toContain(secret);
  });
});

describe('refresh', () => {
  it('renews an expired token before the call (30-day tokens, clock moved 31 days)', async () => {
    const tracker = await world.signIn();
    const before = await readCredentials('kitsu');
    world.internet.clock.advance(31 * DAY);
    expect(value(await tracker.viewer())).toMatchObject({ name: 'Reader' });
    expect(world.internet.log.entries().map((e) => `${e.method} ${e.path} ${e.status ?? ''}`)).toEqual([
      'POST /api/oauth/token 200',
      'GET /api/edge/users?filter[self]=true 200',
    ]);
    const form = Object.fromEntries(new URLSearchParams(tokenRequests()[0]?.body));
    expect(form).toMatchObject({ grant_type: 'refresh_token', refresh_token: before?.refreshToken, client_id: KITSU_PUBLIC_CLIENT.id });
    const after = await readCredentials('kitsu');
    expect(after?.accessToken).not.toBe(before?.accessToken);
    expect(after?.refreshToken).not.toBe(before?.refreshToken);
    expect(after?.expiresAt).toBe(T0 + 61 * DAY);
  });

  it('refreshes after a 401 "Invalid token" and retries once', async () => {
    // The session believes the token is still fresh; Kitsu knows better.
    const tracker = await world.signIn('Reader', { now: () => T0 });
    world.internet.clock.advance(31 * DAY);
    expect(value(await tracker.listEntries())).toHaveLength(3);
    expect(world.internet.log.entries().map((e) => `${e.method} ${e.status ?? ''}`)).toEqual(['GET 401', 'POST 200', 'GET 200']);
  });

  it('asks the user to reconnect when Kitsu refuses the refresh token', async () => {
    const tracker = await world.signIn('Reader', { now: () => T0 });
    // Someone else used the refresh token (Doorkeeper then revokes the old pair).
    const stored = await readCredentials('kitsu');
    await fakeFetch(world.internet, KITSU_TOKEN_URL, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: stored!.refreshToken! }).toString(),
    });
    world.internet.log.clear();
    expect(await tracker.viewer()).toEqual({ kind: 'auth', message: 'Kitsu no longer accepts the saved sign-in; reconnect Kitsu.' });
    expect(world.internet.log.entries().map((e) => `${e.method} ${e.status ?? ''}`)).toEqual(['GET 401', 'POST 400']);
  });

  it('is "try later", not "sign in again", when Kitsu cannot be reached for the refresh', async () => {
    const tracker = await world.signIn();
    world.internet.clock.advance(31 * DAY);
    world.internet.faults.add({ service: 'kitsu', pathPrefix: '/api/oauth/token', reset: true });
    expect(await tracker.viewer()).toMatchObject({ kind: 'transient' });
    expect(await readCredentials('kitsu')).not.toBeNull();
    expect(value(await tracker.viewer())).toMatchObject({ name: 'Reader' });
  });

  it('refreshGrant: null when refused or when there is no refresh token; throws when Kitsu is unreachable', async () => {
    const grant = kitsu.refreshGrant(world.config());
    expect(grant).not.toBeNull();
    const base = { accessToken: 'a', refreshToken: 'unknown', expiresAt: null, clientId: KITSU_PUBLIC_CLIENT.id };
    expect(await grant!(base)).toBeNull();
    expect(await grant!({ ...base, refreshToken: null })).toBeNull();
    expect(tokenRequests()).toHaveLength(1);
    world.internet.faults.add({ service: 'kitsu', status: 502 });
    await expect(grant!(base)).rejects.toThrow(/Kitsu/);
  });
});
