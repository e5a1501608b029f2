/**
 * MyAnimeList's ways of failing (API-FACTS §B "Errors" and "Token errors"), turned into the closed result set.
 * These are the `classify` hooks of the HTTP layer: they see every answer first and return undefined to leave it
 * to the generic rules (5xx → transient, other statuses by code) or, for a 2xx, to zod.
 */
import type { CallFailure } from '../tracker';
import { malApiErrorSchema, malTokenErrorSchema, type MalApiError } from './schemas';
import { t } from '../../i18n/t';

export const MAL_NAME = 'MyAnimeList';

/**
 * How long to stay away after MAL's throttle page. MAL documents no limits and sends no Retry-After (API-FACTS §B
 * "No rate-limit headers are known; 403 is the throttling signal"), so this is our choice: long enough that we do
 * not keep knocking on a block we cannot see the end of, short enough that a sync is late by minutes, not hours.
 */
export const MAL_THROTTLE_RETRY_MS = 5 * 60_000;

/** API-FACTS §B: throttling answers with a plain-text or HTML page saying "DoS detected" / "Request blocked". */
const BLOCK_PAGE = /DoS detected|Request blocked/i;

/** MAL's own error text can be long (league/oauth2-server's messages are paragraphs); keep messages readable. */
const MAX_DETAIL = 160;

function parseJson(body: string): unknown {
  try {
    return JSON.parse(body);
  } catch {
    return undefined;
  }
}

/** Anything shaped like a token (long runs of base64url/JWT characters) never reaches a message. */
const TOKEN_LIKE = /[A-Za-z0-9\-._~+/=]{32,}/g;

function detail(text: string): string {
  const clean = text.replace(TOKEN_LIKE, '[redacted]').replace(/\s+/g, ' ').trim();
  return clean.length > MAX_DETAIL ? `${clean.slice(0, MAX_DETAIL - 1)}…` : clean;
}

const describeApiError = (e: MalApiError): string => detail(e.message ? `${e.error}: ${e.message}` : e.error);

const throttled = (): CallFailure => ({
  kind: 'rateLimited',
  retryAfterMs: MAL_THROTTLE_RETRY_MS,
  message: t('malThrottled', MAL_NAME, MAL_THROTTLE_RETRY_MS / 60_000),
});

/** `classify` for api.myanimelist.net. */
export function classifyMalResponse(status: number, body: string): CallFailure | undefined {
  if (status >= 200 && status < 300) {
    // A JSON body is zod's to judge. The check is on the first character so a 1000-entry list page is not parsed
    // twice, and so a user's note that happens to say "Request blocked" cannot pass for the throttle page.
    if (/^\s*[[{]|^\s*null\s*$/.test(body)) return undefined;
    return BLOCK_PAGE.test(body) ? throttled() : undefined;
  }
  const parsed = malApiErrorSchema.safeParse(parseJson(body));
  const error = parsed.success ? parsed.data : null;
  if (error === null && (status === 403 || BLOCK_PAGE.test(body))) return throttled();
  if (status === 401) {
    // `{"error":"invalid_token"}`: expired, revoked or unknown. The session refreshes once before this is final.
    return { kind: 'auth', message: t('trackerSignInRejected', MAL_NAME) };
  }
  if (status === 404) return { kind: 'permanent', message: t('malNoSuchManga', MAL_NAME) };
  if (error?.error === 'invalid_content') {
    return { kind: 'permanent', message: t('malRefusedValues', MAL_NAME, describeApiError(error)) };
  }
  if (status >= 400 && status < 500 && error !== null) {
    return { kind: 'permanent', message: t('malRefusedRequest', MAL_NAME, status, describeApiError(error)) };
  }
  return undefined;
}

/**
 * `classify` for the token endpoint (myanimelist.net/v1/oauth2/token). Every OAuth error there is a refusal —
 * including 401 `invalid_client`, which is about the app registration, not a token to refresh — so it is
 * `permanent`, worded with MAL's hint (e.g. "Failed to verify `code_verifier`.").
 */
export function classifyMalTokenResponse(status: number, body: string): CallFailure | undefined {
  if (status >= 200 && status < 300) return classifyMalResponse(status, body);
  const parsed = malTokenErrorSchema.safeParse(parseJson(body));
  if (parsed.success) {
    const { error, hint, message } = parsed.data;
    const why = hint ?? message;
    return { kind: 'permanent', message: t('authRefused', MAL_NAME, detail(why ? `${error}: ${why}` : error)) };
  }
  return classifyMalResponse(status, body);
}
