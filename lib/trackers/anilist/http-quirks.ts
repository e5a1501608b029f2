/**
 * How AniList's answers read, for `createServiceHttp`: its GraphQL error shapes (which do not follow HTTP status
 * codes) and its rate-limit headers. Every rule cites API-FACTS §A; messages name AniList and never echo a token.
 */
import { classifyStatus, parseRetryAfter } from '../http';
import type { RateBudget } from '../rate-limiter';
import type { CallFailure } from '../tracker';
import { errorBodySchema, type GraphQLErrorObject } from './schemas';
import { t } from '../../i18n/t';

const NAME = 'AniList';

const headerInt = (response: Response, name: string): number | null => {
  const value = response.headers.get(name);
  return value !== null && /^\d+$/.test(value.trim()) ? Number(value.trim()) : null;
};

/**
 * `X-RateLimit-Limit` / `-Remaining` / `-Reset` (unix seconds) → the limiter's budget, as AniList states it. The
 * limiter decides how far to believe it: AniList's headers have said 90 while it refused after 30 (API-FACTS §A Rate
 * limits), so the pace starts at 30 and drops further when a 429 comes earlier than the headers promised.
 */
export function readAniListBudget(response: Response): RateBudget | undefined {
  const remaining = headerInt(response, 'x-ratelimit-remaining');
  if (remaining === null) return undefined;
  const limit = headerInt(response, 'x-ratelimit-limit');
  const reset = headerInt(response, 'x-ratelimit-reset');
  return { remaining, ...(limit === null ? {} : { limit }), ...(reset === null ? {} : { resetAt: reset * 1000 }) };
}

/** Retry-After (observed on every 429), else the documented X-RateLimit-Reset, else a minute. */
function retryAfterMs(response: Response, now = Date.now()): number {
  const after = parseRetryAfter(response.headers.get('retry-after'), now);
  if (after !== null) return after;
  const reset = headerInt(response, 'x-ratelimit-reset');
  return reset === null ? 60_000 : Math.max(0, reset * 1000 - now);
}

/** A service message safe to show: no bearer token or JWT, one line, bounded. */
export function safeMessage(text: string): string {
  return text
    .replace(/Bearer\s+\S+/gi, 'Bearer [hidden]')
    .replace(/[\w-]{8,}\.[\w-]{8,}\.[\w-]{8,}/g, '[hidden]')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, 300);
}

function describeValidation(validation: Record<string, string[]>): string {
  return Object.entries(validation)
    .map(([field, messages]) => `${field}: ${messages.join(' ')}`)
    .join('; ');
}

function parseErrors(body: string): GraphQLErrorObject[] | null {
  try {
    const parsed = errorBodySchema.safeParse(JSON.parse(body));
    return parsed.success ? parsed.data.errors : null;
  } catch {
    return null;
  }
}

function isJson(body: string): boolean {
  try {
    JSON.parse(body);
    return true;
  } catch {
    return false;
  }
}

/** One GraphQL error → its failure kind. */
function classifyError(error: GraphQLErrorObject, response: Response): CallFailure {
  // "Unauthorized." (status 401, even with HTTP 200 on Viewer) and "Invalid token" (HTTP 400 for a bad or expired
  // token, on any query) both mean the saved sign-in is no good (API-FACTS §A Errors).
  if (error.status === 401 || /^invalid token/i.test(error.message)) {
    return { kind: 'auth', message: t('trackerSignInRejected', NAME) };
  }
  if (error.status === 429) {
    return { kind: 'rateLimited', retryAfterMs: retryAfterMs(response), message: t('trackerRateLimited', NAME) };
  }
  // "The AniList API has been temporarily disabled" comes as 403, for an outage and for a request without a Referer
  // alike (API-FACTS §A): the service's choice, never a sign-in problem; retried later like an outage.
  if (error.status === 403) {
    return { kind: 'transient', unavailable: true, message: t('aniListTemporarilyDisabled', NAME, safeMessage(error.message)) };
  }
  if (error.validation !== undefined) {
    return { kind: 'permanent', message: t('aniListRejectedChange', NAME, safeMessage(describeValidation(error.validation))) };
  }
  if (error.status !== undefined && error.status >= 500) {
    return { kind: 'transient', message: t('aniListTrouble', NAME, safeMessage(error.message)) };
  }
  return { kind: 'permanent', message: t('aniListRefused', NAME, safeMessage(error.message)) };
}

/**
 * The `classify` hook. AniList reports errors in the body, often with HTTP 200 (API-FACTS §A Errors), so the
 * body decides before the status does. "Not Found." (404) is left to the caller: for a lookup it means "none",
 * which the client reads from the nullable data; for anything else the generic 404 rule applies.
 */
export function classifyAniList(status: number, body: string, response: Response): CallFailure | undefined {
  // Observed 429s carry only Retry-After and a GraphQL body; a 429 is a rate limit whatever the body says.
  if (status === 429) return classifyError({ message: 'Too Many Requests.', status: 429 }, response);
  const errors = parseErrors(body);
  if (errors === null) {
    if (response.ok) {
      // A cut or garbled answer is retried like an outage (see http.ts).
      return isJson(body) ? undefined : { kind: 'transient', message: t('aniListNotJson', NAME) };
    }
    return classifyStatus(NAME, status, parseRetryAfter(response.headers.get('retry-after')));
  }
  if (errors.every((e) => e.status === 404)) return undefined;
  const first = errors.find((e) => e.status !== 404) ?? errors[0];
  return first === undefined ? undefined : classifyError(first, response);
}
