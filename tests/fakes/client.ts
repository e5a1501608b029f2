/**
 * Node-side helper for talking to the fake internet from tests: send a request for `https://<host>/...` to
 * 127.0.0.1:<port> with the right `Host` header and TLS SNI, the way Chromium does under `--host-resolver-rules`.
 * The certificate is self-signed, so verification is off (test-only code).
 *
 * Stable API, used by every fake's tests: `fakeFetch(internet, url, init)`.
 */
import { request } from 'node:https';
import { isIP } from 'node:net';

export interface FakeFetchInit {
  method?: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
}

export interface FakeFetchResponse {
  status: number;
  /** Response headers, lower-case names; repeated headers are joined with `, `. */
  headers: Record<string, string>;
  text: string;
  /** Parses `text` as JSON; throws SyntaxError when it is not JSON. */
  json(): unknown;
}

/**
 * Request `url` from the fake internet listening on `internet.port`. A new connection per call (no keep-alive),
 * so tests never leave sockets behind. Rejects on socket errors (e.g. an injected `reset` fault).
 */
export function fakeFetch(
  internet: { port: number },
  url: string,
  init: FakeFetchInit = {},
): Promise<FakeFetchResponse> {
  const target = new URL(url);
  const method = (init.method ?? 'GET').toUpperCase();
  const headers: Record<string, string> = { host: target.host, ...lowerKeys(init.headers ?? {}) };
  const body = init.body === undefined ? undefined : Buffer.isBuffer(init.body) ? init.body : Buffer.from(init.body);
  if (body !== undefined) headers['content-length'] = String(body.length);
  const hostname = target.hostname.replace(/^\[|\]$/g, '');

  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port: internet.port,
        method,
        path: `${target.pathname}${target.search}`,
        headers,
        // SNI must be a DNS name; Node warns (RFC 6066) when given an IP literal.
        servername: isIP(hostname) === 0 ? hostname : undefined,
        rejectUnauthorized: false,
        agent: false,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('error', reject);
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          const out: Record<string, string> = {};
          for (const [name, value] of Object.entries(res.headers)) {
            if (value === undefined) continue;
            out[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
          }
          resolve({ status: res.statusCode ?? 0, headers: out, text, json: () => JSON.parse(text) as unknown });
        });
      },
    );
    req.on('error', reject);
    if (body !== undefined) req.write(body);
    req.end();
  });
}

function lowerKeys(headers: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) out[name.toLowerCase()] = value;
  return out;
}
