/**
 * A per-service token bucket: short bursts up to `burst`, sustained `perMinute`. Callers reserve a slot
 * synchronously, so concurrent requests queue fairly instead of stampeding. What the service says about its
 * budget (`observe`) slows us down or pauses us; a 429 pauses until its Retry-After.
 */

export interface RateLimiterOptions {
  perMinute: number;
  burst: number;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

export interface RateBudget {
  /** Requests left in the service's window (X-RateLimit-Remaining). */
  remaining?: number;
  /** When the window resets, ms since epoch (X-RateLimit-Reset). */
  resetAt?: number;
}

export interface RateLimiter {
  /** Resolves when a request may go out. */
  acquire(): Promise<void>;
  /** Adapts to the budget a response reported. */
  observe(budget: RateBudget): void;
  /** No requests before `until` (ms since epoch). */
  pauseUntil(until: number): void;
  /** When the next request could go out without waiting (ms since epoch); for health display. */
  readonly pausedUntil: number;
}

/** Below this many remaining requests the bucket is drained, so we spread what is left over the window. */
const LOW_WATER = 5;

export function createRateLimiter(options: RateLimiterOptions): RateLimiter {
  const now = options.now ?? Date.now;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const perMs = options.perMinute / 60_000;
  let tokens = options.burst;
  let updatedAt = now();
  let pausedUntil = 0;

  const refill = () => {
    const t = now();
    tokens = Math.min(options.burst, tokens + (t - updatedAt) * perMs);
    updatedAt = t;
  };

  return {
    async acquire() {
      refill();
      tokens -= 1;
      const bucketWait = tokens >= 0 ? 0 : -tokens / perMs;
      const wait = Math.max(bucketWait, pausedUntil - now());
      if (wait > 0) await sleep(Math.ceil(wait));
    },
    observe({ remaining, resetAt }) {
      if (remaining === undefined) return;
      refill();
      if (remaining <= 0) pausedUntil = Math.max(pausedUntil, resetAt ?? now() + 60_000);
      else if (remaining <= LOW_WATER) tokens = Math.min(tokens, 0);
    },
    pauseUntil(until) {
      pausedUntil = Math.max(pausedUntil, until);
    },
    get pausedUntil() {
      return pausedUntil;
    },
  };
}
