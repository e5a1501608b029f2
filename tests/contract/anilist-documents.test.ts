/**
 * Contract: every GraphQL document the extension sends (lib/trackers/anilist/documents.ts) is valid against the
 * real AniList schema, `../shared/reference/anilist.graphqls`, read here independently of the fake; so is a save
 * batch at its cap, with variables that coerce to the declared types. The batch cap is checked against the
 * complexity estimate the fake enforces (AniList refuses more than 500).
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  buildSchema,
  getOperationAST,
  getVariableValues,
  Kind,
  parse,
  validate,
  type DocumentNode,
  type GraphQLError,
  type OperationDefinitionNode,
} from 'graphql';
import { describe, expect, it } from 'vitest';
import * as documents from '../../lib/trackers/anilist/documents';
import { SAVE_BATCH_LIMIT, saveEntriesRequest } from '../../lib/trackers/anilist/documents';
import { toSaveVariables, type SaveVariables } from '../../lib/trackers/anilist/mapping';
import { MAX_COMPLEXITY, queryComplexity } from '../fakes/anilist/schema';

const SDL_PATH = fileURLToPath(new URL('../../../shared/reference/anilist.graphqls', import.meta.url));
const schema = buildSchema(readFileSync(SDL_PATH, 'utf8'));

/** graphql-js's verdict: parse and validation messages, empty when valid. */
function problems(source: string): string[] {
  let document: DocumentNode;
  try {
    document = parse(source);
  } catch (error) {
    return [(error as GraphQLError).message];
  }
  return validate(schema, document).map((e) => e.message);
}

function operationOf(source: string): { document: DocumentNode; operation: OperationDefinitionNode } {
  const document = parse(source);
  const operation = getOperationAST(document);
  if (operation == null) throw new Error('expected exactly one operation');
  return { document, operation };
}

const complexity = (source: string) => {
  const { document, operation } = operationOf(source);
  return queryComplexity(document, operation);
};

/** Every string export of documents.ts is a document the extension sends. */
const SENT: [string, string][] = Object.entries(documents).flatMap(([name, value]) => (typeof value === 'string' ? [[name, value]] : []));

const EVERY_FIELD: SaveVariables = (() => {
  const vars = toSaveVariables({
    mediaId: '30002', status: 'reading', progress: 12.5, progressVolumes: 2, score: 85, rereads: 1, private: false,
    notes: 'note', startedAt: { year: 2024, month: 5, day: null }, completedAt: null,
  });
  if (vars === null) throw new Error('unreachable: 30002 is an AniList id');
  return vars;
})();

describe('AniList documents ↔ anilist.graphqls', () => {
  it('finds the documents', () => {
    expect(SENT.map(([name]) => name).sort()).toEqual(
      ['DELETE_ENTRY', 'ENTRY', 'LIST_COLLECTION', 'MEDIA_BY_ID', 'MEDIA_BY_MAL_ID', 'RECENT_ENTRIES', 'SEARCH_MANGA', 'VIEWER'].sort(),
    );
  });

  it.each(SENT)('%s is valid AniList, one named operation', (_name, source) => {
    expect(problems(source)).toEqual([]);
    const { document, operation } = operationOf(source);
    expect(document.definitions.filter((d) => d.kind === Kind.OPERATION_DEFINITION)).toHaveLength(1);
    expect(operation.name?.value).toMatch(/^[A-Z]\w+$/);
    expect(complexity(source)).toBeLessThanOrEqual(MAX_COMPLEXITY);
  });

  it.each([1, 2, SAVE_BATCH_LIMIT])('a save batch of %i aliases is valid AniList and its variables coerce', (size) => {
    const writes = Array.from({ length: size }, (_, i) => (i % 2 === 0 ? EVERY_FIELD : { mediaId: 30013 + i, progress: i }));
    const { query, variables } = saveEntriesRequest(writes);
    expect(problems(query)).toEqual([]);
    const { operation } = operationOf(query);
    const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], variables);
    expect(coerced.errors ?? []).toEqual([]);
    expect(Object.keys(variables)).toContain(`m${size - 1}_mediaId`);
  });

  it(`caps a batch at ${SAVE_BATCH_LIMIT}: the most aliases that stay within the complexity limit`, () => {
    const perAlias = complexity(saveEntriesRequest([EVERY_FIELD]).query);
    const atCap = complexity(saveEntriesRequest(Array.from({ length: SAVE_BATCH_LIMIT }, () => EVERY_FIELD)).query);
    expect(atCap).toBe(perAlias * SAVE_BATCH_LIMIT);
    expect(atCap).toBeLessThanOrEqual(MAX_COMPLEXITY);
    expect(atCap + perAlias).toBeGreaterThan(MAX_COMPLEXITY);
    expect(() => saveEntriesRequest([])).toThrow(RangeError);
    expect(() => saveEntriesRequest(Array.from({ length: SAVE_BATCH_LIMIT + 1 }, () => EVERY_FIELD))).toThrow(RangeError);
  });

  it('reads scores as POINT_100 and writes them as scoreRaw, never in the user\'s format', () => {
    for (const [, source] of SENT) expect(source).not.toMatch(/\bscore\b(?!\(format: POINT_100\))/);
    const { query } = saveEntriesRequest([EVERY_FIELD]);
    expect(query).toContain('scoreRaw: $m0_scoreRaw');
    expect(query).not.toMatch(/[,(]\s*score:/);
  });
});
