/**
 * Contract: every answer of the MangaDex fake validates against the official spec
 * (`reference/mangadex-5.13.1.openapi.json`), using the response schema the spec declares for that path, method
 * and status. The client code is tested against the fake, so fake and client cannot drift from MangaDex together.
 *
 * The spec is loose (no `required`, open objects), which would let a drifted fake pass. The test therefore
 * tightens it: objects are closed (`additionalProperties: false`) and every listed property is required except
 * the few the live service omits (OPTIONAL below). Two spec bugs are corrected because the live service
 * contradicts them, and observed behaviour wins (API-FACTS preamble):
 *  - LocalizedString puts its language pattern on the *values* (`"Berserk"` would fail); it belongs on the keys,
 *    and keys such as `ja-ro` carry a region/romanization suffix (SITES §A "-ro suffix").
 *  - `nullable: true` next to an `enum` (publicationDemographic) needs `null` in the enum under OpenAPI 3.0.3
 *    semantics; the live API sends `null` for titles without a demographic.
 */
import Ajv, { type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { CATALOG } from '../fakes/catalog';
import { fakeFetch } from '../fakes/client';
import { createMangaDexFake } from '../fakes/mangadex';
import { startFakeInternet, type FakeInternet } from '../fakes/server';

const SPEC_PATH = new URL('../../../shared/reference/mangadex-5.13.1.openapi.json', import.meta.url);
const SPEC_ID = 'mangadex-5.13.1';

/** Properties the live API leaves out, per schema: anything else the spec lists must be present. */
const OPTIONAL: Record<string, readonly string[]> = {
  // The live API reports the uploader as a `user` relationship, not an attribute.
  ChapterAttributes: ['uploader'],
  // officialLinks is absent from public reads; latestUploadedChapter is absent for a title without chapters.
  MangaAttributes: ['officialLinks', 'latestUploadedChapter'],
  // `related` only on manga→manga relations; `attributes` only with reference expansion (includes[]).
  Relationship: ['related', 'attributes'],
};

const jsonSchemaObject = z.record(z.string(), z.unknown());
type SchemaObject = z.infer<typeof jsonSchemaObject>;

const specSchema = z.object({
  paths: z.record(z.string(), z.record(z.string(), z.unknown())),
  components: z.object({ schemas: z.record(z.string(), jsonSchemaObject) }).loose(),
});
const spec = specSchema.parse(JSON.parse(readFileSync(SPEC_PATH, 'utf8')));

/** Close objects, require listed properties and fix the two spec bugs, recursively, on a copy. */
function tighten(schema: unknown, name?: string): unknown {
  if (Array.isArray(schema)) return schema.map((s) => tighten(s));
  const parsed = jsonSchemaObject.safeParse(schema);
  if (!parsed.success) return schema;
  const out: SchemaObject = {};
  for (const [key, value] of Object.entries(parsed.data)) {
    // `properties` maps names to schemas; every other keyword's value is recursed as a schema (or left alone).
    out[key] =
      key === 'properties'
        ? Object.fromEntries(Object.entries(jsonSchemaObject.parse(value)).map(([p, s]) => [p, tighten(s)]))
        : tighten(value);
  }
  const values = z.array(z.unknown()).safeParse(out.enum);
  if (out.nullable === true && values.success && !values.data.includes(null)) out.enum = [...values.data, null];
  const properties = jsonSchemaObject.safeParse(out.properties);
  if (properties.success && out.additionalProperties === undefined) {
    out.additionalProperties = false;
    const optional = name === undefined ? [] : (OPTIONAL[name] ?? []);
    out.required = Object.keys(properties.data).filter((p) => !optional.includes(p));
  }
  return out;
}

function buildAjv(): Ajv {
  const schemas: Record<string, unknown> = {};
  for (const [name, schema] of Object.entries(spec.components.schemas)) schemas[name] = tighten(schema, name);
  schemas.LocalizedString = {
    type: 'object',
    propertyNames: { pattern: '^[a-z]{2}(-[a-z]{2})?$' },
    additionalProperties: { type: 'string' },
  };
  // strict: false — the spec carries OpenAPI keywords (x-examples, example) that are not JSON Schema.
  // `nullable` is understood by Ajv itself (OpenAPI 3.0 extension, on by default).
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats(ajv);
  ajv.addSchema({ $id: SPEC_ID, components: { schemas } });
  return ajv;
}

const ajv = buildAjv();
const byRef = (ref: string): ValidateFunction => {
  const validate = ajv.getSchema(`${SPEC_ID}${ref}`);
  if (validate === undefined) throw new Error(`no schema ${ref}`);
  return validate;
};

/** The schema the spec declares for `path`/`method`/`status` (JSON), or ErrorResponse for errors it omits. */
function declaredSchema(path: string, method: string, status: number): string {
  const operation = z
    .object({
      responses: z.record(
        z.string(),
        z.object({ content: z.object({ 'application/json': z.object({ schema: z.object({ $ref: z.string() }) }) }).optional() }),
      ),
    })
    .parse(spec.paths[path]?.[method]);
  const ref = operation.responses[String(status)]?.content?.['application/json'].schema.$ref;
  if (ref !== undefined) return ref;
  // The spec omits some statuses the live API sends (400 on a malformed id, 429); they use the error envelope.
  expect(status, `${method.toUpperCase()} ${path} ${status} is neither declared nor an error`).toBeGreaterThanOrEqual(400);
  return '#/components/schemas/ErrorResponse';
}

function expectValid(validate: ValidateFunction, value: unknown, what: string): void {
  const ok = validate(value);
  expect(ok ? [] : ajv.errorsText(validate.errors, { separator: '\n' }).split('\n'), what).toEqual([]);
}

let fi: FakeInternet;
const UA = { 'user-agent': 'KuroibaraSync-contract/0.1' };

async function checkAnswer(specPath: string, url: string, expectedStatus: number): Promise<unknown> {
  const res = await fakeFetch(fi, `https://api.mangadex.org${url}`, { headers: UA });
  expect(res.status, url).toBe(expectedStatus);
  expect(res.headers['content-type']).toBe('application/json');
  const body = res.json();
  expectValid(byRef(declaredSchema(specPath, 'get', res.status)), body, url);
  return body;
}

const expandedManga = z.object({
  data: z.object({ relationships: z.array(z.object({ type: z.string(), attributes: z.unknown().optional() })) }),
});

beforeAll(async () => {
  fi = await startFakeInternet({ services: [createMangaDexFake] });
  // Frozen clock: the contract run makes more than 5 API calls; each test moves past the rate-limit window.
  fi.clock.set(Date.UTC(2026, 0, 1));
});
afterAll(async () => {
  await fi.close();
});

describe('MangaDex fake vs mangadex-5.13.1.openapi.json', () => {
  const chapters = CATALOG.flatMap((m) => m.mangadexChapters.map((c) => ({ manga: m, chapter: c })));

  it.each(chapters)('GET /chapter/$chapter.id?includes[]=manga is a ChapterResponse', async ({ chapter }) => {
    fi.clock.advance(1000);
    const body = await checkAnswer('/chapter/{id}', `/chapter/${chapter.id}?includes[]=manga`, 200);
    // The expanded manga's attributes are an open object in the spec; they must be MangaAttributes.
    const manga = expandedManga.parse(body).data.relationships.find((r) => r.type === 'manga');
    expectValid(byRef('#/components/schemas/MangaAttributes'), manga?.attributes, 'expanded manga attributes');
  });

  it.each(CATALOG)('GET /manga/$mangadex is a MangaResponse, and its feed a ChapterList', async ({ mangadex }) => {
    fi.clock.advance(1000);
    await checkAnswer('/manga/{id}', `/manga/${mangadex}?includes[]=cover_art&includes[]=author`, 200);
    await checkAnswer('/manga/{id}/feed', `/manga/${mangadex}/feed?limit=10&translatedLanguage[]=en&includes[]=manga`, 200);
  });

  it('error answers are ErrorResponses (404 unknown, 400 malformed, 400 no User-Agent, 429)', async () => {
    fi.clock.advance(1000);
    await checkAnswer('/chapter/{id}', '/chapter/00000000-0000-4000-8000-000000000000', 404);
    await checkAnswer('/manga/{id}', '/manga/00000000-0000-4000-8000-000000000000', 404);
    await checkAnswer('/chapter/{id}', '/chapter/12345', 400);
    await checkAnswer('/manga/{id}/feed', `/manga/${CATALOG[0]?.mangadex ?? ''}/feed?limit=0`, 400);

    fi.clock.advance(1000);
    const noAgent = await fakeFetch(fi, `https://api.mangadex.org/chapter/${CATALOG[0]?.mangadexChapters[0]?.id ?? ''}`);
    expect(noAgent.status).toBe(400);
    expectValid(byRef('#/components/schemas/ErrorResponse'), noAgent.json(), 'no User-Agent');

    fi.clock.advance(1000);
    for (let i = 0; i < 5; i++) await fakeFetch(fi, 'https://api.mangadex.org/manga/00000000-0000-4000-8000-000000000000', { headers: UA });
    await checkAnswer('/manga/{id}', `/manga/${CATALOG[0]?.mangadex ?? ''}`, 429);
  });

  it('the tightened spec rejects a drifted fake', async () => {
    fi.clock.advance(1000);
    const good = z
      .object({ data: z.object({ attributes: z.record(z.string(), z.unknown()) }).loose() })
      .loose()
      .parse((await fakeFetch(fi, `https://api.mangadex.org/chapter/${CATALOG[0]?.mangadexChapters[0]?.id ?? ''}`, { headers: UA })).json());
    const validate = byRef('#/components/schemas/ChapterResponse');
    expect(validate(good)).toBe(true);
    const drifted = [
      { ...good, data: { ...good.data, attributes: { ...good.data.attributes, chapter: 1 } } }, // number, not string
      { ...good, data: { ...good.data, attributes: { ...good.data.attributes, chapterNumber: '1' } } }, // unknown field
      { ...good, data: { ...good.data, attributes: { ...good.data.attributes, pages: undefined } } }, // missing field
      { ...good, data: { ...good.data, type: 'chapters' } }, // wrong type
    ];
    for (const body of drifted) expect(validate(JSON.parse(JSON.stringify(body)))).toBe(false);
  });
});
