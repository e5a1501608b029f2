import { describe, expect, it } from 'vitest';
import { createRateLimiter } from '../../../lib/trackers/rate-limiter';

/** A limiter on a virtual clock: sleeping advances time, so waits are measured exactly, not timed. */
function virtualLimiter(perMinute: number, burst: number) {
  let now = 0;
  const waits: number[] = [];
  const limiter = createRateLimiter({
    perMinute,
    burst,
    now: () => now,
    sleep: (ms) => {
      waits.push(ms);
      return Promise.resolve();
    },
  });
  return { limiter, waits, advance: (ms: number) => (now += ms) };
}

describe('rate limiter', () => {
  it('lets a burst through, then spaces requests at the sustained rate', async () => {
    const { limiter, waits } = virtualLimiter(30, 3);
    for (let i = 0; i < 5; i++) await limiter.acquire();
    // Three free, then the 4th and 5th wait 2 s and 4 s (30/min = one per 2 s) — reserved up front.
    expect(waits).toEqual([2000, 4000]);
  });

  it('refills over time', async () => {
    const { limiter, waits, advance } = virtualLimiter(60, 1);
    await limiter.acquire();
    advance(1000);
    await limiter.acquire();
    expect(waits).toEqual([]);
  });

  it('pauses until the window resets when the service says none are left', async () => {
    const { limiter, waits } = virtualLimiter(90, 5);
    limiter.observe({ remaining: 0, resetAt: 30_000 });
    await limiter.acquire();
    expect(waits).toEqual([30_000]);
    expect(limiter.pausedUntil).toBe(30_000);
  });

  it('drains the burst when few requests remain, so the rest are spread out', async () => {
    const { limiter, waits } = virtualLimiter(60, 5);
    limiter.observe({ remaining: 3 });
    await limiter.acquire();
    expect(waits).toEqual([1000]);
  });

  it('honours an explicit pause (a 429 Retry-After)', async () => {
    const { limiter, waits } = virtualLimiter(600, 10);
    limiter.pauseUntil(5_000);
    await limiter.acquire();
    expect(waits).toEqual([5_000]);
  });
});

describe('pace from what the service says', () => {
  it('slows to a lower X-RateLimit-Limit and never speeds past its start figure for a higher one', async () => {
    const { limiter, waits } = virtualLimiter(30, 1);
    limiter.observe({ limit: 20, remaining: 19 });
    expect(limiter.perMinute).toBe(20);
    await limiter.acquire();
    await limiter.acquire();
    // 20/min = one per 3 s.
    expect(waits).toEqual([3000]);
    limiter.observe({ limit: 90, remaining: 88 });
    expect(limiter.perMinute).toBe(30);
  });

  it('counts what a window claims beyond the pace as spent: Limit 90, Remaining 61 at 30/min leaves one', async () => {
    const { limiter, waits } = virtualLimiter(30, 5);
    limiter.observe({ limit: 90, remaining: 61 });
    await limiter.acquire();
    // One left (≤ the low-water mark): the burst is drained, so the next request waits a full step.
    expect(waits).toEqual([2000]);
    limiter.observe({ limit: 90, remaining: 60, resetAt: 45_000 });
    expect(limiter.pausedUntil).toBe(45_000);
  });

  it('a 429 before the claimed budget is spent lowers the pace to what had been allowed', () => {
    const { limiter } = virtualLimiter(30, 5);
    limiter.observe({ limit: 90, remaining: 70 });
    limiter.throttled(60_000);
    expect(limiter.perMinute).toBe(20);
    expect(limiter.pausedUntil).toBe(60_000);
    // Learnt once: a second 429 without a new budget in between teaches nothing more.
    limiter.throttled(90_000);
    expect(limiter.perMinute).toBe(20);
  });

  it('a 429 with nothing known, or at an exhausted budget, only pauses', () => {
    const { limiter } = virtualLimiter(30, 5);
    limiter.throttled(10_000);
    expect(limiter.perMinute).toBe(30);
    limiter.observe({ limit: 30, remaining: 0 });
    limiter.throttled(20_000);
    expect(limiter.perMinute).toBe(30);
    expect(limiter.pausedUntil).toBe(60_000);
  });
});
