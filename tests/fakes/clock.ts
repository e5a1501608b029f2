/**
 * The fake internet's clock. Fakes read time only through it, so tests can expire tokens or open a rate-limit
 * window without waiting. It follows the real clock (plus any `advance` offset) until `set` freezes it; a frozen
 * clock moves only by `advance`, which makes "N requests within one second" deterministic.
 */
import type { FakeClock } from './types';

export function createClock(): FakeClock {
  /** `null` = follow Date.now() + offset; a number = frozen at that instant. */
  let frozenAt: number | null = null;
  let offset = 0;

  return {
    now: () => (frozenAt ?? Date.now() + offset),
    advance(ms: number) {
      if (!Number.isFinite(ms)) throw new RangeError(`clock.advance: ${ms} is not a finite number of ms`);
      if (frozenAt === null) offset += ms;
      else frozenAt += ms;
    },
    set(ms: number) {
      if (!Number.isFinite(ms)) throw new RangeError(`clock.set: ${ms} is not a finite number of ms`);
      frozenAt = ms;
    },
    reset() {
      frozenAt = null;
      offset = 0;
    },
  };
}
