import { Agent, request } from 'node:https';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { fakeFetch } from '../../fakes/client';
import { startFakeInternet, type FakeInternet } from '../../fakes/server';
import type { FakeContext, FakeRequest, FakeService } from '../../fakes/types';

/** A tiny stateful fake: counts pings, echoes requests, and has a seedable greeting. */
function createEchoFake(ctx: FakeContext): FakeService {
  const seedSchema = z.object({ greeting: z.string().min(1) }).strict();
  let greeting = 'hello';
  let pings = 0;
  return {
    name: 'echo',
    hosts: ['echo.example', 'www.echo.example'],
    handle(req: FakeRequest) {
      if (req.url.pathname === '/boom') throw new Error('kaboom');
      if (req.url.pathname === '/text') return { status: 200, headers: { 'Content-Type': 'text/plain' }, body: greeting };
      if (req.url.pathname === '/ping') pings += 1;
      return {
        status: 200,
        body: {
          greeting,
          method: req.method,
          host: req.host,
          path: req.url.pathname,
          query: req.url.searchParams.get('q'),
          body: req.text(),
          now: ctx.clock.now(),
        },
      };
    },
    seed(data: unknown) {
      greeting = seedSchema.parse(data).greeting;
    },
    state: () => ({ greeting, pings }),
    reset() {
      greeting = 'hello';
      pings = 0;
    },
  };
}

function createOtherFake(): FakeService {
  return {
    name: 'other',
    hosts: ['other.example'],
    handle: () => ({ status: 201, body: { other: true } }),
    seed: () => undefined,
    state: () => ({}),
    reset: () => undefined,
  };
}

let fi: FakeInternet;
const control = (path: string, init?: Parameters<typeof fakeFetch>[2]) =>
  fakeFetch(fi, `https://127.0.0.1/__control${path}`, init);
const errorOf = (res: { json(): unknown }): string => z.object({ error: z.string() }).parse(res.json()).error;
const postJson = (path: string, value: unknown) =>
  control(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(value) });

beforeAll(async () => {
  fi = await startFakeInternet({ services: [createEchoFake, createOtherFake()] });
});
afterAll(async () => {
  await fi.close();
});
afterEach(() => {
  fi.reset();
});

describe('dispatch', () => {
  it('routes on the Host header (port stripped, case-insensitive) and serialises object bodies as JSON', async () => {
    const res = await fakeFetch(fi, 'https://ECHO.example:8443/hi?q=1', {
      method: 'post',
      headers: { 'content-type': 'text/plain' },
      body: 'payload',
    });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/json');
    expect(res.json()).toMatchObject({ method: 'POST', host: 'echo.example', path: '/hi', query: '1', body: 'payload' });

    const other = await fakeFetch(fi, 'https://other.example/');
    expect(other.status).toBe(201);
    expect(other.json()).toEqual({ other: true });
  });

  it('keeps a content type the fake chose', async () => {
    const res = await fakeFetch(fi, 'https://www.echo.example/text');
    expect(res.headers['content-type']).toBe('text/plain');
    expect(res.text).toBe('hello');
  });

  it('answers 421 with a plain message for a host no fake owns', async () => {
    const res = await fakeFetch(fi, 'https://nobody.example/');
    expect(res.status).toBe(421);
    expect(res.headers['content-type']).toMatch(/^text\/plain/);
    expect(res.text).toContain('nobody.example');
    expect(fi.log.count({ host: 'nobody.example' })).toBe(1);
    expect(fi.log.entries({ host: 'nobody.example' })[0]?.service).toBeNull();
  });

  it('turns an exception in a fake into a 500 and records it', async () => {
    const res = await fakeFetch(fi, 'https://echo.example/boom');
    expect(res.status).toBe(500);
    expect(res.text).toContain('kaboom');
    expect(fi.log.entries({ pathPrefix: '/boom' })[0]?.error).toContain('kaboom');
  });

  it('lists every host and builds Chromium host-resolver rules that fail everything else', () => {
    expect(fi.hosts.sort()).toEqual(['echo.example', 'other.example', 'www.echo.example']);
    expect(fi.origin).toBe(`https://127.0.0.1:${fi.port}`);
    const rules = fi.hostResolverRules();
    expect(rules).toContain(`MAP echo.example 127.0.0.1:${fi.port}`);
    expect(rules).toContain(`MAP other.example 127.0.0.1:${fi.port}`);
    expect(rules.endsWith('MAP * ~NOTFOUND, EXCLUDE 127.0.0.1')).toBe(true);
  });

  it('refuses two fakes claiming one host', async () => {
    const clash = { ...createOtherFake(), name: 'clash' };
    await expect(startFakeInternet({ services: [createOtherFake(), clash] })).rejects.toThrow(/other\.example/);
  });
});

describe('request log', () => {
  it('records service, host, method, path with query, headers, body and status', async () => {
    await fakeFetch(fi, 'https://echo.example/ping?x=1', {
      method: 'PUT',
      headers: { authorization: 'Bearer abc', 'content-type': 'application/json' },
      body: '{"a":1}',
    });
    await fakeFetch(fi, 'https://echo.example/ping');
    await fakeFetch(fi, 'https://other.example/elsewhere');

    expect(fi.log.count()).toBe(3);
    expect(fi.log.count({ service: 'echo' })).toBe(2);
    expect(fi.log.count({ service: 'echo', method: 'put' })).toBe(1);
    expect(fi.log.count({ pathPrefix: '/ping?x=' })).toBe(1);
    expect(fi.log.count({ host: 'other.example' })).toBe(1);
    const [put] = fi.log.entries({ method: 'PUT' });
    expect(put).toMatchObject({
      seq: 1,
      service: 'echo',
      host: 'echo.example',
      method: 'PUT',
      path: '/ping?x=1',
      body: '{"a":1}',
      bodyTruncated: false,
      status: 200,
    });
    expect(put?.headers.authorization).toBe('Bearer abc');
    expect(put?.headers['content-type']).toBe('application/json');

    fi.log.clear();
    expect(fi.log.count()).toBe(0);
  });

  it('cuts long bodies at 64 KB', async () => {
    await fakeFetch(fi, 'https://echo.example/big', { method: 'POST', body: 'x'.repeat(70 * 1024) });
    const [entry] = fi.log.entries();
    expect(entry?.bodyTruncated).toBe(true);
    expect(entry?.body.length).toBe(64 * 1024);
  });

  it('stamps entries with the fake clock', async () => {
    fi.clock.set(1_700_000_000_000);
    await fakeFetch(fi, 'https://echo.example/');
    expect(fi.log.entries()[0]?.time).toBe(1_700_000_000_000);
  });
});

describe('faults', () => {
  it('answers an injected status for the next N matching requests, then lets the fake answer', async () => {
    fi.faults.add({ service: 'echo', pathPrefix: '/ping', times: 2, status: 503, headers: { 'Retry-After': '7' }, body: 'busy' });
    const first = await fakeFetch(fi, 'https://echo.example/ping');
    const unrelated = await fakeFetch(fi, 'https://echo.example/other');
    const second = await fakeFetch(fi, 'https://echo.example/ping');
    const third = await fakeFetch(fi, 'https://echo.example/ping');

    expect([first.status, unrelated.status, second.status, third.status]).toEqual([503, 200, 503, 200]);
    expect(first.headers['retry-after']).toBe('7');
    expect(first.text).toBe('busy');
    // The fake never saw the faulted requests.
    expect(fi.services.echo?.state()).toEqual({ greeting: 'hello', pings: 1 });
    expect(fi.log.entries({ pathPrefix: '/ping' }).map((e) => [e.status, e.fault])).toEqual([
      [503, 'status'],
      [503, 'status'],
      [200, undefined],
    ]);
    expect(fi.faults.list()).toEqual([]);
  });

  it('matches on method and host', async () => {
    fi.faults.add({ host: 'OTHER.example', method: 'post', times: 1, status: 418 });
    expect((await fakeFetch(fi, 'https://other.example/')).status).toBe(201);
    expect((await fakeFetch(fi, 'https://echo.example/', { method: 'POST' })).status).toBe(200);
    expect((await fakeFetch(fi, 'https://other.example/', { method: 'POST' })).status).toBe(418);
  });

  it('delays a request and then lets the fake answer', async () => {
    // Long enough to cover one TLS handshake of the fast request; only the order is asserted.
    fi.faults.add({ pathPrefix: '/slow', times: 1, delayMs: 250 });
    const order: string[] = [];
    const slow = fakeFetch(fi, 'https://echo.example/slow').then((res) => {
      order.push('slow');
      return res;
    });
    // Make sure the slow request is in the server before the fast one is sent.
    await expect.poll(() => fi.log.count({ pathPrefix: '/slow' }), { interval: 2 }).toBe(1);
    const fast = await fakeFetch(fi, 'https://echo.example/fast');
    order.push('fast');
    const slowRes = await slow;

    expect(order).toEqual(['fast', 'slow']);
    expect(fast.status).toBe(200);
    expect(slowRes.status).toBe(200);
    expect(slowRes.json()).toMatchObject({ path: '/slow' });
    expect(fi.log.entries({ pathPrefix: '/slow' })[0]?.fault).toBe('delay');
  });

  it('resets the connection', async () => {
    fi.faults.add({ service: 'echo', times: 1, reset: true });
    await expect(fakeFetch(fi, 'https://echo.example/')).rejects.toThrow(/socket hang up|ECONNRESET/);
    expect(fi.log.entries()[0]).toMatchObject({ status: null, fault: 'reset' });
    expect((await fakeFetch(fi, 'https://echo.example/')).status).toBe(200);
  });

  it('lets the fake answer but breaks the JSON body', async () => {
    fi.faults.add({ service: 'echo', times: 1, malformed: true });
    const res = await fakeFetch(fi, 'https://echo.example/ping');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/json');
    expect(() => res.json()).toThrow(SyntaxError);
    expect(res.text.length).toBeGreaterThan(0);
    // The fake did handle it.
    expect(fi.services.echo?.state()).toMatchObject({ pings: 1 });
  });

  it('rejects junk faults with a readable message', () => {
    expect(() => fi.faults.add({ times: 1 })).toThrow(/at least one of status, delayMs, reset, malformed/);
    expect(() => fi.faults.add({ times: 0, status: 500 })).toThrow(/times/);
    expect(() => fi.faults.add({ service: 'nope', status: 500 })).toThrow(/unknown service "nope"/);
    expect(() => fi.faults.add({ status: 500, reset: true })).toThrow(/exclude each other/);
  });
});

describe('control API', () => {
  it('seeds a fake and reads its state', async () => {
    const seeded = await postJson('/seed/echo', { greeting: 'ohayo' });
    expect(seeded.status).toBe(200);
    const state = await control('/state/echo');
    expect(state.json()).toEqual({ greeting: 'ohayo', pings: 0 });
    expect((await fakeFetch(fi, 'https://echo.example/text')).text).toBe('ohayo');
  });

  it('answers 400 with a readable message for a junk body', async () => {
    const notJson = await control('/seed/echo', { method: 'POST', body: '{nope' });
    expect(notJson.status).toBe(400);
    expect(errorOf(notJson)).toContain('not JSON');

    const wrongShape = await postJson('/seed/echo', { greeting: 42 });
    expect(wrongShape.status).toBe(400);
    expect(errorOf(wrongShape)).toContain('greeting');

    const badFault = await postJson('/faults', { times: 'twice', status: 500 });
    expect(badFault.status).toBe(400);
    expect(errorOf(badFault)).toContain('times');

    const badClock = await postJson('/clock', { advanceMs: 'soon' });
    expect(badClock.status).toBe(400);

    expect((await control('/state/nope')).status).toBe(404);
  });

  it('resets one fake or everything', async () => {
    await postJson('/seed/echo', { greeting: 'ohayo' });
    await fakeFetch(fi, 'https://echo.example/ping');
    expect((await control('/reset/echo', { method: 'POST' })).status).toBe(200);
    expect(fi.services.echo?.state()).toEqual({ greeting: 'hello', pings: 0 });
    expect(fi.log.count()).toBe(1);

    fi.faults.add({ status: 500 });
    expect((await control('/reset', { method: 'POST' })).status).toBe(200);
    expect(fi.log.count()).toBe(0);
    expect(fi.faults.list()).toEqual([]);
  });

  it('reads and clears the request log, with filters; control calls are not logged', async () => {
    await fakeFetch(fi, 'https://echo.example/a', { method: 'POST', body: 'x' });
    await fakeFetch(fi, 'https://echo.example/b');
    await fakeFetch(fi, 'https://other.example/a');
    const all = await control('/log');
    expect(all.json()).toMatchObject({ count: 3 });
    const filtered = await control('/log?service=echo&method=POST&pathPrefix=/a');
    const body = z
      .object({ count: z.number(), entries: z.array(z.object({ path: z.string(), body: z.string() })) })
      .parse(filtered.json());
    expect(body.count).toBe(1);
    expect(body.entries[0]).toMatchObject({ path: '/a', body: 'x' });

    expect((await control('/log', { method: 'DELETE' })).status).toBe(200);
    expect(fi.log.count()).toBe(0);
  });

  it('adds, lists and clears faults', async () => {
    const added = await postJson('/faults', { service: 'echo', times: 1, status: 429, headers: { 'retry-after': '60' } });
    expect(added.status).toBe(201);
    expect((await control('/faults')).json()).toMatchObject({ faults: [{ status: 429, remaining: 1 }] });
    const res = await fakeFetch(fi, 'https://echo.example/');
    expect(res.status).toBe(429);
    expect(res.headers['retry-after']).toBe('60');

    await postJson('/faults', { service: 'echo', times: 5, status: 500 });
    expect((await control('/faults', { method: 'DELETE' })).status).toBe(200);
    expect((await fakeFetch(fi, 'https://echo.example/')).status).toBe(200);
  });

  it('moves the clock the fakes see', async () => {
    expect((await postJson('/clock', { setMs: 1_000_000 })).json()).toEqual({ now: 1_000_000 });
    expect((await postJson('/clock', { advanceMs: 500 })).json()).toEqual({ now: 1_000_500 });
    expect((await fakeFetch(fi, 'https://echo.example/')).json()).toMatchObject({ now: 1_000_500 });
    await postJson('/clock', { reset: true });
    expect(Math.abs(fi.clock.now() - Date.now())).toBeLessThan(60_000);
  });

  it('has no service routes on the control host', async () => {
    expect((await fakeFetch(fi, 'https://localhost/anything')).status).toBe(421);
    expect((await control('/nowhere')).status).toBe(404);
  });
});

describe('close', () => {
  it('resolves while a client holds an idle keep-alive connection', async () => {
    const own = await startFakeInternet({ services: [createOtherFake()] });
    // A keep-alive agent leaves the socket open after the response, like Chromium does.
    const agent = new Agent({ keepAlive: true });
    const agentRes = await new Promise<number>((resolve, reject) => {
      const req = request(
        {
          host: '127.0.0.1',
          port: own.port,
          path: '/',
          headers: { host: 'other.example', connection: 'keep-alive' },
          servername: 'other.example',
          rejectUnauthorized: false,
          agent,
        },
        (res) => {
          res.resume();
          res.on('end', () => resolve(res.statusCode ?? 0));
        },
      );
      req.on('error', reject);
      req.end();
    });
    expect(agentRes).toBe(201);
    await expect(own.close()).resolves.toBeUndefined();
    agent.destroy();
  });
});
