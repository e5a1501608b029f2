import { parseNumber } from './shared/chapter-number';
import { visibleText } from './shared/dom';
import type { SiteAdapter, SiteInfo } from './types';

/**
 * Facts: reference/SITES.md §C.6 (Manganato / Natomanga / Mangakakalot family). Only the domains the family has
 * used since its 2025-02 move: manganato.com, readmanganato.com and chapmanganato.com / .to are closed.
 * Re-check by hand: https://www.natomanga.com/manga/dr-stone/chapter-190
 */

const DOMAINS = ['natomanga.com', 'nelomanga.com', 'nelomanga.net', 'manganato.gg', 'mangakakalot.gg', 'mangakakalove.com', 'mangabats.com'];
/** Every domain is reached both bare and as `www.` (§C.6). */
const HOSTS = new Set(DOMAINS.flatMap((domain) => [domain, `www.${domain}`]));
/**
 * `/manga/{slug}/chapter-{n}`. How decimal chapters are spelled is unverified (SITES.md §D.10: `chapter-10-5` or
 * `chapter-10.5`), so only a plain decimal is read: `chapter-10-5` is no chapter rather than a guessed 10.5.
 */
const CHAPTER_PATH = /^\/manga\/([a-z0-9_-]{1,200})\/chapter-([^/]+)\/?$/i;

const SELECTORS = {
  /** Breadcrumb items: home, then the series (its `title` attribute is the full series title), then the chapter. */
  breadcrumb: '[itemtype="http://schema.org/Thing"]',
  /** Images of the long strip; the page's own script inserts them from an inline list (§C.6). */
  stripImages: '.container-chapter-reader img',
};

function chapterPath(url: URL): { slug: string; chapter: number } | null {
  const match = HOSTS.has(url.hostname) ? CHAPTER_PATH.exec(url.pathname) : null;
  const chapter = parseNumber(match?.[2]);
  return match?.[1] && chapter !== null ? { slug: match[1].toLowerCase(), chapter } : null;
}

/** A breadcrumb that links somewhere must link to this series: otherwise the title may be another series'. */
function linksElsewhere(crumb: Element, slug: string, url: URL): boolean {
  const href = crumb.getAttribute('href');
  if (href === null) return false;
  try {
    const target = new URL(href, url);
    return !HOSTS.has(target.hostname) || target.pathname.replace(/\/$/, '').toLowerCase() !== `/manga/${slug}`;
  } catch {
    return true;
  }
}

/** Where the adapter runs, without its detection code: all the background needs. */
export const manganatoSite = {
  id: 'manganato',
  name: 'Manganato / Natomanga / Mangakakalot',
  // Server-rendered pages, no SPA (§C.6): the reader is only ever reached by loading a /manga/ URL.
  matches: DOMAINS.flatMap((domain) => [`https://${domain}/manga/*`, `https://www.${domain}/manga/*`]),
} satisfies SiteInfo;

export const manganato: SiteAdapter = {
  ...manganatoSite,
  stripImages: SELECTORS.stripImages,
  isChapterUrl: (url) => chapterPath(url) !== null,
  detect(doc, url) {
    const path = chapterPath(url);
    // A missing chapter is answered with an "Error 404" page at the same URL (§C.6).
    if (!path || doc.title.includes('Error 404')) return null;
    const crumb = doc.querySelectorAll(SELECTORS.breadcrumb)[1];
    if (!crumb || linksElsewhere(crumb, path.slug, url)) return null;
    const title = (crumb.getAttribute('title') ?? '').replace(/\s+/g, ' ').trim().slice(0, 500) || visibleText(crumb);
    // Until the page's script has put the images in, the reader is not showing the chapter yet.
    if (!title || !doc.querySelector(SELECTORS.stripImages)) return null;
    return {
      site: 'manganato',
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
