import { parseChapterLabel, parseNumber } from './shared/chapter-number';
import { visibleText } from './shared/dom';
import type { DetectedPage, SiteAdapter, SiteInfo } from './types';

/** Facts: reference/SITES.md §A (MangaDex). Re-check by hand: https://mangadex.org/chapter/8e135e8d-606e-4587-a4a4-9a829792d73e */

const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
/** `/chapter/{uuid}` with an optional 1-based `/{page}` suffix; a page change is not a new chapter. */
const CHAPTER_PATH = new RegExp(`^/chapter/(${UUID})(?:/(\\d{1,4}))?/?$`, 'i');
const TITLE_PATH = new RegExp(`/title/(${UUID})(?:/|$)`, 'i');

const SELECTORS = {
  /** Series-title link in the reader header; its href carries the manga UUID. */
  seriesLink: 'a.reader--header-manga',
  /** Label such as "Vol. 3 Ch. 12", "Ch. 12.5" or "Oneshot". */
  chapterLabel: 'div.reader--meta.chapter',
  /** New-style progress bar: first and last `.page-number` are current and total. */
  pageNumbers: '.md--reader-progress .page-number',
};

function readProgress(doc: Document): DetectedPage['progress'] {
  const numbers = doc.querySelectorAll(SELECTORS.pageNumbers);
  if (numbers.length < 2) return null;
  const page = parseNumber(/(\d+)\s*$/.exec(numbers[0]?.textContent ?? '')?.[1], 10_000);
  const pages = parseNumber(/(\d+)\s*$/.exec(numbers[numbers.length - 1]?.textContent ?? '')?.[1], 10_000);
  if (page === null || pages === null || pages < 1 || page < 1 || page > pages) return null;
  return { page, pages };
}

/** Where the adapter runs, without its detection code: all the background needs. */
export const mangadexSite = {
  id: 'mangadex',
  name: 'MangaDex',
  matches: ['https://mangadex.org/*'],
} satisfies SiteInfo;

export const mangadex: SiteAdapter = {
  ...mangadexSite,
  stripImages: '.md--reader-pages img',
  isChapterUrl: (url) => url.hostname === 'mangadex.org' && CHAPTER_PATH.test(url.pathname),
  detect(doc, url) {
    const chapterMatch = url.hostname === 'mangadex.org' ? CHAPTER_PATH.exec(url.pathname) : null;
    if (!chapterMatch?.[1]) return null;
    const link = doc.querySelector<HTMLAnchorElement>(SELECTORS.seriesLink);
    const seriesKey = TITLE_PATH.exec(link?.getAttribute('href') ?? '')?.[1];
    const title = visibleText(link);
    const labelElement = doc.querySelector(SELECTORS.chapterLabel);
    // The reader renders asynchronously: without the series link and the chapter label there is nothing to
    // report yet, and guessing would risk a wrong update.
    if (!seriesKey || !title || !labelElement) return null;
    const parsed = parseChapterLabel(visibleText(labelElement, 200));
    if (parsed.kind === 'unknown') return null;
    return {
      site: 'mangadex',
      seriesKey: seriesKey.toLowerCase(),
      title,
      chapterKey: chapterMatch[1].toLowerCase(),
      chapter: parsed.chapter,
      volume: parsed.volume,
      progress: readProgress(doc),
      externalIds: {},
    };
  },
};
