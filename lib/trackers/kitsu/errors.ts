/**
 * How Kitsu's failures map onto the closed result set (tracker.ts). Shapes from API-FACTS §C, corrected against
 * kitsu-server's source (the Kitsu fake follows it):
 * - 401 `{"errors":[{"title":"Invalid token","status":"401"}]}` (`application/json`, `WWW-Authenticate: Bearer`):
 *   only an expired or revoked token. → `auth` (withSession refreshes once first).
 * - 403 "Create/Update/Destroy Forbidden" (pundit): a write the token's user may not make. The client only writes
 *   entries it found under the connected account's own user id, so a 403 means the token does not act as that
 *   account — an unknown token runs anonymously instead of getting a 401 — and only signing in again fixes it.
 *   → `auth`. (A viewer lookup could tell "anonymous" from "another account", but both need a reconnect.)
 * - 415: we sent the wrong Content-Type — a bug on our side, retrying cannot help. → `permanent`.
 * - 422 (string status) with `source.pointer`: a model validation such as "progress - cannot exceed length of
 *   media". → `permanent`, with Kitsu's detail and pointer.
 * - 400 "No filter provided" (numeric status), "Limit exceeds maximum page size of 500.", 404 → `permanent`.
 * - 429 text/plain "Retry later", 5xx, resets → the generic rules (`rateLimited`, `transient`).
 * Token endpoint: Doorkeeper `{error, error_description}`; `invalid_grant` 400 is a wrong password.
 */
import { parseRetryAfter } from '../http';
import type { CallFailure } from '../tracker';
import { jsonApiErrors, tokenError, type JsonApiError } from './schemas';
import { t } from '../../i18n/t';

function parseJson(body: string): unknown {
  try {
    return JSON.parse(body);
  } catch {
    return undefined;
  }
}

function describeOne(error: JsonApiError): string | null {
  const text = error.detail ?? error.title;
  if (text === undefined) return null;
  const pointer = error.source?.pointer;
  return pointer === undefined ? text : t('kitsuErrorAt', text, pointer);
}

/** Kitsu's own words from a JSON:API error document (at most three), or null when the body is not one. */
export function describeJsonApiErrors(body: string): string | null {
  const parsed = jsonApiErrors.safeParse(parseJson(body));
  if (!parsed.success) return null;
  const texts = parsed.data.errors.slice(0, 3).map(describeOne).filter((text): text is string => text !== null);
  return texts.length > 0 ? texts.join('; ') : null;
}

/** `classify` for the JSON:API (`/api/edge`); undefined leaves the status to the generic rules in http.ts. */
export function classifyKitsuApi(status: number, body: string): CallFailure | undefined {
  if (status < 400) return undefined;
  const said = describeJsonApiErrors(body);
  if (status === 401) return { kind: 'auth', message: t('trackerSignInRejected', 'Kitsu') };
  if (status === 403) {
    return { kind: 'auth', message: said ? t('kitsuForbiddenDetail', said) : t('kitsuForbidden') };
  }
  if (status === 415) {
    return { kind: 'permanent', message: t('kitsuBadFormat') };
  }
  if (status === 422) return { kind: 'permanent', message: t('kitsuRefusedChange', said ?? t('kitsuInvalidData')) };
  if (status >= 400 && status < 500 && status !== 408 && status !== 429 && said !== null) {
    return { kind: 'permanent', message: t('kitsuRefusedRequest', status, said) };
  }
  return undefined;
}

/**
 * `classify` for `POST /api/oauth/token`. Nothing here may echo the request: it carried the password. Kitsu's
 * `error_description` is a fixed Doorkeeper sentence, never the submitted values.
 */
export function classifyKitsuToken(status: number, body: string, response: Response): CallFailure | undefined {
  if (status < 400) return undefined;
  if (status === 429) {
    // API-FACTS §C: Rack::Attack, 15 logins per 60 s per IP, answered as text/plain "Retry later" (no Retry-After).
    const retryAfterMs = parseRetryAfter(response.headers.get('retry-after')) ?? 60_000;
    return { kind: 'rateLimited', retryAfterMs, message: t('kitsuLoginThrottled') };
  }
  const parsed = tokenError.safeParse(parseJson(body));
  if (!parsed.success) return undefined;
  switch (parsed.data.error) {
    case 'invalid_grant':
      return { kind: 'permanent', message: t('kitsuWrongLogin') };
    case 'invalid_client':
      return {
        kind: 'permanent',
        message: t('kitsuBadClient'),
      };
    default:
      return { kind: 'permanent', message: t('kitsuRefusedSignIn', parsed.data.error) };
  }
}
