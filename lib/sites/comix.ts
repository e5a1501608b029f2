import { parseNumber } from './shared/chapter-number';
import { pageProgress } from './shared/page-counter';
import { detectSyncDataChapter } from './shared/sync-data';
import type { DetectedPage, SiteAdapter, SiteInfo } from './types';

/** Facts: reference/SITES.md §C.4 (Comix). Re-check by hand: https://comix.to/title/3z2z2-reincarnated-as-a-sword/2734337-chapter-84 */

const ORIGINS = ['https://comix.to', 'https://comix.ws'];
/**
 * `/title/{hid}-{slug}/{chapterId}-chapter-{n}`. The slug changes over time (§C.4 shows two for one series), so
 * the series is keyed on the hid alone.
 */
const CHAPTER_PATH = /^\/title\/([a-z0-9]{1,20})(?:-[^/]*)?\/(\d{1,12})-chapter-(\d{1,6}(?:\.\d{1,3})?)\/?$/i;

const SELECTORS = {
  /** One segment per page in the reader's progress bar. */
  segments: '.rpage-progress__seg',
  /** Segments of pages already seen, and the current one. */
  reached: '.rpage-progress__seg.is-visited, .rpage-progress__seg.is-active',
};

function parseChapterUrl(url: URL) {
  const match = ORIGINS.includes(url.origin) ? CHAPTER_PATH.exec(url.pathname) : null;
  return match?.[1] && match[2] ? { seriesKey: match[1], chapterKey: match[2], chapter: parseNumber(match[3]) } : null;
}

function readProgress(doc: Document): DetectedPage['progress'] {
  return pageProgress(doc.querySelectorAll(SELECTORS.reached).length, doc.querySelectorAll(SELECTORS.segments).length);
}

/** Where the adapter runs, without its detection code: all the background needs. */
export const comixSite = {
  id: 'comix',
  name: 'Comix',
  matches: ORIGINS.map((origin) => `${origin}/*`),
} satisfies SiteInfo;

export const comix: SiteAdapter = {
  ...comixSite,
  isChapterUrl: (url) => parseChapterUrl(url) !== null,
  // Two uploads of one chapter have different ids (§C.4); the number says they are the same chapter.
  detect: (doc, url) => detectSyncDataChapter('comix', doc, parseChapterUrl(url), readProgress),
};
