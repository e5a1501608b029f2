import { MAX_VOLUME, parseChapterLabel, parseNumber } from './shared/chapter-number';
import { visibleText } from './shared/dom';
import { MAX_PAGES, pageProgress } from './shared/page-counter';
import type { DetectedPage, SiteAdapter, SiteInfo } from './types';

/**
 * Facts: reference/SITES.md §C.14 (MangaHere / MangaFox, one reader on three domains).
 * Re-check by hand: https://www.mangahere.cc/manga/berserk_of_gluttony/c021/1.html
 */

/** Desktop hosts only: the reader facts of §C.14 do not cover the mobile `m.` subdomains. */
const DOMAINS = ['mangahere.cc', 'fanfox.net', 'mangafox.la'];
const HOSTS = new Set(DOMAINS.flatMap((domain) => [domain, `www.${domain}`]));
/** `/manga/{slug}/[v{NN}/]c{NNN}/{page}.html`: the page number is part of the URL, a page turn is no new chapter. */
const CHAPTER_PATH = /^\/manga\/([a-z0-9_-]{1,200})\/(?:v([^/]+)\/)?c([^/]+)\/\d{1,4}\.html$/i;
const SERIES_PATH = /^\/manga\/([a-z0-9_-]{1,200})\/?$/i;

const SELECTORS = {
  /** First link of the header: the series, linking to its page. */
  seriesLink: 'p.reader-header-title-1 > a:nth-child(1)',
  /** "Ch.021 …", "Vol.01 Ch.021 …". */
  chapterLabel: 'p.reader-header-title-2',
  /** Current page in the pager. */
  currentPage: '.pager-list-left .active',
  /** The last numbered pager link; the last child is the "next" arrow. */
  lastPage: '.pager-list-left [data-page]:nth-last-child(2)',
};

function chapterPath(url: URL): { slug: string; chapter: number; volume: number | null } | null {
  const match = HOSTS.has(url.hostname) ? CHAPTER_PATH.exec(url.pathname) : null;
  const chapter = parseNumber(match?.[3]);
  if (!match?.[1] || chapter === null) return null;
  // `vTBD` is a volume not yet known: still a chapter page, without a volume.
  return { slug: match[1].toLowerCase(), chapter, volume: parseNumber(match[2], MAX_VOLUME) };
}

function seriesSlug(link: Element, url: URL): string | null {
  try {
    const target = new URL(link.getAttribute('href') ?? '', url);
    return HOSTS.has(target.hostname) ? (SERIES_PATH.exec(target.pathname)?.[1]?.toLowerCase() ?? null) : null;
  } catch {
    return null;
  }
}

function readProgress(doc: Document): DetectedPage['progress'] {
  const pageNumber = (selector: string) => parseNumber(visibleText(doc.querySelector(selector), 20), MAX_PAGES);
  return pageProgress(pageNumber(SELECTORS.currentPage), pageNumber(SELECTORS.lastPage));
}

/** Where the adapter runs, without its detection code: all the background needs. */
export const mangahereSite = {
  id: 'mangahere',
  name: 'MangaHere / MangaFox',
  // Server-rendered pages, no SPA (§0): the reader is only ever reached by loading a /manga/ URL.
  matches: DOMAINS.flatMap((domain) => [`https://${domain}/manga/*`, `https://www.${domain}/manga/*`]),
} satisfies SiteInfo;

export const mangahere: SiteAdapter = {
  ...mangahereSite,
  isChapterUrl: (url) => chapterPath(url) !== null,
  detect(doc, url) {
    const path = chapterPath(url);
    if (!path) return null;
    const link = doc.querySelector(SELECTORS.seriesLink);
    const title = visibleText(link);
    const labelElement = doc.querySelector(SELECTORS.chapterLabel);
    if (!link || !title || !labelElement || seriesSlug(link, url) !== path.slug) return null;
    // The header is the chapter source (§C.14); a header that names another chapter than the URL is not trusted.
    const label = parseChapterLabel(visibleText(labelElement, 200));
    if (label.kind !== 'numbered' || label.chapter !== path.chapter) return null;
    return {
      site: 'mangahere',
      seriesKey: path.slug,
      title,
      chapterKey: null,
      chapter: path.chapter,
      volume: label.volume ?? path.volume,
      progress: readProgress(doc),
      externalIds: {},
    };
  },
};
