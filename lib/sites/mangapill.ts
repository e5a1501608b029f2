import { parseNumber } from './shared/chapter-number';
import type { SiteAdapter, SiteInfo } from './types';

/**
 * Facts: reference/SITES.md §C.9 (Mangapill).
 * Re-check by hand: https://mangapill.com/chapters/5343-10210000/mokushiroku-no-yonkishi-chapter-210
 */

const HOST = 'mangapill.com';
/**
 * `/chapters/{mangaId}-{code}/{slug}-chapter-{n}`, n possibly decimal (`…-chapter-10.1`). The pattern inferred for
 * `{code}` (§C.9) is not relied on. The series key is `mangaId`, the site's own id that its series page
 * `/manga/{mangaId}/{slug}` also uses: a slug follows the title and could change with it.
 */
const CHAPTER_PATH = /^\/chapters\/(\d{1,9})-(\d{1,12})\/[a-z0-9-]{1,200}-chapter-([^/-]+)\/?$/i;
/** "Mokushiroku no Yonkishi Chapter 210": the series title is what comes before "Chapter N" or "- Mangapill" (§C.9). */
const TITLE_ENDINGS = [/^(.+?)\s+chapter\s*\d/i, /^(.+?)\s+-\s+mangapill\b/i];
/** One `chapter-page` element per page of the strip, inside the reader container (§C.9). */
const PAGES = '.lg\\:container chapter-page';

function chapterPath(url: URL): { mangaId: string; chapterKey: string; chapter: number } | null {
  const match = url.hostname === HOST ? CHAPTER_PATH.exec(url.pathname) : null;
  const chapter = parseNumber(match?.[3]);
  if (!match?.[1] || !match[2] || chapter === null) return null;
  const mangaId = String(Number(match[1]));
  return { mangaId, chapterKey: `${mangaId}-${match[2]}`, chapter };
}

/** Series title from `og:title` (some chapters have no `<title>`, §C.9), else from `<title>`. */
function seriesTitle(doc: Document): string {
  const candidates = [doc.querySelector('meta[property="og:title"]')?.getAttribute('content'), doc.title];
  for (const candidate of candidates) {
    const text = (candidate ?? '').replace(/\s+/g, ' ').trim().slice(0, 500);
    const title = TITLE_ENDINGS.map((ending) => ending.exec(text)?.[1]).find(Boolean)?.trim();
    if (title) return title;
  }
  return '';
}

/** Where the adapter runs, without its detection code: all the background needs. */
export const mangapillSite = {
  id: 'mangapill',
  name: 'Mangapill',
  // Whether chapters change without a page load is not settled (§0: "probably not"), so the whole site is read.
  matches: [`https://${HOST}/*`],
} satisfies SiteInfo;

export const mangapill: SiteAdapter = {
  ...mangapillSite,
  stripImages: PAGES,
  isChapterUrl: (url) => chapterPath(url) !== null,
  detect(doc, url) {
    const path = chapterPath(url);
    if (!path) return null;
    const title = seriesTitle(doc);
    // Without the reader's pages (a challenge or error page at the chapter URL) nobody is reading the chapter.
    if (!title || !doc.querySelector(PAGES)) return null;
    return {
      site: 'mangapill',
      seriesKey: path.mangaId,
      title,
      chapterKey: path.chapterKey,
      chapter: path.chapter,
      volume: null,
      progress: null,
      externalIds: {},
    };
  },
};
