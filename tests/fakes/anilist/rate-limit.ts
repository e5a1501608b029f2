/**
 * AniList's per-minute limiter (API-FACTS §A Rate limits), on the fake clock. It behaves like Laravel's throttle
 * middleware, which AniList runs: the first request opens a 60-second window, every answered request counts,
 * a refused one does not, and the window closes 60 s after it opened.
 */
import type { AniListState } from './model';

const WINDOW_MS = 60_000;

/** Headers every answered GraphQL response carries (observed: CORS open to all, rate-limit headers exposed). */
export const CORS_HEADERS: Readonly<Record<string, string>> = {
  'Access-Control-Allow-Origin': '*',
  'Access-Control-Expose-Headers': 'X-RateLimit-Limit, X-RateLimit-Remaining, X-RateLimit-Reset, Retry-After',
};

export interface RateDecision {
  allowed: boolean;
  /** Rate-limit headers for the response (CORS headers are added by the caller, and only when allowed). */
  headers: Record<string, string>;
}

/** Counts one request against the window; call once per GraphQL request, before any other work. */
export function takeRequest(state: AniListState, nowMs: number): RateDecision {
  if (state.window === null || nowMs >= state.window.openedAt + WINDOW_MS) state.window = { openedAt: nowMs, hits: 0 };
  const window = state.window;
  const { perMinute, headerLimit } = state.rateLimit;
  if (window.hits >= perMinute) {
    const resetMs = window.openedAt + WINDOW_MS;
    return {
      allowed: false,
      // Observed 429: only Retry-After (documented: plus X-RateLimit-Reset) and NO Access-Control-Allow-Origin, so
      // in a browser a rate-limited fetch fails like a network error instead of showing the 429.
      headers: {
        'Retry-After': String(Math.max(1, Math.ceil((resetMs - nowMs) / 1000))),
        'X-RateLimit-Reset': String(Math.ceil(resetMs / 1000)),
      },
    };
  }
  window.hits += 1;
  return {
    allowed: true,
    headers: {
      'X-RateLimit-Limit': String(headerLimit),
      // With headerLimit 90 and perMinute 30 this falls 89 → 60 and the next request is refused, as observed.
      'X-RateLimit-Remaining': String(Math.max(0, headerLimit - window.hits)),
    },
  };
}

export const TOO_MANY_REQUESTS_BODY = { data: null, errors: [{ message: 'Too Many Requests.', status: 429 }] } as const;
