/**
 * Kitsu's catalogue resources: `/users` (who am I; a user's own settings), `/manga` (search, show) and `/mappings`
 * (MAL/AniList id → Kitsu manga), API-FACTS §C. Page size is capped at 20 here (jsonapi-resources
 * `maximum_page_size`).
 */
import { z } from 'zod';
import type { FakeRequest, FakeResponse } from '../types';
import { doc, jrError, pageOf, parseQuery, recordNotFound, sparse } from './jsonapi';
import type { Viewer } from './library';
import { mangaResource, mappingResource, userResource } from './resources';
import type { KitsuManga } from './seed';
import type { KitsuStore } from './store';

const byId = <T extends { id: string }>(a: T, b: T): number => Number(a.id) - Number(b.id);

export function listUsers(store: KitsuStore, req: FakeRequest, viewer: Viewer): FakeResponse {
  const q = parseQuery(req.url, { type: 'users', filters: ['self', 'id', 'slug', 'name'], includes: [], sorts: ['id'], maxLimit: 20 });
  if (!('filters' in q)) return q;
  let rows = [...store.users.values()].sort(byId);
  for (const [name, values] of q.filters) {
    // API-FACTS §C: `filter[self]=true` is the token's user — nobody when anonymous, so `data: []`.
    if (name === 'self') rows = rows.filter((u) => u.id === viewer?.id);
    else if (name === 'id') rows = rows.filter((u) => values.includes(u.id));
    else if (name === 'slug') rows = rows.filter((u) => values.includes(u.slug));
    else if (name === 'name') rows = rows.filter((u) => values.includes(u.name));
  }
  const page = pageOf(req.url, rows, q);
  return doc(200, { data: page.data.map((u) => sparse(userResource(u, u.id === viewer?.id), q.fields)), meta: page.meta, links: page.links });
}

export function showUser(store: KitsuStore, id: string, viewer: Viewer): FakeResponse {
  const u = store.users.get(id);
  return u === undefined ? recordNotFound(id) : doc(200, { data: userResource(u, u.id === viewer?.id) });
}

const RATING_SYSTEMS = ['simple', 'regular', 'advanced'] as const;
const userPatchSchema = z.object({ data: z.object({ attributes: z.object({ ratingSystem: z.unknown().optional() }) }) });

/**
 * The settings page saves a user's own record: `PATCH /users/{id}` with `attributes.ratingSystem` (Med: kitsu-server
 * `UserResource` lists `rating_system` among its attributes and `UserPolicy#update?` lets a user update only
 * themselves; the web client's settings page saves through it). Only that attribute is kept here.
 */
export function updateUser(store: KitsuStore, req: FakeRequest, id: string, viewer: Viewer): FakeResponse {
  const u = store.users.get(id);
  if (u === undefined) return recordNotFound(id);
  if (viewer?.id !== id) return jrError(403, 'Update Forbidden', "You don't have permission to update this user.");
  let body: unknown;
  try {
    body = req.json();
  } catch (e) {
    return jrError(400, 'Bad Request', e instanceof Error ? e.message : 'invalid JSON');
  }
  const parsed = userPatchSchema.safeParse(body);
  if (!parsed.success) return jrError(400, 'Parameter missing', 'The required parameter, data, is missing.', '106');
  const system = parsed.data.data.attributes.ratingSystem;
  if (system !== undefined) {
    const known = RATING_SYSTEMS.find((r) => r === system);
    if (known === undefined) return jrError(422, 'is not included in the list', 'ratingSystem - is not included in the list');
    u.ratingSystem = known;
  }
  return doc(200, { data: userResource(u, true) });
}

function textMatch(m: KitsuManga, text: string): boolean {
  const needle = text.toLowerCase();
  return [m.canonicalTitle, m.slug, ...Object.values(m.titles), ...m.abbreviatedTitles].some((t) => t.toLowerCase().includes(needle));
}

export function listManga(store: KitsuStore, req: FakeRequest): FakeResponse {
  const q = parseQuery(req.url, { type: 'manga', filters: ['text', 'slug', 'id'], includes: [], sorts: ['id'], maxLimit: 20 });
  if (!('filters' in q)) return q;
  let rows = [...store.manga.values()].sort(byId);
  for (const [name, values] of q.filters) {
    if (name === 'text') rows = rows.filter((m) => textMatch(m, values.join(',')));
    else if (name === 'slug') rows = rows.filter((m) => values.includes(m.slug));
    else if (name === 'id') rows = rows.filter((m) => values.includes(m.id));
  }
  const page = pageOf(req.url, rows, q);
  return doc(200, { data: page.data.map((m) => sparse(mangaResource(m), q.fields)), meta: page.meta, links: page.links });
}

export function showManga(store: KitsuStore, id: string): FakeResponse {
  const m = store.manga.get(id);
  return m === undefined ? recordNotFound(id) : doc(200, { data: mangaResource(m) });
}

export function listMappings(store: KitsuStore, req: FakeRequest): FakeResponse {
  const q = parseQuery(req.url, { type: 'mappings', filters: ['externalSite', 'externalId', 'id'], includes: ['item'], sorts: ['id'], maxLimit: 20 });
  if (!('filters' in q)) return q;
  // API-FACTS §C: `externalId` is compared as a string.
  let rows = [...store.mappings];
  for (const [name, values] of q.filters) {
    if (name === 'externalSite') rows = rows.filter((mp) => values.includes(mp.externalSite));
    else if (name === 'externalId') rows = rows.filter((mp) => values.includes(mp.externalId));
    else if (name === 'id') rows = rows.filter((mp) => values.includes(mp.id));
  }
  const page = pageOf(req.url, rows, q);
  const item = q.includes.has('item');
  const included = item
    ? [...new Set(page.data.map((mp) => mp.mangaId))].flatMap((id) => {
        const m = store.manga.get(id);
        return m === undefined ? [] : [mangaResource(m)];
      })
    : [];
  return doc(200, {
    data: page.data.map((mp) => mappingResource(mp, item)),
    ...(item ? { included } : {}),
    meta: page.meta,
    links: page.links,
  });
}
