/**
 * `searchManga` on MyAnimeList against the fake: the request (`q`, `limit`, exactly the candidate `fields`, token
 * or client id), the candidates (mapped, novels left out, ten at most) and the ways it fails.
 */
import { describe, expect, it } from 'vitest';
import { MAX_QUERY_LENGTH, SEARCH_LIMIT } from '../../../../lib/trackers/search';
import type { CallResult, MangaCandidate } from '../../../../lib/trackers/tracker';
import type { MalMangaInput } from '../../../fakes/mal';
import { apiRequests, BASE_SEED, malTracker, signIn, useMalInternet } from './harness';

const h = useMalInternet();

const searches = () => apiRequests(h, { method: 'GET', pathPrefix: '/v2/manga' }).map((entry) => ({ ...entry, url: new URL(`https://api.myanimelist.net${entry.path}`) }));

function candidates(result: CallResult<MangaCandidate[]>): MangaCandidate[] {
  if (result.kind !== 'ok') throw new Error(`expected ok, got ${result.kind}: ${result.message}`);
  return result.value;
}

const seedManga = (manga: MalMangaInput[]) => h.fake.seed({ ...BASE_SEED, manga });

/** The catalogue's Spice and Wolf manga and its spin-off, as MAL describes them. */
const SPICE_AND_WOLF: MangaCandidate = {
  mediaId: '9116',
  title: 'Ookami to Koushinryou',
  altTitles: ['Spice & Wolf', 'Spice and Wolf', '狼と香辛料'],
  totalChapters: 101,
  totalVolumes: 16,
  year: 2007,
  format: 'manga',
  url: 'https://myanimelist.net/manga/9116',
  crossIds: { mal: 9116 },
};
const SIDE_STORY: MangaCandidate = {
  mediaId: '110997',
  title: 'Ookami to Koushinryou Gaiden',
  altTitles: ['Spice and Wolf: Side Story', '狼と香辛料 外伝'],
  totalChapters: 12,
  totalVolumes: 2,
  year: 2016,
  format: 'manga',
  url: 'https://myanimelist.net/manga/110997',
  crossIds: { mal: 110997 },
};

describe('searchManga on MyAnimeList', () => {
  it('maps every candidate in MAL’s order and leaves the light novel of the same name out', async () => {
    await signIn(h);
    expect(candidates(await malTracker(h).searchManga('Spice and Wolf'))).toEqual([SIDE_STORY, SPICE_AND_WOLF]);
    const [request] = searches();
    expect(request?.url.pathname).toBe('/v2/manga');
    expect(Object.fromEntries(request?.url.searchParams ?? [])).toEqual({
      q: 'Spice and Wolf',
      limit: '10',
      fields: 'alternative_titles,num_chapters,num_volumes,media_type,start_date',
    });
    expect(request?.headers.authorization).toMatch(/^Bearer /);
  });

  it('searches with the app’s client id when nothing is connected', async () => {
    expect(candidates(await malTracker(h).searchManga('berserk'))).toMatchObject([
      { mediaId: '2', title: 'Berserk', altTitles: ['ベルセルク'], totalChapters: null, totalVolumes: null, year: 1989, format: 'manga' },
    ]);
    const [request] = searches();
    expect(request?.headers['x-mal-client-id']).toBe('kuroibara-test');
    expect(request?.headers.authorization).toBeUndefined();
  });

  it('leaves out `novel` and `light_novel`, keeps every other type, and reads partial dates', async () => {
    seedManga([
      { id: 600_101, title: 'Lantern Keeper', media_type: 'novel', start_date: '2015-01-02' },
      { id: 600_102, title: 'Lantern Keeper', media_type: 'light_novel' },
      { id: 600_103, title: 'Lantern Keeper', media_type: 'one_shot', num_chapters: 1, start_date: '2019' },
      { id: 600_104, title: 'Lantern Keeper', media_type: 'manhwa', start_date: '2020-05' },
      { id: 600_105, title: 'Lantern Keeper', media_type: 'unknown' },
    ]);
    expect(candidates(await malTracker(h).searchManga('Lantern Keeper'))).toMatchObject([
      { mediaId: '600103', format: 'one_shot', totalChapters: 1, year: 2019 },
      { mediaId: '600104', format: 'manhwa', year: 2020 },
      { mediaId: '600105', format: null, year: null },
    ]);
  });

  it('asks for ten and returns ten at most', async () => {
    seedManga(Array.from({ length: 14 }, (_, i) => ({ id: 600_001 + i, title: `Harbor Town ${i + 1}` })));
    const found = candidates(await malTracker(h).searchManga('Harbor Town'));
    expect(found).toHaveLength(SEARCH_LIMIT);
    expect(found[0]).toEqual({
      mediaId: '600001', title: 'Harbor Town 1', altTitles: [], totalChapters: null, totalVolumes: null, year: null,
      format: 'manga', url: 'https://myanimelist.net/manga/600001', crossIds: { mal: 600_001 },
    });
  });

  it('sends the query trimmed and cut to 100 characters', async () => {
    const long = `\t${'Spice and Wolf '.repeat(10)}`;
    await malTracker(h).searchManga(long);
    const q = searches()[0]?.url.searchParams.get('q') ?? '';
    expect(q).toBe(long.trim().slice(0, MAX_QUERY_LENGTH).trim());
  });

  it('refuses an empty query without a request', async () => {
    await signIn(h);
    expect(await malTracker(h).searchManga('  ')).toEqual({ kind: 'permanent', message: 'Nothing to search MyAnimeList for: the title is empty.' });
    expect(apiRequests(h)).toHaveLength(0);
  });

  it('a malformed body → transient, not a crash', async () => {
    h.internet.faults.add({ service: 'mal', host: 'api.myanimelist.net', malformed: true });
    expect(await malTracker(h).searchManga('Berserk')).toEqual({ kind: 'transient', message: 'MyAnimeList sent a response that is not JSON.' });
  });

  it('a body of the wrong shape → transient, naming the field', async () => {
    const body = JSON.stringify({ data: [{ node: { id: 'two', title: 'Berserk' } }], paging: {} });
    h.internet.faults.add({ service: 'mal', host: 'api.myanimelist.net', status: 200, headers: { 'content-type': 'application/json' }, body });
    expect(await malTracker(h).searchManga('Berserk')).toMatchObject({
      kind: 'transient',
      message: expect.stringMatching(/^MyAnimeList sent an unexpected response \(data\.0\.node\.id/) as string,
    });
  });

  it('MAL’s 400 for a query it will not take → permanent in MAL’s words; its throttle page → rateLimited', async () => {
    h.internet.faults.add({ service: 'mal', host: 'api.myanimelist.net', status: 400, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ message: 'invalid q', error: 'bad_request' }) });
    expect(await malTracker(h).searchManga('Be')).toMatchObject({ kind: 'permanent', message: expect.stringMatching(/bad_request: invalid q/) as string });
    h.internet.faults.add({ service: 'mal', host: 'api.myanimelist.net', status: 403, body: 'DoS detected' });
    expect((await malTracker(h).searchManga('Berserk')).kind).toBe('rateLimited');
  });
});
