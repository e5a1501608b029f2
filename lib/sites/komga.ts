import { MAX_VOLUME, parseChapterLabel, parseNumber } from './shared/chapter-number';
import { pageProgress } from './shared/page-counter';
import { answer, asCount, asRecord, asText, trackerIdsFromUrls } from './shared/self-hosted';
import type { SiteAdapter, SiteInfo } from './types';

/**
 * Facts: reference/SITES.md §B2 (Komga). Re-check by hand on a Komga server (e.g. the public demo server):
 * open a comic book in the reader, turn pages, go on to the next book.
 */

/** `/book/{bookId}/read`, possibly under the server's configured base path (§B2 "Routes"). */
const READER_PATH = /^(\/(?:[^?#]*\/)?)book\/([\w-]{1,64})\/read\/?$/;
/** Komga ids are short opaque strings (§B2). */
const ID = /^[\w-]{1,64}$/;

/** `metadata.links[].url` of a book or series (§B2: links on both). */
function linkUrls(metadata: Record<string, unknown> | null): unknown[] {
  const links = metadata?.links;
  return Array.isArray(links) ? links.map((link) => asRecord(link)?.url) : [];
}

/** True when the book or series is tagged as a volume: its number is then a volume, not a chapter (§B2). */
function taggedAsVolume(...metadata: (Record<string, unknown> | null)[]): boolean {
  return metadata.some((m) => Array.isArray(m?.tags) && m.tags.some((tag) => typeof tag === 'string' && /^volumes?$/i.test(tag.trim())));
}

/**
 * Chapter and volume of a book. `metadata.number` is free text ("12", "12.5", "Ch. 12", "Vol. 3"), with the
 * float `numberSort` as fallback (§B2, "Cross-cutting facts" 2); a oneshot is chapter 1, and in a series tagged
 * as volumes the number is a volume (§B2). Null when no number can be read.
 */
function bookNumbers(book: Record<string, unknown>, bookMeta: Record<string, unknown>, seriesMeta: Record<string, unknown> | null) {
  if (book.oneshot === true) return { chapter: 1, volume: null };
  const label = parseChapterLabel(asText(bookMeta.number, 100) ?? '');
  // "Vol. 3" names a volume and no chapter.
  if (label.kind !== 'numbered' && label.volume !== null) return { chapter: null, volume: label.volume };
  const sort = bookMeta.numberSort;
  const number = label.chapter ?? (typeof sort === 'number' ? parseNumber(String(sort)) : null);
  if (number === null) return null;
  if (!taggedAsVolume(bookMeta, seriesMeta)) return { chapter: number, volume: label.volume };
  return number <= MAX_VOLUME ? { chapter: null, volume: number } : null;
}

/** Where the adapter runs, without its detection code: all the background needs. */
export const komgaSite = {
  id: 'komga',
  name: 'Komga',
  matches: [],
  selfHosted: true,
} satisfies SiteInfo;

export const komga: SiteAdapter = {
  ...komgaSite,
  isChapterUrl: (url) => READER_PATH.test(url.pathname),
  // Komga's reader page names the book only in its title; the series id is in the API alone.
  detect: () => null,
  async load(_doc, url, api) {
    const route = READER_PATH.exec(url.pathname);
    const [, base, bookId] = route ?? [];
    // Incognito reading is the user saying "do not track this" (§B2 "Reader query parameters").
    if (!base || !bookId || url.searchParams.get('incognito') === 'true') return null;

    // The session cookie of the user's own login authenticates these same-origin calls (§B2 "Auth").
    const book = asRecord(await answer(api, `${base}api/v1/books/${bookId}`));
    const seriesId = book?.seriesId;
    const bookMeta = asRecord(book?.metadata);
    if (!book || !bookMeta || book.id !== bookId || typeof seriesId !== 'string' || !ID.test(seriesId)) return null;
    const series = asRecord(await answer(api, `${base}api/v1/series/${seriesId}`));
    if (!series || series.id !== seriesId) return null;
    const seriesMeta = asRecord(series.metadata);
    const title = asText(seriesMeta?.title) ?? asText(series.name) ?? asText(book.seriesTitle);
    if (!title) return null;

    const numbers = bookNumbers(book, bookMeta, seriesMeta);
    if (!numbers) return null;

    // The current page lives in the URL (kept current with replaceState), the total in the book's media.
    const pageParam = url.searchParams.get('page');
    const page = pageParam !== null && /^\d{1,5}$/.test(pageParam) ? Number(pageParam) : null;
    const progress = pageProgress(page, asCount(asRecord(book.media)?.pagesCount));

    return {
      site: 'komga',
      seriesKey: seriesId,
      title,
      chapterKey: bookId,
      ...numbers,
      progress,
      externalIds: trackerIdsFromUrls([...linkUrls(bookMeta), ...linkUrls(seriesMeta)]),
    };
  },
};
