/**
 * A per-service token bucket: short bursts up to `burst`, sustained `perMinute`. Callers reserve a slot
 * synchronously, so concurrent requests queue fairly instead of stampeding. What the service says about its
 * budget (`observe`) sets the pace and slows or pauses us; a 429 (`throttled`) pauses until its Retry-After and
 * teaches the limiter what the service really allows when that is less than its headers claim.
 */

export interface RateLimiterOptions {
  /**
   * Requests a minute to start from, and the most the limiter will send a minute however generous the service's
   * headers are (AniList's headers say 90 while it refuses after 30: API-FACTS §A Rate limits).
   */
  perMinute: number;
  burst: number;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

export interface RateBudget {
  /** Requests the service says its one-minute window allows (X-RateLimit-Limit). */
  limit?: number;
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
  /**
   * The service refused a request for its rate (429) and said to wait until `until`. When the last budget it
   * reported still had requests left, its real limit is what had been spent of that window: the pace drops to it.
   */
  throttled(until: number): void;
  /** Requests a minute now allowed: what the service says, never more than the start figure or a 429 taught. */
  readonly perMinute: number;
  /** When the next request could go out without waiting (ms since epoch); for health display. */
  readonly pausedUntil: number;
}

/** Below this many remaining requests the bucket is drained, so we spread what is left over the window. */
const LOW_WATER = 5;

export function createRateLimiter(options: RateLimiterOptions): RateLimiter {
  const now = options.now ?? Date.now;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  /** The most a minute: the start figure, lowered by every 429 that came earlier than the headers promised. */
  let ceiling = options.perMinute;
  /** The window size the service last claimed (X-RateLimit-Limit), if it says. */
  let claimed: number | undefined;
  /** The last budget reported, for learning from a 429; forgotten once used. */
  let lastSeen: { limit: number; remaining: number } | undefined;
  let perMs = ceiling / 60_000;
  let tokens = options.burst;
  let updatedAt = now();
  let pausedUntil = 0;

  const refill = () => {
    const t = now();
    tokens = Math.min(options.burst, tokens + (t - updatedAt) * perMs);
    updatedAt = t;
  };
  const pace = () => Math.min(ceiling, claimed ?? ceiling);
  const setPace = () => {
    refill();
    perMs = pace() / 60_000;
  };

  return {
    async acquire() {
      refill();
      tokens -= 1;
      const bucketWait = tokens >= 0 ? 0 : -tokens / perMs;
      const wait = Math.max(bucketWait, pausedUntil - now());
      if (wait > 0) await sleep(Math.ceil(wait));
    },
    observe({ limit, remaining, resetAt }) {
      if (limit !== undefined && limit > 0) {
        claimed = limit;
        setPace();
      }
      if (remaining === undefined) return;
      refill();
      if (limit !== undefined && limit > 0) lastSeen = { limit, remaining };
      // What the window claims beyond our pace is counted as already spent (the claim is not to be trusted).
      const spendable = remaining - Math.max(0, (claimed ?? pace()) - pace());
      if (spendable <= 0) pausedUntil = Math.max(pausedUntil, resetAt ?? now() + 60_000);
      else if (spendable <= LOW_WATER) tokens = Math.min(tokens, 0);
    },
    pauseUntil(until) {
      pausedUntil = Math.max(pausedUntil, until);
    },
    throttled(until) {
      pausedUntil = Math.max(pausedUntil, until);
      if (lastSeen !== undefined) {
        const allowed = lastSeen.limit - lastSeen.remaining;
        if (allowed >= 1 && allowed < ceiling) {
          ceiling = allowed;
          setPace();
        }
        lastSeen = undefined;
      }
    },
    get perMinute() {
      return pace();
    },
    get pausedUntil() {
      return pausedUntil;
    },
  };
}
