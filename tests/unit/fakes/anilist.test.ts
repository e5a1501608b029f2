import { beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createAniListFake, formatToRaw, rawToFormat, type AniListFake, type AniListSeed, type ScoreFormat } from '../../fakes/anilist';
import { DOCS, INVALID_DOCS, saveBatchDocument } from '../../fakes/anilist/documents';
import { API_DISABLED_BODY } from '../../fakes/anilist/http';
import { EXTENSION_HEADERS, graphql } from '../../fakes/anilist/testing';
import { fakeRequest, frozenClock, wireBody } from '../../fakes/testing';
import type { FakeClock } from '../../fakes/types';

const START = Date.UTC(2025, 3, 1, 12, 0, 0);
const START_S = START / 1000;
const YEAR_S = 31_536_000;
const EXTENSION_REDIRECT = 'https://aababofcnomcpaemldcgadpaddpphmnn.chromiumapp.org/';
const SERVER_REDIRECT = 'https://sync.example/callback';

const SEED: AniListSeed = {
  clients: [
    { id: 4242, name: 'Kuroibara Sync', redirectUri: EXTENSION_REDIRECT },
    { id: 5151, name: 'Kuroibara Sync (code)', secret: 's3cret', redirectUri: SERVER_REDIRECT },
  ],
  users: [
    {
      id: 1, name: 'alice', scoreFormat: 'POINT_10_DECIMAL', token: 'alice-token',
      list: [
        { id: 11, mediaId: 30002, status: 'CURRENT', progress: 100, scoreRaw: 85, updatedAt: START_S - 300, customLists: ['Favourites'] },
        { id: 12, mediaId: 30013, status: 'CURRENT', progress: 1100, updatedAt: START_S - 200 },
        { id: 13, mediaId: 30656, status: 'PAUSED', progress: 200, updatedAt: START_S - 100, private: true },
        { id: 14, mediaId: 30001, status: 'COMPLETED', progress: 162, scoreRaw: 100, updatedAt: START_S - 400 },
        { id: 15, mediaId: 118586, status: 'PLANNING', updatedAt: START_S - 500, hiddenFromStatusLists: true, customLists: ['Favourites'] },
        { id: 16, mediaId: 105778, status: 'DROPPED', progress: 3, updatedAt: START_S - 600 },
        { id: 17, mediaId: 900001, status: 'COMPLETED', progress: 40, updatedAt: START_S - 700 },
      ],
    },
    { id: 2, name: 'bob', scoreFormat: 'POINT_5', token: 'bob-token', list: [{ id: 21, mediaId: 30002, status: 'PLANNING' }] },
    { id: 3, name: 'carol', scoreFormat: 'POINT_3', list: [] },
  ],
  media: [{ id: 900001, idMal: 900001, format: 'NOVEL', status: 'FINISHED', title: { romaji: 'Fake Light Novel' }, chapters: 40 }],
  authorize: { user: 'alice', action: 'approve' },
};

let clock: FakeClock;
let fake: AniListFake;

beforeEach(() => {
  clock = frozenClock(START);
  fake = createAniListFake({ clock });
  fake.seed(SEED);
});

const get = (url: string) => fake.handle(fakeRequest('GET', url));
const postToken = (body: string | object, headers: Record<string, string> = {}) =>
  fake.handle(fakeRequest('POST', 'https://anilist.co/api/v2/oauth/token', typeof body === 'string' ? { body, headers } : { json: body, headers }));
const authorizeUrl = (params: Record<string, string>) =>
  `https://anilist.co/api/v2/oauth/authorize?${new URLSearchParams(params).toString()}`;

function location(response: { headers?: Record<string, string> }): URL {
  const value = response.headers?.Location;
  if (value === undefined) throw new Error('no Location header');
  return new URL(value);
}

function decodeJwtPart(part: string | undefined): unknown {
  return JSON.parse(Buffer.from(part ?? '', 'base64url').toString('utf8')) as unknown;
}

const entriesOf = (body: unknown) =>
  z
    .object({
      data: z.object({
        MediaListCollection: z.object({
          hasNextChunk: z.boolean(),
          lists: z.array(
            z.object({
              name: z.string(),
              isCustomList: z.boolean(),
              status: z.string().nullable(),
              entries: z.array(z.object({ id: z.number(), mediaId: z.number() })),
            }),
          ),
        }),
      }),
    })
    .parse(body).data.MediaListCollection;

const aliceList = () => fake.state().users.find((u) => u.name === 'alice')?.list ?? [];

describe('AniList fake: OAuth', () => {
  it('implicit grant redirects to the registered URI with a one-year JWT in the fragment', async () => {
    const response = await get(authorizeUrl({ client_id: '4242', response_type: 'token', state: 'xyz' }));
    expect(response.status).toBe(302);
    const target = location(response);
    expect(`${target.origin}${target.pathname}`).toBe(EXTENSION_REDIRECT);
    expect(target.search).toBe('');
    const fragment = new URLSearchParams(target.hash.slice(1));
    expect(fragment.get('token_type')).toBe('Bearer');
    expect(fragment.get('expires_in')).toBe('31536000');
    expect(fragment.get('state')).toBe('xyz');

    const token = fragment.get('access_token') ?? '';
    const [header, payload, signature] = token.split('.');
    expect(decodeJwtPart(header)).toMatchObject({ alg: 'RS256', typ: 'JWT' });
    const claims = z.object({ aud: z.string(), sub: z.string(), iat: z.number(), exp: z.number() }).parse(decodeJwtPart(payload));
    expect(claims).toMatchObject({ aud: '4242', sub: '1', iat: START_S });
    expect(claims.exp - claims.iat).toBe(YEAR_S);
    expect(signature?.length).toBeGreaterThan(100);

    const viewer = await graphql(fake, DOCS.viewer, {}, token);
    expect(viewer.body).toMatchObject({ data: { Viewer: { id: 1, name: 'alice', mediaListOptions: { scoreFormat: 'POINT_10_DECIMAL' } } } });
    expect(fake.state().users[0]?.tokensIssued).toBe(2);
  });

  it('authorization-code grant: code in the query, exchanged once for a token', async () => {
    const response = await get(authorizeUrl({ client_id: '5151', response_type: 'code', redirect_uri: SERVER_REDIRECT, state: 's1' }));
    const target = location(response);
    expect(`${target.origin}${target.pathname}`).toBe(SERVER_REDIRECT);
    expect(target.searchParams.get('state')).toBe('s1');
    const code = target.searchParams.get('code') ?? '';
    expect(code).not.toBe('');

    const exchange = { grant_type: 'authorization_code', client_id: 5151, client_secret: 's3cret', redirect_uri: SERVER_REDIRECT, code };
    const first = await postToken(exchange);
    expect(first.status).toBe(200);
    const body = z
      .object({ token_type: z.literal('Bearer'), expires_in: z.literal(YEAR_S), access_token: z.string(), refresh_token: z.null() })
      .parse(wireBody(first));
    expect((await graphql(fake, DOCS.viewer, {}, body.access_token)).body).toMatchObject({ data: { Viewer: { name: 'alice' } } });

    const replay = await postToken(exchange);
    expect(replay.status).toBe(400);
    expect(wireBody(replay)).toMatchObject({ error: 'invalid_grant' });
  });

  it('token endpoint accepts a form post and refuses a wrong secret, redirect or code', async () => {
    const code = async () =>
      location(await get(authorizeUrl({ client_id: '5151', response_type: 'code', redirect_uri: SERVER_REDIRECT }))).searchParams.get('code') ?? '';
    const form = (fields: Record<string, string>) =>
      postToken(new URLSearchParams(fields).toString(), { 'Content-Type': 'application/x-www-form-urlencoded' });
    const base = { grant_type: 'authorization_code', client_id: '5151', client_secret: 's3cret', redirect_uri: SERVER_REDIRECT };

    const wrongSecret = await form({ ...base, client_secret: 'nope', code: await code() });
    expect(wrongSecret.status).toBe(401);
    expect(wireBody(wrongSecret)).toMatchObject({ error: 'invalid_client' });
    const wrongRedirect = await form({ ...base, redirect_uri: 'https://evil.example/', code: await code() });
    expect(wireBody(wrongRedirect)).toMatchObject({ error: 'invalid_client' });
    const unknownCode = await form({ ...base, code: 'not-a-code' });
    expect(unknownCode.status).toBe(400);
    expect(wireBody(unknownCode)).toMatchObject({ error: 'invalid_grant' });
    const missingCode = await form(base);
    expect(wireBody(missingCode)).toMatchObject({ error: 'invalid_request' });

    const good = await form({ ...base, code: await code() });
    expect(good.status).toBe(200);
  });

  it('a mismatched redirect URI or unknown client gets an error page, never a redirect', async () => {
    const cases: Record<string, string>[] = [
      { client_id: '5151', response_type: 'code', redirect_uri: `${SERVER_REDIRECT}/` },
      { client_id: '4242', response_type: 'token', redirect_uri: 'https://evil.example/' },
      { client_id: '999', response_type: 'token' },
    ];
    for (const params of cases) {
      const response = await get(authorizeUrl(params));
      expect(response.status).toBe(400);
      expect(response.headers?.Location).toBeUndefined();
      expect(response.headers?.['Content-Type']).toMatch(/^text\/html/);
    }
  });

  it('deny redirects with access_denied (fragment for implicit, query for code)', async () => {
    fake.setAuthorize({ action: 'deny' });
    const implicit = location(await get(authorizeUrl({ client_id: '4242', response_type: 'token', state: 'a' })));
    expect(new URLSearchParams(implicit.hash.slice(1)).get('error')).toBe('access_denied');
    expect(new URLSearchParams(implicit.hash.slice(1)).get('state')).toBe('a');
    const code = location(await get(authorizeUrl({ client_id: '5151', response_type: 'code', redirect_uri: SERVER_REDIRECT })));
    expect(code.searchParams.get('error')).toBe('access_denied');
    expect(code.searchParams.get('code')).toBeNull();
  });

  it('hang and a logged-out session show a page that never redirects', async () => {
    fake.setAuthorize({ action: 'hang' });
    const hanging = await get(authorizeUrl({ client_id: '4242', response_type: 'token' }));
    expect(hanging.status).toBe(200);
    expect(hanging.headers?.Location).toBeUndefined();
    expect(wireBody(hanging)).toContain('Kuroibara Sync');

    fake.setAuthorize({ user: null, action: 'approve' });
    const login = await get(authorizeUrl({ client_id: '4242', response_type: 'token' }));
    expect(login.status).toBe(200);
    expect(login.headers?.Location).toBeUndefined();
    expect(wireBody(login)).toContain('Log in');
    expect(fake.state().users[0]?.tokensIssued).toBe(1);
  });
});

describe('AniList fake: GraphQL requests and tokens', () => {
  it('refuses a document that does not validate against the schema, with locations', async () => {
    const reply = await graphql(fake, INVALID_DOCS.unknownField);
    expect(reply.status).toBe(400);
    expect(reply.body).toEqual({
      data: null,
      errors: [{ message: 'Cannot query field "chapterCount" on type "Media". Did you mean "chapters"?', locations: [{ line: 3, column: 3 }], status: 400 }],
    });
    expect((await graphql(fake, INVALID_DOCS.wrongArgumentType)).status).toBe(400);
    const syntax = await graphql(fake, INVALID_DOCS.syntaxError);
    expect(syntax.status).toBe(400);
    expect(syntax.body).toMatchObject({ data: null, errors: [{ status: 400, locations: [{ line: 1, column: 31 }] }] });
  });

  it('Viewer without a token: HTTP 200, Viewer null, Unauthorized. 401', async () => {
    const reply = await graphql(fake, DOCS.viewer);
    expect(reply.status).toBe(200);
    expect(reply.body).toEqual({ data: { Viewer: null }, errors: [{ message: 'Unauthorized.', status: 401 }] });
  });

  it('a token works until its year is up, then every request gets 400 Invalid token', async () => {
    const token = fake.issueToken('alice', 4242);
    clock.advance((YEAR_S - 1) * 1000);
    expect((await graphql(fake, DOCS.viewer, {}, token)).status).toBe(200);
    clock.advance(1000);
    const expired = await graphql(fake, DOCS.viewer, {}, token);
    expect(expired.status).toBe(400);
    expect(expired.body).toMatchObject({ data: { Viewer: null }, errors: [{ message: 'Invalid token', status: 400 }] });
    // Even a public query fails with a bad token (observed on MediaListCollection).
    const collection = await graphql(fake, DOCS.collection, { userId: 1 }, token);
    expect(collection.status).toBe(400);
    expect(collection.body).toMatchObject({ data: { MediaListCollection: null }, errors: [{ message: 'Invalid token' }] });
  });

  it('unknown and revoked tokens are invalid', async () => {
    expect((await graphql(fake, DOCS.viewer, {}, 'garbage')).status).toBe(400);
    const token = fake.issueToken('bob');
    expect(fake.revokeToken(token)).toBe(true);
    expect((await graphql(fake, DOCS.viewer, {}, token)).body).toMatchObject({ errors: [{ message: 'Invalid token' }] });
  });

  it('Media by id, by MAL id (type matters) and not found', async () => {
    const monster = await graphql(fake, DOCS.mediaByMalId, { idMal: 1, type: 'MANGA' });
    expect(monster.body).toEqual({ data: { Media: { id: 30001, idMal: 1, type: 'MANGA', title: { romaji: 'Monster' } } } });
    // AniList ids and MAL ids are shared by anime and manga: without type an anime answers.
    const bebop = await graphql(fake, DOCS.mediaByMalId, { idMal: 1 });
    expect(bebop.body).toMatchObject({ data: { Media: { type: 'ANIME', title: { romaji: 'Cowboy Bebop' } } } });

    const berserk = await graphql(fake, DOCS.mediaById, { id: 30002, type: 'MANGA' }, 'alice-token');
    expect(berserk.body).toMatchObject({
      data: {
        Media: {
          id: 30002, idMal: 2, format: 'MANGA', status: 'RELEASING', chapters: null, siteUrl: 'https://anilist.co/manga/30002',
          title: { romaji: 'Berserk', english: 'Berserk', native: 'ベルセルク', userPreferred: 'Berserk' },
          countryOfOrigin: 'JP', isAdult: false, mediaListEntry: { id: 11, status: 'CURRENT', progress: 100 },
        },
      },
    });
    expect((await graphql(fake, DOCS.mediaById, { id: 30002 })).body).toMatchObject({ data: { Media: { mediaListEntry: null } } });

    const missing = await graphql(fake, DOCS.mediaById, { id: 424242 });
    expect(missing.status).toBe(404);
    expect(missing.body).toMatchObject({ data: { Media: null }, errors: [{ message: 'Not Found.', status: 404 }] });
  });

  it('Page: search with pageInfo, id_in / idMal_in, perPage capped at 50', async () => {
    const search = await graphql(fake, DOCS.search, { search: 'frieren', page: 1, perPage: 5 });
    expect(search.body).toEqual({
      data: {
        Page: {
          pageInfo: { hasNextPage: false, total: 1, currentPage: 1, perPage: 5, lastPage: 1 },
          media: [{ id: 118586, title: { romaji: 'Sousou no Frieren', english: "Frieren: Beyond Journey's End" } }],
        },
      },
    });
    const paged = await graphql(fake, DOCS.search, { search: '', page: 2, perPage: 2 });
    expect(paged.body).toMatchObject({ data: { Page: { pageInfo: { hasNextPage: true, currentPage: 2, perPage: 2 } } } });
    expect((await graphql(fake, DOCS.search, { perPage: 500 })).body).toMatchObject({ data: { Page: { pageInfo: { perPage: 50 } } } });

    const byIds = await graphql(fake, DOCS.mediaByIds, { malIds: [2, 13, 21] });
    // MAL id 21 is only an anime here, and the query asks for MANGA.
    expect(byIds.body).toEqual({ data: { Page: { pageInfo: { hasNextPage: false, total: 2 }, media: [{ id: 30002, idMal: 2 }, { id: 30013, idMal: 13 }] } } });
  });

  it('Page.mediaList sorts by UPDATED_TIME_DESC and hides private entries from others', async () => {
    const ids = (body: unknown) =>
      z.object({ data: z.object({ Page: z.object({ mediaList: z.array(z.object({ id: z.number() })) }) }) })
        .parse(body).data.Page.mediaList.map((e) => e.id);
    expect(ids((await graphql(fake, DOCS.recentEntries, { userId: 1, perPage: 3 }, 'alice-token')).body)).toEqual([13, 12, 11]);
    expect(ids((await graphql(fake, DOCS.recentEntries, { userId: 1, perPage: 3 })).body)).toEqual([12, 11, 14]);
    expect((await graphql(fake, DOCS.entry, { id: 13 }, 'bob-token')).status).toBe(404);
    expect((await graphql(fake, DOCS.entry, { userId: 1, mediaId: 30656 }, 'alice-token')).body).toMatchObject({
      data: { MediaList: { id: 13, private: true } },
    });
  });
});

describe('AniList fake: MediaListCollection', () => {
  it('chunks honestly: every entry exactly once across chunks, hasNextChunk until the last', async () => {
    const chunks = [];
    for (let chunk = 1; chunk <= 3; chunk++) {
      chunks.push(entriesOf((await graphql(fake, DOCS.collection, { userId: 1, chunk, perChunk: 3 }, 'alice-token')).body));
    }
    expect(chunks.map((c) => c.hasNextChunk)).toEqual([true, true, false]);
    const idsPerChunk = chunks.map((c) => [...new Set(c.lists.flatMap((l) => l.entries.map((e) => e.id)))].sort());
    expect(idsPerChunk.map((ids) => ids.length)).toEqual([3, 3, 1]);
    expect(idsPerChunk.flat().sort()).toEqual([11, 12, 13, 14, 15, 16, 17]);
  });

  it('repeats entries in custom lists and keeps hidden entries out of status lists', async () => {
    const collection = entriesOf((await graphql(fake, DOCS.collection, { userId: 1 }, 'alice-token')).body);
    expect(collection.hasNextChunk).toBe(false);
    expect(collection.lists.map((l) => [l.name, l.isCustomList, l.status, l.entries.map((e) => e.id)])).toEqual([
      ['Reading', false, 'CURRENT', [11, 12]],
      ['Completed', false, 'COMPLETED', [14, 17]],
      ['Paused', false, 'PAUSED', [13]],
      ['Dropped', false, 'DROPPED', [16]],
      ['Favourites', true, null, [11, 15]],
    ]);
  });

  it('hides private entries from other users and never infers the user from the token', async () => {
    const asBob = entriesOf((await graphql(fake, DOCS.collection, { userId: 1 }, 'bob-token')).body);
    expect(asBob.lists.flatMap((l) => l.entries.map((e) => e.id))).not.toContain(13);
    const bobsOwn = entriesOf((await graphql(fake, DOCS.collection, { userId: 2 }, 'alice-token')).body);
    expect(bobsOwn.lists.flatMap((l) => l.entries.map((e) => e.id))).toEqual([21]);
  });

  it('splits the completed list by format unless forceSingleCompletedList', async () => {
    fake.seed({ ...SEED, users: SEED.users?.map((u) => (u.name === 'alice' ? { ...u, splitCompletedByFormat: true } : u)) });
    const split = entriesOf((await graphql(fake, DOCS.collection, { userId: 1 }, 'alice-token')).body);
    expect(split.lists.filter((l) => l.status === 'COMPLETED').map((l) => l.name)).toEqual(['Completed Manga', 'Completed Novel']);
    const single = entriesOf((await graphql(fake, DOCS.collection, { userId: 1, force: true }, 'alice-token')).body);
    expect(single.lists.filter((l) => l.status === 'COMPLETED').map((l) => l.name)).toEqual(['Completed']);
  });
});

describe('AniList fake: SaveMediaListEntry and DeleteMediaListEntry', () => {
  it('creates then updates the viewer entry, stamping updatedAt from the clock', async () => {
    const created = await graphql(fake, DOCS.save, { mediaId: 30656, progress: 3 }, 'bob-token');
    expect(created.status).toBe(200);
    const entry = z.object({ data: z.object({ SaveMediaListEntry: z.object({ id: z.number() }) }) }).parse(created.body).data
      .SaveMediaListEntry;
    expect(created.body).toMatchObject({
      data: { SaveMediaListEntry: { userId: 2, mediaId: 30656, status: 'CURRENT', progress: 3, updatedAt: START_S, createdAt: START_S } },
    });

    clock.advance(5 * 60_000);
    const byId = await graphql(fake, DOCS.save, { id: entry.id, progress: 4, status: 'COMPLETED', startedAt: { year: 2025, month: 3 } }, 'bob-token');
    expect(byId.body).toMatchObject({
      data: { SaveMediaListEntry: { id: entry.id, progress: 4, status: 'COMPLETED', updatedAt: START_S + 300, createdAt: START_S, startedAt: { year: 2025, month: 3, day: null } } },
    });
    // Saving by mediaId again updates the same entry instead of adding a second one.
    await graphql(fake, DOCS.save, { mediaId: 30656, progress: 5 }, 'bob-token');
    const bob = fake.state().users.find((u) => u.name === 'bob');
    expect(bob?.list.map((e) => [e.mediaId, e.progress])).toEqual([[30002, 0], [30656, 5]]);
  });

  it('refuses out-of-range values with the validation shape and writes nothing', async () => {
    const before = aliceList();
    const tooHigh = await graphql(fake, DOCS.save, { mediaId: 30002, score: 11 }, 'alice-token');
    expect(tooHigh.status).toBe(400);
    expect(tooHigh.body).toEqual({
      data: null,
      errors: [{ message: 'validation', status: 400, validation: { score: ['The score may not be greater than 10.'] } }],
    });
    const many = await graphql(fake, DOCS.save, { mediaId: 30002, progress: -1, notes: 'x'.repeat(6001), scoreRaw: 101 }, 'alice-token');
    expect(many.body).toMatchObject({
      errors: [{ validation: {
        progress: ['The progress must be at least 0.'],
        notes: ['The notes may not be greater than 6000 characters.'],
        scoreRaw: ['The score raw may not be greater than 100.'],
      } }],
    });
    expect((await graphql(fake, DOCS.save, { mediaId: 424242 }, 'alice-token')).body).toMatchObject({
      errors: [{ validation: { mediaId: ['The selected media id is invalid.'] } }],
    });
    expect(aliceList()).toEqual(before);
  });

  it('aliased batch: all written together, or nothing when one alias fails', async () => {
    const before = aliceList();
    const bad = await graphql(
      fake,
      saveBatchDocument([{ mediaId: 30002, progress: 101 }, { mediaId: 30013, progress: -5 }, { mediaId: 30001, progress: 162 }]),
      {},
      'alice-token',
    );
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ data: null, errors: [{ message: 'validation', status: 400 }] });
    expect(aliceList()).toEqual(before);

    clock.advance(1000);
    const good = await graphql(
      fake,
      saveBatchDocument([{ mediaId: 30002, progress: 101 }, { mediaId: 30013, progress: 1101 }, { mediaId: 30001, scoreRaw: 90 }]),
      {},
      'alice-token',
    );
    expect(good.status).toBe(200);
    expect(good.body).toMatchObject({ data: { m0: { id: 11, progress: 101 }, m1: { id: 12, progress: 1101 }, m2: { id: 14, score: 9 } } });
    expect(aliceList().filter((e) => e.updatedAt === START_S + 1).map((e) => e.id)).toEqual([11, 12, 14]);
  });

  it('caps batch size through query complexity (limit 500)', async () => {
    const items = (n: number) => Array.from({ length: n }, (_, i) => ({ mediaId: 30002, progress: 100 + i }));
    expect((await graphql(fake, saveBatchDocument(items(29)), {}, 'alice-token')).status).toBe(200);
    const tooBig = await graphql(fake, saveBatchDocument(items(30)), {}, 'alice-token');
    expect(tooBig.status).toBe(400);
    expect(tooBig.body).toEqual({ data: null, errors: [{ message: 'Max query complexity should be 500 but got 510.', status: 400 }] });
  });

  it('mutations need a token; entries of other users cannot be touched', async () => {
    const anonymous = await graphql(fake, DOCS.save, { mediaId: 30002, progress: 1 });
    expect(anonymous.status).toBe(401);
    expect(anonymous.body).toMatchObject({ errors: [{ message: 'Unauthorized.', status: 401 }] });
    expect((await graphql(fake, DOCS.save, { id: 11, progress: 1 }, 'bob-token')).status).toBe(404);
    expect((await graphql(fake, DOCS.delete, { id: 11 }, 'bob-token')).status).toBe(404);
  });

  it('DeleteMediaListEntry takes the list-entry id', async () => {
    const deleted = await graphql(fake, DOCS.delete, { id: 12 }, 'alice-token');
    expect(deleted.body).toEqual({ data: { DeleteMediaListEntry: { deleted: true } } });
    expect(aliceList().map((e) => e.id)).not.toContain(12);
    expect((await graphql(fake, DOCS.delete, { id: 12 }, 'alice-token')).status).toBe(404);
  });
});

describe('AniList fake: scores', () => {
  it('every score a user can enter survives the trip through the stored 0–100 score', () => {
    const grids: Record<ScoreFormat, number[]> = {
      POINT_100: Array.from({ length: 101 }, (_, i) => i),
      POINT_10_DECIMAL: Array.from({ length: 101 }, (_, i) => i / 10),
      POINT_10: Array.from({ length: 11 }, (_, i) => i),
      POINT_5: [0, 1, 2, 3, 4, 5],
      POINT_3: [0, 1, 2, 3],
    };
    for (const [format, grid] of Object.entries(grids) as [ScoreFormat, number[]][]) {
      for (const score of grid) expect(rawToFormat(formatToRaw(score, format), format), `${format} ${score}`).toBe(score);
      // Reading a raw score and writing it back lands on a fixed point: no oscillation between syncs.
      for (let raw = 0; raw <= 100; raw++) {
        const shown = rawToFormat(raw, format);
        expect(rawToFormat(formatToRaw(shown, format), format), `${format} raw ${raw}`).toBe(shown);
      }
    }
  });

  it('MediaList.score(format:) converts the stored 0–100 score', async () => {
    const scores = async (id: number) => (await graphql(fake, DOCS.scores, { id }, 'alice-token')).body;
    expect(await scores(11)).toEqual({ data: { MediaList: { score: 8.5, p100: 85, p10d: 8.5, p10: 9, p5: 4, p3: 3 } } });
    expect(await scores(14)).toEqual({ data: { MediaList: { score: 10, p100: 100, p10d: 10, p10: 10, p5: 5, p3: 3 } } });
    expect(await scores(12)).toEqual({ data: { MediaList: { score: 0, p100: 0, p10d: 0, p10: 0, p5: 0, p3: 0 } } });
  });

  it('SaveMediaListEntry(score:) is read in the viewer’s own format', async () => {
    const raw = async (token: string, score: number) => {
      const reply = await graphql(fake, DOCS.save, { mediaId: 30013, score }, token);
      return z.object({ data: z.object({ SaveMediaListEntry: z.object({ raw: z.number(), score: z.number() }) }) }).parse(reply.body)
        .data.SaveMediaListEntry;
    };
    expect(await raw('alice-token', 7.5)).toEqual({ raw: 75, score: 7.5 }); // POINT_10_DECIMAL
    expect(await raw('bob-token', 4)).toEqual({ raw: 80, score: 4 }); // POINT_5
    const carol = fake.issueToken('carol');
    expect(await raw(carol, 2)).toEqual({ raw: 60, score: 2 }); // POINT_3 smileys
    expect((await graphql(fake, DOCS.save, { mediaId: 30013, score: 6 }, 'bob-token')).status).toBe(400);
  });
});

describe('AniList fake: the Referer gate (API-FACTS §A, since about 2026-08-22)', () => {
  it.each([
    ['no headers at all', {}],
    ['Origin alone', { Origin: 'chrome-extension://aababofcnomcpaemldcgadpaddpphmnn' }],
    ['a browser User-Agent and Origin', { Origin: 'https://anilist.co', 'User-Agent': 'Mozilla/5.0 (X11; Linux x86_64) Chrome/142.0 Safari/537.36' }],
    ['an empty Referer', { Referer: '' }],
  ])('refuses a request with %s: 403 "temporarily disabled", nothing executed or counted', async (_name, headers) => {
    fake.setRateLimit({ perMinute: 1 });
    const refused = await graphql(fake, DOCS.viewer, {}, 'alice-token', { Accept: 'application/json', ...headers });
    expect(refused.status).toBe(403);
    expect(refused.body).toEqual(API_DISABLED_BODY);
    expect(refused.body).toEqual({
      errors: [{ message: 'The AniList API has been temporarily disabled due to severe stability issues.', status: 403 }],
      data: null,
    });
    // The one request the minute allows is still there: a refused request never reached the rate limiter.
    expect((await graphql(fake, DOCS.viewer, {}, 'alice-token')).status).toBe(200);
  });

  it.each([
    ['https://anilist.co/', EXTENSION_HEADERS],
    ['any value, even "abc"', { Accept: 'application/json', Referer: 'abc' }],
  ])('serves a request with a Referer: %s', async (_name, headers) => {
    const served = await graphql(fake, DOCS.viewer, {}, 'alice-token', headers);
    expect(served.status).toBe(200);
    expect(served.body).toMatchObject({ data: { Viewer: { id: 1, name: 'alice' } } });
  });

  it('gates mutations too, and writes nothing', async () => {
    const before = JSON.stringify(fake.state().users);
    const refused = await graphql(fake, DOCS.save, { mediaId: 30013, progress: 1200 }, 'alice-token', { Accept: 'application/json' });
    expect(refused.status).toBe(403);
    expect(JSON.stringify(fake.state().users)).toBe(before);
  });
});

describe('AniList fake: rate limit and CORS', () => {
  it('429 without CORS headers once the minute is used up, recovering a minute later', async () => {
    fake.setRateLimit({ perMinute: 3 });
    for (const remaining of ['2', '1', '0']) {
      const ok = await graphql(fake, DOCS.mediaByMalId, { idMal: 2, type: 'MANGA' });
      expect(ok.status).toBe(200);
      expect(ok.headers).toMatchObject({
        'X-RateLimit-Limit': '3',
        'X-RateLimit-Remaining': remaining,
        'Access-Control-Allow-Origin': '*',
        'Access-Control-Expose-Headers': 'X-RateLimit-Limit, X-RateLimit-Remaining, X-RateLimit-Reset, Retry-After',
      });
    }
    clock.advance(15_000);
    const limited = await graphql(fake, DOCS.mediaByMalId, { idMal: 2, type: 'MANGA' });
    expect(limited.status).toBe(429);
    expect(limited.body).toEqual({ data: null, errors: [{ message: 'Too Many Requests.', status: 429 }] });
    expect(limited.headers['Retry-After']).toBe('45');
    expect(limited.headers['X-RateLimit-Reset']).toBe(String(START_S + 60));
    expect(limited.headers['Access-Control-Allow-Origin']).toBeUndefined();
    expect(limited.headers['X-RateLimit-Remaining']).toBeUndefined();

    clock.advance(60_000);
    const again = await graphql(fake, DOCS.mediaByMalId, { idMal: 2, type: 'MANGA' });
    expect(again.status).toBe(200);
    expect(again.headers['X-RateLimit-Remaining']).toBe('2');
  });

  it('"degraded" mode: headers say 90 but the 429 comes at Remaining 60', async () => {
    fake.setRateLimit({ perMinute: 30, headerLimit: 90 });
    let last = '';
    for (let i = 0; i < 30; i++) last = (await graphql(fake, DOCS.viewer, {}, 'alice-token')).headers['X-RateLimit-Remaining'] ?? '';
    expect(last).toBe('60');
    expect((await graphql(fake, DOCS.viewer, {}, 'alice-token')).status).toBe(429);
  });

  it('answers CORS preflight without counting it', async () => {
    fake.setRateLimit({ perMinute: 1 });
    const preflight = await fake.handle(
      fakeRequest('OPTIONS', 'https://graphql.anilist.co/', {
        headers: { Origin: 'chrome-extension://x', 'Access-Control-Request-Headers': 'authorization,content-type' },
      }),
    );
    expect(preflight.status).toBe(204);
    expect(preflight.headers).toMatchObject({ 'Access-Control-Allow-Origin': '*', 'Access-Control-Allow-Headers': 'authorization,content-type' });
    expect((await graphql(fake, DOCS.viewer, {}, 'alice-token')).status).toBe(200);
  });
});

describe('AniList fake: seed and state', () => {
  it('rejects junk seeds with a readable message', () => {
    expect(() => fake.seed({ users: [{ id: 1, name: 'x', list: [{ mediaId: 123, status: 'CURRENT' }] }] })).toThrow(/unknown media 123/);
    expect(() => fake.seed({ users: [{ id: 1, name: 'x', scoreFormat: 'POINT_7' }] })).toThrow(/scoreFormat/);
    expect(() => fake.seed({ clients: [{ id: 1, redirectUri: 'not a url' }] })).toThrow(/redirectUri/);
    expect(() => fake.seed({ authorize: { user: 'nobody' } })).toThrow(/nobody/);
  });

  it('state() shows lists, clients and config; reset() empties it', () => {
    const state = fake.state();
    expect(state.users.map((u) => [u.name, u.list.length, u.tokensIssued])).toEqual([['alice', 7, 1], ['bob', 1, 1], ['carol', 0, 0]]);
    expect(state.users[0]?.customLists).toEqual(['Favourites']);
    expect(state.clients.map((c) => c.id)).toEqual(['4242', '5151']);
    expect(state.config).toEqual({ authorize: { user: 'alice', action: 'approve' }, rateLimit: { perMinute: 90, headerLimit: 90 } });
    fake.reset();
    expect(fake.state().users).toEqual([]);
    expect(fake.state().clients).toEqual([]);
  });
});
