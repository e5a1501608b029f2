import { parseNumber } from './shared/chapter-number';
import type { SiteAdapter, SiteInfo } from './types';

/**
 * Facts: reference/SITES.md §C.7 (Asura Scans). Only the 2026 domain: asuracomic.net, asuratoon.com, asura.gg and
 * asuracomics.com are past ones.
 * Re-check by hand: https://asurascans.com/comics/infinite-mage-f6174291/chapter/18
 */

const HOST = 'asurascans.com';
/**
 * `/comics/{slug}-{suffix}/chapter/{n}`, n possibly decimal. The 8-character suffix is random and can change for
 * the same series (§C.7), so the series key is the slug without it: a key that changed would cut the series off
 * from the list entries it is linked to. Current URLs always carry the suffix, so the last `-xxxxxxxx` part is the
 * suffix and never a word of the title.
 */
const CHAPTER_PATH = /^\/comics\/([a-z0-9-]{1,200})-[a-z0-9]{8}\/chapter\/([^/]+)\/?$/i;
/** "Infinite Mage Chapter 18 - Asura Scans": the series title is what comes before "Chapter N" (§C.7). */
const DOCUMENT_TITLE = /^(.*?)[\s\-–|:]*\bchapter\s*(\d+(?:\.\d+)?)/i;
/** One element per page of the long strip (§C.7). */
const PAGES = '[data-page]';

function chapterPath(url: URL): { slug: string; chapter: number } | null {
  const match = url.hostname === HOST ? CHAPTER_PATH.exec(url.pathname) : null;
  const chapter = parseNumber(match?.[2]);
  return match?.[1] && chapter !== null ? { slug: match[1].toLowerCase(), chapter } : null;
}

/** Where the adapter runs, without its detection code: all the background needs. */
export const asurascansSite = {
  id: 'asurascans',
  name: 'Asura Scans',
  // Client-side navigation (§C.7): the script must already run on the page the reader is reached from.
  matches: [`https://${HOST}/*`],
} satisfies SiteInfo;

export const asurascans: SiteAdapter = {
  ...asurascansSite,
  stripImages: PAGES,
  isChapterUrl: (url) => chapterPath(url) !== null,
  detect(doc, url) {
    const path = chapterPath(url);
    if (!path) return null;
    const [, seriesTitle, titleChapter] = DOCUMENT_TITLE.exec(doc.title.slice(0, 500)) ?? [];
    const title = seriesTitle?.trim();
    // After a client-side chapter change the URL moves first: until the document title names the same chapter,
    // the page still shows the previous one. No pages means a locked (premium / early-access) chapter or a
    // reader that has not rendered yet; neither is a chapter being read.
    if (!title || parseNumber(titleChapter) !== path.chapter || !doc.querySelector(PAGES)) return null;
    return {
      site: 'asurascans',
      seriesKey: path.slug,
      title,
      chapterKey: null,
      chapter: path.chapter,
      volume: null,
      progress: null,
      externalIds: {},
    };
  },
};
