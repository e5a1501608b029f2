/**
 * JSON:API plumbing in the shapes kitsu-server produces (jsonapi-resources 0.9 + its own helpers): documents,
 * error objects, query parameters (`filter[..]`, `page[..]`, `include`, `sort`, `fields[..]`) and paging links.
 */
import type { FakeRequest, FakeResponse } from '../types';

export const JSONAPI_TYPE = 'application/vnd.api+json';
export const API_BASE = 'https://kitsu.app/api/edge';

/** API-FACTS §C: JSON:API error object; `status` is a string. */
export interface ErrorObject {
  title: string;
  detail?: string;
  code?: string;
  status: string;
  source?: { pointer: string };
}

export function doc(status: number, body: unknown): FakeResponse {
  return { status, headers: { 'content-type': JSONAPI_TYPE }, body: JSON.stringify(body) };
}

export function errors(status: number, list: ErrorObject[]): FakeResponse {
  return doc(status, { errors: list });
}

/** A jsonapi-resources exception rendered as one error (title, detail, code, string status). */
export function jrError(status: number, title: string, detail: string, code = String(status)): FakeResponse {
  return errors(status, [{ title, detail, code, status: String(status) }]);
}

export function recordNotFound(id: string): FakeResponse {
  return jrError(404, 'Record not found', `The record identified by ${id} could not be found.`);
}

/**
 * kitsu-server's own `render_jsonapi_error` (CustomControllerHelpers#serialize_error): `{status, detail}` with a
 * **numeric** status — unlike the jsonapi-resources errors. Used for "No filter provided".
 */
export function customError(status: number, detail: string): FakeResponse {
  return doc(status, { errors: [{ status, detail }] });
}

/**
 * API-FACTS §C: an expired or revoked token. kitsu-server's `validate_token!` renders this with plain
 * `render json:` (so `application/json`) and `WWW-Authenticate: Bearer`. Unknown token strings are not
 * rejected there: Doorkeeper finds no token and the request runs anonymously.
 */
export function invalidToken(): FakeResponse {
  return {
    status: 401,
    headers: { 'content-type': 'application/json; charset=utf-8', 'www-authenticate': 'Bearer' },
    body: JSON.stringify({ errors: [{ title: 'Invalid token', status: '401' }] }),
  };
}

/**
 * pundit-resources' `reject_forbidden_request` (also plain `render json:`): writing an entry the token's user
 * does not own is 403 here, not the 401 "Not permitted" that kitsu-server reserves for its bulk endpoints.
 */
export function forbidden(action: 'create' | 'update' | 'destroy'): FakeResponse {
  const title = `${action[0]?.toUpperCase() ?? ''}${action.slice(1)} Forbidden`;
  return {
    status: 403,
    headers: { 'content-type': 'application/json; charset=utf-8' },
    body: JSON.stringify({ errors: [{ title, detail: `You don't have permission to ${action} this library entry.`, code: '403', status: '403' }] }),
  };
}

/** API-FACTS §C: POST/PATCH without `Content-Type: application/vnd.api+json` → 415 (parameters count as wrong too). */
export function unsupportedMediaType(req: FakeRequest): FakeResponse | null {
  const type = req.headers['content-type'];
  if (type !== undefined && type.trim().toLowerCase() === JSONAPI_TYPE) return null;
  return jrError(
    415,
    'Unsupported media type',
    `All requests that create or update must use the '${JSONAPI_TYPE}' Content-Type. This request specified '${type ?? ''}'.`,
  );
}

export interface QuerySpec {
  /** JSON:API type, for error messages (`libraryEntries`). */
  type: string;
  filters: readonly string[];
  includes: readonly string[];
  sorts: readonly string[];
  /** Largest `page[limit]`; kitsu-server: 500 for library entries, 20 elsewhere. */
  maxLimit: number;
}

export interface Query {
  filters: Map<string, string[]>;
  includes: Set<string>;
  sort: { field: string; desc: boolean }[];
  limit: number;
  offset: number;
  /** Sparse fieldsets: type → field names. */
  fields: Map<string, Set<string>>;
}

/** jsonapi-resources' default page size in kitsu-server. */
const DEFAULT_LIMIT = 10;

export function parseQuery(url: URL, spec: QuerySpec): Query | FakeResponse {
  const q: Query = { filters: new Map(), includes: new Set(), sort: [], limit: DEFAULT_LIMIT, offset: 0, fields: new Map() };
  for (const [key, value] of url.searchParams) {
    const bracket = /^(\w+)\[(\w+)\]$/.exec(key);
    const [outer, inner] = bracket === null ? [key, undefined] : [bracket[1], bracket[2]];
    if (outer === 'filter' && inner !== undefined) {
      if (!spec.filters.includes(inner)) return jrError(400, 'Filter not allowed', `${inner} is not allowed.`, '102');
      q.filters.set(inner, value.split(','));
    } else if (outer === 'page' && (inner === 'limit' || inner === 'offset')) {
      const n = /^-?\d+$/.test(value) ? Number(value) : NaN;
      const bad = Number.isNaN(n) || (inner === 'limit' ? n < 1 : n < 0);
      if (bad) return jrError(400, 'Invalid page value', `${value} is not a valid value for ${inner} page parameter.`, '118');
      if (inner === 'limit' && n > spec.maxLimit) {
        // API-FACTS §C: "Limit exceeds maximum page size of 500." (LibraryPaginator; 20 for everything else).
        return jrError(400, 'Invalid page value', `Limit exceeds maximum page size of ${spec.maxLimit}.`, '118');
      }
      if (inner === 'limit') q.limit = n;
      else q.offset = n;
    } else if (outer === 'include' && inner === undefined) {
      for (const name of value.split(',').filter((n) => n !== '')) {
        if (!spec.includes.includes(name)) return jrError(400, 'Invalid field', `${name} is not a valid relationship of ${spec.type}`, '112');
        q.includes.add(name);
      }
    } else if (outer === 'sort' && inner === undefined) {
      for (const raw of value.split(',')) {
        const desc = raw.startsWith('-');
        const field = desc ? raw.slice(1) : raw;
        if (!spec.sorts.includes(field)) return jrError(400, 'Invalid sort criteria', `${field} is not a valid sort criteria for ${spec.type}`, '114');
        q.sort.push({ field, desc });
      }
    } else if (outer === 'fields' && inner !== undefined) {
      q.fields.set(inner, new Set(value.split(',')));
    } else {
      return jrError(400, 'Param not allowed', `${key} is not allowed.`, '105');
    }
  }
  return q;
}

/** Compare with `nulls last` whatever the direction (kitsu-server BaseResource.apply_sort). */
export function sortBy<T>(rows: T[], sort: Query['sort'], get: (row: T, field: string) => string | number | boolean | null): T[] {
  return [...rows].sort((a, b) => {
    for (const { field, desc } of sort) {
      const x = get(a, field);
      const y = get(b, field);
      if (x === y) continue;
      if (x === null) return 1;
      if (y === null) return -1;
      return (x < y ? -1 : 1) * (desc ? -1 : 1);
    }
    return 0;
  });
}

/** `{data, meta:{count}, links}` for one page; `links.next` is absent on the last page (API-FACTS §C). */
export function pageOf<T>(url: URL, rows: T[], q: Query): { data: T[]; meta: { count: number }; links: Record<string, string> } {
  const link = (offset: number): string => {
    const u = new URL(url.toString());
    u.searchParams.set('page[limit]', String(q.limit));
    u.searchParams.set('page[offset]', String(offset));
    return u.toString();
  };
  const links: Record<string, string> = { first: link(0) };
  if (q.offset > 0) links.prev = link(Math.max(0, q.offset - q.limit));
  if (q.offset + q.limit < rows.length) links.next = link(q.offset + q.limit);
  links.last = link(Math.max(0, rows.length - q.limit));
  return { data: rows.slice(q.offset, q.offset + q.limit), meta: { count: rows.length }, links };
}

/** Applies a sparse fieldset to a resource object's attributes and relationships. */
export function sparse<R extends { type: string; attributes: Record<string, unknown>; relationships?: Record<string, unknown> }>(
  resource: R,
  fields: Query['fields'],
): R {
  const only = fields.get(resource.type);
  if (only === undefined) return resource;
  const pick = (o: Record<string, unknown>): Record<string, unknown> => Object.fromEntries(Object.entries(o).filter(([k]) => only.has(k)));
  return { ...resource, attributes: pick(resource.attributes), ...(resource.relationships ? { relationships: pick(resource.relationships) } : {}) };
}
