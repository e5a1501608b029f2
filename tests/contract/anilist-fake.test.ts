/**
 * Contract: the AniList fake speaks the real AniList schema (`../shared/reference/anilist.graphqls`), read here
 * independently of the fake. Every document the fake's tests send must be valid AniList, and a document AniList
 * would refuse must be refused by the fake in the same words.
 */
import { readFileSync, realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { buildSchema, parse, validate, type GraphQLError } from 'graphql';
import { beforeEach, describe, expect, it } from 'vitest';
import { ANILIST_SDL_PATH, createAniListFake, type AniListFake } from '../fakes/anilist';
import { DOCS, INVALID_DOCS, saveBatchDocument } from '../fakes/anilist/documents';
import { mutationRoot } from '../fakes/anilist/mutations';
import { queryRoot } from '../fakes/anilist/queries';
import { graphql } from '../fakes/anilist/testing';
import { frozenClock } from '../fakes/testing';

const SDL_PATH = fileURLToPath(new URL('../../../shared/reference/anilist.graphqls', import.meta.url));
const schema = buildSchema(readFileSync(SDL_PATH, 'utf8'));

/** graphql-js's verdict on a document: parse and validation messages, empty when valid. */
function problems(source: string): string[] {
  let document;
  try {
    document = parse(source);
  } catch (error) {
    return [(error as GraphQLError).message];
  }
  return validate(schema, document).map((e) => e.message);
}

const BATCHES = [saveBatchDocument([{ mediaId: 30002, progress: 1 }]), saveBatchDocument([{ mediaId: 30002, scoreRaw: 90 }, { mediaId: 30013, progress: 2 }])];

/** Variables that make each query document succeed against the seed below. */
const QUERY_VARIABLES: Partial<Record<keyof typeof DOCS, Record<string, unknown>>> = {
  viewer: {},
  mediaById: { id: 30002, type: 'MANGA' },
  mediaByMalId: { idMal: 2, type: 'MANGA' },
  search: { search: 'berserk' },
  mediaByIds: { ids: [30002, 30013] },
  recentEntries: { userId: 1 },
  entry: { id: 11 },
  collection: { userId: 1, chunk: 1, perChunk: 500 },
  scores: { id: 11 },
};

describe('AniList fake ↔ anilist.graphqls', () => {
  let fake: AniListFake;
  beforeEach(() => {
    fake = createAniListFake({ clock: frozenClock(Date.UTC(2025, 3, 1)) });
    fake.seed({ users: [{ id: 1, name: 'alice', token: 'alice-token', list: [{ id: 11, mediaId: 30002, status: 'CURRENT', progress: 3 }] }] });
  });

  it('the fake executes against the same schema file', () => {
    expect(realpathSync(ANILIST_SDL_PATH)).toBe(realpathSync(SDL_PATH));
  });

  it.each(Object.entries(DOCS))('document %s is valid AniList', (_name, source) => {
    expect(problems(source)).toEqual([]);
  });

  it.each(BATCHES.map((source, i) => [i, source] as const))('aliased batch %i is valid AniList', (_i, source) => {
    expect(problems(source)).toEqual([]);
  });

  it('every root field the fake resolves exists in the schema', () => {
    const queries = Object.keys(schema.getQueryType()?.getFields() ?? {});
    const mutations = Object.keys(schema.getMutationType()?.getFields() ?? {});
    expect(queries).toEqual(expect.arrayContaining(Object.keys(queryRoot)));
    expect(mutations).toEqual(expect.arrayContaining(Object.keys(mutationRoot)));
  });

  it.each(Object.entries(QUERY_VARIABLES))('the fake answers query %s without errors', async (name, variables) => {
    const reply = await graphql(fake, DOCS[name as keyof typeof DOCS], variables, 'alice-token');
    expect(reply.status).toBe(200);
    expect(reply.body).not.toHaveProperty('errors');
  });

  it.each(Object.entries(INVALID_DOCS))('the fake refuses %s exactly as the schema does', async (_name, source) => {
    const expected = problems(source);
    expect(expected.length).toBeGreaterThan(0);
    const reply = await graphql(fake, source);
    expect(reply.status).toBe(400);
    expect(reply.body).toMatchObject({ data: null, errors: expected.map((message) => ({ message, status: 400 })) });
  });

  it('a non-existent field is refused by the fake before anything runs', async () => {
    const reply = await graphql(fake, 'mutation { SaveMediaListEntry(mediaId: 30013, progress: 5) { id lastReadAt } }', {}, 'alice-token');
    expect(reply.status).toBe(400);
    expect(reply.body).toMatchObject({ data: null, errors: [{ message: expect.stringMatching(/^Cannot query field "lastReadAt" on type "MediaList"\./) as unknown }] });
    expect(fake.state().users[0]?.list.map((e) => e.mediaId)).toEqual([30002]);
  });
});
