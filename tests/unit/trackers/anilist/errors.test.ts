/**
 * Every AniList failure shape of API-FACTS §A ends as the right CallResult kind, through the real HTTP layer:
 * captured bodies are injected as faults at the fake internet, token failures come from the fake itself.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ANILIST_START_PER_MINUTE } from '../../../../lib/trackers/anilist/client';
import { classifyAniList, readAniListBudget } from '../../../../lib/trackers/anilist/http-quirks';
import { createRateLimiter } from '../../../../lib/trackers/rate-limiter';
import type { CallResult, Tracker } from '../../../../lib/trackers/tracker';
import { aliceTracker, graphqlRequests, signIn, START, useAniListInternet, YEAR_S } from './harness';

const h = useAniListInternet();
const JSON_HEADERS = { 'Content-Type': 'application/json' };

/** The captured (or documented) bodies of API-FACTS §A Errors, and the kind each must become. */
const ERROR_SHAPES: { name: string; status: number; body: object; kind: CallResult<never>['kind']; message: RegExp }[] = [
  {
    name: 'generic error with locations',
    status: 400,
    body: { data: null, errors: [{ message: 'Variable "$userId" of required type "Int!" was not provided.', status: 400, locations: [{ line: 4, column: 5 }] }] },
    kind: 'permanent',
    message: /^AniList refused the request: Variable "\$userId"/,
  },
  {
    name: 'validation',
    status: 400,
    body: { data: null, errors: [{ message: 'validation', status: 400, validation: { score: ['The score may not be greater than 100.'] } }] },
    kind: 'permanent',
    message: /^AniList rejected the change: score: The score may not be greater than 100\.$/,
  },
  {
    name: 'Invalid token (HTTP 400)',
    status: 400,
    body: { errors: [{ message: 'Invalid token', status: 400, locations: [{ line: 2, column: 3 }] }], data: { Viewer: null } },
    kind: 'auth',
    message: /reconnect AniList/,
  },
  {
    name: 'Viewer without token (HTTP 200)',
    status: 200,
    body: { data: { Viewer: null }, errors: [{ message: 'Unauthorized.', status: 401 }] },
    kind: 'auth',
    message: /reconnect AniList/,
  },
  {
    name: 'API temporarily disabled (403)',
    status: 403,
    body: { errors: [{ message: 'The AniList API has been temporarily disabled for maintenance.', status: 403 }], data: null },
    kind: 'transient',
    message: /^AniList's API is unavailable \(The AniList API has been temporarily disabled for maintenance\.\); will retry\.$/,
  },
  {
    name: 'Not Found on a call that needs an answer (404)',
    status: 404,
    body: { errors: [{ message: 'Not Found.', status: 404 }], data: { Viewer: null } },
    kind: 'permanent',
    message: /^AniList refused the request \(HTTP 404\)/,
  },
];

describe('error shapes (API-FACTS §A Errors) through the HTTP layer', () => {
  it.each(ERROR_SHAPES)('$name → $kind', async ({ status, body, kind, message }) => {
    await signIn(h);
    h.internet.faults.add({ service: 'anilist', status, headers: JSON_HEADERS, body: JSON.stringify(body) });
    const result = await aliceTracker(h).viewer();
    expect(result.kind).toBe(kind);
    expect(result).toMatchObject({ message: expect.stringMatching(message) as string });
    // Not retried: none of these gets better by asking again at once.
    expect(graphqlRequests(h)).toBe(1);
  });

  it('429 with Retry-After → rateLimited after the in-call retries, waiting what AniList asked', async () => {
    await signIn(h);
    h.internet.faults.add({
      service: 'anilist', times: 3, status: 429, headers: { 'Retry-After': '1', ...JSON_HEADERS },
      body: JSON.stringify({ data: null, errors: [{ message: 'Too Many Requests.', status: 429 }] }),
    });
    const result = await aliceTracker(h).viewer();
    expect(result).toEqual({ kind: 'rateLimited', retryAfterMs: 1000, message: 'AniList asked us to slow down (rate limit).' });
    expect(graphqlRequests(h)).toBe(3);
  });

  it('a 429 that clears within the call is retried and succeeds', async () => {
    await signIn(h);
    h.internet.faults.add({ service: 'anilist', status: 429, headers: { 'Retry-After': '1' }, body: '' });
    expect((await aliceTracker(h).viewer()).kind).toBe('ok');
    expect(graphqlRequests(h)).toBe(2);
  });

  it('500 that persists → transient', async () => {
    await signIn(h);
    h.internet.faults.add({ service: 'anilist', times: 3, status: 500, body: 'Internal Server Error' });
    expect(await aliceTracker(h).viewer()).toMatchObject({ kind: 'transient', message: expect.stringMatching(/^AniList/) as string });
  });

  it('a connection reset that persists → transient', async () => {
    await signIn(h);
    h.internet.faults.add({ service: 'anilist', times: 3, reset: true });
    expect(await aliceTracker(h).viewer()).toMatchObject({ kind: 'transient', message: expect.stringMatching(/^Could not reach AniList/) as string });
  });

  it('a malformed body → transient "unexpected response" (asked again later)', async () => {
    await signIn(h);
    h.internet.faults.add({ service: 'anilist', malformed: true });
    expect(await aliceTracker(h).viewer()).toEqual({ kind: 'transient', message: 'AniList sent an unexpected response (not JSON).' });
  });

  it('a body of the wrong shape → transient "unexpected response" naming the field', async () => {
    await signIn(h);
    h.internet.faults.add({ service: 'anilist', status: 200, headers: JSON_HEADERS, body: JSON.stringify({ data: { Viewer: { id: 'one', name: 'alice' } } }) });
    expect(await aliceTracker(h).viewer()).toMatchObject({ kind: 'transient', message: expect.stringMatching(/^AniList sent an unexpected response \(data\.Viewer\.id/) as string });
  });
});

describe('rate limit budget', () => {
  /**
   * The production limiter's pace on a virtual clock: a wait advances Date (the HTTP layer's clock) and the fake's
   * clock together, so minutes of AniList's windows pass in no time and nothing is timed.
   */
  function virtualTime() {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(START);
    const advance = (ms: number) => {
      vi.setSystemTime(Date.now() + ms);
      h.internet.clock.advance(ms);
    };
    const limiter = createRateLimiter({ perMinute: ANILIST_START_PER_MINUTE, burst: 5, sleep: (ms) => Promise.resolve(advance(ms)) });
    return { limiter, advance };
  }
  afterEach(() => vi.useRealTimers());

  /** Viewer reads until `wanted` succeed, waiting (virtually) whatever a rateLimited answer asks, as the outbox would. */
  async function readViewer(tracker: Tracker, advance: (ms: number) => void, wanted: number): Promise<void> {
    let succeeded = 0;
    for (let attempts = 0; succeeded < wanted && attempts < wanted * 2; attempts++) {
      const result = await tracker.viewer();
      if (result.kind === 'rateLimited') advance(result.retryAfterMs);
      else expect(result.kind).toBe('ok');
      if (result.kind === 'ok') succeeded++;
    }
    expect(succeeded).toBe(wanted);
  }
  const refused = () => h.internet.log.entries({ host: 'graphql.anilist.co' }).filter((e) => e.status === 429).length;

  it('in AniList\'s "degraded" mode (headers say 90, 429 after 30) stops before the 429', async () => {
    h.fake.setRateLimit({ perMinute: 30, headerLimit: 90 });
    await signIn(h);
    const { limiter } = virtualTime();
    const tracker = aliceTracker(h, undefined, limiter);
    for (let i = 0; i < 30; i++) expect((await tracker.viewer()).kind).toBe('ok');
    const next = await tracker.viewer();
    expect(next).toMatchObject({ kind: 'rateLimited', message: 'AniList asked us to slow down (rate limit).' });
    expect(graphqlRequests(h)).toBe(30);
    expect(refused()).toBe(0);
  });

  it('slows to what the headers say when AniList states a lower limit (20/min): 100 reads, not one 429', async () => {
    h.fake.setRateLimit({ perMinute: 20, headerLimit: 20 });
    await signIn(h);
    const { limiter, advance } = virtualTime();
    await readViewer(aliceTracker(h, undefined, limiter), advance, 100);
    expect(limiter.perMinute).toBe(20);
    expect(refused()).toBe(0);
    expect(graphqlRequests(h)).toBe(100);
  });

  it('learns from a 429 that comes before the headers\' budget is spent: one refusal, then none', async () => {
    // Headers claim 90, AniList refuses after 20: harsher than the announced 30.
    h.fake.setRateLimit({ perMinute: 20, headerLimit: 90 });
    await signIn(h);
    const { limiter, advance } = virtualTime();
    await readViewer(aliceTracker(h, undefined, limiter), advance, 100);
    expect(refused()).toBe(1);
    expect(limiter.perMinute).toBe(20);
    expect(h.internet.log.entries({ host: 'graphql.anilist.co' }).filter((e) => e.status === 200)).toHaveLength(100);
  });
});

describe('token failures from the fake itself', () => {
  it('a revoked token → auth (400 "Invalid token"), and the message never contains the token', async () => {
    const token = await signIn(h);
    h.fake.revokeToken(token);
    const result = await aliceTracker(h).listEntries();
    expect(result.kind).toBe('auth');
    expect(JSON.stringify(result)).not.toContain(token);
    expect(h.internet.log.entries({ host: 'graphql.anilist.co' })[0]?.status).toBe(400);
  });

  it('a token past its year → auth, with no refresh attempt (AniList has none)', async () => {
    await signIn(h);
    h.internet.clock.set(START + (YEAR_S + 1) * 1000);
    expect((await aliceTracker(h).getEntry('30002')).kind).toBe('auth');
    expect(h.internet.log.count({ host: 'anilist.co' })).toBe(0);
    expect(graphqlRequests(h)).toBe(1);
  });
});

describe('classifyAniList and readAniListBudget (unit)', () => {
  const response = (status: number, headers: Record<string, string> = {}) => new Response(null, { status, headers });

  it('takes the wait of a 429 from X-RateLimit-Reset when Retry-After is missing (documented shape)', () => {
    const reset = Math.ceil(Date.now() / 1000) + 30;
    const result = classifyAniList(429, '', response(429, { 'X-RateLimit-Reset': String(reset) }));
    expect(result?.kind).toBe('rateLimited');
    if (result?.kind === 'rateLimited') expect(result.retryAfterMs).toBeGreaterThan(28_000);
  });

  it('leaves "Not Found." to the caller and plain successes to the schema', () => {
    expect(classifyAniList(404, JSON.stringify({ errors: [{ message: 'Not Found.', status: 404 }], data: { Media: null } }), response(404))).toBeUndefined();
    expect(classifyAniList(200, JSON.stringify({ data: { Media: null } }), response(200))).toBeUndefined();
  });

  it('hides anything token-shaped that a service message might echo', () => {
    const jwt = 'eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.eyJzdWIiOiIxIiwiZXhwIjoxfQ.c2lnbmF0dXJlLWJ5dGVz';
    const body = JSON.stringify({ data: null, errors: [{ message: `bad header Bearer ${jwt}`, status: 400 }] });
    const result = classifyAniList(400, body, response(400));
    expect(result?.kind).toBe('permanent');
    expect(result?.message).not.toContain(jwt);
  });

  it('reads the budget as AniList states it; the limiter decides how far to believe it', () => {
    expect(readAniListBudget(response(200, { 'X-RateLimit-Limit': '90', 'X-RateLimit-Remaining': '61' }))).toEqual({ limit: 90, remaining: 61 });
    expect(readAniListBudget(response(200, { 'X-RateLimit-Limit': '30', 'X-RateLimit-Remaining': '12', 'X-RateLimit-Reset': '1700000000' })))
      .toEqual({ limit: 30, remaining: 12, resetAt: 1_700_000_000_000 });
    expect(readAniListBudget(response(200, { 'X-RateLimit-Limit': 'lots', 'X-RateLimit-Remaining': '-1' }))).toBeUndefined();
    expect(readAniListBudget(response(200))).toBeUndefined();
  });
});
