/** The rules every tracker's `searchManga` shares (tracker.ts): how a query is cleaned and how many answers. */
import { ok, type CallResult, type MangaCandidate, type RemoteMedia } from './tracker';
import { t } from '../i18n/t';

/** Candidates asked for and returned, at most: the right one is near the top or the title needs rewording. */
export const SEARCH_LIMIT = 10;

/** Longest query sent. No manga title needs more, and a page title pasted whole should not become a huge URL. */
export const MAX_QUERY_LENGTH = 100;

/**
 * The query as it is sent: trimmed and cut to MAX_QUERY_LENGTH characters (code points, so an emoji or a rare
 * kanji is never split in half), or a `permanent` failure when nothing is left to search for.
 */
export function searchQuery(serviceName: string, query: string): CallResult<string> {
  const cut = Array.from(query.trim()).slice(0, MAX_QUERY_LENGTH).join('').trim();
  if (cut === '') return { kind: 'permanent', message: t('trackerEmptySearch', serviceName) };
  return ok(cut);
}

/** A candidate from a service's media record plus what only the search answer says. */
export function candidateFromMedia(media: RemoteMedia, extra: Pick<MangaCandidate, 'year' | 'format' | 'crossIds'>): MangaCandidate {
  return {
    mediaId: media.id,
    title: media.title,
    altTitles: media.alternativeTitles,
    totalChapters: media.chapters,
    totalVolumes: media.volumes,
    url: media.url,
    ...extra,
  };
}
