/**
 * `https://api.myanimelist.net/v2` (API-FACTS §B "Endpoints", `mal-v2.openapi.json`). Every route is declared in
 * `MAL_ROUTES` with the spec's path template and the query parameters it accepts, so the contract test can
 * check the fake against the spec from the same table the router uses.
 */
import type { FakeRequest, FakeResponse } from '../types';
import { matchesQuery } from './catalog';
import { mangaView, parseFields, statusView, type FieldTree } from './fields';
import { badRequest, bearer, dosDetected, invalidToken, isForm, malJson, notFound } from './http';
import { applyPatch, emptyStatus, PATCH_FIELDS } from './list-status';
import { MAL_STATUSES, type MalManga } from './seed';
import { malTime, type MalListStatus, type MalStore, type MalUser } from './store';

/** Who is calling: a user (bearer token) or just an app (`X-MAL-CLIENT-ID`, API-FACTS §B "Public data"). */
type Caller = { user: MalUser } | { clientId: string };

interface Route {
  method: 'GET' | 'PATCH' | 'PUT' | 'DELETE';
  /** Path template exactly as in `mal-v2.openapi.json`. */
  path: string;
  query: readonly string[];
  /** Form fields accepted in the body (PATCH/PUT). */
  body?: readonly string[];
  /** `client` = a known client id is enough (spec `client_auth`); `token` = a user's token (spec `main_auth` only). */
  auth: 'token' | 'client';
  run(store: MalStore, req: FakeRequest, params: Record<string, string>, caller: Caller): FakeResponse;
}

const LIST_SORTS = ['list_score', 'list_updated_at', 'manga_title', 'manga_start_date', 'manga_id'] as const;
const STATUS_ORDER: readonly string[] = MAL_STATUSES;

/** The routes the fake serves, also read by tests/contract/mal-fake.test.ts. */
export const MAL_ROUTES: readonly Route[] = [
  { method: 'GET', path: '/users/{user_name}', query: ['fields'], auth: 'token', run: getMe },
  // `fields` and `nsfw` are not in the spec's parameter list but are how MAL is used (API-FACTS §B, observed).
  { method: 'GET', path: '/users/{user_name}/mangalist', query: ['status', 'sort', 'limit', 'offset', 'fields', 'nsfw'], auth: 'client', run: getList },
  { method: 'GET', path: '/manga', query: ['q', 'limit', 'offset', 'fields'], auth: 'client', run: search },
  { method: 'GET', path: '/manga/{manga_id}', query: ['fields'], auth: 'client', run: details },
  { method: 'PATCH', path: '/manga/{manga_id}/my_list_status', query: [], body: PATCH_FIELDS, auth: 'token', run: patch },
  // The spec's own curl sample for this operation uses `-X PUT` (API-FACTS §B "PATCH (or PUT)").
  { method: 'PUT', path: '/manga/{manga_id}/my_list_status', query: [], body: PATCH_FIELDS, auth: 'token', run: patch },
  { method: 'DELETE', path: '/manga/{manga_id}/my_list_status', query: [], auth: 'token', run: remove },
];

function match(template: string, path: string): Record<string, string> | null {
  const names: string[] = [];
  const source = template.replace(/\{(\w+)\}/g, (_, name: string) => {
    names.push(name);
    return '([^/]+)';
  });
  const m = new RegExp(`^${source}$`).exec(path);
  if (m === null) return null;
  return Object.fromEntries(names.map((n, i) => [n, decodeURIComponent(m[i + 1] ?? '')]));
}

export function handleApi(store: MalStore, req: FakeRequest): FakeResponse {
  if (!store.admit()) return dosDetected();
  const path = req.url.pathname.replace(/^\/v2(?=\/)/, '');
  if (path === req.url.pathname) return notFound();
  const candidates = MAL_ROUTES.map((r) => ({ r, params: match(r.path, path) })).filter((c) => c.params !== null);
  const hit = candidates.find((c) => c.r.method === req.method);
  if (hit === undefined || hit.params === null) {
    if (candidates.length === 0) return notFound();
    return { ...malJson(405, { message: '', error: 'method_not_allowed' }), headers: { allow: candidates.map((c) => c.r.method).join(', ') } };
  }
  const caller = authenticate(store, req, hit.r.auth);
  if (caller === null) return invalidToken();
  for (const name of req.url.searchParams.keys()) {
    // Stricter than MAL (which ignores strangers) so a misspelt parameter fails loudly in tests.
    if (!hit.r.query.includes(name)) return badRequest('invalid_parameter', `unknown parameter: ${name}`);
  }
  return hit.r.run(store, req, hit.params, caller);
}

function authenticate(store: MalStore, req: FakeRequest, need: Route['auth']): Caller | null {
  const token = bearer(req);
  if (token !== undefined) {
    // A bad token is an error even where a client id would have done.
    const user = token === null ? null : store.userForToken(token);
    return user === null ? null : { user };
  }
  const clientId = req.headers['x-mal-client-id'];
  if (need === 'client' && clientId !== undefined && store.clients.has(clientId)) return { clientId };
  return null;
}

const userOf = (caller: Caller): MalUser | null => ('user' in caller ? caller.user : null);

function getMe(store: MalStore, _req: FakeRequest, params: Record<string, string>, caller: Caller): FakeResponse {
  // Spec: "You can only specify `@me`."
  const user = userOf(caller);
  if (params.user_name !== '@me' || user === null) return notFound();
  return malJson(200, { id: user.id, name: user.name, ...(user.picture === undefined ? {} : { picture: user.picture }), joined_at: user.joined_at });
}

function intParam(req: FakeRequest, name: string, fallback: number, max: number): number | FakeResponse {
  const raw = req.url.searchParams.get(name);
  if (raw === null) return fallback;
  const value = /^\d+$/.test(raw) ? Number(raw) : NaN;
  if (Number.isNaN(value) || (name === 'limit' && value < 1)) return badRequest('invalid_parameter', `invalid ${name}`);
  if (value > max) return badRequest('invalid_parameter', `${name} must be ${max} or less`);
  return value;
}

function fieldsOf(req: FakeRequest): FieldTree | FakeResponse {
  return parseFields(req.url.searchParams.get('fields')) ?? badRequest('invalid_parameter', 'invalid fields');
}

/** `{data, paging}` with `next`/`previous` as full URLs; `next` absent on the last page (API-FACTS §B). */
function page<T>(req: FakeRequest, items: T[], limit: number, offset: number): { data: T[]; paging: Record<string, string> } {
  const link = (to: number): string => {
    const url = new URL(req.url.toString());
    url.searchParams.set('offset', String(to));
    return url.toString();
  };
  const paging: Record<string, string> = {};
  if (offset > 0) paging.previous = link(Math.max(0, offset - limit));
  if (offset + limit < items.length) paging.next = link(offset + limit);
  return { data: items.slice(offset, offset + limit), paging };
}

function listUsers(store: MalStore, id: number): number {
  return [...store.users.values()].filter((u) => u.list.has(id)).length;
}

/** MAL hides `gray`/`black` works from lists and searches unless asked with `nsfw=true` (API-FACTS §B). */
const visible = (m: MalManga, nsfw: boolean): boolean => nsfw || m.nsfw === 'white';

function getList(store: MalStore, req: FakeRequest, params: Record<string, string>, caller: Caller): FakeResponse {
  const name = params.user_name ?? '';
  const owner = name === '@me' ? userOf(caller) : (store.userByName(name) ?? undefined);
  if (owner === null) return invalidToken();
  if (owner === undefined) return notFound();
  const q = req.url.searchParams;
  const limit = intParam(req, 'limit', 100, 1000);
  if (typeof limit !== 'number') return limit;
  const offset = intParam(req, 'offset', 0, Number.MAX_SAFE_INTEGER);
  if (typeof offset !== 'number') return offset;
  const fields = fieldsOf(req);
  if (!(fields instanceof Map)) return fields;
  const status = q.get('status');
  if (status !== null && !STATUS_ORDER.includes(status)) return badRequest('invalid_parameter', 'invalid status');
  const sort = q.get('sort');
  if (sort !== null && !(LIST_SORTS as readonly string[]).includes(sort)) return badRequest('invalid_parameter', 'invalid sort');
  const nsfw = q.get('nsfw') === 'true' || q.get('nsfw') === '1';

  const rows: { m: MalManga; s: MalListStatus }[] = [];
  for (const [id, s] of owner.list) {
    const m = store.manga.get(id);
    if (m !== undefined && visible(m, nsfw) && (status === null || s.status === status)) rows.push({ m, s });
  }
  rows.sort(comparator(sort));
  const edges = rows.map(({ m, s }) => {
    const node = mangaView(m, withoutListStatus(fields), { user: null, details: false, listUsers: listUsers(store, m.id) });
    return fields.has('list_status') ? { node, list_status: statusView(s, fields.get('list_status') ?? null) } : { node };
  });
  return malJson(200, page(req, edges, limit, offset));
}

function withoutListStatus(fields: FieldTree): FieldTree {
  const copy = new Map(fields);
  copy.delete('list_status');
  return copy;
}

type Row = { m: MalManga; s: MalListStatus };
function comparator(sort: string | null): (a: Row, b: Row) => number {
  const byTitle = (a: Row, b: Row): number => a.m.title.localeCompare(b.m.title) || a.m.id - b.m.id;
  switch (sort) {
    case 'list_score':
      return (a, b) => b.s.score - a.s.score || byTitle(a, b);
    case 'list_updated_at':
      return (a, b) => b.s.updated_at.localeCompare(a.s.updated_at) || byTitle(a, b);
    case 'manga_title':
      return byTitle;
    case 'manga_start_date':
      return (a, b) => (b.m.start_date ?? '').localeCompare(a.m.start_date ?? '') || byTitle(a, b);
    case 'manga_id':
      return (a, b) => a.m.id - b.m.id;
    default:
      // Undocumented default order; the website groups by status, then title.
      return (a, b) => STATUS_ORDER.indexOf(a.s.status) - STATUS_ORDER.indexOf(b.s.status) || byTitle(a, b);
  }
}

function search(store: MalStore, req: FakeRequest, _params: Record<string, string>, caller: Caller): FakeResponse {
  const q = req.url.searchParams.get('q') ?? '';
  if (q.trim() === '') return badRequest('bad_request', 'invalid q');
  const limit = intParam(req, 'limit', 100, 100);
  if (typeof limit !== 'number') return limit;
  const offset = intParam(req, 'offset', 0, Number.MAX_SAFE_INTEGER);
  if (typeof offset !== 'number') return offset;
  const fields = fieldsOf(req);
  if (!(fields instanceof Map)) return fields;
  const hits = [...store.manga.values()].filter((m) => visible(m, false) && matchesQuery(m, q.trim()));
  const ctx = { user: userOf(caller), details: false };
  const data = hits.map((m) => ({ node: mangaView(m, fields, { ...ctx, listUsers: listUsers(store, m.id) }) }));
  return malJson(200, page(req, data, limit, offset));
}

function mangaOf(store: MalStore, params: Record<string, string>): MalManga | undefined {
  const id = params.manga_id ?? '';
  return /^\d+$/.test(id) ? store.manga.get(Number(id)) : undefined;
}

function details(store: MalStore, req: FakeRequest, params: Record<string, string>, caller: Caller): FakeResponse {
  const m = mangaOf(store, params);
  if (m === undefined) return notFound();
  const fields = fieldsOf(req);
  if (!(fields instanceof Map)) return fields;
  return malJson(200, mangaView(m, fields, { user: userOf(caller), details: true, listUsers: listUsers(store, m.id) }));
}

function patch(store: MalStore, req: FakeRequest, params: Record<string, string>, caller: Caller): FakeResponse {
  const user = userOf(caller);
  if (user === null) return invalidToken();
  const m = mangaOf(store, params);
  if (m === undefined) return notFound();
  // API-FACTS §B: a form body. JSON is refused outright rather than silently read as "no fields".
  if (req.body.length > 0 && !isForm(req)) return badRequest('bad_request', 'invalid content type');
  const now = malTime(store.now());
  const next = applyPatch(user.list.get(m.id) ?? emptyStatus(now), req.body.length > 0 ? req.form() : new URLSearchParams(), now);
  if ('invalid' in next) return malJson(400, { message: 'Invalid content', error: 'invalid_content' });
  user.list.set(m.id, next);
  return malJson(200, statusView(next, null, true));
}

function remove(store: MalStore, _req: FakeRequest, params: Record<string, string>, caller: Caller): FakeResponse {
  const user = userOf(caller);
  if (user === null) return invalidToken();
  const m = mangaOf(store, params);
  // Spec: 404 when the manga is not on the list ("be careful when retrying"); the body is `null` either way.
  if (m === undefined || !user.list.delete(m.id)) return malJson(404, null);
  return malJson(200, null);
}
