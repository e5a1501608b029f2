import { parseNumber } from './shared/chapter-number';
import { pageProgress } from './shared/page-counter';
import { detectSyncDataChapter } from './shared/sync-data';
import type { DetectedPage, SiteAdapter, SiteInfo } from './types';

/**
 * Facts: reference/SITES.md §C.3 (MangaFire). Re-check by hand: https://mangafire.to/read/solo-leveling.52x0/en/chapter-168
 * (old design; the new design's chapter links are on https://mangafire.to/title/52x0-solo-leveling).
 */

const ORIGIN = 'https://mangafire.to';
/** Language codes in reader URLs: `en`, `ja`, and regional ones such as `es-la`, `pt-br`. */
const LANG = '[a-z]{2}(?:-[a-z]{2,3})?';
/** Chapter numbers are floats printed without a trailing ".0" (`chapter-12`, `chapter-12.5`). */
const NUMBER = String.raw`\d{1,6}(?:\.\d{1,3})?`;
/** New design (since 2026-07): `/title/{hid}-{slug}/{chapterId}-chapter-{n}-{lang}`. */
const NEW_CHAPTER_PATH = new RegExp(String.raw`^/title/([a-z0-9]{1,20})(?:-[^/]*)?/(\d{1,12})-chapter-(${NUMBER})-${LANG}/?$`, 'i');
/** Old design: `/read/{slug}.{hid}/{lang}/chapter-{n}`; the hid follows the last dot. Volume readers are not read. */
const OLD_CHAPTER_PATH = new RegExp(String.raw`^/read/[^/]*\.([a-z0-9]{1,20})/${LANG}/chapter-(${NUMBER})/?$`, 'i');

const SELECTORS = {
  /** Reader progress bar: `aria-valuenow` is the current page, `aria-valuemax` the total. */
  progress: '.reader-progress',
};

interface ChapterUrl {
  /** The hid, the same in both URL designs, so a series keeps its key across the redesign. */
  seriesKey: string;
  chapterKey: string | null;
  chapter: number | null;
}

function parseChapterUrl(url: URL): ChapterUrl | null {
  if (url.origin !== ORIGIN) return null;
  const current = NEW_CHAPTER_PATH.exec(url.pathname);
  if (current?.[1] && current[2]) return { seriesKey: current[1], chapterKey: current[2], chapter: parseNumber(current[3]) };
  const old = OLD_CHAPTER_PATH.exec(url.pathname);
  // The old design's URL carries no chapter id.
  if (old?.[1]) return { seriesKey: old[1], chapterKey: null, chapter: parseNumber(old[2]) };
  return null;
}

function readProgress(doc: Document): DetectedPage['progress'] {
  const bar = doc.querySelector(SELECTORS.progress);
  return pageProgress(parseNumber(bar?.getAttribute('aria-valuenow')), parseNumber(bar?.getAttribute('aria-valuemax')));
}

/** Where the adapter runs, without its detection code: all the background needs. */
export const mangafireSite = {
  id: 'mangafire',
  name: 'MangaFire',
  matches: [`${ORIGIN}/*`],
} satisfies SiteInfo;

export const mangafire: SiteAdapter = {
  ...mangafireSite,
  isChapterUrl: (url) => parseChapterUrl(url) !== null,
  detect: (doc, url) => detectSyncDataChapter('mangafire', doc, parseChapterUrl(url), readProgress),
};
