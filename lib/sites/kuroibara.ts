import { MAX_VOLUME, parseChapterLabel, parseNumber } from './shared/chapter-number';
import { visibleText } from './shared/dom';
import { parsePageCounter } from './shared/page-counter';
import { answer, asRecord, asText, bearer } from './shared/self-hosted';
import type { SiteAdapter, SiteInfo } from './types';

/**
 * Facts: reference/SITES.md §B1 (Kuroibara). Re-check by hand on a Kuroibara server: open a chapter, go on to the
 * next chapter with the toolbar button, and see that the address still names the first one.
 */

const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
/** `/read/{mangaId}/{chapterId?}/{page?}`; both ids are UUIDs, the page 1-based (§B1 "Routing and layout"). */
const READER_PATH = new RegExp(`^/read/(${UUID})(?:/(${UUID}))?(?:/\\d{1,5})?/?$`, 'i');
const CHAPTER_ID = new RegExp(`^${UUID}$`, 'i');

const SELECTORS = {
  /** The reader's toolbar (views/MangaReader.vue). */
  toolbar: '.manga-reader .reader-toolbar',
  /** The series title, right after the back link to `/manga/{id}`. */
  seriesTitle: 'a[href*="/manga/"] + div',
  /** The chapter selector button: the chapter's title, or "Select Chapter" while there is none. */
  chapterButton: '.relative > button',
  /** Page counter "x / y". */
  counter: 'span',
};
const NO_CHAPTER = 'Select Chapter';

/** What the toolbar shows: series title, chapter title ('' when none) and page position; null before it renders. */
function readToolbar(doc: Document) {
  const toolbar = doc.querySelector(SELECTORS.toolbar);
  if (!toolbar) return null;
  const chapterTitle = visibleText(toolbar.querySelector(SELECTORS.chapterButton));
  const counters = [...toolbar.querySelectorAll(SELECTORS.counter)].map((span) => parsePageCounter(visibleText(span, 100)));
  return {
    title: visibleText(toolbar.querySelector(SELECTORS.seriesTitle)),
    chapterTitle: chapterTitle === NO_CHAPTER ? '' : chapterTitle,
    progress: counters.find((progress) => progress !== null) ?? null,
  };
}

/** Chapter `number` and `volume` are strings in Kuroibara's API (§B1 "API used by the reader"). */
function apiNumber(value: unknown, max?: number): number | null {
  return typeof value === 'string' || typeof value === 'number' ? parseNumber(String(value), max) : null;
}

const sameId = (value: unknown, id: string | undefined) => typeof value === 'string' && value.toLowerCase() === id?.toLowerCase();

/** Where the adapter runs, without its detection code: all the background needs. */
export const kuroibaraSite = {
  id: 'kuroibara',
  name: 'Kuroibara',
  matches: [],
  selfHosted: true,
} satisfies SiteInfo;

export const kuroibara: SiteAdapter = {
  ...kuroibaraSite,
  isChapterUrl: (url) => READER_PATH.test(url.pathname),
  /** Only when the chapter's title itself names its number ("Chapter 12"); the address's chapter may be stale. */
  detect(doc, url) {
    const mangaId = READER_PATH.exec(url.pathname)?.[1];
    const shown = readToolbar(doc);
    const parsed = parseChapterLabel(shown?.chapterTitle ?? '');
    if (!mangaId || !shown?.title || parsed.kind !== 'numbered') return null;
    return {
      site: 'kuroibara',
      seriesKey: mangaId.toLowerCase(),
      title: shown.title,
      chapterKey: null,
      chapter: parsed.chapter,
      volume: parsed.volume,
      progress: shown.progress,
      externalIds: {},
    };
  },
  async load(doc, url, api) {
    const [, mangaId, urlChapterId] = READER_PATH.exec(url.pathname) ?? [];
    // Bearer JWT from localStorage["token"], valid for 30 minutes by default: expect it to be absent or stale.
    const auth = bearer(api.storedItem('token'));
    // Until the reader has rendered its toolbar there is no telling which chapter it will show.
    const shown = readToolbar(doc);
    if (!mangaId || !auth || !shown) return null;
    const path = `/api/v1/manga/${mangaId}`;
    const manga = asRecord(await answer(api, path, auth));
    const title = asText(manga?.title);
    if (!manga || !title || (manga.id !== undefined && !sameId(manga.id, mangaId))) return null;

    // Next/previous chapter loads the new chapter without touching the URL (§B1 "SPA caveat"), so the chapter is
    // the one whose title the toolbar shows; the URL's chapter is used only while the toolbar shows none.
    let chapter: Record<string, unknown> | null = null;
    if (shown.chapterTitle) {
      const list = await answer(api, `${path}/chapters`, auth);
      const titled = (Array.isArray(list) ? list : []).map(asRecord).filter((c) => asText(c?.title) === shown.chapterTitle);
      // Two chapters with the shown title (e.g. two uploads of one chapter): only the URL can tell them apart.
      chapter = titled.length === 1 ? (titled[0] ?? null) : (titled.find((c) => sameId(c?.id, urlChapterId)) ?? null);
    } else if (urlChapterId) {
      chapter = asRecord(await answer(api, `${path}/chapters/${urlChapterId}`, auth));
      if (!sameId(chapter?.id, urlChapterId)) return null;
    }
    const chapterId = typeof chapter?.id === 'string' && CHAPTER_ID.test(chapter.id) ? chapter.id : null;
    const number = apiNumber(chapter?.number);
    if (!chapterId || number === null) return null;

    return {
      site: 'kuroibara',
      seriesKey: mangaId.toLowerCase(),
      title,
      chapterKey: chapterId.toLowerCase(),
      chapter: number,
      volume: apiNumber(chapter?.volume, MAX_VOLUME),
      progress: shown.progress,
      // `external_ids` exists on the manga but which keys it uses is not established (§B1, SITES.md §D 4).
      externalIds: {},
    };
  },
};
