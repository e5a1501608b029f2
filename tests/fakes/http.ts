/**
 * Node HTTP glue for the fake internet: turning an IncomingMessage into a FakeRequest and a FakeResponse into bytes.
 * Kept apart from server.ts so dispatch, faults and the control API read as policy, not plumbing.
 */
import type { IncomingMessage, IncomingHttpHeaders } from 'node:http';
import type { FakeRequest, FakeResponse } from './types';

/** Largest request body accepted; bigger bodies get 413 (no fake needs more). */
export const MAX_BODY_BYTES = 10 * 1024 * 1024;

export class BodyTooLargeError extends Error {}

export function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new BodyTooLargeError(`request body over ${MAX_BODY_BYTES} bytes`));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** `Host` header without port, lower-case; IPv6 brackets kept off. Empty when absent. */
export function hostOf(headers: IncomingHttpHeaders): string {
  const raw = (headers.host ?? '').trim().toLowerCase();
  if (raw.startsWith('[')) return raw.slice(1, raw.indexOf(']'));
  const colon = raw.lastIndexOf(':');
  return colon === -1 ? raw : raw.slice(0, colon);
}

/** Node's headers as single strings (repeated headers joined with `, `), lower-case names. */
export function flatHeaders(headers: IncomingHttpHeaders): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    out[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}

export function toFakeRequest(req: IncomingMessage, host: string, body: Buffer): FakeRequest {
  // `req.url` is origin-form (`/path?query`); anything else (absolute-form from a proxy) is not expected here.
  const url = new URL(req.url ?? '/', `https://${host}`);
  return requestOf({ method: (req.method ?? 'GET').toUpperCase(), host, url, headers: flatHeaders(req.headers), body });
}

/** A FakeRequest from its parts, its body read as UTF-8 (also used by tests that call a fake's `handle` directly). */
export function requestOf(parts: Pick<FakeRequest, 'method' | 'host' | 'url' | 'headers' | 'body'>): FakeRequest {
  const text = (): string => parts.body.toString('utf8');
  return { ...parts, text, json: () => JSON.parse(text()) as unknown, form: () => new URLSearchParams(text()) };
}

export interface WireResponse {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
}

/** Object bodies become JSON with `content-type: application/json`, unless the fake chose a content type. */
export function serialise(res: FakeResponse): WireResponse {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(res.headers ?? {})) headers[name.toLowerCase()] = value;
  let body: Buffer;
  if (res.body === undefined || res.body === null) {
    body = Buffer.alloc(0);
  } else if (typeof res.body === 'string') {
    body = Buffer.from(res.body, 'utf8');
  } else if (Buffer.isBuffer(res.body)) {
    body = res.body;
  } else {
    body = Buffer.from(JSON.stringify(res.body), 'utf8');
    headers['content-type'] ??= 'application/json';
  }
  return { status: res.status, headers, body };
}

/**
 * A body cut roughly in half so that it no longer parses as JSON — what a client sees when a connection drops
 * mid-body behind a proxy, or when a service answers with a broken page.
 */
export function malform(body: Buffer): Buffer {
  if (body.length === 0) return Buffer.from('{"', 'utf8');
  let cut = body.subarray(0, Math.max(1, Math.floor(body.length / 2))).toString('utf8');
  // A prefix such as `12` of `123` is still valid JSON; a trailing comma never is.
  if (parsesAsJson(cut)) cut += ',';
  return Buffer.from(cut, 'utf8');
}

function parsesAsJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

export function plain(status: number, message: string): WireResponse {
  return { status, headers: { 'content-type': 'text/plain; charset=utf-8' }, body: Buffer.from(`${message}\n`, 'utf8') };
}

export function json(status: number, value: unknown): WireResponse {
  return { status, headers: { 'content-type': 'application/json' }, body: Buffer.from(JSON.stringify(value), 'utf8') };
}
