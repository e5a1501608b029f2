/**
 * Helpers for tests that drive a service fake through `handle()` directly, without the HTTPS server: a request
 * builder shaped like the server's parsed request (`http.ts` → `toFakeRequest`), a call that reads the answer the
 * way it would arrive over the wire, and a frozen clock.
 */
import { createClock } from './clock';
import { requestOf, serialise } from './http';
import type { FakeClock, FakeRequest, FakeResponse, FakeService } from './types';

export interface FakeRequestInit {
  /** Request headers; names are lower-cased as the server does. */
  headers?: Record<string, string>;
  /** Sent as is. */
  body?: string;
  /** Sent `application/x-www-form-urlencoded` (or as `contentType`). */
  form?: Record<string, string>;
  /** Sent as JSON, `application/json` (or as `contentType`) unless a content-type header is given. */
  json?: unknown;
  /** Sent as `Authorization: Bearer <token>`. */
  token?: string;
  /** The content type of a `form` or `json` body, overriding the default and any content-type header. */
  contentType?: string;
}

/** A request as the fake internet would hand it to a service fake. `url` must be absolute. */
export function fakeRequest(method: string, url: string, init: FakeRequestInit = {}): FakeRequest {
  const target = new URL(url);
  const headers: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(init.headers ?? {})) headers[name.toLowerCase()] = value;
  if (init.token !== undefined) headers.authorization = `Bearer ${init.token}`;
  let text = init.body ?? '';
  let type: string | undefined;
  if (init.form !== undefined) {
    text = new URLSearchParams(init.form).toString();
    type = 'application/x-www-form-urlencoded';
  } else if (init.json !== undefined) {
    text = JSON.stringify(init.json);
    type = 'application/json';
  }
  if (type !== undefined) headers['content-type'] = init.contentType ?? headers['content-type'] ?? type;
  return requestOf({
    method: method.toUpperCase(),
    host: target.hostname.toLowerCase(),
    url: target,
    headers,
    body: Buffer.from(text, 'utf8'),
  });
}

export interface FakeReply {
  status: number;
  /** The headers exactly as the fake set them (the server lower-cases them on the wire). */
  headers: Record<string, string>;
  /** The body as the server would send it: objects JSON-encoded, no body as `''`. */
  text: string;
  /** Parses `text` as JSON; throws SyntaxError when it is not JSON. */
  json(): unknown;
}

/** Build the request, let `fake` handle it, and read the answer as a client would. */
export async function callFake(fake: FakeService, method: string, url: string, init: FakeRequestInit = {}): Promise<FakeReply> {
  const response = await fake.handle(fakeRequest(method, url, init));
  const text = serialise(response).body.toString('utf8');
  return { status: response.status, headers: response.headers ?? {}, text, json: () => JSON.parse(text) as unknown };
}

/** A response's body after a JSON round trip, the way it would arrive over HTTP (text bodies stay text). */
export function wireBody(response: FakeResponse): unknown {
  const { body } = response;
  if (body === undefined || body === null) return null;
  const text = serialise(response).body.toString('utf8');
  return typeof body === 'object' && !Buffer.isBuffer(body) ? (JSON.parse(text) as unknown) : text;
}

/** The fake internet's clock frozen at `startMs`: it moves only by `advance` and `set`. */
export function frozenClock(startMs: number): FakeClock {
  const clock = createClock();
  clock.set(startMs);
  return clock;
}
