/**
 * One HTTP layer for every service: ky with timeouts, the service's rate limiter, retries with backoff and
 * jitter (429 honouring Retry-After, transient 5xx, timeouts, network errors), zod parsing of every response,
 * and classification of every failure into the closed result set. Nothing here throws.
 */
import ky, { HTTPError, TimeoutError, type Options } from 'ky';
import { z } from 'zod/mini';
// Readable issue messages for `describeMismatch` (zod/mini ships none).
import '../i18n/zod-issues';
import { t } from '../i18n/t';
import type { RateBudget, RateLimiter } from './rate-limiter';
import type { CallFailure, CallResult } from './tracker';

export interface ServiceHttpOptions {
  /** Name used in messages ("AniList"). */
  serviceName: string;
  limiter: RateLimiter;
  /** Defaults to the global fetch; tests hand in one that reaches the fake internet. */
  fetch?: typeof fetch;
  timeoutMs?: number;
  /** Retries within one call; longer waits are left to the caller (the outbox retries on an alarm). */
  retryLimit?: number;
  /** Longest Retry-After waited for inside a call; beyond it the call ends as `rateLimited`. */
  maxRetryAfterMs?: number;
  /** Reads the service's remaining budget from a response (AniList X-RateLimit-*). */
  readBudget?: (response: Response) => RateBudget | undefined;
  /** Service quirks first (AniList "Invalid token" is a 400, MAL throttles with 403); undefined = generic rules. */
  classify?: (status: number, body: string, response: Response) => CallFailure | undefined;
}

export interface ServiceHttp {
  /** Sends a request and parses its JSON body with `schema`. */
  json<T>(schema: z.core.$ZodType<T>, url: string, options?: Options): Promise<CallResult<T>>;
  /** Sends a request whose success body is irrelevant (DELETE). */
  send(url: string, options?: Options): Promise<CallResult<null>>;
}

/** Seconds or an HTTP date → ms from now; null when absent or unreadable. */
export function parseRetryAfter(value: string | null, now = Date.now()): number | null {
  if (!value) return null;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? null : Math.max(0, date - now);
}

/** What a failed status means when the service has no more specific rule. */
export function classifyStatus(serviceName: string, status: number, retryAfterMs: number | null): CallFailure {
  if (status === 401) return { kind: 'auth', message: t('trackerSignInRejected', serviceName) };
  if (status === 429) {
    return { kind: 'rateLimited', retryAfterMs: retryAfterMs ?? 60_000, message: t('trackerRateLimited', serviceName) };
  }
  if (status === 408 || status >= 500) return { kind: 'transient', message: t('trackerTroubleHttp', serviceName, status) };
  return { kind: 'permanent', message: t('trackerRefusedHttp', serviceName, status) };
}

/** Short description of a zod failure for a person: which field, what was wrong. */
function describeMismatch(error: z.core.$ZodError): string {
  const issue = error.issues[0];
  if (!issue) return t('trackerUnexpectedShape');
  return `${issue.path.join('.') || t('trackerResponseField')}: ${issue.message}`;
}

export function createServiceHttp(options: ServiceHttpOptions): ServiceHttp {
  const name = options.serviceName;
  const maxRetryAfter = options.maxRetryAfterMs ?? 10_000;
  const client = ky.create({
    fetch: options.fetch,
    timeout: options.timeoutMs ?? 20_000,
    retry: {
      limit: options.retryLimit ?? 2,
      methods: ['get', 'post', 'put', 'patch', 'delete'],
      statusCodes: [408, 429, 500, 502, 503, 504],
      afterStatusCodes: [429, 503],
      maxRetryAfter: maxRetryAfter,
      // ky clamps a long Retry-After to maxRetryAfter and retries anyway; we would rather hand the wait to the
      // caller (the outbox retries on an alarm) than keep a service worker busy for minutes.
      shouldRetry: ({ error }) => {
        // A 429 without Retry-After (Kitsu's kind) pauses the limiter for a minute in the hook below.
        if (options.limiter.pausedUntil - Date.now() > maxRetryAfter) return false;
        if (!(error instanceof HTTPError)) return undefined;
        const wait = parseRetryAfter(error.response.headers.get('retry-after'));
        return wait !== null && wait > maxRetryAfter ? false : undefined;
      },
      backoffLimit: 10_000,
      jitter: true,
      retryOnTimeout: true,
    },
    hooks: {
      beforeRequest: [() => options.limiter.acquire()],
      afterResponse: [
        (_request, _options, response) => {
          const budget = options.readBudget?.(response);
          if (budget) options.limiter.observe(budget);
          if (response.status === 429) {
            const wait = parseRetryAfter(response.headers.get('retry-after')) ?? 60_000;
            options.limiter.throttled(Date.now() + wait);
          }
        },
      ],
    },
  });

  async function failureOf(error: unknown): Promise<CallFailure> {
    if (error instanceof HTTPError) {
      const response = error.response;
      const body = await response.text().catch(() => '');
      const special = options.classify?.(response.status, body, response);
      return special ?? classifyStatus(name, response.status, parseRetryAfter(response.headers.get('retry-after')));
    }
    if (error instanceof TimeoutError) return { kind: 'transient', message: t('trackerTimedOut', name) };
    // fetch rejects with a TypeError when the network is down or the host cannot be reached.
    return { kind: 'transient', message: t('trackerUnreachable', name) };
  }

  /** While the service has told us to wait longer than we would wait inside a call, send nothing. */
  function stillPaused(): CallFailure | null {
    const wait = options.limiter.pausedUntil - Date.now();
    return wait > maxRetryAfter ? { kind: 'rateLimited', retryAfterMs: wait, message: t('trackerRateLimited', name) } : null;
  }

  async function json<T>(schema: z.core.$ZodType<T>, url: string, requestOptions?: Options): Promise<CallResult<T>> {
    const paused = stillPaused();
    if (paused) return paused;
    let text: string;
    let response: Response;
    try {
      response = await client(url, requestOptions);
      text = await response.text();
    } catch (error) {
      return failureOf(error);
    }
    // Some services report errors inside a 2xx body (AniList GraphQL): let the quirk rules look first.
    const special = options.classify?.(response.status, text, response);
    if (special) return special;
    // A cut or garbled answer (a proxy, a dropped connection, a bad deploy) is retried like an outage: asking again
    // is harmless (writes carry whole values) and usually works; a service that keeps answering so says so each time.
    let data: unknown;
    try {
      data = JSON.parse(text);
    } catch {
      return { kind: 'transient', message: t('trackerNotJson', name) };
    }
    const parsed = z.safeParse(schema, data);
    if (!parsed.success) {
      return { kind: 'transient', message: t('trackerUnexpectedResponse', name, describeMismatch(parsed.error)) };
    }
    return { kind: 'ok', value: parsed.data };
  }

  async function send(url: string, requestOptions?: Options): Promise<CallResult<null>> {
    const paused = stillPaused();
    if (paused) return paused;
    try {
      await client(url, requestOptions);
      return { kind: 'ok', value: null };
    } catch (error) {
      return failureOf(error);
    }
  }

  return { json, send };
}
