import { parseChapterLabel } from './shared/chapter-number';
import { visibleText } from './shared/dom';
import { parsePageCounter } from './shared/page-counter';
import type { SiteAdapter, SiteInfo } from './types';

/**
 * Facts: reference/SITES.md §B4 (Suwayomi WebUI). Re-check by hand on a Suwayomi server (e.g. the WebUI
 * preview): open a chapter, check the tab title and the page counter.
 */

/** `/manga/{mangaId}/chapter/{sourceOrder}` and anything after, possibly under a sub-path; ids are integers. */
const READER_PATH = /(?:^|\/)manga\/(\d{1,10})\/chapter\/(\d{1,6})(?:\/.*)?$/;
const TITLE_SUFFIX = ' - Suwayomi';
/** The "x / y" page counter; this selector dates from 2024 (§B4, confidence Low), so a miss only loses progress. */
const PAGE_COUNTER = '#root > .MuiBox-root > .MuiBox-root';

/**
 * Splits `document.title` "{manga}: {chapter name} - Suwayomi". Both parts may contain ": ", so the split that
 * leaves the shortest chapter name still naming a chapter number wins ("Frieren: Beyond Journey's End: Ch. 12:
 * Title"). The loading title "Reader — Manga {id} Chapter {n} - Suwayomi" has no ": " and names no chapter yet.
 */
function readTitle(documentTitle: string) {
  const text = documentTitle.replace(/\s+/g, ' ').trim();
  if (!text.endsWith(TITLE_SUFFIX)) return null;
  const body = text.slice(0, -TITLE_SUFFIX.length);
  for (let at = body.lastIndexOf(': '); at > 0; at = body.lastIndexOf(': ', at - 1)) {
    const parsed = parseChapterLabel(body.slice(at + 2));
    const title = body.slice(0, at).trim().slice(0, 500);
    if (parsed.kind === 'numbered' && title) return { title, parsed };
  }
  return null;
}

/** Where the adapter runs, without its detection code: all the background needs. */
export const suwayomiSite = {
  id: 'suwayomi',
  name: 'Suwayomi',
  matches: [],
  selfHosted: true,
} satisfies SiteInfo;

export const suwayomi: SiteAdapter = {
  ...suwayomiSite,
  isChapterUrl: (url) => READER_PATH.test(url.pathname),
  // The WebUI keeps its API token in memory only (§B4 "Auth"): the tab title is what can be read.
  detect(doc, url) {
    const [, mangaId, sourceOrder] = READER_PATH.exec(url.pathname) ?? [];
    const shown = readTitle(doc.title);
    if (!mangaId || !sourceOrder || !shown) return null;
    const counters = [...doc.querySelectorAll(PAGE_COUNTER)].map((element) => parsePageCounter(visibleText(element, 100)));
    return {
      site: 'suwayomi',
      seriesKey: mangaId,
      title: shown.title,
      // The source order index is the WebUI's own key for a chapter of this manga, not its number (§B4).
      chapterKey: sourceOrder,
      chapter: shown.parsed.chapter,
      volume: shown.parsed.volume,
      progress: counters.find((progress) => progress !== null) ?? null,
      externalIds: {},
    };
  },
};
