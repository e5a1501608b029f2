/**
 * Which library series a reader page shows (DESIGN.md "Matching"): the site's remembered link → the ids the page
 * offers → a title search on the connected services, scored by similarity. A confident search result is bound
 * by itself; otherwise the candidates wait (per tab, in `storage.session`) for the user to pick one in the popup.
 * Every link is remembered per (site, series) and can be corrected later.
 */
import { browser } from 'wxt/browser';
import { z } from 'zod/mini';
import { cacheGet, cachePut } from '../library/cache';
import { findSeriesByIds, getSeries, putSeries, updateSeries } from '../library/series';
import { deleteSiteLink, getSiteLink, putSiteLink } from '../library/site-links';
import type { TabPage } from './page';
import { SERVICE_NAMES, type CrossIds, type Series, type ServiceId } from '../model';
import type { MangaCandidate } from '../trackers/tracker';
import { joinSeries } from '../sync/agree';
import { serviceContext } from '../sync/context';
import { confidentMatch, normaliseTitle, scoreCandidate } from './title-match';
import { t } from '../i18n/t';

/** A service's search result offered as the series a page shows, when matching was unsure. */
export interface SeriesCandidate {
  service: ServiceId;
  mediaId: string;
  title: string;
  year: number | null;
  totalChapters: number | null;
  format: string | null;
  url: string;
  /** Ids of the same manga on other services, as that service states them. */
  crossIds: { anilist?: number; mal?: number; kitsu?: string };
  /** Title similarity to the page, 0…1. */
  score: number;
}

/** Search results change slowly; a day keeps a rate-limited service from being asked on every page. */
const SEARCH_TTL_MS = 24 * 60 * 60_000;
/** AniList first: its results state the MyAnimeList id too, so one pick binds two services. */
const SEARCH_ORDER: readonly ServiceId[] = ['anilist', 'mal', 'kitsu'];
const MAX_CANDIDATES = 5;

export type MatchOutcome =
  | { kind: 'matched'; series: Series; how: 'ids' | 'search' | 'user' }
  | { kind: 'choose'; candidates: SeriesCandidate[] }
  | { kind: 'none'; message: string };

const candidateSchema = z.object({
  mediaId: z.string(),
  title: z.string(),
  altTitles: z.array(z.string()),
  totalChapters: z.nullable(z.number()),
  totalVolumes: z.nullable(z.number()),
  year: z.nullable(z.number()),
  format: z.nullable(z.string()),
  url: z.string(),
  crossIds: z.object({ anilist: z.optional(z.number()), mal: z.optional(z.number()), kitsu: z.optional(z.string()) }),
}) satisfies z.ZodMiniType<MangaCandidate>;

const offeredSchema = z.array(
  z.object({
    service: z.enum(['anilist', 'mal', 'kitsu']),
    mediaId: z.string(),
    title: z.string(),
    year: z.nullable(z.number()),
    totalChapters: z.nullable(z.number()),
    format: z.nullable(z.string()),
    url: z.string(),
    score: z.number(),
    crossIds: z.object({ anilist: z.optional(z.number()), mal: z.optional(z.number()), kitsu: z.optional(z.string()) }),
  }),
) satisfies z.ZodMiniType<SeriesCandidate[]>;

function pageIds(page: Pick<TabPage, 'site' | 'seriesKey' | 'externalIds'>): CrossIds {
  return { ...page.externalIds, ...(page.site === 'mangadex' ? { mangadex: page.seriesKey } : {}) };
}

const hasTrackerId = (ids: CrossIds) => ids.anilist !== undefined || ids.mal !== undefined || ids.kitsu !== undefined;

/** Two sets of ids that could name one manga: no service where they name different ones. */
const compatible = (a: CrossIds, b: CrossIds) => (Object.keys(a) as (keyof CrossIds)[]).every((key) => a[key] === undefined || b[key] === undefined || String(a[key]) === String(b[key]));

/**
 * The library series with these ids, its ids completed; created from `fallback` when there is none. Where the ids
 * name several series (one met on AniList's list, one on Kitsu's, before any id linked them), they prove them one
 * manga: the others are joined into the first, as a look-up finding the same would do, instead of two series then
 * holding one service's id and each sending its own values to that entry.
 */
async function seriesWithIds(ids: CrossIds, fallback: Omit<Series, 'id' | 'ids' | 'createdAt' | 'updatedAt'>, now: number): Promise<Series> {
  const [found, ...others] = await findSeriesByIds(ids);
  if (found) {
    for (const other of others) {
      if (compatible(other.ids, found.ids) && compatible(other.ids, ids)) await joinSeries(found.id, other.id, now);
    }
    // (Read and written in one step: a sync beside the read may be learning this series' ids too.)
    const completed = await updateSeries(found.id, (current) => {
      const merged = { ...ids, ...current.ids };
      return JSON.stringify(merged) === JSON.stringify(current.ids) ? current : { ...current, ids: merged, updatedAt: now };
    });
    return completed ?? found;
  }
  const series: Series = { id: crypto.randomUUID(), ids, createdAt: now, updatedAt: now, ...fallback };
  await putSeries(series);
  return series;
}

const offeredKey = (page: Pick<TabPage, 'site' | 'seriesKey'>) => `match:${page.site}:${page.seriesKey}`;

async function offered(page: Pick<TabPage, 'site' | 'seriesKey'>): Promise<SeriesCandidate[] | null> {
  const parsed = offeredSchema.safeParse((await browser.storage.session.get(offeredKey(page)))[offeredKey(page)]);
  return parsed.success ? parsed.data : null;
}

/** One connected service's search results for a title, from the cache when it was asked within a day. */
async function searchOn(service: ServiceId, title: string, now: number): Promise<MangaCandidate[] | null> {
  const key = `search:${service}:${normaliseTitle(title)}`;
  const cached = z.array(candidateSchema).safeParse(await cacheGet(key, now));
  if (cached.success) return cached.data;
  const context = await serviceContext(service);
  if (!context) return null;
  const result = await context.tracker.searchManga(title);
  if (result.kind !== 'ok') return null;
  await cachePut(key, result.value.map((c) => ({ ...c })), SEARCH_TTL_MS, now);
  return result.value;
}

/** Candidates for the page from the first connected service that answers, best first. */
async function searchCandidates(page: TabPage, now: number): Promise<{ service: ServiceId; candidates: SeriesCandidate[] } | null> {
  for (const service of SEARCH_ORDER) {
    const results = await searchOn(service, page.title, now);
    if (!results) continue;
    const candidates = results
      .map((c) => ({
        service,
        mediaId: c.mediaId,
        title: c.title,
        year: c.year,
        totalChapters: c.totalChapters,
        format: c.format,
        url: c.url,
        crossIds: c.crossIds,
        score: Math.round(scoreCandidate(page.title, page.chapter, c) * 100) / 100,
      }))
      .sort((a, b) => b.score - a.score)
      .slice(0, MAX_CANDIDATES);
    return { service, candidates };
  }
  return null;
}

function idsOf(candidate: Pick<SeriesCandidate, 'service' | 'mediaId' | 'crossIds'>): CrossIds {
  const own = candidate.service === 'kitsu' ? { kitsu: candidate.mediaId } : { [candidate.service]: Number(candidate.mediaId) };
  return { ...candidate.crossIds, ...own };
}

async function bindCandidate(page: TabPage, candidate: SeriesCandidate, how: 'search' | 'user', now: number): Promise<Series> {
  // Only the service's ids: the page's own (a MangaDex id) would tie this series to the page for good, and a
  // corrected match must be able to move the page to another series. The site link remembers the page.
  const series = await seriesWithIds(
    idsOf(candidate),
    {
      title: candidate.title,
      altTitles: candidate.title === page.title ? [] : [page.title],
      totalChapters: candidate.totalChapters,
      totalVolumes: null,
    },
    now,
  );
  await putSiteLink({ site: page.site, seriesKey: page.seriesKey, seriesId: series.id, how, at: now });
  await browser.storage.session.remove(offeredKey(page));
  return series;
}

/**
 * The page's series. Without `search` only what is already known is used (a remembered link, the page's ids);
 * with it, a title search runs when those fail.
 */
export async function matchPage(page: TabPage, options: { search: boolean; now?: number }): Promise<MatchOutcome> {
  const now = options.now ?? Date.now();
  const link = await getSiteLink(page.site, page.seriesKey);
  const linked = link ? await getSeries(link.seriesId) : null;
  if (link && linked) return { kind: 'matched', series: linked, how: link.how };

  const ids = pageIds(page);
  // Only ids a tracker knows make a series we can send anywhere.
  if (hasTrackerId(ids)) {
    const series = await seriesWithIds(ids, { title: page.title, altTitles: [], totalChapters: null, totalVolumes: null }, now);
    await putSiteLink({ site: page.site, seriesKey: page.seriesKey, seriesId: series.id, how: 'ids', at: now });
    return { kind: 'matched', series, how: 'ids' };
  }
  const [known] = await findSeriesByIds(ids);
  if (known) return { kind: 'matched', series: known, how: 'ids' };

  const waiting = await offered(page);
  if (waiting) return { kind: 'choose', candidates: waiting };
  if (!options.search) return { kind: 'none', message: t('matchNotLinked', page.title) };

  const found = await searchCandidates(page, now);
  if (!found) return { kind: 'none', message: t('matchNoService', page.title) };
  const { candidates } = found;
  const confident = confidentMatch(candidates);
  if (confident) return { kind: 'matched', series: await bindCandidate(page, confident, 'search', now), how: 'search' };
  if (candidates.length === 0) return { kind: 'none', message: t('matchNotFound', page.title, SERVICE_NAMES[found.service]) };
  await browser.storage.session.set({ [offeredKey(page)]: candidates });
  return { kind: 'choose', candidates };
}

/** The user picked one of the offered candidates in the popup; anything not offered is refused. */
export async function chooseCandidate(page: TabPage, choice: { service: ServiceId; mediaId: string }, now = Date.now()): Promise<Series> {
  const candidate = (await offered(page))?.find((c) => c.service === choice.service && c.mediaId === choice.mediaId);
  if (!candidate) throw new Error(t('matchNotOffered'));
  return bindCandidate(page, candidate, 'user', now);
}

/** "Not this series?": forget the link and search again (the library's series and its lists stay as they are). */
export async function rematchPage(page: TabPage, now = Date.now()): Promise<MatchOutcome> {
  await deleteSiteLink(page.site, page.seriesKey);
  await browser.storage.session.remove(offeredKey(page));
  const candidates = (await searchCandidates(page, now))?.candidates ?? [];
  if (candidates.length === 0) return { kind: 'none', message: t('matchNoOther', page.title) };
  await browser.storage.session.set({ [offeredKey(page)]: candidates });
  return { kind: 'choose', candidates };
}
