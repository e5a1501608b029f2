/**
 * The MyAnimeList API v2 client (API-FACTS §B, `mal-v2.openapi.json`): the user's manga list, one manga, writes
 * as one form PATCH per entry, search and lookup by MAL id. Every request goes through the shared HTTP layer
 * (limiter, retries, zod) and, when it needs the user, through `withSession` (one refresh on a 401).
 */
import type { Options } from 'ky';
import { z } from 'zod/mini';
import { withSession, type TrackerDeps } from '../module';
import { createServiceHttp, type ServiceHttp } from '../http';
import { createRateLimiter, type RateLimiter } from '../rate-limiter';
import { SEARCH_LIMIT as CANDIDATE_LIMIT, searchQuery } from '../search';
import { ok, type CallFailure, type CallResult, type EntryWrite, type RemoteEntry, type RemoteMedia, type Tracker, type TrackerCapabilities } from '../tracker';
import { classifyMalResponse, MAL_NAME } from './errors';
import { isMalNovel, toMangaCandidate, toPatchForm, toRemoteEntry, toRemoteMedia } from './mapping';
import {
  malCandidatePageSchema,
  malListPageSchema,
  malListStatusSchema,
  malMangaDetailsSchema,
  malMangaSchema,
  malUserSchema,
  type MalManga,
} from './schemas';
import { t } from '../../i18n/t';

const MAL_API = 'https://api.myanimelist.net/v2';
const MAL_API_HOST = 'api.myanimelist.net';

export const MAL_CAPABILITIES: TrackerCapabilities = {
  volumes: true,
  dates: true,
  // `comments`.
  notes: true,
  // `num_times_reread`.
  rereads: true,
  // MAL has no per-entry privacy flag.
  private: false,
  // One PATCH per entry; MAL has no batch endpoint.
  batchWrites: false,
  sameIdWhenAddedAgain: true,
};

/**
 * Every list-status field the mapping reads, named explicitly: MAL sends the optional ones (dates, reread count,
 * comments) only when asked (API-FACTS §B `fields=list_status{start_date,finish_date,num_times_reread,comments}`).
 * The spec says `comments` "cannot" be listed; API-FACTS records that MAL serves it, and observed behaviour wins.
 */
const LIST_STATUS_FIELDS = 'status,is_rereading,num_volumes_read,num_chapters_read,score,updated_at,start_date,finish_date,num_times_reread,comments';
const MEDIA_FIELDS = 'num_chapters,num_volumes,alternative_titles';
/** What a `MangaCandidate` needs: `media_type` to leave novels out, `start_date` for the year. */
const CANDIDATE_FIELDS = 'alternative_titles,num_chapters,num_volumes,media_type,start_date';
/** API-FACTS §B: `limit` max 1000 on the list, 100 on search. */
const LIST_PAGE_SIZE = 1000;

let sharedLimiter: RateLimiter | undefined;

/**
 * One limiter for every MAL client in this worker, created on first use. MAL publishes no limits and its throttle
 * is a 403 page, not a budget we can read (API-FACTS §B, "Not verified"), so the pace is deliberately gentle: one
 * request a second with bursts of three. A full list of 1000-entry pages still reads in seconds.
 */
export function malLimiter(): RateLimiter {
  sharedLimiter ??= createRateLimiter({ perMinute: 60, burst: 3 });
  return sharedLimiter;
}

/**
 * The HTTP layer with MAL's quirks. A throttle answer also pauses the limiter (the HTTP layer only does that for
 * 429, which MAL never sends), so every other MAL call in this worker fails fast as `rateLimited` instead of
 * extending the block.
 */
function createMalHttp(options: { limiter: RateLimiter; fetch?: typeof fetch }): ServiceHttp {
  return createServiceHttp({
    serviceName: MAL_NAME,
    limiter: options.limiter,
    fetch: options.fetch,
    classify(status, body) {
      const failure = classifyMalResponse(status, body);
      if (failure?.kind === 'rateLimited') options.limiter.pauseUntil(Date.now() + failure.retryAfterMs);
      return failure;
    },
  });
}

/** `?fields=…` and friends; URLSearchParams does the encoding of `{`, `}` and `,`. */
function malApiUrl(path: string, query: Record<string, string> = {}): string {
  const search = new URLSearchParams(query).toString();
  return `${MAL_API}${path}${search ? `?${search}` : ''}`;
}

/**
 * A 404 where "not there" is an answer, not an error (DELETE of an entry already gone; lookup of an id MAL does
 * not have): the response becomes a JSON `null`, which the call's schema accepts.
 */
const NOT_FOUND_IS_NULL: Options = {
  hooks: {
    afterResponse: [
      (_request, _options, response) =>
        response.status === 404 ? new Response('null', { status: 200, headers: { 'content-type': 'application/json' } }) : response,
    ],
  },
};

/** MAL manga ids are positive integers; anything else never reaches a URL. */
function mangaId(mediaId: string): number | null {
  return /^[1-9]\d{0,9}$/.test(mediaId) ? Number(mediaId) : null;
}

const badId = (mediaId: string): CallFailure => ({
  kind: 'permanent',
  message: t('malIdNotNumber', MAL_NAME, mediaId.slice(0, 40)),
});

/**
 * `paging.next` is followed with the user's token, so it must stay on MAL's API host: a link elsewhere would hand
 * the token to whoever it points at. A link seen before would loop forever.
 */
function nextPage(next: string, seen: Set<string>): string | CallFailure {
  let url: URL;
  try {
    url = new URL(next);
  } catch {
    return { kind: 'permanent', message: t('malPagingNotUrl', MAL_NAME) };
  }
  if (url.protocol !== 'https:' || url.hostname !== MAL_API_HOST || !url.pathname.startsWith('/v2/')) {
    return { kind: 'permanent', message: t('malPagingOutside', MAL_NAME) };
  }
  if (seen.has(url.href)) return { kind: 'permanent', message: t('malPagingTwice', MAL_NAME) };
  seen.add(url.href);
  return url.href;
}

/**
 * Manga seen by any client in this worker (public data: titles and counts), so a write does not fetch the manga it
 * is about again when a list or an entry read has just described it. Bounded: a worker lives minutes, not days.
 */
const mediaById = new Map<string, RemoteMedia>();
const MEDIA_REMEMBERED = 5_000;

export function createMalTracker(deps: TrackerDeps): Tracker {
  const limiter = deps.limiter ?? malLimiter();
  const http = createMalHttp({ limiter, fetch: deps.fetch });

  const remember = (node: MalManga): RemoteMedia => {
    const media = toRemoteMedia(node);
    if (mediaById.size >= MEDIA_REMEMBERED) mediaById.clear();
    mediaById.set(media.id, media);
    return media;
  };

  type Send<T> = (headers: Record<string, string>) => Promise<CallResult<T>>;

  /** A call as the signed-in user. */
  function asUser<T>(send: Send<T>): Promise<CallResult<T>> {
    return withSession(deps.session, MAL_NAME, (token) => send({ Authorization: `Bearer ${token}` }));
  }

  /**
   * A call that works without a user (spec `client_auth`): as the user when signed in, otherwise with the app's
   * client id in `X-MAL-CLIENT-ID` (API-FACTS §B "Public data").
   */
  async function asUserOrApp<T>(send: Send<T>): Promise<CallResult<T>> {
    const token = await deps.session.accessToken().catch(() => null);
    if (token === null && deps.clientId) return send({ 'X-MAL-CLIENT-ID': deps.clientId });
    return asUser(send);
  }

  const getJson = <T>(schema: z.core.$ZodType<T>, url: string, extra: Options = {}) =>
    (headers: Record<string, string>) => http.json(schema, url, { ...extra, headers });

  async function listEntries(options: { since?: number } = {}): Promise<CallResult<RemoteEntry[]>> {
    const { since } = options;
    // Newest first, so a `since` listing can stop at the first older entry instead of reading everything.
    // `nsfw=true`: without it MAL leaves gray/black-rated works out of the list (API-FACTS §B).
    let url = malApiUrl('/users/@me/mangalist', {
      fields: `list_status{${LIST_STATUS_FIELDS}},${MEDIA_FIELDS}`,
      limit: String(LIST_PAGE_SIZE),
      nsfw: 'true',
      sort: 'list_updated_at',
    });
    const seen = new Set([url]);
    const entries: RemoteEntry[] = [];
    for (;;) {
      const page = await asUser(getJson(malListPageSchema, url));
      if (page.kind !== 'ok') return page;
      for (const { node, list_status } of page.value.data) {
        const entry = toRemoteEntry(remember(node), list_status);
        if (since !== undefined && entry.updatedAt < since) return ok(entries);
        entries.push(entry);
      }
      if (page.value.paging.next === undefined) return ok(entries);
      const next = nextPage(page.value.paging.next, seen);
      if (typeof next !== 'string') return next;
      url = next;
    }
  }

  async function getEntry(mediaId: string): Promise<CallResult<RemoteEntry | null>> {
    const id = mangaId(mediaId);
    if (id === null) return badId(mediaId);
    const url = malApiUrl(`/manga/${id}`, { fields: `my_list_status{${LIST_STATUS_FIELDS}},${MEDIA_FIELDS}` });
    const result = await asUser(getJson(malMangaDetailsSchema, url));
    if (result.kind !== 'ok') return result;
    const media = remember(result.value);
    return ok(result.value.my_list_status ? toRemoteEntry(media, result.value.my_list_status) : null);
  }

  async function mediaFor(id: number): Promise<CallResult<RemoteMedia>> {
    const known = mediaById.get(String(id));
    if (known) return ok(known);
    const result = await asUser(getJson(malMangaSchema, malApiUrl(`/manga/${id}`, { fields: MEDIA_FIELDS })));
    return result.kind === 'ok' ? ok(remember(result.value)) : result;
  }

  async function saveEntry(write: EntryWrite): Promise<CallResult<RemoteEntry>> {
    const id = mangaId(write.mediaId);
    if (id === null) return badId(write.mediaId);
    const form = toPatchForm(write);
    if (form.toString() === '') {
      // Nothing MAL stores (e.g. only `private`). An empty PATCH would still create an entry, so read instead.
      const current = await getEntry(write.mediaId);
      if (current.kind !== 'ok') return current;
      return current.value ? ok(current.value) : { kind: 'permanent', message: t('malNothingStored', MAL_NAME) };
    }
    // The manga first: if it cannot be read, nothing has been written yet and a retry starts clean.
    const media = await mediaFor(id);
    if (media.kind !== 'ok') return media;
    const url = malApiUrl(`/manga/${id}/my_list_status`);
    const saved = await asUser(getJson(malListStatusSchema, url, { method: 'PATCH', body: form }));
    return saved.kind === 'ok' ? ok(toRemoteEntry(media.value, saved.value)) : saved;
  }

  return {
    id: 'mal',
    capabilities: MAL_CAPABILITIES,

    async viewer() {
      const result = await asUser(getJson(malUserSchema, malApiUrl('/users/@me')));
      return result.kind === 'ok' ? ok({ id: String(result.value.id), name: result.value.name, scoreSetting: null }) : result;
    },

    listEntries,
    getEntry,

    async saveEntries(writes) {
      // Sequential, through the limiter. On a failure the earlier writes stay written; each write carries absolute
      // values, so the outbox retrying the whole batch is harmless.
      const saved: RemoteEntry[] = [];
      for (const write of writes) {
        const result = await saveEntry(write);
        if (result.kind !== 'ok') return result;
        saved.push(result.value);
      }
      return ok(saved);
    },

    async deleteEntry(mediaId) {
      const id = mangaId(mediaId);
      if (id === null) return badId(mediaId);
      // API-FACTS §B: 404 when the manga is not on the list — already gone is what we wanted.
      const url = malApiUrl(`/manga/${id}/my_list_status`);
      return asUser((headers) => http.send(url, { ...NOT_FOUND_IS_NULL, method: 'DELETE', headers }));
    },

    /**
     * Neither the spec nor API-FACTS §B documents a shortest `q`, so any non-empty query is sent; should MAL
     * refuse a short one, its 400 `bad_request` ends as `permanent` with MAL's own words. Works anonymously too
     * (X-MAL-CLIENT-ID). Without `nsfw=true` (not declared for this operation) MAL leaves adult works out.
     */
    async searchManga(query) {
      const q = searchQuery(MAL_NAME, query);
      if (q.kind !== 'ok') return q;
      const url = malApiUrl('/manga', { q: q.value, limit: String(CANDIDATE_LIMIT), fields: CANDIDATE_FIELDS });
      const result = await asUserOrApp(getJson(malCandidatePageSchema, url));
      if (result.kind !== 'ok') return result;
      const manga = result.value.data.map(({ node }) => node).filter((node) => !isMalNovel(node)).slice(0, CANDIDATE_LIMIT);
      // A candidate the user then picks is saved without reading the manga again (see `mediaFor`).
      for (const node of manga) remember(node);
      return ok(manga.map(toMangaCandidate));
    },

    async lookup(ids) {
      // MAL has no cross-id lookup: only its own ids can be resolved here.
      if (ids.mal === undefined) return ok(null);
      const id = mangaId(String(ids.mal));
      if (id === null) return badId(String(ids.mal));
      const url = malApiUrl(`/manga/${id}`, { fields: MEDIA_FIELDS });
      const result = await asUserOrApp(getJson(z.nullable(malMangaSchema), url, NOT_FOUND_IS_NULL));
      return result.kind === 'ok' ? ok(result.value ? remember(result.value) : null) : result;
    },
  };
}
