import { parseChapterLabel } from './shared/chapter-number';
import { visibleText } from './shared/dom';
import { parsePageCounter } from './shared/page-counter';
import type { SiteAdapter, SiteInfo } from './types';

/** Facts: reference/SITES.md §C.1 (MANGA Plus). Re-check by hand: https://mangaplus.shueisha.co.jp/viewer/1000391 */

const ORIGIN = 'https://mangaplus.shueisha.co.jp';
const CHAPTER_PATH = /^\/viewer\/(\d{1,12})\/?$/;
const TITLE_PATH = /^\/titles\/(\d{1,12})\/?$/;

// The class names are CSS-module hashes (`Navigation-module_title_180OT`) that change with a site build: match the
// stable prefix only (§C.1).
const SELECTORS = {
  /** Series title in the viewer header; its parent link goes to `/titles/{titleId}`. */
  title: 'h1[class*="Navigation-module_title_"]',
  /** Chapter label: "#012" for a numbered chapter, a name without a number for extras. */
  chapterLabel: 'p[class*="Navigation-module_chapterTitle_"]',
  /** Page counter "x / y". */
  pageNumber: '[class*="Viewer-module_pageNumber"]',
};

/** The title id of a link to this site's own series page, or null (an off-site link keys nothing). */
function titleIdOf(link: Element | null, page: URL): string | null {
  const href = link?.getAttribute('href');
  if (!href) return null;
  try {
    const target = new URL(href, page);
    return target.origin === ORIGIN ? (TITLE_PATH.exec(target.pathname)?.[1] ?? null) : null;
  } catch {
    return null;
  }
}

/**
 * Numbered chapters are labelled "#012", so a label without any digit is one of the site's unnumbered extras or
 * one-shots (§C.1: no number is expected for `/viewer/1007745`). Digits that do not make a sane number are a
 * garbled or hostile label: not detected rather than taken as an extra.
 */
function readChapter(label: string): { chapter: number | null } | null {
  const parsed = parseChapterLabel(label);
  if (parsed.kind !== 'unknown') return { chapter: parsed.chapter };
  return /\d/.test(label) ? null : { chapter: null };
}

/** Where the adapter runs, without its detection code: all the background needs. */
export const mangaplusSite = {
  id: 'mangaplus',
  name: 'MANGA Plus',
  matches: [`${ORIGIN}/*`],
} satisfies SiteInfo;

export const mangaplus: SiteAdapter = {
  ...mangaplusSite,
  isChapterUrl: (url) => url.origin === ORIGIN && CHAPTER_PATH.test(url.pathname),
  detect(doc, url) {
    const chapterId = url.origin === ORIGIN ? CHAPTER_PATH.exec(url.pathname)?.[1] : undefined;
    if (!chapterId) return null;
    const titleElement = doc.querySelector(SELECTORS.title);
    const seriesKey = titleIdOf(titleElement?.closest('a') ?? null, url);
    const title = visibleText(titleElement);
    const label = visibleText(doc.querySelector(SELECTORS.chapterLabel), 200);
    // The viewer is a single-page app that renders after its API answers: until the header is there, wait.
    if (!seriesKey || !title || !label) return null;
    const parsed = readChapter(label);
    if (!parsed) return null;
    return {
      site: 'mangaplus',
      seriesKey,
      title,
      chapterKey: chapterId,
      chapter: parsed.chapter,
      volume: null,
      progress: parsePageCounter(visibleText(doc.querySelector(SELECTORS.pageNumber), 100)),
      externalIds: {},
    };
  },
};
