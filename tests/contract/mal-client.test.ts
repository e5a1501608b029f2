/**
 * The MyAnimeList client against MAL's own OpenAPI document (`../shared/reference/mal-v2.openapi.json`): the client
 * is run through every operation against the fake, and every request it sent — path, method, query parameters,
 * `fields` names, PATCH form fields and their values, how it authenticated — must exist in the spec. Facts the spec
 * omits but API-FACTS §B documents are allowed explicitly below, each with its source.
 */
import { readFileSync } from 'node:fs';
import { deleteDB } from 'idb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { saveCredentials } from '../../lib/auth/credentials';
import { createSession } from '../../lib/auth/session';
import { DB_NAME } from '../../lib/library/db';
import { mal } from '../../lib/trackers/mal';
import { toPatchForm } from '../../lib/trackers/mal/mapping';
import { STATUSES } from '../../lib/model';
import { createRateLimiter } from '../../lib/trackers/rate-limiter';
import { createFakeInternetFetch } from '../fakes/fetch';
import { createMalFake, type MalFake } from '../fakes/mal';
import { startFakeInternet, type FakeInternet, type LogEntry } from '../fakes/server';

const Parameter = z.object({ name: z.string(), in: z.string(), description: z.string().optional() }).loose();
const Operation = z
  .object({
    parameters: z.array(Parameter).default([]),
    requestBody: z.object({ content: z.record(z.string(), z.object({ schema: z.object({ properties: z.record(z.string(), z.object({ description: z.string().optional() }).loose()) }).loose() })) }).optional(),
    security: z.array(z.record(z.string(), z.array(z.string()))).default([]),
  })
  .loose();
const SchemaNode = z.object({ properties: z.record(z.string(), z.unknown()).optional(), allOf: z.array(z.unknown()).optional(), $ref: z.string().optional() }).loose();
const Spec = z.object({
  paths: z.record(z.string(), z.record(z.string(), z.unknown())),
  components: z.object({
    schemas: z.record(z.string(), z.unknown()),
    securitySchemes: z.object({ main_auth: z.object({ flows: z.object({ implicit: z.object({ authorizationUrl: z.string() }) }) }) }).loose(),
  }),
});
const spec = Spec.parse(JSON.parse(readFileSync(new URL('../../../shared/reference/mal-v2.openapi.json', import.meta.url), 'utf8')));

// ---- what the spec does not say, and API-FACTS §B does ------------------------------------------------------------

/** API-FACTS §B: `fields` (e.g. `list_status{start_date,…}`) and `nsfw=true` work on the list; the spec's own curl sample uses `fields`. */
const UNDECLARED_QUERY: Record<string, readonly string[]> = { 'GET /users/{user_name}/mangalist': ['fields', 'nsfw'] };
/** API-FACTS §B: `start_date`/`finish_date` are accepted by `my_list_status` (`YYYY-MM-DD`, empty clears). */
const UNDECLARED_BODY = ['start_date', 'finish_date'];
/** The spec models only an implicit flow; API-FACTS §B "Auth" documents the code + PKCE parameters. */
const AUTHORIZE_PARAMS = ['response_type', 'client_id', 'state', 'redirect_uri', 'code_challenge', 'code_challenge_method'];
const TOKEN_FIELDS = ['client_id', 'client_secret', 'grant_type', 'code', 'code_verifier', 'redirect_uri', 'refresh_token'];
/** Which schema a `fields` list selects from, per operation (the spec's response schemas). */
const FIELD_SCHEMAS: Record<string, { node: string; nested: Record<string, string> }> = {
  'GET /users/{user_name}': { node: 'User', nested: {} },
  'GET /users/{user_name}/mangalist': { node: 'MangaForList', nested: { list_status: 'MangaListStatus', my_list_status: 'MangaListStatus' } },
  'GET /manga': { node: 'MangaForList', nested: { my_list_status: 'MangaListStatus' } },
  'GET /manga/{manga_id}': { node: 'MangaForDetails', nested: { my_list_status: 'MangaListStatus' } },
};

// ---- reading the spec -------------------------------------------------------------------------------------------

function operation(template: string, method: string): z.infer<typeof Operation> | undefined {
  const op = spec.paths[template]?.[method.toLowerCase()];
  return op === undefined ? undefined : Operation.parse(op);
}

function templateOf(path: string): string[] {
  return Object.keys(spec.paths).filter((t) => new RegExp(`^${t.replace(/\{\w+\}/g, '[^/]+')}$`).test(path));
}

/** Property names of a component schema, through `allOf` and `$ref`. */
function propertiesOf(node: unknown): string[] {
  const parsed = SchemaNode.parse(node);
  if (parsed.$ref) return propertiesOf(spec.components.schemas[parsed.$ref.replace('#/components/schemas/', '')]);
  return [...Object.keys(parsed.properties ?? {}), ...(parsed.allOf ?? []).flatMap(propertiesOf)];
}
const props = (name: string) => propertiesOf(spec.components.schemas[name]);

/** Values listed as `- value` lines or `` `value` `` cells in a description. */
const documentedValues = (description = '') => [...description.matchAll(/^- (\w+)$|^\| `(\w+)`/gm)].map((m) => m[1] ?? m[2]);

/** `a,b{c,d}` → top-level names with their sub-names. */
function parseFields(fields: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const m of fields.matchAll(/(\w+)(?:\{([^}]*)\})?/g)) out.set(m[1]!, m[2] ? m[2].split(',') : []);
  return out;
}

// ---- the check --------------------------------------------------------------------------------------------------

/** Everything wrong with one request the client sent, as readable lines (empty = the spec allows it). */
function violations(entry: Pick<LogEntry, 'host' | 'method' | 'path' | 'headers' | 'body'>): string[] {
  const url = new URL(`https://${entry.host}${entry.path}`);
  const query = [...url.searchParams.keys()];
  const problems: string[] = [];
  if (entry.host === 'myanimelist.net') {
    if (entry.method === 'GET' && url.origin + url.pathname === spec.components.securitySchemes.main_auth.flows.implicit.authorizationUrl) {
      return query.filter((q) => !AUTHORIZE_PARAMS.includes(q)).map((q) => `authorize ?${q} is not documented`);
    }
    if (entry.method === 'POST' && url.pathname === '/v1/oauth2/token') {
      return [...new URLSearchParams(entry.body).keys()].filter((f) => !TOKEN_FIELDS.includes(f)).map((f) => `token field ${f} is not documented`);
    }
    return [`${entry.method} ${url.pathname} is not a documented MyAnimeList endpoint`];
  }
  if (!url.pathname.startsWith('/v2/')) return [`${url.pathname} is outside the spec's server https://api.myanimelist.net/v2`];
  const templates = templateOf(url.pathname.slice(3));
  if (templates.length !== 1) return [`${url.pathname} matches ${templates.length} spec paths`];
  const template = templates[0]!;
  const key = `${entry.method} ${template}`;
  const op = operation(template, entry.method);
  if (!op) return [`${key} is not a spec operation`];

  const params = op.parameters.filter((p) => p.in === 'query');
  for (const name of query) {
    if (!params.some((p) => p.name === name) && !(UNDECLARED_QUERY[key] ?? []).includes(name)) problems.push(`${key} ?${name} is not declared`);
  }
  for (const param of params) {
    const value = url.searchParams.get(param.name);
    const max = /maximum value is (\d+)/.exec(param.description ?? '')?.[1];
    if (value !== null && max !== undefined && Number(value) > Number(max)) problems.push(`${key} ?${param.name}=${value} exceeds ${max}`);
    const allowed = documentedValues(param.description);
    if (value !== null && param.name === 'sort' && !allowed.includes(value)) problems.push(`${key} ?sort=${value} is not a documented value`);
  }
  const fields = url.searchParams.get('fields');
  const fieldSchema = FIELD_SCHEMAS[key];
  if (fields !== null && fieldSchema) {
    for (const [name, sub] of parseFields(fields)) {
      const nested = fieldSchema.nested[name];
      if (!nested && !props(fieldSchema.node).includes(name)) problems.push(`${key} fields: ${name} is not in ${fieldSchema.node}`);
      for (const s of sub) if (!nested || !props(nested).includes(s)) problems.push(`${key} fields: ${name}{${s}} is not in ${nested ?? 'any schema'}`);
    }
  }

  const form = op.requestBody?.content['application/x-www-form-urlencoded'];
  if (entry.body !== '') {
    if (!form) problems.push(`${key} takes no body`);
    else if (!(entry.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded')) problems.push(`${key} body is not a form`);
    for (const [name, value] of new URLSearchParams(entry.body)) {
      const prop = form?.schema.properties[name];
      if (!prop && !UNDECLARED_BODY.includes(name)) problems.push(`${key} form field ${name} is not declared`);
      const allowed = documentedValues(prop?.description);
      if (name === 'status' && !allowed.includes(value)) problems.push(`${key} status=${value} is not a documented value`);
    }
  }

  const schemes = op.security.flatMap((s) => Object.keys(s));
  if (entry.headers.authorization?.startsWith('Bearer ')) {
    if (!schemes.includes('main_auth')) problems.push(`${key} does not take a user token`);
  } else if (entry.headers['x-mal-client-id']) {
    if (!schemes.includes('client_auth')) problems.push(`${key} needs a user token, not X-MAL-CLIENT-ID`);
  } else problems.push(`${key} sent no credentials`);
  return problems;
}

// ---- running the client ----------------------------------------------------------------------------------------

const CLIENT = 'contract-client';
const REDIRECT = 'https://abcdefghijklmnopabcdefghijklmnop.chromiumapp.org/';
let internet: FakeInternet;
let requests: LogEntry[] = [];

beforeAll(async () => {
  internet = await startFakeInternet({ services: [createMalFake] });
  const fake = internet.services.mal as MalFake;
  const manga = Array.from({ length: 1001 }, (_, i) => ({ id: 700_000 + i, title: `Filler ${i}` }));
  fake.seed({
    clients: [{ id: CLIENT, secret: 'web-secret', redirectUri: REDIRECT }],
    users: [{ id: 9, name: 'contract', list: [{ mangaId: 2, status: 'reading' }, ...manga.map((m) => ({ mangaId: m.id, status: 'plan_to_read' as const }))] }],
    manga,
    authorize: { user: 'contract', action: 'approve' },
  });
  const fetch = createFakeInternetFetch(internet);
  const limiter = createRateLimiter({ perMinute: 6000, burst: 100 });
  const config = { clientId: CLIENT, clientSecret: 'web-secret', fetch, limiter };

  const launch = async (url: string) => new URL((await fetch(url, { redirect: 'manual' })).headers.get('location') ?? 'https://invalid.example/');
  const connected = await mal.connect({ ...config, redirectUrl: REDIRECT, launch });
  if (connected.kind !== 'ok') throw new Error(connected.message);

  const anonymous = mal.createTracker({ session: createSession('mal', null), clientId: CLIENT, account: null, fetch, limiter });
  await anonymous.searchManga('Spice and Wolf');
  await anonymous.lookup({ mal: 2 });

  await saveCredentials('mal', connected.credentials);
  const session = createSession('mal', mal.refreshGrant(config));
  const tracker = mal.createTracker({ session, clientId: CLIENT, account: null, fetch, limiter });
  const every = { status: 'completed' as const, progress: 10, progressVolumes: 1, score: 80, startedAt: { year: 2020, month: 1, day: 2 }, completedAt: null, rereads: 1, notes: 'n', private: true };
  const results = [
    await tracker.viewer(),
    await tracker.listEntries(),
    await tracker.listEntries({ since: 0 }),
    await tracker.getEntry('2'),
    await tracker.saveEntries([{ mediaId: '13', ...every }]),
    await tracker.saveEntries(STATUSES.map((status) => ({ mediaId: '656', status }))),
    await tracker.deleteEntry('13'),
    await tracker.deleteEntry('13'),
    await tracker.searchManga('Frieren'),
    await tracker.lookup({ mal: 656 }),
  ];
  expect(results.filter((r) => r.kind !== 'ok')).toEqual([]);
  // The refresh grant is part of what the client sends, too.
  expect(await session.refresh(connected.credentials.accessToken)).toBe(true);
  requests = internet.log.entries();
});

afterAll(async () => {
  await deleteDB(DB_NAME);
  await internet.close();
});

describe('every request the MAL client sends is in mal-v2.openapi.json', () => {
  it('exercised every operation the client has', () => {
    const keys = new Set(requests.filter((r) => r.host === 'api.myanimelist.net').map((r) => `${r.method} ${templateOf(new URL(`https://x${r.path}`).pathname.slice(3))[0]}`));
    expect([...keys].sort()).toEqual([
      'DELETE /manga/{manga_id}/my_list_status',
      'GET /manga',
      'GET /manga/{manga_id}',
      'GET /users/{user_name}',
      'GET /users/{user_name}/mangalist',
      'PATCH /manga/{manga_id}/my_list_status',
    ]);
    const sentFields = new Set(requests.filter((r) => r.method === 'PATCH').flatMap((r) => [...new URLSearchParams(r.body).keys()]));
    const allFields = toPatchForm({ mediaId: '1', status: 'reading', progress: 1, progressVolumes: 1, score: 1, startedAt: null, completedAt: null, rereads: 1, notes: '' });
    expect([...sentFields].sort()).toEqual([...allFields.keys()].sort());
    expect(requests.some((r) => r.path.includes('offset=1000'))).toBe(true);
    expect(requests.filter((r) => r.host === 'myanimelist.net').map((r) => r.method)).toEqual(['GET', 'POST', 'POST']);
  });

  it('sends only declared paths, methods, parameters, fields, form fields and values', () => {
    expect(requests.flatMap(violations)).toEqual([]);
  });

  it('the allow-lists hold only what the spec really lacks', () => {
    for (const [key, names] of Object.entries(UNDECLARED_QUERY)) {
      const [method, template] = key.split(' ') as [string, string];
      const declared = operation(template, method)?.parameters.map((p) => p.name) ?? [];
      for (const name of names) expect(declared, `${key} declares ${name} now`).not.toContain(name);
    }
    const body = operation('/manga/{manga_id}/my_list_status', 'PATCH')?.requestBody?.content['application/x-www-form-urlencoded']?.schema.properties ?? {};
    for (const name of UNDECLARED_BODY) expect(Object.keys(body)).not.toContain(name);
  });

  it('has teeth: requests the spec does not allow are caught', () => {
    const base = { host: 'api.myanimelist.net', method: 'GET', headers: { authorization: 'Bearer t' }, body: '' };
    const form = { ...base, method: 'PATCH', path: '/v2/manga/2/my_list_status', headers: { ...base.headers, 'content-type': 'application/x-www-form-urlencoded' } };
    const cases: [Pick<LogEntry, 'host' | 'method' | 'path' | 'headers' | 'body'>, RegExp][] = [
      [{ ...base, path: '/v2/users/@me/mangalist?foo=1' }, /\?foo is not declared/],
      [{ ...base, path: '/v2/users/@me/mangalist?limit=1001' }, /exceeds 1000/],
      [{ ...base, path: '/v2/users/@me/mangalist?sort=updated' }, /sort=updated/],
      [{ ...base, path: '/v2/manga?q=x&fields=num_chapters,is_private' }, /is_private is not in MangaForList/],
      [{ ...base, path: '/v2/manga/2?fields=my_list_status{privacy}' }, /my_list_status\{privacy\} is not in MangaListStatus/],
      [{ ...base, path: '/v2/users/@me/mangalist?fields=list_status{private}' }, /list_status\{private\}/],
      [{ ...base, path: '/v2/manga?q=x&nsfw=true' }, /\?nsfw is not declared/],
      [{ ...form, body: 'private=true' }, /private is not declared/],
      [{ ...form, body: 'status=rereading' }, /status=rereading/],
      [{ ...form, headers: base.headers, body: 'score=1' }, /not a form/],
      [{ ...base, method: 'PUT', path: '/v2/manga/2/my_list_status' }, /not a spec operation/],
      [{ ...base, method: 'DELETE', path: '/v2/users/@me' }, /not a spec operation/],
      [{ ...base, headers: { 'x-mal-client-id': 'c' }, path: '/v2/users/@me' }, /needs a user token/],
      [{ ...base, headers: {}, path: '/v2/manga?q=x' }, /no credentials/],
      [{ ...base, host: 'myanimelist.net', path: '/v1/oauth2/authorize?scope=all' }, /\?scope/],
      [{ ...base, host: 'myanimelist.net', method: 'POST', path: '/v1/oauth2/token', body: 'password=x' }, /password/],
    ];
    for (const [entry, expected] of cases) expect(violations(entry).join('\n'), entry.path).toMatch(expected);
  });
});
