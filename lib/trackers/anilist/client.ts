/**
 * The AniList tracker: every `Tracker` method as GraphQL over `createServiceHttp` (ky + limiter + retries + zod),
 * each call run through `withSession`. Documents live in `documents.ts`, response shapes in `schemas.ts`, the
 * translation to the model in `mapping.ts`, AniList's error and header quirks in `http-quirks.ts`.
 */
import type { Options } from 'ky';
import type { z } from 'zod/mini';
import { createServiceHttp } from '../http';
import { withSession, type TrackerDeps } from '../module';
import { createRateLimiter, type RateLimiter } from '../rate-limiter';
import { SEARCH_LIMIT, searchQuery } from '../search';
import {
  ok,
  permanent,
  type CallResult,
  type CrossIds,
  type EntryWrite,
  type MangaCandidate,
  type RemoteEntry,
  type Tracker,
  type TrackerCapabilities,
  type Viewer,
} from '../tracker';
import {
  DELETE_ENTRY,
  ENTRY,
  LIST_COLLECTION,
  MEDIA_BY_ID,
  MEDIA_BY_MAL_ID,
  RECENT_ENTRIES,
  SAVE_BATCH_LIMIT,
  saveAlias,
  saveEntriesRequest,
  SEARCH_MANGA,
  VIEWER,
} from './documents';
import { classifyAniList, readAniListBudget } from './http-quirks';
import { ensureAniListReferer } from './referer';
import { isAniListNovel, parseAniListId, toMangaCandidate, toRemoteEntry, toRemoteMedia, toSaveVariables, type SaveVariables } from './mapping';
import {
  collectionResponse,
  deleteResponse,
  entryResponse,
  mediaResponse,
  recentEntriesResponse,
  saveEntriesResponse,
  searchMangaResponse,
  viewerResponse,
  type AniListMangaCandidate,
  type AniListMediaList,
} from './schemas';
import { t } from '../../i18n/t';

const NAME = 'AniList';
export const GRAPHQL_URL = 'https://graphql.anilist.co';

export const ANILIST_CAPABILITIES: TrackerCapabilities = {
  volumes: true,
  dates: true,
  notes: true,
  rereads: true,
  private: true,
  batchWrites: true,
  sameIdWhenAddedAgain: false,
};

/**
 * MediaListCollection serves at most the 11,000 most recently updated entries (API-FACTS §A), i.e. 22 chunks of
 * 500; one more stops a service that keeps saying `hasNextChunk` from looping forever.
 */
const MAX_CHUNKS = 23;

/** Incremental pages (50 entries each) read before switching to the full list; 4 pages cost what 4 chunks do. */
const MAX_INCREMENTAL_PAGES = 4;

/**
 * The pace a worker starts from: the "degraded" 30/min AniList has announced but its headers do not show
 * (API-FACTS §A Rate limits). The headers' `X-RateLimit-Limit` lowers it when it says less, and a 429 that comes
 * before the headers' budget is spent lowers it to what AniList really allowed (rate-limiter.ts `throttled`).
 */
export const ANILIST_START_PER_MINUTE = 30;

let sharedLimiter: RateLimiter | undefined;

/** One limiter for every AniList client in this worker, created on first use; what it learns lasts the worker's life. */
export function aniListLimiter(): RateLimiter {
  sharedLimiter ??= createRateLimiter({ perMinute: ANILIST_START_PER_MINUTE, burst: 5 });
  return sharedLimiter;
}

const notAnId = (id: string) => permanent(t('aniListIdNotNumber', NAME, id.slice(0, 40)));

/** Entries as the model sees them, each list entry once: custom lists repeat entries (API-FACTS §A Schema facts). */
function uniqueEntries(entries: Iterable<AniListMediaList | null>): Map<number, RemoteEntry> {
  const byId = new Map<number, RemoteEntry>();
  for (const entry of entries) if (entry !== null && !byId.has(entry.id)) byId.set(entry.id, toRemoteEntry(entry));
  return byId;
}

export function createAniListTracker(deps: TrackerDeps): Tracker {
  const http = createServiceHttp({
    serviceName: NAME,
    limiter: deps.limiter ?? aniListLimiter(),
    fetch: deps.fetch,
    readBudget: readAniListBudget,
    classify: classifyAniList,
  });

  /**
   * One GraphQL request; `token` null sends it anonymously (public data). With `nullIfNotFound`, AniList's 404
   * "Not Found." (`data: {Media: null}`, API-FACTS §A Errors) is read as data instead of thrown, so a lookup of
   * something absent resolves to null.
   */
  const request = async <T>(
    schema: z.core.$ZodType<T>,
    token: string | null,
    query: string,
    variables: Record<string, unknown> = {},
    nullIfNotFound = false,
  ): Promise<CallResult<T>> => {
    const options: Options = {
      method: 'post',
      json: { query, variables },
      headers: token === null ? { Accept: 'application/json' } : { Authorization: `Bearer ${token}`, Accept: 'application/json' },
      ...(nullIfNotFound ? { throwHttpErrors: (status: number) => status !== 404 } : {}),
    };
    // Without the Referer rule AniList refuses every request (referer.ts); a failure to install it is not ours to
    // report here: the 403 that follows is.
    await ensureAniListReferer();
    return http.json(schema, GRAPHQL_URL, options);
  };

  const authorized = <T>(call: (token: string) => Promise<CallResult<T>>) => withSession(deps.session, NAME, call);

  /** Public data: as the user when connected (so a revoked token still says "reconnect"), anonymously otherwise. */
  const asUserOrAnonymous = async <T>(call: (token: string | null) => Promise<CallResult<T>>): Promise<CallResult<T>> => {
    const token = await deps.session.accessToken().catch(() => null);
    return token === null ? call(null) : authorized(call);
  };

  /** The account's numeric user id; list queries need it (the user is never taken from the token). */
  const userId = (): number | null => {
    const id = deps.account?.userId;
    return id === undefined ? null : parseAniListId(id);
  };
  const noAccount = () => permanent(t('aniListNoAccount', NAME));

  async function fullList(token: string, user: number): Promise<CallResult<RemoteEntry[]>> {
    const entries: (AniListMediaList | null)[] = [];
    for (let chunk = 1; chunk <= MAX_CHUNKS; chunk++) {
      const result = await request(collectionResponse, token, LIST_COLLECTION, { userId: user, chunk });
      if (result.kind !== 'ok') return result;
      const collection = result.value.data.MediaListCollection;
      for (const list of collection.lists ?? []) entries.push(...(list?.entries ?? []));
      if (collection.hasNextChunk !== true) break;
    }
    return ok([...uniqueEntries(entries).values()]);
  }

  /**
   * Entries updated at or after `since`, newest first, page by page until one is older. AniList's `updatedAt` is
   * in whole seconds, so `since` is compared at that precision: an entry saved in the same second is included.
   * When that many changes pile up, the chunked full list is cheaper: it reads 500 entries per request, not 50.
   */
  async function changedSince(token: string, user: number, since: number): Promise<CallResult<RemoteEntry[]>> {
    const sinceSeconds = Math.floor(since / 1000);
    const entries: AniListMediaList[] = [];
    for (let page = 1; page <= MAX_INCREMENTAL_PAGES; page++) {
      const result = await request(recentEntriesResponse, token, RECENT_ENTRIES, { userId: user, page });
      if (result.kind !== 'ok') return result;
      const { pageInfo, mediaList } = result.value.data.Page;
      let reachedOlder = false;
      for (const entry of mediaList) {
        if (entry === null) continue;
        if ((entry.updatedAt ?? 0) < sinceSeconds) {
          reachedOlder = true;
          break;
        }
        entries.push(entry);
      }
      // Trust only hasNextPage (API-FACTS §A). An entry saved while we page moves to the front and pushes the
      // others down a place, so a page may repeat one: uniqueEntries drops the repeat.
      if (reachedOlder || pageInfo.hasNextPage !== true) return ok([...uniqueEntries(entries).values()]);
    }
    const all = await fullList(token, user);
    return all.kind === 'ok' ? ok(all.value.filter((e) => e.updatedAt >= sinceSeconds * 1000)) : all;
  }

  async function entryOf(token: string, user: number, mediaId: number): Promise<CallResult<RemoteEntry | null>> {
    const result = await request(entryResponse, token, ENTRY, { userId: user, mediaId }, true);
    if (result.kind !== 'ok') return result;
    const entry = result.value.data.MediaList;
    return ok(entry === null ? null : toRemoteEntry(entry));
  }

  /** One request for up to SAVE_BATCH_LIMIT writes; AniList applies all of them or none (API-FACTS §A). */
  async function saveBatch(token: string, batch: SaveVariables[]): Promise<CallResult<RemoteEntry[]>> {
    const { query, variables } = saveEntriesRequest(batch);
    const result = await request(saveEntriesResponse, token, query, variables);
    if (result.kind !== 'ok') return result;
    const saved: RemoteEntry[] = [];
    for (let i = 0; i < batch.length; i++) {
      const entry = result.value.data[saveAlias(i)];
      if (entry === undefined) return permanent(t('aniListNoSaveResult', NAME, saveAlias(i)));
      saved.push(toRemoteEntry(entry));
    }
    return ok(saved);
  }

  function getEntry(mediaId: string): Promise<CallResult<RemoteEntry | null>> {
    const user = userId();
    const media = parseAniListId(mediaId);
    if (user === null) return Promise.resolve(noAccount());
    if (media === null) return Promise.resolve(notAnId(mediaId));
    return authorized((token) => entryOf(token, user, media));
  }

  const mediaLookup = async (token: string | null, query: string, variables: Record<string, unknown>) => {
    const result = await request(mediaResponse, token, query, variables, true);
    if (result.kind !== 'ok') return result;
    const media = result.value.data.Media;
    return ok(media === null ? null : toRemoteMedia(media));
  };

  return {
    id: 'anilist',
    capabilities: ANILIST_CAPABILITIES,

    viewer: () =>
      authorized(async (token): Promise<CallResult<Viewer>> => {
        const result = await request(viewerResponse, token, VIEWER);
        if (result.kind !== 'ok') return result;
        const { id, name, mediaListOptions } = result.value.data.Viewer;
        return ok({ id: String(id), name, scoreSetting: mediaListOptions?.scoreFormat ?? null });
      }),

    listEntries(options = {}) {
      const user = userId();
      if (user === null) return Promise.resolve(noAccount());
      const { since } = options;
      return authorized((token) => (since === undefined ? fullList(token, user) : changedSince(token, user, since)));
    },

    getEntry,

    saveEntries(writes: EntryWrite[]) {
      const batches: SaveVariables[][] = [];
      for (const write of writes) {
        const vars = toSaveVariables(write);
        if (vars === null) return Promise.resolve(notAnId(write.mediaId));
        const last = batches[batches.length - 1];
        if (last !== undefined && last.length < SAVE_BATCH_LIMIT) last.push(vars);
        else batches.push([vars]);
      }
      // Batches go one after another. If a later one fails the earlier ones stay saved; the failure is returned
      // and the caller re-sends everything, which is harmless because every write sets absolute values.
      return authorized(async (token) => {
        const saved: RemoteEntry[] = [];
        for (const batch of batches) {
          const result = await saveBatch(token, batch);
          if (result.kind !== 'ok') return result;
          saved.push(...result.value);
        }
        return ok(saved);
      });
    },

    async deleteEntry(mediaId) {
      // DeleteMediaListEntry takes the list-entry id, so the entry is read first (API-FACTS §A Schema facts).
      const current = await getEntry(mediaId);
      if (current.kind !== 'ok') return current;
      if (current.value === null) return ok(null);
      const entryId = Number(current.value.entryId);
      return authorized(async (token) => {
        // Not Found here means someone removed it meanwhile: the entry is gone either way.
        const result = await request(deleteResponse, token, DELETE_ENTRY, { id: entryId }, true);
        if (result.kind !== 'ok') return result;
        if (result.value.data.DeleteMediaListEntry?.deleted === false) return permanent(t('aniListNotDeleted', NAME));
        return ok(null);
      });
    },

    searchManga(query) {
      const search = searchQuery(NAME, query);
      if (search.kind !== 'ok') return Promise.resolve(search);
      return asUserOrAnonymous(async (token): Promise<CallResult<MangaCandidate[]>> => {
        const result = await request(searchMangaResponse, token, SEARCH_MANGA, { search: search.value });
        if (result.kind !== 'ok') return result;
        const manga = (result.value.data.Page.media ?? []).filter((m): m is AniListMangaCandidate => m !== null && !isAniListNovel(m));
        return ok(manga.slice(0, SEARCH_LIMIT).map(toMangaCandidate));
      });
    },

    lookup(ids: CrossIds) {
      // Media are public: a look-up needs no sign-in (MyAnimeList's id of an AniList id, AniList not connected).
      if (ids.anilist !== undefined) {
        const id = ids.anilist;
        return asUserOrAnonymous((token) => mediaLookup(token, MEDIA_BY_ID, { id }));
      }
      if (ids.mal !== undefined) {
        const idMal = ids.mal;
        return asUserOrAnonymous((token) => mediaLookup(token, MEDIA_BY_MAL_ID, { idMal }));
      }
      return Promise.resolve(ok(null));
    },
  };
}
