import { MAX_VOLUME, parseChapterLabel, parseNumber } from './shared/chapter-number';
import { visibleText } from './shared/dom';
import { pageProgress, trailingPageNumber } from './shared/page-counter';
import type { DetectedPage, SiteAdapter, SiteInfo } from './types';

/** Facts: reference/SITES.md §C.2 (WeebCentral). Re-check by hand: https://weebcentral.com/chapters/01J76XZ480RW84PPENM92DQWG6 */

const ORIGIN = 'https://weebcentral.com';
/** Series and chapter ids are 26-character ULIDs (Crockford base 32). */
const ULID = '[0-9A-HJKMNP-TV-Z]{26}';
const CHAPTER_PATH = new RegExp(`^/chapters/(${ULID})/?$`, 'i');
const SERIES_PATH = new RegExp(`^/series/(${ULID})(?:/|$)`, 'i');
/** "S4 Chapter 31": a leading season is the volume (§C.2, "Flawless" → chapter 31, volume 4). */
const SEASON_RE = /^\s*S(\d{1,4})\b\s*/i;
/** Last resort for labels like "Chp 5": a trailing number that is not the tail of a longer one. */
const TRAILING_NUMBER_RE = /(?:^|[^\d.])(\d{1,6}(?:\.\d{1,3})?)\s*$/;

const SELECTORS = {
  /** Series title inside the header link to `/series/{ULID}/{slug}`. */
  title: 'section.w-full a[href*="/series/"] span',
  /** Label of the chapter-select button ("Chapter 706"), filled in by HTMX. */
  chapterLabel: 'section.w-full button[hx-target="#chapter-select-body"] span',
  /** Present only in the paged reading mode (Alpine `@click`). */
  pagedControl: 'button.col-span-2[\\@click="nextPage()"]',
  /** Paged mode: its text ends with the current page. */
  pageSelect: '[onclick*="page_select_modal"]',
  /** The chapter's page images, in both modes. */
  images: 'main img[src*="/manga/"]',
};

/** The series ULID of a link to this site's own series page, or null (an off-site link keys nothing). */
function seriesIdOf(link: Element | null, page: URL): string | null {
  const href = link?.getAttribute('href');
  if (!href) return null;
  try {
    const target = new URL(href, page);
    return target.origin === ORIGIN ? (SERIES_PATH.exec(target.pathname)?.[1] ?? null) : null;
  } catch {
    return null;
  }
}

/** Chapter and volume from the chapter-select label, or null when the label names no chapter. */
function readLabel(label: string): Pick<DetectedPage, 'chapter' | 'volume'> | null {
  const season = SEASON_RE.exec(label);
  const rest = season ? label.slice(season[0].length) : label;
  const parsed = parseChapterLabel(rest);
  const volume = season ? parseNumber(season[1], MAX_VOLUME) : parsed.volume;
  if (parsed.kind === 'oneshot' || parsed.kind === 'extra') return { chapter: null, volume };
  const chapter = parsed.chapter ?? parseNumber(TRAILING_NUMBER_RE.exec(rest)?.[1]);
  return chapter === null ? null : { chapter, volume };
}

function readProgress(doc: Document): DetectedPage['progress'] {
  // In long-strip mode the page has no counter: the caller measures the strip instead.
  if (!doc.querySelector(SELECTORS.pagedControl)) return null;
  const page = trailingPageNumber(visibleText(doc.querySelector(SELECTORS.pageSelect), 100));
  return pageProgress(page, doc.querySelectorAll(SELECTORS.images).length);
}

/** Where the adapter runs, without its detection code: all the background needs. */
export const weebcentralSite = {
  id: 'weebcentral',
  name: 'WeebCentral',
  // Server-rendered pages, no client-side navigation (§C.2): the reader is only ever loaded at a chapter URL.
  matches: [`${ORIGIN}/chapters/*`],
} satisfies SiteInfo;

export const weebcentral: SiteAdapter = {
  ...weebcentralSite,
  stripImages: SELECTORS.images,
  isChapterUrl: (url) => url.origin === ORIGIN && CHAPTER_PATH.test(url.pathname),
  detect(doc, url) {
    const chapterId = url.origin === ORIGIN ? CHAPTER_PATH.exec(url.pathname)?.[1] : undefined;
    if (!chapterId) return null;
    const titleElement = doc.querySelector(SELECTORS.title);
    const seriesKey = seriesIdOf(titleElement?.closest('a') ?? null, url);
    const title = visibleText(titleElement);
    const label = visibleText(doc.querySelector(SELECTORS.chapterLabel), 200);
    // The chapter-select button arrives with an HTMX fragment: without it there is no chapter to report yet.
    if (!seriesKey || !title || !label) return null;
    const numbers = readLabel(label);
    if (!numbers) return null;
    return {
      site: 'weebcentral',
      seriesKey: seriesKey.toUpperCase(),
      title,
      chapterKey: chapterId.toUpperCase(),
      ...numbers,
      progress: readProgress(doc),
      externalIds: {},
    };
  },
};
