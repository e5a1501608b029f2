import { parseChapterLabel, parseNumber } from './shared/chapter-number';
import { visibleText } from './shared/dom';
import type { SiteAdapter, SiteInfo } from './types';

/**
 * Facts: reference/SITES.md §C.8 (Flame Comics). Only the current domain: flamecomics.com and .me are past ones.
 * Re-check by hand: https://flamecomics.xyz/series/1/a51617bdb0da930f
 */

const HOST = 'flamecomics.xyz';
/** `/series/{numericSeriesId}/{chapterToken}`; the tokens seen are 16 hex characters (§C.8). */
const CHAPTER_PATH = /^\/series\/(\d{1,9})\/([0-9a-f]{16})\/?$/i;

const SELECTORS = {
  /** Next.js build-hashed class names (§C.8, §D.1), hence the prefix match. */
  seriesTitle: '[class*="TopChapterNavbar_series_title"]',
  /** "Chapter N". */
  chapterLabel: '[class*="TopChapterNavbar_chapter_title"]',
  nextData: 'script#__NEXT_DATA__',
  stripImages: '.mantine-Stack-root img[width]',
};

/** Larger than any real page's data; a page claiming more is not parsed. */
const MAX_NEXT_DATA = 2_000_000;

function chapterPath(url: URL): { seriesId: string; token: string } | null {
  const match = url.hostname === HOST ? CHAPTER_PATH.exec(url.pathname) : null;
  return match?.[1] && match[2] ? { seriesId: String(Number(match[1])), token: match[2].toLowerCase() } : null;
}

function field(value: unknown, key: string): unknown {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[key] : undefined;
}

function asText(value: unknown): string | null {
  if (typeof value === 'string') return value;
  return typeof value === 'number' ? String(value) : null;
}

/** What the server rendered into the page about its chapter (`props.pageProps.chapter`, §C.8), or null. */
function serverChapter(doc: Document): { seriesId: string | null; token: string | null; chapter: unknown } | null {
  const text = doc.querySelector(SELECTORS.nextData)?.textContent ?? '';
  if (!text || text.length > MAX_NEXT_DATA) return null;
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return null;
  }
  const chapter = field(field(field(data, 'props'), 'pageProps'), 'chapter');
  if (chapter === undefined) return null;
  return {
    seriesId: asText(field(chapter, 'series_id')),
    token: asText(field(chapter, 'token'))?.toLowerCase() ?? null,
    chapter: field(chapter, 'chapter'),
  };
}

/** A chapter number from the server data: `undefined` when it has none, `null` when it has one that is not sane. */
function dataNumber(value: unknown): number | null | undefined {
  return value === null || value === undefined ? undefined : parseNumber(asText(value));
}

/** Where the adapter runs, without its detection code: all the background needs. */
export const flamecomicsSite = {
  id: 'flamecomics',
  name: 'Flame Comics',
  // Next.js app with client-side navigation (§C.8).
  matches: [`https://${HOST}/*`],
} satisfies SiteInfo;

export const flamecomics: SiteAdapter = {
  ...flamecomicsSite,
  stripImages: SELECTORS.stripImages,
  isChapterUrl: (url) => chapterPath(url) !== null,
  detect(doc, url) {
    const path = chapterPath(url);
    if (!path) return null;
    const title = visibleText(doc.querySelector(SELECTORS.seriesTitle));
    const labelElement = doc.querySelector(SELECTORS.chapterLabel);
    const label = labelElement ? parseChapterLabel(visibleText(labelElement, 200)) : null;
    const server = serverChapter(doc);
    // Next.js does not rewrite its data script on client-side navigation: after moving to another chapter it
    // still describes the first one loaded, so it counts only when it names the chapter in the URL.
    const isThisChapter = server?.token === path.token && server.seriesId === path.seriesId;
    const fromData = isThisChapter ? dataNumber(server.chapter) : undefined;
    // Data for this very chapter with an absurd number, or data and navbar that disagree: the page contradicts
    // itself, and neither side can be trusted over the other.
    if (!title || fromData === null) return null;
    if (fromData !== undefined && label?.kind === 'numbered' && label.chapter !== fromData) return null;
    if (fromData === undefined) {
      if (!label || label.kind === 'unknown') return null;
      // Right after a client-side move the navbar can still name the chapter the data describes: not this one.
      if (server && label.chapter !== null && label.chapter === dataNumber(server.chapter)) return null;
    }
    return {
      site: 'flamecomics',
      seriesKey: path.seriesId,
      title,
      chapterKey: path.token,
      chapter: fromData ?? label?.chapter ?? null,
      volume: null,
      progress: null,
      externalIds: {},
    };
  },
};
