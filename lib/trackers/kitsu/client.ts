/**
 * The Kitsu tracker: JSON:API at `https://kitsu.app/api/edge` (API-FACTS §C), one request per write, every
 * response parsed with zod (schemas.ts), every value converted by mapping.ts, every failure classified by
 * errors.ts. Calls run through `withSession`, so an expired token is refreshed once and the call retried.
 */
import { withSession, type TrackerDeps } from '../module';
import { createServiceHttp } from '../http';
import { SEARCH_LIMIT as CANDIDATE_LIMIT, searchQuery } from '../search';
import { ok, permanent, type CallResult, type CrossIds, type EntryWrite, type RemoteEntry, type RemoteMedia, type Tracker, type Viewer } from '../tracker';
import { classifyKitsuApi } from './errors';
import { isKitsuNovel, ratingSystemOf, toAttributes, toMangaCandidate, toRemoteEntry, toRemoteMedia, type KitsuEntryAttributes } from './mapping';
import { isManga, libraryEntriesDocument, libraryEntryDocument, mangaDocument, mappingsDocument, usersDocument, type LibraryEntriesDocument, type MangaResource } from './schemas';
import { t } from '../../i18n/t';
import { isKitsuApiUrl, kitsuLimiter, KITSU_CAPABILITIES, pairWithManga, query, type EntryWithManga } from './api';

export { KITSU_CAPABILITIES, kitsuLimiter, query } from './api';

export const KITSU_API = 'https://kitsu.app/api/edge';
const NAME = 'Kitsu';
/** API-FACTS §C: Accept on every request; POST/PATCH without this Content-Type get 415. */
const JSONAPI = 'application/vnd.api+json';
/** API-FACTS §C: `page[limit]` max 500 for library entries ("Limit exceeds maximum page size of 500."). */
const LIBRARY_PAGE = 500;
/** Search results asked for (Kitsu's maximum page size outside the library). */
/** A runaway `links.next` chain stops here: 400 pages of 500 is far beyond any real list. */
const MAX_PAGES = 400;

/** How many manga read by `media` are kept for the creates that follow. */
const DESCRIBED_KEPT = 20;

const KITSU_ID = /^\d+$/;

export function createKitsuTracker(deps: TrackerDeps): Tracker {
  const http = createServiceHttp({
    serviceName: NAME,
    limiter: deps.limiter ?? kitsuLimiter(),
    fetch: deps.fetch,
    classify: classifyKitsuApi,
  });
  const system = ratingSystemOf(deps.account?.scoreSetting);
  /** Manga `media` read for a create about to be sent, by id (a few at most). */
  const described = new Map<string, MangaResource>();
  const call = <T>(run: (token: string) => Promise<CallResult<T>>) => withSession(deps.session, NAME, run);
  /** Public data (Kitsu serves manga to anyone): as the user when connected, anonymously otherwise. */
  const asUserOrAnonymous = async <T>(run: (token: string | null) => Promise<CallResult<T>>): Promise<CallResult<T>> => {
    const token = await deps.session.accessToken().catch(() => null);
    return token === null ? run(null) : call(run);
  };
  const read = (token: string | null) => ({
    headers: token === null ? { accept: JSONAPI } : { accept: JSONAPI, authorization: `Bearer ${token}` },
  });
  const write = (token: string, method: 'post' | 'patch', body: unknown) => ({
    method,
    headers: { accept: JSONAPI, 'content-type': JSONAPI, authorization: `Bearer ${token}` },
    json: body,
  });

  function userId(): CallResult<string> {
    const id = deps.account?.userId;
    return id ? ok(id) : permanent(t('kitsuAccountUnknown'));
  }

  async function fetchEntries(token: string, firstUrl: string): Promise<CallResult<EntryWithManga[]>> {
    const out = new Map<string, EntryWithManga>();
    let url: string | undefined = firstUrl;
    for (let page = 0; url !== undefined; page++) {
      if (page >= MAX_PAGES || !isKitsuApiUrl(url)) return permanent(t('kitsuBadPaging'));
      const doc: CallResult<LibraryEntriesDocument> = await http.json(libraryEntriesDocument, url, read(token));
      if (doc.kind !== 'ok') return doc;
      const pairs = pairWithManga(doc.value);
      if (pairs.kind !== 'ok') return pairs;
      // Offset paging over a list sorted by updatedAt can repeat an entry edited mid-read: keep one copy.
      for (const pair of pairs.value) out.set(pair.entry.id, pair);
      url = doc.value.links?.next;
    }
    return ok([...out.values()]);
  }

  async function findEntry(token: string, user: string, mangaId: string): Promise<CallResult<EntryWithManga | null>> {
    const url = `${KITSU_API}/library-entries?${query({ 'filter[userId]': user, 'filter[mangaId]': mangaId, include: 'manga' })}`;
    const found = await fetchEntries(token, url);
    return found.kind === 'ok' ? ok(found.value[0] ?? null) : found;
  }

  async function findManga(token: string | null, filter: 'id' | 'slug' | 'text', value: string, limit = 1): Promise<CallResult<MangaResource[]>> {
    const url = `${KITSU_API}/manga?${query({ [`filter[${filter}]`]: value, 'page[limit]': String(limit) })}`;
    const doc = await http.json(mangaDocument, url, read(token));
    return doc.kind === 'ok' ? ok(doc.value.data) : doc;
  }

  /** MAL/AniList id → Kitsu manga through `/mappings` (API-FACTS §C: `externalId` is a string). */
  async function viaMapping(token: string, site: 'myanimelist/manga' | 'anilist/manga', id: number): Promise<CallResult<MangaResource | null>> {
    const url = `${KITSU_API}/mappings?${query({ 'filter[externalSite]': site, 'filter[externalId]': String(id), include: 'item' })}`;
    const doc = await http.json(mappingsDocument, url, read(token));
    if (doc.kind !== 'ok') return doc;
    const manga = doc.value.included.filter(isManga);
    for (const mapping of doc.value.data) {
      const item = mapping.relationships?.item?.data;
      const found = item?.type === 'manga' ? manga.find((m) => m.id === item.id) : undefined;
      if (found) return ok(found);
    }
    return ok(null);
  }

  /** Looks the entry up, then PATCHes it or POSTs a new one: the lookup supplies the entry id PATCH needs. */
  async function saveOne(token: string, user: string, change: EntryWrite, again = false): Promise<CallResult<RemoteEntry>> {
    const existing = await findEntry(token, user, change.mediaId);
    if (existing.kind !== 'ok') return existing;
    const attributes: KitsuEntryAttributes = toAttributes(change, system);
    const current = existing.value;
    if (current) {
      // Nothing to change: no request (DESIGN.md rule 4, idempotence).
      if (Object.keys(attributes).length === 0) return ok(toRemoteEntry(current.entry, current.manga, system));
      const body = { data: { id: current.entry.id, type: 'libraryEntries', attributes } };
      const saved = await http.json(libraryEntryDocument, `${KITSU_API}/library-entries/${current.entry.id}`, write(token, 'patch', body));
      return saved.kind === 'ok' ? ok(toRemoteEntry(saved.value.data, current.manga, system)) : saved;
    }
    // kitsu-server validates `status` presence on create; a write without one starts the entry sensibly.
    if (attributes.status === undefined) attributes.status = (attributes.progress ?? 0) > 0 ? 'current' : 'planned';
    const body = {
      data: {
        type: 'libraryEntries',
        attributes,
        relationships: { manga: { data: { type: 'manga', id: change.mediaId } }, user: { data: { type: 'users', id: user } } },
      },
    };
    const created = await http.json(libraryEntryDocument, `${KITSU_API}/library-entries`, write(token, 'post', body));
    if (created.kind !== 'ok') {
      // Refused because the entry is there after all ("mangaId - has already been taken"): a create retried after its
      // answer was lost had landed the first time, or another device added it meanwhile. It is changed instead.
      if (created.kind === 'permanent' && !again) {
        const there = await findEntry(token, user, change.mediaId);
        if (there.kind === 'ok' && there.value) return saveOne(token, user, change, true);
      }
      return created;
    }
    // The create response carries no manga; one read describes it (a retry after a failure here finds and PATCHes the
    // entry) — unless `media` has just read it, for the counts this create was planned with.
    const known = described.get(change.mediaId);
    described.delete(change.mediaId);
    const manga = known ? ok([known]) : await findManga(token, 'id', change.mediaId);
    if (manga.kind !== 'ok') return manga;
    const media = manga.value[0];
    return media ? ok(toRemoteEntry(created.value.data, media, system)) : permanent(t('kitsuNoManga', change.mediaId));
  }

  const badMediaId = (mediaId: string): CallResult<never> | null =>
    KITSU_ID.test(mediaId) ? null : permanent(t('kitsuBadId', mediaId));

  return {
    id: 'kitsu',
    capabilities: KITSU_CAPABILITIES,

    viewer: () =>
      call(async (token): Promise<CallResult<Viewer>> => {
        const doc = await http.json(usersDocument, `${KITSU_API}/users?${query({ 'filter[self]': 'true' })}`, read(token));
        if (doc.kind !== 'ok') return doc;
        const user = doc.value.data[0];
        // API-FACTS §C: an empty list means Kitsu treats the token as anonymous (an unknown token is not a 401).
        if (!user) return { kind: 'auth', message: t('kitsuNotSignedIn') };
        return ok({ id: user.id, name: user.attributes.name, scoreSetting: user.attributes.ratingSystem ?? null });
      }),

    async listEntries(options = {}) {
      const user = userId();
      if (user.kind !== 'ok') return user;
      const params: Record<string, string> = { 'filter[userId]': user.value, 'filter[kind]': 'manga' };
      // API-FACTS §C: `filter[since]` compares with updated_at (≥).
      if (options.since !== undefined) params['filter[since]'] = new Date(options.since).toISOString();
      Object.assign(params, { include: 'manga', 'page[limit]': String(LIBRARY_PAGE), 'page[offset]': '0', sort: '-updatedAt' });
      const url = `${KITSU_API}/library-entries?${query(params)}`;
      return call(async (token) => {
        const pairs = await fetchEntries(token, url);
        return pairs.kind === 'ok' ? ok(pairs.value.map((p) => toRemoteEntry(p.entry, p.manga, system))) : pairs;
      });
    },

    async getEntry(mediaId) {
      const user = userId();
      if (user.kind !== 'ok') return user;
      const bad = badMediaId(mediaId);
      if (bad) return bad;
      return call(async (token) => {
        const found = await findEntry(token, user.value, mediaId);
        if (found.kind !== 'ok') return found;
        return ok(found.value ? toRemoteEntry(found.value.entry, found.value.manga, system) : null);
      });
    },

    /**
     * Writes one entry after another. On a failure the entries before it stay written and the failure is
     * returned; sending the whole batch again is safe (the lookup finds created entries and PATCHes them).
     */
    async saveEntries(writes) {
      const user = userId();
      if (user.kind !== 'ok') return user;
      const saved: RemoteEntry[] = [];
      for (const change of writes) {
        const bad = badMediaId(change.mediaId);
        if (bad) return bad;
        const result = await call((token) => saveOne(token, user.value, change));
        if (result.kind !== 'ok') return result;
        saved.push(result.value);
      }
      return ok(saved);
    },

    async deleteEntry(mediaId) {
      const user = userId();
      if (user.kind !== 'ok') return user;
      const bad = badMediaId(mediaId);
      if (bad) return bad;
      return call(async (token) => {
        const found = await findEntry(token, user.value, mediaId);
        if (found.kind !== 'ok') return found;
        if (found.value === null) return ok(null);
        return http.send(`${KITSU_API}/library-entries/${found.value.entry.id}`, { method: 'delete', ...read(token) });
      });
    },

    async searchManga(query) {
      const text = searchQuery(NAME, query);
      if (text.kind !== 'ok') return text;
      return asUserOrAnonymous(async (token) => {
        const found = await findManga(token, 'text', text.value, CANDIDATE_LIMIT);
        if (found.kind !== 'ok') return found;
        return ok(found.value.filter((manga) => !isKitsuNovel(manga)).slice(0, CANDIDATE_LIMIT).map(toMangaCandidate));
      });
    },

    lookup: (ids) => call((token) => lookupManga(token, ids)),

    async media(mediaId) {
      const bad = badMediaId(mediaId);
      if (bad) return bad;
      return call(async (token) => {
        const found = await findManga(token, 'id', mediaId);
        if (found.kind !== 'ok') return found;
        const manga = found.value[0];
        if (!manga) return ok(null);
        // Kept for the create that follows (its answer carries no manga), so reading the counts first costs nothing.
        described.set(mediaId, manga);
        if (described.size > DESCRIBED_KEPT) described.delete(described.keys().next().value as string);
        return ok(toRemoteMedia(manga));
      });
    },
  };

  /** Tries the ids in order of directness: Kitsu's own (id or slug, as MangaDex `kt` may be either), MAL, AniList. */
  async function lookupManga(token: string, ids: CrossIds): Promise<CallResult<RemoteMedia | null>> {
    if (ids.kitsu !== undefined && ids.kitsu !== '') {
      const found = await findManga(token, KITSU_ID.test(ids.kitsu) ? 'id' : 'slug', ids.kitsu);
      if (found.kind !== 'ok') return found;
      const manga = found.value[0];
      if (manga) return ok(toRemoteMedia(manga));
    }
    const sites = [
      ['myanimelist/manga', 'mal', ids.mal],
      ['anilist/manga', 'anilist', ids.anilist],
    ] as const;
    for (const [site, key, id] of sites) {
      if (id === undefined) continue;
      const found = await viaMapping(token, site, id);
      if (found.kind !== 'ok') return found;
      if (found.value) {
        const media = toRemoteMedia(found.value);
        return ok({ ...media, crossIds: { ...media.crossIds, [key]: id } });
      }
    }
    return ok(null);
  }
}
