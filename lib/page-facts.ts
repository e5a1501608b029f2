/**
 * Completes what a content script saw with what the site's API says, from the background (content scripts
 * make no requests of their own). MangaDex: the chapter's number and the manga's AniList/MAL/Kitsu ids.
 */
import type { TabPage } from './messages';
import { createMangaDexClient } from './mangadex/client';

type Page = Omit<TabPage, 'detectedAt' | 'tabUrl'>;

/**
 * The page with the API's facts merged in. Reuses the previous detection of the same chapter (a page turn is
 * not a new chapter, so it costs no request). An API failure leaves the page's own facts as they are.
 */
export async function completeDetectedPage(page: Page, previous: TabPage | null, client = createMangaDexClient()): Promise<Page> {
  if (page.site !== 'mangadex' || !page.chapterKey) return page;
  if (previous?.chapterKey === page.chapterKey && previous.site === page.site) {
    return { ...page, chapter: previous.chapter, volume: previous.volume, externalIds: { ...previous.externalIds, ...page.externalIds } };
  }
  const result = await client.getChapter(page.chapterKey);
  if (result.kind !== 'ok' || result.value.mangaId !== page.seriesKey) return page;
  const api = result.value;
  return {
    ...page,
    chapter: api.chapter ?? page.chapter,
    volume: api.volume ?? page.volume,
    externalIds: { ...api.externalIds, ...page.externalIds },
  };
}
