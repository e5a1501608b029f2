/**
 * `searchManga` on AniList against the fake, which executes the document against the real schema: what is sent
 * (query, page size, token or none), what comes back (candidates mapped, novels left out) and every way it fails.
 */
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { MAX_QUERY_LENGTH, SEARCH_LIMIT } from '../../../../lib/trackers/search';
import type { MangaCandidate } from '../../../../lib/trackers/tracker';
import { aliceTracker, graphqlRequests, seedWith, signIn, useAniListInternet } from './harness';

const h = useAniListInternet();

/** The GraphQL requests that reached the fake, as sent. */
const sent = () =>
  h.internet.log.entries({ host: 'graphql.anilist.co', method: 'POST' }).map((entry) => ({
    headers: entry.headers,
    body: z.object({ query: z.string(), variables: z.object({ search: z.string() }) }).parse(JSON.parse(entry.body)),
  }));

function candidates(result: Awaited<ReturnType<ReturnType<typeof aliceTracker>['searchManga']>>): MangaCandidate[] {
  if (result.kind !== 'ok') throw new Error(`expected ok, got ${result.kind}: ${result.message}`);
  return result.value;
}

/** The catalogue's Spice and Wolf manga (no tracker links on its MangaDex page) and its spin-off. */
const SPICE_AND_WOLF: MangaCandidate = {
  mediaId: '39116',
  title: 'Ookami to Koushinryou',
  altTitles: ['Spice and Wolf', '狼と香辛料', 'Spice & Wolf'],
  totalChapters: 101,
  totalVolumes: 16,
  year: 2007,
  format: 'MANGA',
  url: 'https://anilist.co/manga/39116',
  crossIds: { anilist: 39116, mal: 9116 },
};
const SIDE_STORY: MangaCandidate = {
  mediaId: '100997',
  title: 'Ookami to Koushinryou Gaiden',
  altTitles: ['Spice and Wolf: Side Story', '狼と香辛料 外伝'],
  totalChapters: 12,
  totalVolumes: 2,
  year: 2016,
  format: 'MANGA',
  url: 'https://anilist.co/manga/100997',
  crossIds: { anilist: 100997, mal: 110997 },
};

describe('searchManga on AniList', () => {
  it('maps every candidate, closest title first, and leaves the light novel of the same name out', async () => {
    await signIn(h);
    expect(candidates(await aliceTracker(h).searchManga('Spice and Wolf'))).toEqual([SPICE_AND_WOLF, SIDE_STORY]);
    const [request] = sent();
    expect(request?.body.query).toMatch(/Page\(perPage: 10\)[\s\S]*media\(search: \$search, type: MANGA/);
    expect(request?.body.variables).toEqual({ search: 'Spice and Wolf' });
  });

  it('finds by any title or synonym, case-insensitively', async () => {
    await signIn(h);
    const tracker = aliceTracker(h);
    expect(candidates(await tracker.searchManga('spice & wolf')).map((c) => c.mediaId)).toEqual(['39116', '100997']);
    expect(candidates(await tracker.searchManga('狼と香辛料')).map((c) => c.mediaId)).toEqual(['39116', '100997']);
    expect(candidates(await tracker.searchManga('frieren at the funeral'))).toMatchObject([
      { mediaId: '118586', title: 'Sousou no Frieren', totalChapters: null, year: 2020, crossIds: { anilist: 118586, mal: 126287 } },
    ]);
  });

  it('sends the token when connected', async () => {
    const token = await signIn(h);
    expect((await aliceTracker(h).searchManga('Berserk')).kind).toBe('ok');
    expect(sent()[0]?.headers.authorization).toBe(`Bearer ${token}`);
  });

  it('searches anonymously when nothing is connected', async () => {
    expect(candidates(await aliceTracker(h, null).searchManga('Berserk'))).toMatchObject([{ mediaId: '30002', title: 'Berserk', year: 1989 }]);
    expect(sent()[0]?.headers.authorization).toBeUndefined();
  });

  it('asks for ten and returns ten at most', async () => {
    seedWith(h, { media: Array.from({ length: 14 }, (_, i) => ({ id: 600_001 + i, title: { romaji: `Harbor Town ${i + 1}` } })) });
    const found = candidates(await aliceTracker(h).searchManga('harbor town'));
    expect(found).toHaveLength(SEARCH_LIMIT);
    expect(found[0]).toEqual({
      mediaId: '600001', title: 'Harbor Town 1', altTitles: [], totalChapters: null, totalVolumes: null, year: null,
      format: 'MANGA', url: 'https://anilist.co/manga/600001', crossIds: { anilist: 600_001 },
    });
  });

  it('leaves out every NOVEL, but keeps one-shots', async () => {
    seedWith(h, {
      media: [
        { id: 600_101, title: { romaji: 'Lantern Keeper' }, format: 'NOVEL' },
        { id: 600_102, title: { romaji: 'Lantern Keeper' }, format: 'ONE_SHOT', chapters: 1, startDate: { year: 2019 } },
      ],
    });
    expect(candidates(await aliceTracker(h).searchManga('Lantern Keeper'))).toMatchObject([{ mediaId: '600102', format: 'ONE_SHOT', totalChapters: 1, year: 2019 }]);
  });

  it('sends the query trimmed and cut to 100 characters', async () => {
    const long = `  ${'Spice and Wolf '.repeat(10)}`;
    await aliceTracker(h).searchManga(long);
    const search = sent()[0]?.body.variables.search ?? '';
    expect(search).toBe(long.trim().slice(0, MAX_QUERY_LENGTH).trim());
    expect(search.length).toBeLessThanOrEqual(MAX_QUERY_LENGTH);
  });

  it('refuses an empty query without a request', async () => {
    await signIn(h);
    for (const query of ['', '   ', '\n\t']) {
      expect(await aliceTracker(h).searchManga(query)).toEqual({ kind: 'permanent', message: 'Nothing to search AniList for: the title is empty.' });
    }
    expect(graphqlRequests(h)).toBe(0);
  });

  it('a malformed body → transient, not a crash', async () => {
    h.internet.faults.add({ service: 'anilist', malformed: true });
    expect(await aliceTracker(h).searchManga('Berserk')).toEqual({ kind: 'transient', message: 'AniList sent an unexpected response (not JSON).' });
  });

  it('a body of the wrong shape → transient, naming the field', async () => {
    const body = { data: { Page: { media: [{ id: 'thirty', idMal: null, title: {}, synonyms: null, chapters: null, volumes: null, format: 'MANGA', startDate: null, siteUrl: null }] } } };
    h.internet.faults.add({ service: 'anilist', status: 200, headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
    expect(await aliceTracker(h).searchManga('Berserk')).toMatchObject({
      kind: 'transient',
      message: expect.stringMatching(/^AniList sent an unexpected response \(data\.Page\.media\.0\.id/) as string,
    });
  });

  it('a null list of media is no results', async () => {
    h.internet.faults.add({ service: 'anilist', status: 200, headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ data: { Page: { media: null } } }) });
    expect(await aliceTracker(h).searchManga('Berserk')).toEqual({ kind: 'ok', value: [] });
  });

  it('a revoked token → auth: the user is told to reconnect rather than silently searching anonymously', async () => {
    h.fake.revokeToken(await signIn(h));
    expect(await aliceTracker(h).searchManga('Berserk')).toMatchObject({ kind: 'auth', message: expect.stringMatching(/reconnect AniList/) as string });
  });

  it('a 500 that persists → transient', async () => {
    h.internet.faults.add({ service: 'anilist', times: 3, status: 500, body: 'Internal Server Error' });
    expect((await aliceTracker(h).searchManga('Berserk')).kind).toBe('transient');
  });
});
