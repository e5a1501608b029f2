/**
 * `searchManga` on Kitsu against the fake: the JSON:API request (`filter[text]`, `page[limit]=10`, Accept, token
 * or none), the candidates (mapped, subtype `novel` left out, ten at most) and the ways it fails.
 */
import { describe, expect, it } from 'vitest';
import { createSession } from '../../../../lib/auth/session';
import { kitsu } from '../../../../lib/trackers/kitsu';
import { createRateLimiter } from '../../../../lib/trackers/rate-limiter';
import { MAX_QUERY_LENGTH, SEARCH_LIMIT } from '../../../../lib/trackers/search';
import type { MangaCandidate, Tracker } from '../../../../lib/trackers/tracker';
import type { KitsuMangaInput } from '../../../fakes/kitsu';
import { SEED, useKitsuWorld, value } from './harness';

const world = useKitsuWorld();

const requests = () => world.internet.log.entries({ service: 'kitsu' });

/** A client with nothing in the vault, as before the user connects Kitsu. */
const anonymousTracker = (): Tracker =>
  kitsu.createTracker({
    session: createSession('kitsu', null),
    clientId: '',
    account: null,
    fetch: world.fetch,
    limiter: createRateLimiter({ perMinute: 6000, burst: 100 }),
  });

const seedManga = (manga: KitsuMangaInput[]) => world.fake.seed({ ...SEED, manga });

/** The catalogue's Spice and Wolf manga and its spin-off, as Kitsu describes them. */
const SPICE_AND_WOLF: MangaCandidate = {
  mediaId: '5763',
  title: 'Ookami to Koushinryou',
  altTitles: ['Spice and Wolf', '狼と香辛料', 'Spice & Wolf'],
  totalChapters: 101,
  totalVolumes: 16,
  year: 2007,
  format: 'manga',
  url: 'https://kitsu.app/manga/ookami-to-koushinryou',
  crossIds: { kitsu: '5763' },
};
const SIDE_STORY: MangaCandidate = {
  mediaId: '40997',
  title: 'Ookami to Koushinryou Gaiden',
  altTitles: ['Spice and Wolf: Side Story', '狼と香辛料 外伝'],
  totalChapters: 12,
  totalVolumes: 2,
  year: 2016,
  format: 'manga',
  url: 'https://kitsu.app/manga/ookami-to-koushinryou-gaiden',
  crossIds: { kitsu: '40997' },
};

describe('searchManga on Kitsu', () => {
  it('maps every candidate in Kitsu’s order and leaves the novel of the same name out', async () => {
    const tracker = await world.signIn();
    expect(value(await tracker.searchManga('Spice and Wolf'))).toEqual([SPICE_AND_WOLF, SIDE_STORY]);
    const [request] = requests();
    expect(request?.path).toBe('/api/edge/manga?filter[text]=Spice%20and%20Wolf&page[limit]=10');
    expect(request?.headers.accept).toBe('application/vnd.api+json');
    expect(request?.headers.authorization).toMatch(/^Bearer /);
  });

  it('matches abbreviated titles too', async () => {
    const tracker = await world.signIn();
    expect(value(await tracker.searchManga('spice & wolf')).map((c) => c.mediaId)).toEqual(['5763']);
  });

  it('searches anonymously when nothing is connected', async () => {
    expect(value(await anonymousTracker().searchManga('vagabond'))).toEqual([
      {
        mediaId: '183', title: 'Vagabond', altTitles: ['バガボンド'], totalChapters: 327, totalVolumes: 37, year: 1998,
        format: 'manga', url: 'https://kitsu.app/manga/vagabond', crossIds: { kitsu: '183' },
      },
    ]);
    expect(requests()[0]?.headers.authorization).toBeUndefined();
  });

  it('leaves out subtype `novel` only, and counts of 0 or no start date read as unknown', async () => {
    seedManga([
      { id: 900_001, slug: 'lantern-keeper-novel', canonicalTitle: 'Lantern Keeper', subtype: 'novel', startDate: '2015-01-02' },
      { id: 900_002, slug: 'lantern-keeper', canonicalTitle: 'Lantern Keeper', subtype: 'oneshot', chapterCount: 1, startDate: '2019-06-01' },
      { id: 900_003, slug: 'lantern-keeper-manhua', canonicalTitle: 'Lantern Keeper', subtype: 'manhua', chapterCount: 0 },
    ]);
    expect(value(await anonymousTracker().searchManga('Lantern Keeper'))).toMatchObject([
      { mediaId: '900002', format: 'oneshot', totalChapters: 1, year: 2019 },
      { mediaId: '900003', format: 'manhua', totalChapters: null, year: null },
    ]);
  });

  it('asks for ten and returns ten at most', async () => {
    seedManga(Array.from({ length: 14 }, (_, i) => ({ id: 900_101 + i, slug: `harbor-town-${i + 1}`, canonicalTitle: `Harbor Town ${i + 1}` })));
    const found = value(await anonymousTracker().searchManga('Harbor Town'));
    expect(found).toHaveLength(SEARCH_LIMIT);
    expect(found.map((c) => c.mediaId)).toEqual(Array.from({ length: 10 }, (_, i) => String(900_101 + i)));
  });

  it('sends the query trimmed and cut to 100 characters', async () => {
    const long = `  ${'Spice and Wolf '.repeat(10)}`;
    await anonymousTracker().searchManga(long);
    const sent = new URL(`https://kitsu.app${requests()[0]?.path ?? ''}`).searchParams.get('filter[text]');
    expect(sent).toBe(long.trim().slice(0, MAX_QUERY_LENGTH).trim());
  });

  it('refuses an empty query without a request', async () => {
    const tracker = await world.signIn();
    world.internet.log.clear();
    expect(await tracker.searchManga(' \n ')).toEqual({ kind: 'permanent', message: 'Nothing to search Kitsu for: the title is empty.' });
    expect(requests()).toHaveLength(0);
  });

  it('a malformed body → transient, not a crash', async () => {
    world.internet.faults.add({ service: 'kitsu', malformed: true });
    expect(await anonymousTracker().searchManga('Vagabond')).toEqual({ kind: 'transient', message: 'Kitsu sent a response that is not JSON.' });
  });

  it('a document of the wrong shape → transient, naming the field', async () => {
    const body = JSON.stringify({ data: [{ id: 183, type: 'manga', attributes: { slug: 'vagabond', canonicalTitle: 'Vagabond' } }] });
    world.internet.faults.add({ service: 'kitsu', status: 200, headers: { 'content-type': 'application/vnd.api+json' }, body });
    expect(await anonymousTracker().searchManga('Vagabond')).toMatchObject({
      kind: 'transient',
      message: expect.stringMatching(/^Kitsu sent an unexpected response \(data\.0\.id/) as string,
    });
  });

  it('a JSON:API error → permanent with Kitsu’s words; a persisting 503 → transient', async () => {
    const body = JSON.stringify({ errors: [{ title: 'Invalid page value', detail: 'Limit exceeds maximum page size of 20.', code: '118', status: '400' }] });
    world.internet.faults.add({ service: 'kitsu', status: 400, headers: { 'content-type': 'application/vnd.api+json' }, body });
    expect(await anonymousTracker().searchManga('Vagabond')).toMatchObject({ kind: 'permanent', message: expect.stringMatching(/Limit exceeds maximum page size/) as string });
    world.internet.faults.add({ service: 'kitsu', status: 503, times: 3 });
    expect((await anonymousTracker().searchManga('Vagabond')).kind).toBe('transient');
  });
});
