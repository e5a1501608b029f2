/**
 * The control API, served by the fake internet itself when the request's Host is `127.0.0.1` or `localhost`
 * (no fake owns those). It lets a test, the demo or a human with curl seed fakes, read their state, read the
 * request log, inject faults and move the clock without importing anything:
 *
 *   GET    /__control/state/:service      → service.state()
 *   POST   /__control/seed/:service       JSON body → service.seed(body)
 *   POST   /__control/reset[/:service]    everything (services, log, faults, clock) or one service
 *   GET    /__control/log?service=&host=&method=&pathPrefix=   → { count, entries }
 *   DELETE /__control/log
 *   GET    /__control/faults              → { faults }
 *   POST   /__control/faults              JSON fault (see faults.ts) → 201 { fault }
 *   DELETE /__control/faults
 *   GET    /__control/clock               → { now }
 *   POST   /__control/clock               { advanceMs } | { setMs } | { reset: true } → { now }
 *
 * Bad input answers 400 with a readable message in `{ error }`.
 */
import { z } from 'zod';
import { formatZodError, type WritableFaultSet } from './faults';
import { json, type WireResponse } from './http';
import type { LogFilter, RequestLog } from './log';
import type { FakeClock, FakeService } from './types';

export const CONTROL_PREFIX = '/__control';
export const CONTROL_HOSTS: readonly string[] = ['127.0.0.1', 'localhost', '::1'];

export interface ControlTarget {
  services: Record<string, FakeService>;
  log: RequestLog;
  faults: WritableFaultSet;
  clock: FakeClock;
  /** Services, log, faults and clock back to their start state. */
  resetAll(): void;
}

const clockCommandSchema = z.union([
  z.object({ advanceMs: z.number() }).strict(),
  z.object({ setMs: z.number() }).strict(),
  z.object({ reset: z.literal(true) }).strict(),
]);

class BadRequest extends Error {}
class NotFound extends Error {}

export function handleControl(target: ControlTarget, method: string, url: URL, body: Buffer): WireResponse {
  try {
    return route(target, method, url, body);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const status = error instanceof BadRequest ? 400 : error instanceof NotFound ? 404 : 500;
    return json(status, { error: message });
  }
}

function route(target: ControlTarget, method: string, url: URL, body: Buffer): WireResponse {
  const parts = url.pathname.slice(CONTROL_PREFIX.length).split('/').filter(Boolean).map(decodeURIComponent);
  const [resource, arg, extra] = parts;
  const is = (m: string, r: string, withArg: 'none' | 'optional' | 'required'): boolean =>
    method === m &&
    resource === r &&
    extra === undefined &&
    (withArg === 'optional' || (withArg === 'none' ? arg === undefined : arg !== undefined));

  if (is('GET', 'state', 'required')) return json(200, serviceOf(target, arg).state());
  if (is('POST', 'seed', 'required')) {
    const service = serviceOf(target, arg);
    const data = parseJson(body);
    try {
      service.seed(data);
    } catch (error) {
      // Fakes validate seeds with zod and throw readable errors: junk seed data is the caller's mistake.
      throw new BadRequest(`seed ${service.name}: ${error instanceof Error ? error.message : String(error)}`);
    }
    return json(200, { ok: true, service: service.name });
  }
  if (is('POST', 'reset', 'optional')) {
    if (arg === undefined) target.resetAll();
    else serviceOf(target, arg).reset();
    return json(200, { ok: true });
  }
  if (is('GET', 'log', 'none')) {
    const filter = logFilter(url.searchParams);
    return json(200, { count: target.log.count(filter), entries: target.log.entries(filter) });
  }
  if (is('DELETE', 'log', 'none')) {
    target.log.clear();
    return json(200, { ok: true });
  }
  if (is('GET', 'faults', 'none')) return json(200, { faults: target.faults.list() });
  if (is('POST', 'faults', 'none')) {
    try {
      return json(201, { fault: target.faults.addUnknown(parseJson(body)) });
    } catch (error) {
      throw new BadRequest(error instanceof Error ? error.message : String(error));
    }
  }
  if (is('DELETE', 'faults', 'none')) {
    target.faults.clear();
    return json(200, { ok: true });
  }
  if (is('GET', 'clock', 'none')) return json(200, { now: target.clock.now() });
  if (is('POST', 'clock', 'none')) {
    const parsed = clockCommandSchema.safeParse(parseJson(body));
    if (!parsed.success) {
      throw new BadRequest(`invalid clock command (want {advanceMs} | {setMs} | {reset: true}): ${formatZodError(parsed.error)}`);
    }
    const command = parsed.data;
    if ('advanceMs' in command) target.clock.advance(command.advanceMs);
    else if ('setMs' in command) target.clock.set(command.setMs);
    else target.clock.reset();
    return json(200, { now: target.clock.now() });
  }
  return json(404, { error: `no control route ${method} ${url.pathname}` });
}

function serviceOf(target: ControlTarget, name: string | undefined): FakeService {
  const service = name === undefined ? undefined : target.services[name];
  if (service === undefined) {
    throw new NotFound(`unknown service "${name ?? ''}" (known: ${Object.keys(target.services).join(', ')})`);
  }
  return service;
}

function parseJson(body: Buffer): unknown {
  const text = body.toString('utf8');
  if (text.trim() === '') throw new BadRequest('expected a JSON body, got an empty one');
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new BadRequest(`body is not JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
}

function logFilter(params: URLSearchParams): LogFilter {
  const filter: LogFilter = {};
  for (const key of ['service', 'host', 'method', 'pathPrefix'] as const) {
    const value = params.get(key);
    if (value !== null && value !== '') filter[key] = value;
  }
  return filter;
}
