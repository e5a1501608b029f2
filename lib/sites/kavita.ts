import { MAX_VOLUME, parseNumber } from './shared/chapter-number';
import { answer, asRecord, asText, bearer, trackerIdsFromUrls } from './shared/self-hosted';
import type { SiteAdapter, SiteInfo } from './types';

/**
 * Facts: reference/SITES.md §B3 (Kavita). Re-check by hand on a Kavita server (e.g. the public demo server):
 * open a manga chapter, go on to the next chapter from inside the reader.
 */

/**
 * `/library/{libraryId}/series/{seriesId}/manga|book|pdf/{chapterId}` (with `/list/{listId}` from a reading
 * list), possibly under the server's base path. Ids are integers.
 */
const READER_PATH = /^(\/(?:[^?#]*\/)?)library\/\d{1,10}\/series\/(\d{1,10})\/(?:manga|book|pdf)\/(\d{1,10})(?:\/list\/\d{1,10})?\/?$/;

/** Links to tracker pages that Kavita's series page shows (§B3 "Tracker links"). */
const TRACKER_LINKS = 'a[href^="https://anilist.co/manga/"], a[href^="https://myanimelist.net/manga/"], a[href^="https://kitsu.app/manga/"]';

/** Kavita writes numbers as strings, some with a decimal comma (§B3: "`,` with `.` before parsing"). */
function kavitaNumber(value: unknown, max?: number): number | null {
  const text = typeof value === 'number' ? String(value) : typeof value === 'string' ? value.trim().replace(',', '.') : null;
  return parseNumber(text, max);
}

/** Where the adapter runs, without its detection code: all the background needs. */
export const kavitaSite = {
  id: 'kavita',
  name: 'Kavita',
  matches: [],
  selfHosted: true,
} satisfies SiteInfo;

export const kavita: SiteAdapter = {
  ...kavitaSite,
  isChapterUrl: (url) => READER_PATH.test(url.pathname),
  // The reader does not print the chapter number; chapter-info is the only reliable source.
  detect: () => null,
  async load(doc, url, api) {
    // The reader moves to the next chapter with history.replaceState (SITES.md "Cross-cutting facts" 1), so the
    // chapter id is read from the URL of this call, never remembered.
    const [, base, seriesId, chapterId] = READER_PATH.exec(url.pathname) ?? [];
    if (!base || !seriesId || !chapterId || url.searchParams.get('incognitoMode') === 'true') return null;

    // The web UI keeps its user, JWT included, in localStorage["kavita-user"]; an OIDC login may have none (§B3).
    let user: unknown = null;
    try {
      user = JSON.parse(api.storedItem('kavita-user') ?? 'null');
    } catch {
      return null;
    }
    const auth = bearer(asRecord(user)?.token);
    if (!auth) return null;

    const info = asRecord(await answer(api, `${base}api/reader/chapter-info?chapterId=${chapterId}`, auth));
    // A chapter-info of another series means the URL and the server disagree: report nothing.
    if (!info || (info.seriesId !== undefined && info.seriesId !== Number(seriesId))) return null;
    const chapter = kavitaNumber(info.chapterNumber);
    const volumeNumber = kavitaNumber(info.volumeNumber, MAX_VOLUME);
    if (chapter === null) return null;

    const series = asRecord(await answer(api, `${base}api/series/${seriesId}`, auth));
    const title = asText(series?.name);
    if (!title) return null;

    return {
      site: 'kavita',
      seriesKey: seriesId,
      title,
      chapterKey: chapterId,
      chapter,
      // No series has a volume 0: a 0 there means the chapter sits in no volume.
      volume: volumeNumber ? volumeNumber : null,
      // The current page is neither in the URL nor in a documented element (§B3, SITES.md §D 5), and the API's
      // progress changes while ServerApi answers are remembered: no page position rather than a stale one.
      progress: null,
      externalIds: trackerIdsFromUrls([...doc.querySelectorAll(TRACKER_LINKS)].map((link) => link.getAttribute('href'))),
    };
  },
};
