/**
 * Small helpers for tests that call the AniList fake's `handle` directly, without the HTTPS server: a request
 * builder shaped like the server's parsed request, a frozen clock, and a GraphQL call.
 */
import type { FakeClock, FakeRequest, FakeResponse, FakeService } from '../types';

export interface RequestInit {
  headers?: Record<string, string>;
  /** A string is sent as is; an object is sent as JSON (with a JSON content type unless one is given). */
  body?: string | object;
}

export function fakeRequest(method: string, url: string, init: RequestInit = {}): FakeRequest {
  const target = new URL(url);
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(init.headers ?? {})) headers[name.toLowerCase()] = value;
  let text = '';
  if (typeof init.body === 'string') text = init.body;
  else if (init.body !== undefined) {
    text = JSON.stringify(init.body);
    headers['content-type'] ??= 'application/json';
  }
  const body = Buffer.from(text);
  return {
    method: method.toUpperCase(),
    host: target.hostname.toLowerCase(),
    url: target,
    headers,
    body,
    text: () => text,
    json: () => JSON.parse(text) as unknown,
    form: () => new URLSearchParams(text),
  };
}

/** A clock that moves only when told to (the fake internet's clock in `set` mode). */
export function frozenClock(startMs: number): FakeClock {
  let now = startMs;
  return {
    now: () => now,
    advance: (ms) => {
      now += ms;
    },
    set: (ms) => {
      now = ms;
    },
    reset: () => {
      now = startMs;
    },
  };
}

export interface GraphQLReply {
  status: number;
  headers: Record<string, string>;
  /** The body as a client would parse it from the wire. */
  body: unknown;
}

/** The body after a JSON round trip, the way it would arrive over HTTP. */
export function wireBody(response: FakeResponse): unknown {
  const { body } = response;
  if (body === undefined || body === null) return null;
  if (typeof body === 'string') return body;
  if (Buffer.isBuffer(body)) return body.toString('utf8');
  return JSON.parse(JSON.stringify(body)) as unknown;
}

export async function graphql(
  fake: FakeService,
  query: string,
  variables: Record<string, unknown> = {},
  token?: string,
): Promise<GraphQLReply> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (token !== undefined) headers.Authorization = `Bearer ${token}`;
  const response = await fake.handle(fakeRequest('POST', 'https://graphql.anilist.co/', { headers, body: { query, variables } }));
  return { status: response.status, headers: response.headers ?? {}, body: wireBody(response) };
}
