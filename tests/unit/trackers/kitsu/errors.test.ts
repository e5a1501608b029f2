import { describe, expect, it } from 'vitest';
import { saveCredentials } from '../../../../lib/auth/credentials';
import { KITSU_PUBLIC_CLIENT } from '../../../../lib/trackers/kitsu/auth';
import { classifyKitsuApi, classifyKitsuToken, describeJsonApiErrors } from '../../../../lib/trackers/kitsu/errors';
import { createRateLimiter } from '../../../../lib/trackers/rate-limiter';
import { fakeFetch } from '../../../fakes/client';
import { fakeState, useKitsuWorld, value } from './harness';

const world = useKitsuWorld();
const JSONAPI = 'application/vnd.api+json';
const statuses = () => world.internet.log.entries({ service: 'kitsu' }).map((e) => e.status);

describe('the JSON:API content type', () => {
  it('is required by the fake: a raw PATCH without it gets 415, which classifies as permanent', async () => {
    const body = JSON.stringify({ data: { id: '101', type: 'libraryEntries', attributes: { progress: 1 } } });
    const tokens = world.fake.issueTokens('Reader');
    const raw = await fakeFetch(world.internet, 'https://kitsu.app/api/edge/library-entries/101', {
      method: 'PATCH',
      headers: { accept: JSONAPI, 'content-type': 'application/json', authorization: `Bearer ${tokens.access_token}` },
      body,
    });
    expect(raw.status).toBe(415);
    expect(classifyKitsuApi(raw.status, raw.text)).toMatchObject({ kind: 'permanent', message: expect.stringContaining('415') as unknown });
    expect(fakeState(world.fake).entries.find((e) => e.id === '101')?.progress).toBe(327);
  });
});

describe('Kitsu errors as the tracker reports them', () => {
  it('403 on a write with a token of another account → auth (reconnect), after one refresh attempt', async () => {
    // Signed in as Other, but the recorded account is Reader's: Reader's public entry is found, the PATCH is 403.
    const tracker = await world.signIn('Other', { account: { userId: '1', scoreSetting: null } });
    const result = await tracker.saveEntries([{ mediaId: '183', progress: 5 }]);
    expect(result).toEqual({ kind: 'auth', message: expect.stringContaining('permission to update') as unknown });
    expect(result.kind === 'auth' && result.message).toContain('reconnect Kitsu');
    expect(statuses()).toEqual([200, 403, 200, 200, 403]); // GET, PATCH, refresh, GET, PATCH
  });

  it('an unknown token reads anonymously but cannot write: 403 → auth', async () => {
    const tracker = await world.signIn();
    await saveCredentials('kitsu', { accessToken: 'never-issued', refreshToken: null, expiresAt: null, clientId: KITSU_PUBLIC_CLIENT.id });
    expect(await tracker.saveEntries([{ mediaId: '183', progress: 5 }])).toMatchObject({ kind: 'auth' });
    expect(await tracker.deleteEntry('183')).toMatchObject({ kind: 'auth' });
    expect(statuses()).toEqual([200, 403, 200, 403]);
  });

  it('429 text/plain "Retry later" → rateLimited at once, without hammering Kitsu with retries', async () => {
    const instant = createRateLimiter({ perMinute: 6000, burst: 100, sleep: () => Promise.resolve() });
    const tracker = await world.signIn('Reader', { limiter: instant });
    world.internet.faults.add({ service: 'kitsu', status: 429, headers: { 'content-type': 'text/plain' }, body: 'Retry later\n', times: 3 });
    expect(await tracker.viewer()).toEqual({ kind: 'rateLimited', retryAfterMs: 60_000, message: expect.stringContaining('Kitsu') as unknown });
    expect(statuses()).toEqual([429]);
  });

  it.each([
    ['5xx', { status: 503, times: 3 }, 'transient'],
    ['a reset connection', { reset: true, times: 3 }, 'transient'],
    ['a cut-off body', { malformed: true }, 'transient'],
  ] as const)('%s → %s', async (_name, fault, kind) => {
    const tracker = await world.signIn();
    world.internet.faults.add({ service: 'kitsu', ...fault });
    expect(await tracker.listEntries()).toMatchObject({ kind, message: expect.stringContaining('Kitsu') as unknown });
    // And the next call, with the fault gone, works.
    expect(value(await tracker.listEntries())).toHaveLength(3);
  });

  it('a 200 that is not a JSON:API document is transient (asked again), naming the field', async () => {
    const tracker = await world.signIn();
    world.internet.faults.add({ service: 'kitsu', status: 200, headers: { 'content-type': JSONAPI }, body: '{"data":[{"id":1}]}' });
    expect(await tracker.viewer()).toMatchObject({ kind: 'transient', message: expect.stringContaining('data.0') as unknown });
  });
});

describe('classification of each documented shape', () => {
  const response = (headers: Record<string, string> = {}) => new Response(null, { headers });

  it.each([
    [401, '{"errors":[{"title":"Invalid token","status":"401"}]}', 'auth', 'no longer accepts'],
    [403, '{"errors":[{"title":"Update Forbidden","detail":"You don\'t have permission to update this library entry.","code":"403","status":"403"}]}', 'auth', 'permission to update'],
    [415, '{"errors":[{"title":"Unsupported media type","status":"415"}]}', 'permanent', '415'],
    [422, '{"errors":[{"title":"just... go outside","detail":"reconsumeCount - just... go outside","code":"100","source":{"pointer":"/data/attributes/reconsumeCount"},"status":"422"}]}', 'permanent', 'reconsumeCount - just... go outside (at /data/attributes/reconsumeCount)'],
    [422, 'not json', 'permanent', 'HTTP 422'],
    [400, '{"errors":[{"status":400,"detail":"No filter provided"}]}', 'permanent', 'No filter provided'],
    [400, '{"errors":[{"title":"Invalid page value","detail":"Limit exceeds maximum page size of 500.","code":"118","status":"400"}]}', 'permanent', 'maximum page size of 500'],
    [404, '{"errors":[{"title":"Record not found","detail":"The record identified by 9 could not be found.","status":"404"}]}', 'permanent', 'could not be found'],
  ] as const)('API %i %s → %s', (status, body, kind, text) => {
    const failure = classifyKitsuApi(status, body);
    expect(failure).toMatchObject({ kind });
    expect(failure?.message).toContain(text);
    expect(failure?.message).toContain('Kitsu');
  });

  it('leaves 2xx, 429 and 5xx to the generic rules', () => {
    for (const status of [200, 201, 204, 429, 500, 503]) expect(classifyKitsuApi(status, 'Retry later')).toBeUndefined();
  });

  it.each([
    [400, '{"error":"invalid_grant","error_description":"The provided authorization grant is invalid"}', 'permanent', 'did not accept that email/username and password'],
    [401, '{"error":"invalid_client","error_description":"Client authentication failed"}', 'permanent', 'client ID'],
    [400, '{"error":"invalid_request","error_description":"Missing required parameter: username."}', 'permanent', 'invalid_request'],
    [429, 'Retry later\n', 'rateLimited', 'too many sign-in attempts'],
  ] as const)('token endpoint %i %s → %s', (status, body, kind, text) => {
    const failure = classifyKitsuToken(status, body, response());
    expect(failure).toMatchObject({ kind });
    expect(failure?.message).toContain(text);
  });

  it('honours a Retry-After on a throttled login, should Kitsu ever send one', () => {
    expect(classifyKitsuToken(429, 'Retry later', response({ 'retry-after': '42' }))).toMatchObject({ retryAfterMs: 42_000 });
  });

  it('describes at most three errors, and nothing for a body that is not a JSON:API error document', () => {
    const many = JSON.stringify({ errors: ['a', 'b', 'c', 'd'].map((d) => ({ detail: d, status: '422' })) });
    expect(describeJsonApiErrors(many)).toBe('a; b; c');
    expect(describeJsonApiErrors('{"errors":[]}')).toBeNull();
    expect(describeJsonApiErrors('<html>')).toBeNull();
  });
});
