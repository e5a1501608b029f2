/**
 * `/api/edge/library-entries` (API-FACTS §C): index (a filter is required), show, create (201), update (200),
 * destroy (204). Order of checks follows kitsu-server: media type (415) and token (401) in the router, then
 * parameters (400) → ownership (403) → model validations (422) here.
 */
import type { FakeRequest, FakeResponse } from '../types';
import {
  customError,
  doc,
  errors,
  forbidden,
  jrError,
  pageOf,
  parseQuery,
  recordNotFound,
  sortBy,
  sparse,
  type QuerySpec,
} from './jsonapi';
import { entryResource, mangaResource, userResource, type Resource } from './resources';
import { assign, beforeSave, validate } from './rules';
import { KITSU_STATUSES } from './seed';
import { kitsuTime, type KitsuEntry, type KitsuStore, type KitsuUser } from './store';

const SORTABLE = [
  'id', 'createdAt', 'updatedAt', 'status', 'progress', 'volumesOwned', 'reconsuming', 'reconsumeCount', 'notes',
  'private', 'progressedAt', 'startedAt', 'finishedAt', 'ratingTwenty',
] as const;

export const LIBRARY_QUERY: QuerySpec = {
  type: 'libraryEntries',
  filters: ['id', 'userId', 'mediaId', 'mediaType', 'animeId', 'mangaId', 'dramaId', 'kind', 'status', 'since'],
  includes: ['user', 'manga', 'media', 'anime', 'drama'],
  sorts: SORTABLE,
  maxLimit: 500,
};

/** The caller: `undefined` = anonymous. Expired/revoked tokens were already turned away with 401. */
export type Viewer = KitsuUser | undefined;

/** `LibraryEntry.visible_for`: public entries, plus the viewer's own private ones. */
function visible(e: KitsuEntry, viewer: Viewer): boolean {
  return !e.private || e.userId === viewer?.id;
}

function matches(e: KitsuEntry, name: string, values: string[]): boolean {
  switch (name) {
    case 'id':
      return values.includes(e.id);
    case 'userId':
      return values.includes(e.userId);
    case 'mediaId':
    case 'mangaId':
      return values.includes(e.mangaId);
    case 'mediaType':
      return values.includes('Manga');
    case 'animeId':
    case 'dramaId':
      return false;
    case 'kind':
      return values.includes('manga');
    case 'status':
      // Names or the enum numbers (1 = current … 5 = dropped).
      return values.some((v) => v === e.status || KITSU_STATUSES[Number(v) - 1] === e.status);
    case 'since': {
      // API-FACTS §C: updatedAt ≥ since. An unparseable time matches nothing.
      const since = Date.parse(values.join(','));
      return !Number.isNaN(since) && Date.parse(e.updatedAt) >= since;
    }
    default:
      return true;
  }
}

function withIncluded(store: KitsuStore, rows: KitsuEntry[], includes: ReadonlySet<string>, viewer: Viewer): Resource[] {
  const out = new Map<string, Resource>();
  for (const e of rows) {
    const m = store.manga.get(e.mangaId);
    if ((includes.has('manga') || includes.has('media')) && m !== undefined) out.set(`manga:${m.id}`, mangaResource(m));
    const u = store.users.get(e.userId);
    if (includes.has('user') && u !== undefined) out.set(`users:${u.id}`, userResource(u, u.id === viewer?.id));
  }
  return [...out.values()];
}

export function listEntries(store: KitsuStore, req: FakeRequest, viewer: Viewer): FakeResponse {
  const q = parseQuery(req.url, LIBRARY_QUERY);
  if (!('filters' in q)) return q;
  // API-FACTS §C: a filter is required. kitsu-server's own error helper: numeric status.
  if (![...req.url.searchParams.keys()].some((k) => k.startsWith('filter'))) return customError(400, 'No filter provided');
  let rows = [...store.entries.values()].filter((e) => visible(e, viewer));
  for (const [name, values] of q.filters) rows = rows.filter((e) => matches(e, name, values));
  rows = sortBy(rows, q.sort.length > 0 ? q.sort : [{ field: 'id', desc: false }], (e, f) =>
    f === 'id' ? Number(e.id) : (e[f as (typeof SORTABLE)[number]] ?? null),
  );
  const page = pageOf(req.url, rows, q);
  const data = page.data.map((e) => sparse(entryResource(e, q.includes), q.fields));
  const included = withIncluded(store, page.data, q.includes, viewer);
  return doc(200, { data, ...(q.includes.size > 0 ? { included } : {}), meta: page.meta, links: page.links });
}

export function showEntry(store: KitsuStore, req: FakeRequest, id: string, viewer: Viewer): FakeResponse {
  const q = parseQuery(req.url, { ...LIBRARY_QUERY, filters: [] });
  if (!('filters' in q)) return q;
  const e = store.entries.get(id);
  if (e === undefined || !visible(e, viewer)) return recordNotFound(id);
  const included = withIncluded(store, [e], q.includes, viewer);
  return doc(200, { data: sparse(entryResource(e, q.includes), q.fields), ...(q.includes.size > 0 ? { included } : {}) });
}

/** An id or type as the client wrote it, for messages and comparisons (JSON:API ids are strings). */
function str(v: unknown): string {
  return typeof v === 'string' || typeof v === 'number' ? String(v) : JSON.stringify(v);
}

interface Body {
  id?: unknown;
  type?: unknown;
  attributes: Record<string, unknown>;
  relationships: Record<string, unknown>;
}

/** The `data` member of a write, or the 400 jsonapi-resources would give. */
function readBody(req: FakeRequest): Body | FakeResponse {
  let parsed: unknown;
  try {
    parsed = req.json();
  } catch (e) {
    return jrError(400, 'Bad Request', e instanceof Error ? e.message : 'invalid JSON');
  }
  const data = typeof parsed === 'object' && parsed !== null && 'data' in parsed ? parsed.data : undefined;
  if (typeof data !== 'object' || data === null) return jrError(400, 'Parameter missing', 'The required parameter, data, is missing.', '106');
  const record = data as Record<string, unknown>;
  if (record.type === undefined) return jrError(400, 'Parameter missing', 'The required parameter, type, is missing.', '106');
  // API-FACTS §C: `libraryEntries`, and `library-entries` is accepted too (both unformat to library_entries).
  if (record.type !== 'libraryEntries' && record.type !== 'library-entries') {
    return jrError(400, 'Invalid resource', `${str(record.type)} is not a valid resource.`, '101');
  }
  const obj = (v: unknown): Record<string, unknown> => (typeof v === 'object' && v !== null ? (v as Record<string, unknown>) : {});
  return { id: record.id, type: record.type, attributes: obj(record.attributes), relationships: obj(record.relationships) };
}

/** `relationships.<name>.data.id` when its type is one of `types`; `null` = sent but unusable; `undefined` = not sent. */
function relId(body: Body, name: string, types: readonly string[]): string | null | undefined {
  const rel = body.relationships[name];
  if (rel === undefined) return undefined;
  const data = typeof rel === 'object' && rel !== null && 'data' in rel ? rel.data : undefined;
  if (typeof data !== 'object' || data === null || !('id' in data) || !('type' in data)) return null;
  return types.includes(str(data.type)) ? str(data.id) : null;
}

const RELATIONSHIPS = ['user', 'manga', 'media'];

function applyRelationships(body: Body, entry: KitsuEntry): FakeResponse | null {
  const stray = Object.keys(body.relationships).find((k) => !RELATIONSHIPS.includes(k));
  if (stray !== undefined) return jrError(400, 'Param not allowed', `${stray} is not allowed.`, '105');
  const user = relId(body, 'user', ['users']);
  if (user !== undefined) entry.userId = user ?? '';
  for (const name of ['manga', 'media']) {
    const manga = relId(body, name, ['manga']);
    if (manga !== undefined) entry.mangaId = manga ?? '';
  }
  return null;
}

function save(store: KitsuStore, before: KitsuEntry | undefined, entry: KitsuEntry, body: Body, viewer: Viewer): FakeResponse {
  const stray = applyRelationships(body, entry);
  if (stray !== null) return stray;
  const cast = assign(entry, body.attributes);
  if ('notAllowed' in cast) return jrError(400, 'Param not allowed', `${cast.notAllowed} is not allowed.`, '105');
  // pundit-resources `is_owner?`: the entry must be, and have been, the token user's.
  if (viewer === undefined || entry.userId !== viewer.id || (before !== undefined && before.userId !== viewer.id)) {
    return forbidden(before === undefined ? 'create' : 'update');
  }
  const manga = store.manga.get(entry.mangaId);
  if (manga === undefined) {
    return errors(422, [{ title: 'must exist', detail: 'media - must exist', code: '100', source: { pointer: '/data/relationships/media' }, status: '422' }]);
  }
  const invalid = [...cast, ...validate(entry, manga, store.entries.values())];
  if (invalid.length > 0) return errors(422, invalid);
  const changed = beforeSave(before, entry, manga, store.now());
  // Rails keeps timestamps the client wrote itself; otherwise a real change moves `updatedAt` (on create both
  // start at now).
  if (before !== undefined && changed && entry.updatedAt === before.updatedAt) entry.updatedAt = kitsuTime(store.now());
  if (before === undefined) entry.id = store.newEntryId();
  store.entries.set(entry.id, entry);
  return doc(before === undefined ? 201 : 200, { data: entryResource(entry, new Set()) });
}

export function createEntry(store: KitsuStore, req: FakeRequest, viewer: Viewer): FakeResponse {
  const body = readBody(req);
  if (!('attributes' in body)) return body;
  const now = kitsuTime(store.now());
  const entry: KitsuEntry = {
    id: '', userId: '', mangaId: '', status: 'planned', progress: 0, volumesOwned: 0, reconsuming: false,
    reconsumeCount: 0, notes: null, private: false, reactionSkipped: 'unskipped', ratingTwenty: null,
    progressedAt: null, startedAt: null, finishedAt: null, createdAt: now, updatedAt: now,
  };
  // `status` has no column default: a create without it fails `validates :status, presence: true`.
  if (!('status' in body.attributes)) body.attributes.status = null;
  return save(store, undefined, entry, body, viewer);
}

export function updateEntry(store: KitsuStore, req: FakeRequest, id: string, viewer: Viewer): FakeResponse {
  const body = readBody(req);
  if (!('attributes' in body)) return body;
  if (body.id === undefined) return jrError(400, 'Parameter missing', 'The required parameter, id, is missing.', '106');
  if (str(body.id) !== id) return jrError(400, 'Key is not included in URL', `The URL does not support the key ${str(body.id)}`, '113');
  const before = store.entries.get(id);
  if (before === undefined || !visible(before, viewer)) return recordNotFound(id);
  return save(store, before, { ...before }, body, viewer);
}

export function deleteEntry(store: KitsuStore, id: string, viewer: Viewer): FakeResponse {
  const e = store.entries.get(id);
  if (e === undefined || !visible(e, viewer)) return recordNotFound(id);
  if (viewer === undefined || e.userId !== viewer.id) return forbidden('destroy');
  store.entries.delete(id);
  return { status: 204, headers: {}, body: '' };
}
