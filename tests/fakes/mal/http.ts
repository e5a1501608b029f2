/** Response helpers in MyAnimeList's own shapes (API-FACTS §B "Errors" and "Token errors"). */
import type { FakeRequest, FakeResponse } from '../types';

export function malJson(status: number, body: unknown): FakeResponse {
  return { status, headers: { 'content-type': 'application/json; charset=UTF-8' }, body: JSON.stringify(body) };
}

/** API-FACTS §B: `{"error":"invalid_token","message":"token is invalid"}` for missing, unknown or expired tokens. */
export function invalidToken(): FakeResponse {
  return malJson(401, { error: 'invalid_token', message: 'token is invalid' });
}

export function badRequest(error: 'invalid_parameter' | 'bad_request' | 'invalid_content', message: string): FakeResponse {
  return malJson(400, { message, error });
}

export function notFound(): FakeResponse {
  return malJson(404, { message: '', error: 'not_found' });
}

export function html(status: number, title: string, text: string): FakeResponse {
  const page = `<!DOCTYPE html><html><head><title>${title}</title></head><body><h1>${title}</h1><p>${text}</p></body></html>`;
  return { status, headers: { 'content-type': 'text/html; charset=UTF-8' }, body: page };
}

/**
 * API-FACTS §B: MAL sends no rate-limit headers; throttling shows up as 403 with a "DoS detected"/"Request
 * blocked" page rather than JSON, so a client must not expect to parse it.
 */
export function dosDetected(): FakeResponse {
  return html(403, '403 Forbidden', 'DoS detected. Request blocked.');
}

export function redirect(location: string): FakeResponse {
  return { status: 302, headers: { location, 'cache-control': 'no-store' }, body: '' };
}

/** `application/x-www-form-urlencoded`, with or without a charset parameter. */
export function isForm(req: FakeRequest): boolean {
  const type = (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
  return type === 'application/x-www-form-urlencoded';
}

/** RFC 6750 bearer token from the Authorization header; `undefined` when the header is absent. */
export function bearer(req: FakeRequest): string | null | undefined {
  const header = req.headers.authorization;
  if (header === undefined) return undefined;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return match?.[1] ?? null;
}
