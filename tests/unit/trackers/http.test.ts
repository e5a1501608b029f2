import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createRateLimiter } from '../../../lib/trackers/rate-limiter';
import { createServiceHttp, parseRetryAfter } from '../../../lib/trackers/http';
import { createFakeInternetFetch } from '../../fakes/fetch';
import { startFakeInternet, type FakeInternet } from '../../fakes/server';
import type { FakeService } from '../../fakes/types';

/** A tiny service: GET /thing answers `{ "name": "Frieren", "chapters": 12 }`. */
const thingService: FakeService = {
  name: 'things',
  hosts: ['api.things.test'],
  handle: (req) =>
    req.url.pathname === '/thing'
      ? { status: 200, body: { name: 'Frieren', chapters: 12 } }
      : req.url.pathname === '/text'
        ? { status: 200, headers: { 'content-type': 'text/plain' }, body: 'hello' }
        : { status: 401, body: { error: 'invalid_token' } },
  seed: () => undefined,
  state: () => ({}),
  reset: () => undefined,
};

const thing = z.object({ name: z.string(), chapters: z.number() });
let internet: FakeInternet;

beforeAll(async () => {
  internet = await startFakeInternet({ services: [thingService] });
});
afterAll(() => internet.close());
beforeEach(() => internet.reset());

function http(options: { retryLimit?: number; timeoutMs?: number; maxRetryAfterMs?: number } = {}) {
  const limiter = createRateLimiter({ perMinute: 60_000, burst: 100 });
  return { limiter, http: createServiceHttp({ serviceName: 'Things', limiter, fetch: createFakeInternetFetch(internet), ...options }) };
}

describe('service HTTP layer', () => {
  it('parses a good response with its schema', async () => {
    expect(await http().http.json(thing, 'https://api.things.test/thing')).toEqual({ kind: 'ok', value: { name: 'Frieren', chapters: 12 } });
  });

  it('turns a response of the wrong shape into a transient (retried), readable error', async () => {
    const result = await http().http.json(z.object({ name: z.number() }), 'https://api.things.test/thing');
    expect(result).toEqual({ kind: 'transient', message: expect.stringMatching(/^Things sent an unexpected response \(name: /) as string });
  });

  it('turns a body that is not JSON into a transient error (a cut answer is asked again)', async () => {
    expect((await http().http.json(thing, 'https://api.things.test/text')).kind).toBe('transient');
    internet.faults.add({ host: 'api.things.test', malformed: true });
    expect(await http().http.json(thing, 'https://api.things.test/thing')).toEqual({ kind: 'transient', message: 'Things sent a response that is not JSON.' });
  });

  it('classifies 401 as auth', async () => {
    expect((await http().http.json(thing, 'https://api.things.test/nope')).kind).toBe('auth');
  });

  it('retries a transient 503 and succeeds', async () => {
    internet.faults.add({ host: 'api.things.test', status: 503, times: 2 });
    expect((await http().http.json(thing, 'https://api.things.test/thing')).kind).toBe('ok');
    expect(internet.log.count({ host: 'api.things.test' })).toBe(3);
  });

  it('gives up after the retry limit as transient, naming the service', async () => {
    internet.faults.add({ host: 'api.things.test', status: 500, times: 5 });
    const result = await http({ retryLimit: 1 }).http.json(thing, 'https://api.things.test/thing');
    expect(result).toEqual({ kind: 'transient', message: 'Things is having trouble (HTTP 500); will retry.' });
    expect(internet.log.count({ host: 'api.things.test' })).toBe(2);
  });

  it('waits out a short Retry-After and then succeeds', async () => {
    internet.faults.add({ host: 'api.things.test', status: 429, headers: { 'retry-after': '1' } });
    expect((await http().http.json(thing, 'https://api.things.test/thing')).kind).toBe('ok');
    expect(internet.log.count({ host: 'api.things.test' })).toBe(2);
  });

  it('hands a long Retry-After back as rateLimited and pauses the limiter', async () => {
    internet.faults.add({ host: 'api.things.test', status: 429, headers: { 'retry-after': '120' } });
    const { http: client, limiter } = http();
    const result = await client.json(thing, 'https://api.things.test/thing');
    expect(result).toMatchObject({ kind: 'rateLimited', retryAfterMs: 120_000 });
    expect(internet.log.count({ host: 'api.things.test' })).toBe(1);
    expect(limiter.pausedUntil).toBeGreaterThan(Date.now() + 100_000);
    // While paused, nothing more is sent: the next call ends at once with the remaining wait.
    const next = await client.json(thing, 'https://api.things.test/thing');
    expect(next).toMatchObject({ kind: 'rateLimited' });
    expect(internet.log.count({ host: 'api.things.test' })).toBe(1);
  });

  it('does not wait out a 429 without Retry-After inside the call (Kitsu sends none)', async () => {
    internet.faults.add({ host: 'api.things.test', status: 429, body: 'Retry later', times: 3 });
    const result = await http().http.json(thing, 'https://api.things.test/thing');
    expect(result).toMatchObject({ kind: 'rateLimited', retryAfterMs: 60_000 });
    expect(internet.log.count({ host: 'api.things.test' })).toBe(1);
  });

  it('reports a dropped connection as transient', async () => {
    internet.faults.add({ host: 'api.things.test', reset: true, times: 5 });
    expect(await http({ retryLimit: 0 }).http.json(thing, 'https://api.things.test/thing')).toEqual({
      kind: 'transient',
      message: 'Could not reach Things (offline or blocked); will retry.',
    });
  });

  it('reports a service that does not answer in time as transient', async () => {
    internet.faults.add({ host: 'api.things.test', delayMs: 400 });
    const result = await http({ retryLimit: 0, timeoutMs: 100 }).http.json(thing, 'https://api.things.test/thing');
    expect(result).toEqual({ kind: 'transient', message: 'Things did not answer in time; will retry.' });
  });
});

describe('parseRetryAfter', () => {
  it.each([
    ['120', 120_000],
    [' 5 ', 5_000],
    ['Thu, 01 Jan 1970 00:01:40 GMT', 40_000],
    ['soon', null],
    [null, null],
  ])('%j → %s ms', (value, expected) => {
    expect(parseRetryAfter(value, 60_000)).toBe(expected);
  });
});
