/**
 * The sync's alarms and the short in-worker timer beside them. Alarms wake a stopped worker (never keep-alive
 * tricks) but Chrome fires them no sooner than 30 s after they are set in a packed extension; retries due sooner
 * also get a timer while the worker lives, so a short outage costs seconds, and the alarm stays as the fallback.
 */
import { browser } from 'wxt/browser';

/** Pulls every service on the shortest interval any connected service asks for. */
export const PULL_ALARM = 'sync-pull';
/** Wakes the worker when the earliest queued change is due. */
export const RETRY_ALARM = 'outbox-retry';
/** Resumes a sync the browser stopped; set before the work starts, cleared when it ends. */
export const RESUME_ALARM = 'sync-resume';

/** Chrome's shortest alarm delay for packed extensions: retries due sooner also get a timer in the worker. */
export const ALARM_FLOOR_MS = 30_000;

/**
 * How soon stopped work resumes. Chrome raises it to its 30-second floor in a packed extension (Firefox and an
 * unpacked build keep it); a worker still busy when it fires only re-arms it.
 */
export const RESUME_AFTER_MS = 5_000;

let timer: ReturnType<typeof setTimeout> | undefined;

/** Sets the retry alarm for `when` (ms), never sooner than a second from now. */
export async function armRetry(when: number, now = Date.now()): Promise<void> {
  await browser.alarms.create(RETRY_ALARM, { when: Math.max(when, now + 1000) });
}

/** Nothing is queued any more: no alarm, and no timer in this worker either. */
export async function clearRetry(): Promise<void> {
  if (timer !== undefined) clearTimeout(timer);
  timer = undefined;
  await browser.alarms.clear(RETRY_ALARM);
}

/** Arms the resume alarm: if the worker is stopped before the work ends, the alarm runs it again. */
export async function armResume(now = Date.now()): Promise<void> {
  await browser.alarms.create(RESUME_ALARM, { when: now + RESUME_AFTER_MS });
}

export async function clearResume(): Promise<void> {
  await browser.alarms.clear(RESUME_ALARM);
}

/** Runs `work` at `when` if this worker still lives then (one timer: a later call replaces it). */
export function runSoon(when: number, work: () => Promise<void>, now = Date.now()): void {
  if (timer !== undefined) clearTimeout(timer);
  // At least a second: work still going on (a newer intent arrived mid-send) is not chased in a tight loop.
  timer = setTimeout(() => {
    timer = undefined;
    void work().catch(() => undefined);
  }, Math.max(1000, when - now));
}
