/**
 * What every Kitsu call shares: the client's capabilities, the one rate limiter, JSON:API query strings, the check
 * that a paging link stays on Kitsu's API, and the pairing of library entries with their included manga.
 */
import { createRateLimiter, type RateLimiter } from '../rate-limiter';
import { ok, permanent, type CallResult, type TrackerCapabilities } from '../tracker';
import { isManga, type IncludedResource, type LibraryEntryResource, type MangaResource } from './schemas';
import { t } from '../../i18n/t';

export const KITSU_CAPABILITIES: TrackerCapabilities = {
  // `volumesOwned` counts owned volumes, not read ones (API-FACTS §C).
  volumes: false,
  dates: true,
  notes: true,
  rereads: true,
  private: true,
  batchWrites: false,
  sameIdWhenAddedAgain: false,
};

let sharedLimiter: RateLimiter | undefined;
/**
 * One limiter for every Kitsu call in this worker. Kitsu documents no general API limit (API-FACTS "Not
 * verified"), only the login throttle, so this is deliberately conservative: 60 a minute, bursts of 5.
 */
export function kitsuLimiter(): RateLimiter {
  sharedLimiter ??= createRateLimiter({ perMinute: 60, burst: 5 });
  return sharedLimiter;
}

/** A query string with JSON:API's bracketed keys left readable (`filter[userId]=1`); values are encoded. */
export function query(params: Record<string, string>): string {
  return Object.entries(params)
    .map(([key, value]) => `${key}=${encodeURIComponent(value)}`)
    .join('&');
}

/** Paging links are followed only while they stay on Kitsu's API (a link elsewhere would carry our token). */
export function isKitsuApiUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'https:' && url.hostname === 'kitsu.app' && url.pathname.startsWith('/api/edge/');
  } catch {
    return false;
  }
}

export type EntryWithManga = { entry: LibraryEntryResource; manga: MangaResource };

/**
 * Pairs each entry with its included manga. An entry whose manga link is `null` (the manga was removed from
 * Kitsu) has nothing to sync and is skipped; a link to a manga missing from `included` is a broken response.
 */
export function pairWithManga(doc: { data: LibraryEntryResource[]; included: IncludedResource[] }): CallResult<EntryWithManga[]> {
  const manga = new Map(doc.included.filter(isManga).map((m) => [m.id, m]));
  const out: EntryWithManga[] = [];
  for (const entry of doc.data) {
    const link = entry.relationships?.manga?.data;
    if (link === null) continue;
    const found = link === undefined ? undefined : manga.get(link.id);
    if (!found) return permanent(t('kitsuMissingManga', entry.id));
    out.push({ entry, manga: found });
  }
  return ok(out);
}
