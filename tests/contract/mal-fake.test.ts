/**
 * The MyAnimeList fake against MAL's own OpenAPI document (`../shared/reference/mal-v2.openapi.json`): every
 * operation it serves exists there with the parameters it accepts, and what it answers validates against the
 * spec's response schemas. Where the fake follows observed behaviour the spec lacks (API-FACTS §B), the
 * deviation is listed here explicitly — and the test fails if the spec ever starts declaring it.
 */
import { readFileSync } from 'node:fs';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createMalFake, MAL_ROUTES, type MalFake } from '../fakes/mal';
import { fakeRequest, frozenClock } from '../fakes/testing';

const Parameter = z.object({ name: z.string(), in: z.string() }).loose();
const Operation = z
  .object({
    parameters: z.array(Parameter).default([]),
    requestBody: z.object({ content: z.record(z.string(), z.object({ schema: z.object({ properties: z.record(z.string(), z.unknown()) }).loose() })) }).optional(),
    responses: z.record(z.string(), z.unknown()),
    'x-code-samples': z.array(z.object({ source: z.string() }).loose()).default([]),
  })
  .loose();
const PathItem = z.record(z.string(), z.unknown());
const Spec = z
  .object({
    paths: z.record(z.string(), PathItem),
    components: z.object({ schemas: z.record(z.string(), z.unknown()) }).loose(),
  })
  .loose();

const raw: unknown = JSON.parse(readFileSync(new URL('../../../shared/reference/mal-v2.openapi.json', import.meta.url), 'utf8'));
const spec = Spec.parse(raw);

function operation(path: string, method: string): z.infer<typeof Operation> | undefined {
  const item = spec.paths[path];
  const op = item?.[method.toLowerCase()];
  return op === undefined ? undefined : Operation.parse(op);
}

function declared(path: string, method: string, where: 'query' | 'path'): string[] {
  const pathLevel = z.array(Parameter).default([]).parse(spec.paths[path]?.parameters);
  const own = operation(path, method)?.parameters ?? [];
  return [...pathLevel, ...own].filter((p) => p.in === where).map((p) => p.name);
}

/** Observed MAL behaviour the spec does not declare (API-FACTS §B), each with its source. */
const UNDECLARED_QUERY: Record<string, readonly string[]> = {
  // API-FACTS §B: `fields` (e.g. `list_status{start_date,...}`) and `nsfw=true` are accepted on the list; the
  // spec's own curl sample for this operation even uses `?fields=list_status`.
  'GET /users/{user_name}/mangalist': ['fields', 'nsfw'],
};
/** API-FACTS §B: `start_date`/`finish_date` are accepted by `my_list_status` although the spec lacks them. */
const UNDECLARED_BODY = ['start_date', 'finish_date'];

describe('MAL fake routes exist in mal-v2.openapi.json', () => {
  for (const route of MAL_ROUTES) {
    const key = `${route.method} ${route.path}`;

    it(`${key} is a spec operation`, () => {
      if (route.method === 'PUT') {
        // The spec defines PATCH, and its own curl sample for that operation sends `-X PUT`.
        const patch = operation(route.path, 'PATCH');
        expect(patch?.['x-code-samples'].some((s) => s.source.includes('-X PUT'))).toBe(true);
        return;
      }
      expect(operation(route.path, route.method), key).toBeDefined();
    });

    it(`${key} accepts only declared parameters`, () => {
      const specMethod = route.method === 'PUT' ? 'PATCH' : route.method;
      const pathNames = [...route.path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
      for (const name of pathNames) expect(declared(route.path, specMethod, 'path')).toContain(name);

      const query = declared(route.path, specMethod, 'query');
      const extra = UNDECLARED_QUERY[key] ?? [];
      for (const name of extra) expect(query, `${name} is declared now: drop it from UNDECLARED_QUERY`).not.toContain(name);
      for (const name of route.query) expect([...query, ...extra], `${key} ?${name}`).toContain(name);

      if (route.body !== undefined) {
        const content = operation(route.path, specMethod)?.requestBody?.content['application/x-www-form-urlencoded'];
        const props = Object.keys(content?.schema.properties ?? {});
        for (const name of UNDECLARED_BODY) expect(props).not.toContain(name);
        for (const name of route.body) expect([...props, ...UNDECLARED_BODY], `${key} body ${name}`).toContain(name);
      }
    });
  }

  it('maps concrete request paths onto the spec templates', () => {
    const templates = Object.keys(spec.paths).map((p) => ({ p, re: new RegExp(`^${p.replace(/\{\w+\}/g, '[^/]+')}$`) }));
    for (const path of ['/users/@me', '/users/@me/mangalist', '/manga', '/manga/2', '/manga/2/my_list_status']) {
      expect(templates.filter((t) => t.re.test(path)).map((t) => t.p), path).toHaveLength(1);
    }
  });
});

// ---- response bodies against the spec's schemas -----------------------------------------------------------

/**
 * OpenAPI 3.0 ignores `nullable` without a `type` (the spec has one, `AnimeForList.start_season`, reached
 * through `related_anime`); Ajv refuses to compile it, so such stray keywords are dropped.
 */
function withoutStrayNullable(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(withoutStrayNullable);
  if (typeof node !== 'object' || node === null) return node;
  const entries = Object.entries(node).filter(([k]) => k !== 'nullable' || 'type' in node);
  return Object.fromEntries(entries.map(([k, v]) => [k, withoutStrayNullable(v)]));
}

const ajv = new Ajv({ strict: false, allErrors: true });
addFormats(ajv);
// Served under one id so the spec's own `#/components/schemas/...` references resolve unchanged.
ajv.addSchema({ components: withoutStrayNullable(spec.components) }, 'mal');
const validator = (name: string) => ajv.compile({ $ref: `mal#/components/schemas/${name}` });

let fake: MalFake;
const TOKEN = 'contract-token';

function get(path: string, init: { method?: string; form?: Record<string, string> } = {}): unknown {
  const req = fakeRequest(init.method ?? 'GET', `https://api.myanimelist.net/v2${path}`, { token: TOKEN, form: init.form });
  const res = fake.handle(req);
  if (res instanceof Promise) throw new Error('the MAL fake answers synchronously');
  expect(res.status, `${req.method} ${path}`).toBe(200);
  return typeof res.body === 'string' ? (JSON.parse(res.body) as unknown) : res.body;
}

function expectValid(schema: string, value: unknown): void {
  const validate = validator(schema);
  const ok = validate(value);
  expect(ok, `${schema}: ${ajv.errorsText(validate.errors)}`).toBe(true);
}

describe('MAL fake responses validate against the spec schemas', () => {
  beforeAll(() => {
    fake = createMalFake({ clock: frozenClock(Date.UTC(2024, 4, 1)) });
    fake.seed({
      clients: [{ id: 'contract', redirectUri: 'https://example.org/cb' }],
      users: [
        {
          id: 7,
          name: 'contract',
          picture: 'https://cdn.myanimelist.net/images/userimages/7.jpg',
          token: TOKEN,
          list: [
            { mangaId: 2, status: 'reading', score: 9, num_chapters_read: 370, start_date: '2020-01-02', comments: 'x', tags: ['t'] },
            { mangaId: 1, status: 'completed', score: 10, num_chapters_read: 162, num_volumes_read: 18, finish_date: '2021-03-04' },
          ],
        },
      ],
    });
  });

  const ALL_STATUS = 'list_status{start_date,finish_date,priority,num_times_reread,reread_value,tags,comments}';
  const NODE = 'alternative_titles,start_date,nsfw,media_type,status,num_volumes,num_chapters,num_list_users,num_scoring_users,genres,created_at,updated_at,synopsis,authors';

  it('has teeth: bodies that break the schemas are refused', () => {
    expect(validator('MangaListStatus')({ score: 'high', updated_at: 'yesterday' })).toBe(false);
    expect(validator('UserMangaList')({ data: [{ node: { id: '2' } }] })).toBe(false);
  });

  it('GET /users/@me → User', () => {
    expectValid('User', get('/users/@me'));
  });

  it('GET /users/@me/mangalist → UserMangaList (bare, and with every field)', () => {
    expectValid('UserMangaList', get('/users/@me/mangalist'));
    const rich = get(`/users/@me/mangalist?limit=1&fields=${ALL_STATUS},${NODE}`);
    expectValid('UserMangaList', rich);
    expect(rich).toHaveProperty('paging.next');
  });

  it('GET /manga?q= → MangaList', () => {
    expectValid('MangaList', get(`/manga?q=o&limit=2&fields=${NODE},my_list_status`));
  });

  it('GET /manga/{id} → MangaForDetails, with my_list_status and detail-only fields', () => {
    const details = get(`/manga/2?fields=${NODE},my_list_status{comments,tags},pictures,background,related_manga,related_anime,recommendations,serialization`);
    expect(details).toHaveProperty('my_list_status.comments', 'x');
    expectValid('MangaForDetails', details);
  });

  it('PATCH /manga/{id}/my_list_status → MangaListStatus', () => {
    const status = get('/manga/656/my_list_status', { method: 'PATCH', form: { status: 'on_hold', num_chapters_read: '10', finish_date: '2024-05-01' } });
    expectValid('MangaListStatus', status);
  });
});
