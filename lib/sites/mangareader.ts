import { MAX_VOLUME, parseNumber } from './shared/chapter-number';
import { visibleText } from './shared/dom';
import { pageProgress } from './shared/page-counter';
import { decodeEntities, readSyncData, syncNumber, syncString, syncTrackerIds } from './shared/sync-data';
import type { DetectedPage, SiteAdapter, SiteInfo } from './types';

/** Facts: reference/SITES.md §C.5 (MangaReader.to). Re-check by hand: https://mangareader.to/read/solo-leveling-21/en/chapter-168 */

const ORIGIN = 'https://mangareader.to';
/**
 * `/read/{slug}-{id}/{lang}/chapter-{n}`; the id follows the slug's last dash. Volume readers (`/volume-{n}`)
 * are not read: a volume does not say which chapters it holds.
 */
const CHAPTER_PATH = /^\/read\/[^/]*-(\d{1,12})\/[a-z]{2}(?:-[a-z]{2,3})?\/chapter-(\d{1,6}(?:\.\d{1,3})?)\/?$/i;

const SELECTORS = {
  /** Horizontal (paged) reader: current page and page count. */
  currentPage: '.hoz-current-index',
  totalPages: '.hoz-total-image',
  /** Vertical reader: one card per page. */
  stripCards: '.iv-card',
};

function parseChapterUrl(url: URL) {
  const match = url.origin === ORIGIN ? CHAPTER_PATH.exec(url.pathname) : null;
  return match?.[1] ? { seriesKey: match[1], chapter: parseNumber(match[2]) } : null;
}

function readProgress(doc: Document): DetectedPage['progress'] {
  const page = parseNumber(visibleText(doc.querySelector(SELECTORS.currentPage), 20));
  return pageProgress(page, parseNumber(visibleText(doc.querySelector(SELECTORS.totalPages), 20)));
}

/** Where the adapter runs, without its detection code: all the background needs. */
export const mangareaderSite = {
  id: 'mangareader',
  name: 'MangaReader.to',
  matches: [`${ORIGIN}/*`],
} satisfies SiteInfo;

export const mangareader: SiteAdapter = {
  ...mangareaderSite,
  stripImages: SELECTORS.stripCards,
  isChapterUrl: (url) => parseChapterUrl(url) !== null,
  detect(doc, url) {
    const parts = parseChapterUrl(url);
    const data = parts ? readSyncData(doc) : null;
    if (!parts || data?.page !== 'chapter') return null;
    const chapter = syncNumber(data, 'chapter');
    // `name` arrives HTML-encoded (§C.5).
    const title = decodeEntities(syncString(data, 'name') ?? '').trim();
    // The reader can change chapter in place (§0), so `#syncData` and the URL may briefly disagree: then the blob
    // is stale or forged, and neither number is taken.
    if (chapter === null || chapter !== parts.chapter || !title) return null;
    return {
      site: 'mangareader',
      seriesKey: parts.seriesKey,
      title,
      // The URL names the chapter by number only.
      chapterKey: null,
      chapter,
      volume: syncNumber(data, 'volume', MAX_VOLUME),
      progress: readProgress(doc),
      externalIds: syncTrackerIds(data),
    };
  },
};
