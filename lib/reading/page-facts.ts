/**
 * Completes what a content script saw with what the site's API says, from the background (content scripts
 * make no requests of their own). MangaDex: the chapter's number and the manga's AniList/MAL/Kitsu ids.
 */
import type { TabPage } from './page';
import { createMangaDexClient } from './mangadex/client';

type Page = Omit<TabPage, 'detectedAt' | 'tabUrl'>;

/**
 * The page with the API's facts merged in. Reuses the previous detection of the same chapter (a page turn is
 * not a new chapter, so it costs no request). A chapter MangaDex says does not exist, or that belongs to
 * another manga, is null: a page cannot make up a chapter. A failure to reach the API (offline, a 5xx, a rate
 * limit) leaves the page's own facts as they are, so reading offline still counts.
 */
export async function completeDetectedPage(page: Page, previous: TabPage | null, client = createMangaDexClient()): Promise<Page | null> {
  if (page.site !== 'mangadex' || !page.chapterKey) return page;
  if (previous?.chapterKey === page.chapterKey && previous.site === page.site) {
    return { ...page, chapter: previous.chapter, volume: previous.volume, externalIds: { ...previous.externalIds, ...page.externalIds } };
  }
  const result = await client.getChapter(page.chapterKey);
  if (result.kind === 'permanent' || (result.kind === 'ok' && result.value.mangaId !== page.seriesKey)) return null;
  if (result.kind !== 'ok') return page;
  const api = result.value;
  return {
    ...page,
    chapter: api.chapter ?? page.chapter,
    volume: api.volume ?? page.volume,
    externalIds: { ...api.externalIds, ...page.externalIds },
  };
}
