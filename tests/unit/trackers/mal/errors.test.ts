/** Every MyAnimeList error shape of API-FACTS §B, through the real client, into the closed result set. */
import { describe, expect, it } from 'vitest';
import { classifyMalResponse, MAL_THROTTLE_RETRY_MS } from '../../../../lib/trackers/mal/errors';
import type { CallResult } from '../../../../lib/trackers/tracker';
import type { FaultSpec } from '../../../fakes/server';
import { apiRequests, BASE_SEED, fastLimiter, malTracker, signIn, tokenRequests, useMalInternet } from './harness';

const h = useMalInternet();

/** Without a refresh token a 401 is final at once, which isolates classification from renewal. */
const signInWithoutRefresh = () => signIn(h, { credentials: { refreshToken: null } });
const fault = (spec: FaultSpec) => h.internet.faults.add({ service: 'mal', host: 'api.myanimelist.net', ...spec });
const json = (status: number, body: unknown): FaultSpec => ({ status, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

function expectFailure(result: CallResult<unknown>, kind: string, message: RegExp, token?: string): void {
  expect(result.kind).toBe(kind);
  if (result.kind === 'ok') return;
  expect(result.message).toMatch(/MyAnimeList/);
  expect(result.message).toMatch(message);
  if (token) expect(result.message).not.toContain(token);
}

describe('MyAnimeList failures', () => {
  it('401 invalid_token → auth', async () => {
    const { accessToken } = await signInWithoutRefresh();
    fault(json(401, { error: 'invalid_token', message: 'token is invalid' }));
    expectFailure(await malTracker(h).viewer(), 'auth', /reconnect/, accessToken);
  });

  it('400 bad parameters → permanent with MAL’s message', async () => {
    const { accessToken } = await signInWithoutRefresh();
    fault(json(400, { message: 'invalid q', error: 'bad_request' }));
    expectFailure(await malTracker(h).searchManga('Berserk'), 'permanent', /bad_request: invalid q/, accessToken);
  });

  it('400 invalid_content (a value MAL will not store) → permanent', async () => {
    const { accessToken } = await signInWithoutRefresh();
    // 30 February is a date MAL refuses; the fake answers exactly as MAL does.
    const result = await malTracker(h).saveEntries([{ mediaId: '2', startedAt: { year: 2024, month: 2, day: 30 } }]);
    expectFailure(result, 'permanent', /refused the values we sent \(invalid_content: Invalid content\)/, accessToken);
  });

  it('403 "DoS detected" plain text → rateLimited for 5 minutes, and later calls back off without a request', async () => {
    const { accessToken } = await signInWithoutRefresh();
    fault({ status: 403, body: 'DoS detected' });
    const tracker = malTracker(h, fastLimiter());
    const result = await tracker.viewer();
    expectFailure(result, 'rateLimited', /blocking requests/, accessToken);
    expect(result).toMatchObject({ retryAfterMs: MAL_THROTTLE_RETRY_MS });
    const again = await tracker.listEntries();
    expect(again.kind).toBe('rateLimited');
    expect(apiRequests(h)).toHaveLength(1);
  });

  it('the HTML "Request blocked" page of MAL’s throttle → rateLimited', async () => {
    h.fake.seed({ ...BASE_SEED, throttle: { limit: 1, windowMs: 60_000 } });
    await signInWithoutRefresh();
    const tracker = malTracker(h);
    expect((await tracker.getEntry('2')).kind).toBe('ok');
    expectFailure(await malTracker(h).getEntry('2'), 'rateLimited', /blocking requests/);
    expect(apiRequests(h).map((r) => r.status)).toEqual([200, 403]);
  });

  it('404 → permanent (and null where "not there" is an answer)', async () => {
    await signInWithoutRefresh();
    expectFailure(await malTracker(h).getEntry('999999'), 'permanent', /no such manga/);
    expect(await malTracker(h).lookup({ mal: 999999 })).toEqual({ kind: 'ok', value: null });
  });

  it('5xx → transient after the in-call retries', async () => {
    await signInWithoutRefresh();
    fault({ status: 503, times: 3 });
    expectFailure(await malTracker(h).viewer(), 'transient', /HTTP 503/);
    expect(apiRequests(h)).toHaveLength(3);
  });

  it('a dropped connection → transient', async () => {
    await signInWithoutRefresh();
    fault({ reset: true, times: 3 });
    expectFailure(await malTracker(h).viewer(), 'transient', /Could not reach/);
  });

  it('a cut-off JSON body → transient, not JSON', async () => {
    await signInWithoutRefresh();
    fault({ malformed: true });
    expectFailure(await malTracker(h).listEntries(), 'transient', /not JSON/);
  });

  it('JSON of the wrong shape → transient unexpected response', async () => {
    await signInWithoutRefresh();
    fault(json(200, { id: 'forty-two' }));
    expectFailure(await malTracker(h).viewer(), 'transient', /unexpected response \(id: /);
  });

  it('no error message ever carries a token, even when MAL echoes it', async () => {
    const { accessToken } = await signInWithoutRefresh();
    fault(json(400, { error: 'bad_request', message: `bad token ${accessToken}` }));
    const result = await malTracker(h).viewer();
    expect(result).toMatchObject({ kind: 'permanent', message: expect.stringContaining('bad token [redacted]') as string });
    expect(JSON.stringify(result)).not.toContain(accessToken.slice(0, 12));
    expect(tokenRequests(h)).toHaveLength(0);
  });
});

describe('classifyMalResponse', () => {
  it.each([
    [200, '{"data":[{"node":{"id":1,"title":"Request blocked"}}]}', undefined],
    [200, 'null', undefined],
    [200, '<html><body>Request blocked</body></html>', 'rateLimited'],
    [403, 'DoS detected', 'rateLimited'],
    [403, '<!DOCTYPE html><h1>403 Forbidden</h1>', 'rateLimited'],
    [403, '{"error":"forbidden","message":""}', 'permanent'],
    [429, 'Request blocked', 'rateLimited'],
    [401, '{"error":"invalid_token","message":"token is invalid"}', 'auth'],
    [401, '', 'auth'],
    [400, '{"message":"Invalid content","error":"invalid_content"}', 'permanent'],
    [404, '{"message":"","error":"not_found"}', 'permanent'],
    [404, 'null', 'permanent'],
    [500, '<html>oops</html>', undefined],
    [503, '', undefined],
  ])('HTTP %i %s → %s', (status, body, kind) => {
    expect(classifyMalResponse(status, body)?.kind).toBe(kind);
  });

  it('keeps MAL’s long messages short', () => {
    const failure = classifyMalResponse(400, JSON.stringify({ error: 'bad_request', message: 'x'.repeat(5000) }));
    expect(failure?.message.length).toBeLessThan(250);
  });
});
