import type { DetectedPage } from '../types';

/**
 * Decides when a chapter counts as read (DESIGN.md "Test contract": the last page of a paginated chapter, or 90%
 * of a long strip's images, after at least 10 s on the chapter). Pure logic: the content script feeds it what the
 * adapter saw and hands it WXT's `ctx` timers, so nothing outlives the script.
 */

export type ReadMode = 'automatic' | 'ask' | 'manual';

export interface ReadEvent {
  /** The latest detection of the chapter that counts as read. */
  page: DetectedPage;
  /** What made it count: its last page, enough of its strip, or moving on to a later chapter. */
  reason: 'last-page' | 'strip' | 'next-chapter';
  /** `ask`: the caller asks the user instead of updating. Manual mode never produces events. */
  mode: Exclude<ReadMode, 'manual'>;
}

export interface ReadDetectorOptions {
  /** The user's tracking mode; `manual` leaves it to the popup's "Mark chapter N as read". */
  mode: ReadMode;
  /** Time on a chapter before it can count as read, so flicking through is not reading. Default 10. */
  minSeconds?: number;
  /** Share of a long strip's images that must have been reached. Default 0.9. */
  stripThreshold?: number;
  /** Timers to use; in a content script, `ctx.setTimeout` so they die with the script. */
  timers: { setTimeout(fn: () => void, ms: number): number; clearTimeout(id: number): void };
  /** Milliseconds on a monotonic-enough clock (`Date.now`, `performance.now`). */
  now: () => number;
  /** Called at most once per chapter. */
  onRead: (event: ReadEvent) => void;
}

/** Long-strip progress measured by the content script (see `countImagesSeen`). */
export interface StripProgress {
  imagesSeen?: number;
  imagesTotal?: number;
}

export interface ReadDetector {
  /** Feeds the latest detection; call on every change (page turn, scroll, chapter change). */
  observe(page: DetectedPage, extra?: StripProgress): void;
  /** Cancels the pending timer and ignores later observations. */
  dispose(): void;
}

/** Same ceiling the adapters apply to page counts: no real chapter has more, a hostile page may claim 1e9. */
const MAX_PAGES = 10_000;

function isSaneCount(value: number | undefined): value is number {
  return value !== undefined && Number.isInteger(value) && value >= 0 && value <= MAX_PAGES;
}

function chapterIdentity(page: DetectedPage): string {
  return JSON.stringify([page.site, page.seriesKey, page.chapterKey ?? page.chapter]);
}

/** Why the chapter is finished as far as position goes, or null; absurd numbers never finish anything. */
function finishedReason(page: DetectedPage, extra: StripProgress | undefined, stripThreshold: number) {
  if (page.progress) {
    const { page: at, pages } = page.progress;
    return isSaneCount(at) && isSaneCount(pages) && pages >= 1 && at === pages ? 'last-page' : null;
  }
  const seen = extra?.imagesSeen;
  const total = extra?.imagesTotal;
  if (!isSaneCount(seen) || !isSaneCount(total) || total < 1 || seen > total) return null;
  return seen / total >= stripThreshold ? 'strip' : null;
}

/**
 * Leaving a chapter for another of the same series counts as having read it, unless the numbers show a step
 * back or sideways (rereading chapter 4, or another group's upload of the same chapter): that is not finishing.
 */
function isLaterChapter(previous: DetectedPage, next: DetectedPage): boolean {
  if (previous.site !== next.site || previous.seriesKey !== next.seriesKey) return false;
  return previous.chapter === null || next.chapter === null || next.chapter > previous.chapter;
}

interface ChapterVisit {
  identity: string;
  page: DetectedPage;
  enteredAt: number;
}

export function createReadDetector(options: ReadDetectorOptions): ReadDetector {
  if (options.mode === 'manual') return { observe: () => undefined, dispose: () => undefined };
  const { mode, timers, now, onRead } = options;
  const minMs = (options.minSeconds ?? 10) * 1000;
  const stripThreshold = options.stripThreshold ?? 0.9;
  // Remembered for the script's lifetime so revisiting a chapter (SPA back/forward) does not report it again.
  const reported = new Set<string>();
  let current: ChapterVisit | null = null;
  let timer: number | null = null;
  let disposed = false;

  const cancelTimer = () => {
    if (timer !== null) timers.clearTimeout(timer);
    timer = null;
  };
  const report = (visit: ChapterVisit, reason: ReadEvent['reason']) => {
    if (reported.has(visit.identity)) return;
    reported.add(visit.identity);
    onRead({ page: visit.page, reason, mode });
  };

  return {
    observe(page, extra) {
      if (disposed) return;
      const identity = chapterIdentity(page);
      if (current?.identity !== identity) {
        // The pending timer belongs to the chapter being left; it must not fire for it later.
        cancelTimer();
        const previous = current;
        current = { identity, page, enteredAt: now() };
        if (previous && isLaterChapter(previous.page, page) && current.enteredAt - previous.enteredAt >= minMs) {
          report(previous, 'next-chapter');
        }
      } else {
        current.page = page;
      }
      const visit = current;
      const reason = finishedReason(page, extra, stripThreshold);
      // A pending timer is left alone: reaching the last page and paging back before the minimum time still counts.
      if (!reason || reported.has(identity) || timer !== null) return;
      const remaining = visit.enteredAt + minMs - now();
      if (remaining <= 0) report(visit, reason);
      else
        timer = timers.setTimeout(() => {
          timer = null;
          report(visit, reason);
        }, remaining);
    },
    dispose() {
      disposed = true;
      cancelTimer();
      current = null;
    },
  };
}

/**
 * How many of a long strip's images the reader has reached: those whose top edge is above the viewport's bottom,
 * i.e. scrolled past or into view (SITES.md: "countAbove"). `viewportBottom` is in viewport coordinates, normally
 * `window.innerHeight`. Images without height are skipped: a hidden or not-yet-loaded image has no meaningful
 * position, and a pile of zero-height placeholders would otherwise all count at once.
 */
export function countImagesSeen(images: ArrayLike<Element>, viewportBottom: number): number {
  let seen = 0;
  for (let index = 0; index < images.length; index++) {
    const rect = images[index]?.getBoundingClientRect();
    if (rect && rect.height > 0 && rect.top < viewportBottom) seen++;
  }
  return seen;
}
