/**
 * MangaDex's API, read from the background (it sends no CORS headers for other sites, and wants ~5 requests a
 * second at most: API-FACTS §D, SITES.md §A). Gives the chapter's number and the manga's tracker links.
 */
import { parseNumber, MAX_VOLUME } from '../../sites/shared/chapter-number';
import { createServiceHttp } from '../../trackers/http';
import { createRateLimiter, type RateLimiter } from '../../trackers/rate-limiter';
import type { CallResult } from '../../trackers/tracker';
import { chapterResponseSchema, mangaRelationshipSchema } from './schemas';
import { t } from '../../i18n/t';

export const MANGADEX_API = 'https://api.mangadex.org';

export interface MangaDexChapter {
  chapterId: string;
  /** Null for a oneshot or an unnumbered extra. */
  chapter: number | null;
  volume: number | null;
  pages: number;
  mangaId: string;
  title: string | null;
  /** Tracker ids from the manga's `links` (only well-formed ones). */
  externalIds: { anilist?: number; mal?: number; kitsu?: string };
}

let sharedLimiter: RateLimiter | undefined;
/** One limiter for the worker's lifetime: ~5 requests a second, as MangaDex asks. */
function mangaDexLimiter(): RateLimiter {
  sharedLimiter ??= createRateLimiter({ perMinute: 300, burst: 5 });
  return sharedLimiter;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** `{originalLanguage}-ro`, then `en`, then the original language, then any (SITES.md §A). */
function pickTitle(title: Record<string, string>, originalLanguage: string | undefined): string | null {
  const order = [originalLanguage ? `${originalLanguage}-ro` : '', 'en', originalLanguage ?? ''];
  for (const key of order) if (key && title[key]) return title[key];
  return Object.values(title)[0] ?? null;
}

function linkIds(links: Record<string, string> | null): MangaDexChapter['externalIds'] {
  const ids: MangaDexChapter['externalIds'] = {};
  const int = (value: string | undefined) => (value && /^\d{1,10}$/.test(value) ? Number(value) : undefined);
  const anilist = int(links?.al);
  const mal = int(links?.mal);
  if (anilist) ids.anilist = anilist;
  if (mal) ids.mal = mal;
  if (links?.kt && /^[a-z0-9-]{1,100}$/i.test(links.kt)) ids.kitsu = links.kt;
  return ids;
}

export function createMangaDexClient(options: { fetch?: typeof fetch; limiter?: RateLimiter } = {}) {
  const http = createServiceHttp({ serviceName: 'MangaDex', limiter: options.limiter ?? mangaDexLimiter(), fetch: options.fetch });

  return {
    async getChapter(chapterId: string): Promise<CallResult<MangaDexChapter>> {
      if (!UUID.test(chapterId)) return { kind: 'permanent', message: t('mangaDexBadChapterId') };
      const result = await http.json(chapterResponseSchema, `${MANGADEX_API}/chapter/${chapterId}?includes[]=manga`);
      if (result.kind !== 'ok') return result;
      const { data } = result.value;
      const manga = data.relationships.map((r) => mangaRelationshipSchema.safeParse(r)).find((r) => r.success)?.data;
      if (!manga) return { kind: 'permanent', message: t('mangaDexNoManga') };
      return {
        kind: 'ok',
        value: {
          chapterId: data.id,
          chapter: parseNumber(data.attributes.chapter),
          volume: parseNumber(data.attributes.volume, MAX_VOLUME),
          pages: data.attributes.pages,
          mangaId: manga.id,
          title: manga.attributes ? pickTitle(manga.attributes.title, manga.attributes.originalLanguage) : null,
          externalIds: linkIds(manga.attributes?.links ?? null),
        },
      };
    },
  };
}
