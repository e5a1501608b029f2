import type { DetectedPage } from '../types';

/**
 * Page positions as readers show them: an "x / y" counter, a "Page 3" label, a pair of numbers. A page that
 * claims page 900 of 3, or a billion pages, reports no position rather than a wrong one.
 */

/** Most pages a chapter is taken to have; the read detector ignores counts above the same ceiling. */
export const MAX_PAGES = 10_000;

/** A position of whole pages with 1 ≤ page ≤ pages ≤ MAX_PAGES, or null. */
export function pageProgress(page: number | null, pages: number | null): DetectedPage['progress'] {
  if (page === null || pages === null || !Number.isInteger(page) || !Number.isInteger(pages)) return null;
  return page >= 1 && page <= pages && pages <= MAX_PAGES ? { page, pages } : null;
}

// At most five digits, not the tail of a longer number or of a decimal: "123456 / 7" is not "23456 / 7".
const COUNTER_RE = /(?:^|[^\d.])(\d{1,5})\s*\/\s*(\d{1,5})(?![\d.])/;
const TRAILING_RE = /(?:^|[^\d.])(\d{1,5})\s*$/;

/** Reads an "x / y" counter ("3 / 18", "Page 3/18"). */
export function parsePageCounter(text: string): DetectedPage['progress'] {
  const match = COUNTER_RE.exec(text);
  return match?.[1] && match[2] ? pageProgress(Number(match[1]), Number(match[2])) : null;
}

/** The whole page number a label ends with ("Page 3" → 3), or null. */
export function trailingPageNumber(text: string): number | null {
  const digits = TRAILING_RE.exec(text)?.[1];
  return digits ? Number(digits) : null;
}
