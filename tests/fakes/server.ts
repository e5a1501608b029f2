/**
 * The fake internet (TESTING.md §2): one local HTTPS server that answers for every service host the extension
 * talks to. Chromium reaches it through `--host-resolver-rules` (see `hostResolverRules()`) and
 * `--ignore-certificate-errors`; Node tests reach it through `fakeFetch` (client.ts).
 *
 * Per request: control API (Host 127.0.0.1/localhost) → request log → injected fault → the fake that owns the
 * Host header. Dispatch knows nothing about particular services, so self-hosted reader fakes plug in the same way.
 */
import { createServer, type Server } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { generate } from 'selfsigned';
import { createClock } from './clock';
import { CONTROL_HOSTS, CONTROL_PREFIX, handleControl } from './control';
import { createFaultSet, type Fault, type FaultSet } from './faults';
import {
  BodyTooLargeError,
  hostOf,
  flatHeaders,
  malform,
  plain,
  readBody,
  serialise,
  toFakeRequest,
  type WireResponse,
} from './http';
import { createRequestLog, logBody, type LogEntry, type RequestLog } from './log';
import type { FakeClock, FakeContext, FakeService } from './types';

export { createClock } from './clock';
export type { Fault, FaultSet, FaultSpec } from './faults';
export type { LogEntry, LogFilter, RequestLog } from './log';

export interface FakeInternetOptions {
  /**
   * The fakes to serve. A factory is called with this server's context (its clock), which saves the caller from
   * creating the clock first: `services: [createMangaDexFake]`.
   */
  services: (FakeService | ((ctx: FakeContext) => FakeService))[];
  /** 0 (default) = a free port. */
  port?: number;
  /** Shared with the fakes; defaults to a fresh `createClock()`. */
  clock?: FakeClock;
}

export interface FakeInternet {
  port: number;
  /** `https://127.0.0.1:PORT` — where the control API lives. */
  origin: string;
  /** Every host some fake answers for. */
  hosts: string[];
  services: Record<string, FakeService>;
  log: RequestLog;
  faults: FaultSet;
  clock: FakeClock;
  /** Every service back to its start state; log and faults cleared; clock following real time again. */
  reset(): void;
  /**
   * Value for Chromium's `--host-resolver-rules`: every fake host mapped here, everything else unresolvable so
   * no test can reach the real internet (Chromium also stops its start-up lookups of Google hosts).
   */
  hostResolverRules(): string;
  close(): Promise<void>;
}

export async function startFakeInternet(options: FakeInternetOptions): Promise<FakeInternet> {
  const clock = options.clock ?? createClock();
  const ctx: FakeContext = { clock };
  const services: Record<string, FakeService> = {};
  const byHost = new Map<string, FakeService>();
  for (const entry of options.services) {
    const service = typeof entry === 'function' ? entry(ctx) : entry;
    if (services[service.name] !== undefined) throw new Error(`two fakes are named "${service.name}"`);
    services[service.name] = service;
    for (const host of service.hosts) {
      const owner = byHost.get(host);
      if (owner !== undefined) throw new Error(`host ${host} is claimed by both ${owner.name} and ${service.name}`);
      if (CONTROL_HOSTS.includes(host)) throw new Error(`host ${host} is reserved for the control API`);
      byHost.set(host, service);
    }
  }
  const hosts = [...byHost.keys()];

  const log = createRequestLog();
  const faults = createFaultSet(() => Object.keys(services));
  const resetAll = (): void => {
    for (const service of Object.values(services)) service.reset();
    log.clear();
    faults.clear();
    clock.reset();
  };

  // Chromium runs with --ignore-certificate-errors and Node clients skip verification, but a certificate naming
  // the hosts keeps tools such as curl --cacert usable. EC keys are generated in milliseconds; RSA takes longer.
  const pems = await generate([{ name: 'commonName', value: 'Kuroibara fake internet' }], {
    keyType: 'ec',
    algorithm: 'sha256',
    extensions: [
      { name: 'basicConstraints', cA: false },
      {
        name: 'subjectAltName',
        altNames: [
          ...hosts.map((value) => ({ type: 2 as const, value })),
          { type: 2, value: 'localhost' },
          { type: 7, ip: '127.0.0.1' },
        ],
      },
    ],
  });

  /** Timers of delay faults, cancelled by close() so a pending delay cannot keep the process alive. */
  const timers = new Set<NodeJS.Timeout>();
  const sleep = (ms: number): Promise<void> =>
    new Promise((resolve) => {
      const timer = setTimeout(() => {
        timers.delete(timer);
        resolve();
      }, ms);
      timers.add(timer);
    });

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const host = hostOf(req.headers);
    const method = (req.method ?? 'GET').toUpperCase();
    let body: Buffer;
    try {
      body = await readBody(req);
    } catch (error) {
      if (error instanceof BodyTooLargeError) send(res, plain(413, error.message));
      return;
    }
    const url = new URL(req.url ?? '/', 'https://placeholder.invalid');
    if (CONTROL_HOSTS.includes(host) && url.pathname.startsWith(CONTROL_PREFIX)) {
      send(res, handleControl({ services, log, faults, clock, resetAll }, method, url, body));
      return;
    }

    const service = byHost.get(host);
    const entry = log.append({
      time: clock.now(),
      service: service?.name ?? null,
      host,
      method,
      path: `${url.pathname}${url.search}`,
      headers: flatHeaders(req.headers),
      ...logBody(body),
      status: null,
    });
    const fault = faults.take({ service: entry.service, host, method, path: entry.path });
    if (fault !== undefined) entry.fault = faultKind(fault);
    if (fault?.delayMs !== undefined) await sleep(fault.delayMs);
    if (fault?.reset === true) {
      // No answer at all: the client sees ECONNRESET / net::ERR_CONNECTION_RESET (or EMPTY_RESPONSE).
      req.socket.destroy();
      return;
    }

    let wire: WireResponse;
    if (fault?.status !== undefined) {
      wire = { status: fault.status, headers: lowerKeys(fault.headers ?? {}), body: Buffer.from(fault.body ?? '', 'utf8') };
      if (fault.body !== undefined) wire.headers['content-type'] ??= 'text/plain; charset=utf-8';
    } else if (service === undefined) {
      // 421 Misdirected Request: this server is not authoritative for that host (RFC 9110 §15.5.20).
      wire = plain(421, `The fake internet has no service for host "${host}". Known hosts: ${hosts.join(', ')}`);
    } else {
      try {
        wire = serialise(await service.handle(toFakeRequest(req, host, body)));
      } catch (error) {
        entry.error = error instanceof Error ? (error.stack ?? error.message) : String(error);
        wire = plain(500, `fake ${service.name} threw: ${error instanceof Error ? error.message : String(error)}`);
      }
      if (fault?.malformed === true) wire = { ...wire, body: malform(wire.body) };
    }
    entry.status = wire.status;
    send(res, wire);
  };

  const server: Server = createServer({ key: pems.private, cert: pems.cert }, (req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent && !res.destroyed) send(res, plain(500, `fake internet: ${String(error)}`));
    });
  });
  // A client that opens TLS and gives up (Chromium's preconnects) must not print stack traces.
  server.on('tlsClientError', () => undefined);

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;

  return {
    port,
    origin: `https://127.0.0.1:${port}`,
    hosts,
    services,
    log,
    faults,
    clock,
    reset: resetAll,
    hostResolverRules: () =>
      [...hosts.map((host) => `MAP ${host} 127.0.0.1:${port}`), 'MAP * ~NOTFOUND', 'EXCLUDE 127.0.0.1'].join(', '),
    close: () =>
      new Promise<void>((resolve, reject) => {
        for (const timer of timers) clearTimeout(timer);
        timers.clear();
        server.close((error) => (error === undefined ? resolve() : reject(error)));
        // Chromium keeps idle keep-alive sockets open; without this close() waits for them forever.
        server.closeAllConnections();
      }),
  };
}

function send(res: ServerResponse, wire: WireResponse): void {
  if (res.destroyed) return;
  res.writeHead(wire.status, { ...wire.headers, 'content-length': String(wire.body.length) });
  res.end(wire.body);
}

function faultKind(fault: Fault): NonNullable<LogEntry['fault']> {
  if (fault.reset === true) return 'reset';
  if (fault.status !== undefined) return 'status';
  if (fault.malformed === true) return 'malformed';
  return 'delay';
}

function lowerKeys(headers: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) out[name.toLowerCase()] = value;
  return out;
}
