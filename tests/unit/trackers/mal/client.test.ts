/** The MyAnimeList client against the MAL fake: every Tracker operation, as the background uses it. */
import { describe, expect, it } from 'vitest';
import type { MalListEntryInput, MalMangaInput } from '../../../fakes/mal';
import { apiRequests, BASE_SEED, malTracker, signIn, useMalInternet } from './harness';

const h = useMalInternet();

const listRequests = () => apiRequests(h, { method: 'GET', pathPrefix: '/v2/users/@me/mangalist' });
const stored = (mangaId: number): Record<string, unknown> | undefined => {
  const state = h.fake.state() as { users: { name: string; list: ({ mangaId: number } & Record<string, unknown>)[] }[] };
  return state.users.find((u) => u.name === 'reader')?.list.find((e) => e.mangaId === mangaId);
};

/** `count` extra manga on the user's list, updated one minute apart, newest last. */
function seedBigList(count: number): void {
  const manga: MalMangaInput[] = Array.from({ length: count }, (_, i) => ({ id: 500_000 + i, title: `Filler ${i}`, num_chapters: i % 3 }));
  const list: MalListEntryInput[] = manga.map((m, i) => ({
    mangaId: m.id,
    status: 'reading',
    num_chapters_read: i,
    updated_at: new Date(Date.UTC(2022, 0, 1) + i * 60_000).toISOString(),
  }));
  h.fake.seed({ ...BASE_SEED, manga, users: [{ ...BASE_SEED.users![0]!, list }] });
}

describe('MyAnimeList client', () => {
  it('reads the viewer', async () => {
    await signIn(h);
    expect(await malTracker(h).viewer()).toEqual({ kind: 'ok', value: { id: '42', name: 'reader', scoreSetting: null } });
  });

  it('reads the whole list, dates, notes and rereads included', async () => {
    await signIn(h);
    const result = await malTracker(h).listEntries();
    if (result.kind !== 'ok') throw new Error(result.message);
    expect(result.value.map((e) => e.media.id)).toEqual(['656', '2', '1']);
    expect(result.value.find((e) => e.media.id === '2')).toMatchObject({
      status: 'reading',
      progress: 300,
      progressVolumes: 40,
      score: 90,
      startedAt: { year: 2019, month: 5, day: null },
      notes: 'guts',
      rereads: 1,
      updatedAt: Date.UTC(2024, 0, 10),
      media: { title: 'Berserk', chapters: null, crossIds: { mal: 2 } },
    });
    expect(result.value.find((e) => e.media.id === '656')?.status).toBe('rereading');
    expect(result.value.find((e) => e.media.id === '1')?.completedAt).toEqual({ year: 2021, month: 3, day: 4 });
    const query = new URL(`https://x${listRequests()[0]!.path}`).searchParams;
    expect(Object.fromEntries(query)).toMatchObject({ limit: '1000', nsfw: 'true', sort: 'list_updated_at' });
  });

  it('follows paging.next across more than 1000 entries', async () => {
    seedBigList(1234);
    await signIn(h);
    const result = await malTracker(h).listEntries();
    if (result.kind !== 'ok') throw new Error(result.message);
    expect(result.value).toHaveLength(1234);
    expect(new Set(result.value.map((e) => e.media.id)).size).toBe(1234);
    expect(listRequests().map((r) => new URL(`https://x${r.path}`).searchParams.get('offset'))).toEqual([null, '1000']);
  });

  it('with `since`, returns only newer entries and stops paging at the first older one', async () => {
    seedBigList(1500);
    await signIn(h);
    const since = Date.UTC(2022, 0, 1) + 1490 * 60_000;
    const result = await malTracker(h).listEntries({ since });
    if (result.kind !== 'ok') throw new Error(result.message);
    expect(result.value.map((e) => e.progress)).toEqual([1499, 1498, 1497, 1496, 1495, 1494, 1493, 1492, 1491, 1490]);
    expect(listRequests()).toHaveLength(1);
  });

  it('refuses a next-page link that leaves api.myanimelist.net (it would carry the token)', async () => {
    await signIn(h);
    h.internet.faults.add({
      service: 'mal',
      pathPrefix: '/v2/users/@me/mangalist',
      status: 200,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ data: [], paging: { next: 'https://evil.example/v2/users/@me/mangalist?offset=1000' } }),
    });
    const result = await malTracker(h).listEntries();
    expect(result).toMatchObject({ kind: 'permanent', message: expect.stringContaining('MyAnimeList') as string });
    expect(h.internet.log.count()).toBe(1);
  });

  it('gets one entry, or null when the manga is not on the list', async () => {
    await signIn(h);
    const tracker = malTracker(h);
    expect(await tracker.getEntry('1')).toMatchObject({ kind: 'ok', value: { entryId: '1', status: 'completed', score: 100, progress: 162 } });
    expect(await tracker.getEntry('13')).toEqual({ kind: 'ok', value: null });
    expect((await tracker.getEntry('999999')).kind).toBe('permanent');
    expect((await tracker.getEntry('../users/@me')).kind).toBe('permanent');
    expect(apiRequests(h, { method: 'GET' })).toHaveLength(3);
  });

  it('creates an entry, then updates only the fields sent; no private flag is ever sent', async () => {
    await signIn(h);
    const tracker = malTracker(h);
    const created = await tracker.saveEntries([
      { mediaId: '126287', status: 'reading', progress: 12.5, score: 85, startedAt: { year: 2024, month: 3, day: null }, notes: 'elf', private: true },
    ]);
    expect(created).toMatchObject({
      kind: 'ok',
      value: [{ entryId: '126287', status: 'reading', progress: 12, score: 90, startedAt: { year: 2024, month: 3, day: null }, notes: 'elf', private: false, media: { title: 'Sousou no Frieren' } }],
    });
    const updated = await tracker.saveEntries([{ mediaId: '126287', progress: 13 }]);
    expect(updated).toMatchObject({ kind: 'ok', value: [{ progress: 13, score: 90, notes: 'elf', startedAt: { year: 2024, month: 3, day: null } }] });

    const patches = apiRequests(h, { method: 'PATCH' });
    expect(patches.map((p) => Object.fromEntries(new URLSearchParams(p.body)))).toEqual([
      { status: 'reading', is_rereading: 'false', num_chapters_read: '12', score: '9', start_date: '2024-03', comments: 'elf' },
      { num_chapters_read: '13' },
    ]);
    expect(patches[0]!.headers['content-type']).toMatch(/^application\/x-www-form-urlencoded/);
    expect(stored(126287)).toMatchObject({ status: 'reading', num_chapters_read: 13, score: 9, start_date: '2024-03', comments: 'elf' });
    // The manga was read once for its title and totals; the update reused it.
    expect(apiRequests(h, { method: 'GET', pathPrefix: '/v2/manga/126287' })).toHaveLength(1);
  });

  it('writes a reread as completed + is_rereading and clears dates with an empty value', async () => {
    await signIn(h);
    const result = await malTracker(h).saveEntries([{ mediaId: '1', status: 'rereading', completedAt: null }]);
    expect(result).toMatchObject({ kind: 'ok', value: [{ status: 'rereading', completedAt: null }] });
    expect(stored(1)).toMatchObject({ status: 'completed', is_rereading: true, finish_date: null });
  });

  it('saves several entries one PATCH at a time', async () => {
    await signIn(h);
    const result = await malTracker(h).saveEntries([
      { mediaId: '2', progress: 301 },
      { mediaId: '656', status: 'completed' },
    ]);
    expect(result.kind).toBe('ok');
    expect(apiRequests(h, { method: 'PATCH' }).map((p) => p.path)).toEqual(['/v2/manga/2/my_list_status', '/v2/manga/656/my_list_status']);
    expect(stored(656)).toMatchObject({ status: 'completed', is_rereading: false });
  });

  it('a write with nothing MAL stores writes nothing', async () => {
    await signIn(h);
    const tracker = malTracker(h);
    expect(await tracker.saveEntries([{ mediaId: '2', private: true }])).toMatchObject({ kind: 'ok', value: [{ progress: 300 }] });
    expect((await tracker.saveEntries([{ mediaId: '13', private: true }])).kind).toBe('permanent');
    expect(apiRequests(h, { method: 'PATCH' })).toHaveLength(0);
    expect(stored(13)).toBeUndefined();
  });

  it('deletes an entry; deleting one already gone is a success too', async () => {
    await signIn(h);
    const tracker = malTracker(h);
    expect(await tracker.deleteEntry('2')).toEqual({ kind: 'ok', value: null });
    expect(stored(2)).toBeUndefined();
    expect(await tracker.deleteEntry('2')).toEqual({ kind: 'ok', value: null });
    expect(apiRequests(h, { method: 'DELETE' }).map((r) => r.status)).toEqual([200, 404]);
  });

  it('looks up MAL ids; other services’ ids cannot be resolved on MAL', async () => {
    await signIn(h);
    const tracker = malTracker(h);
    expect(await tracker.lookup({ mal: 656 })).toMatchObject({ kind: 'ok', value: { id: '656', title: 'Vagabond', chapters: 327, volumes: 37 } });
    expect(await tracker.lookup({ mal: 999999 })).toEqual({ kind: 'ok', value: null });
    expect(await tracker.lookup({ anilist: 30002, kitsu: '24' })).toEqual({ kind: 'ok', value: null });
    expect(apiRequests(h)).toHaveLength(2);
  });

  it('searches and looks up without a sign-in using X-MAL-CLIENT-ID', async () => {
    const tracker = malTracker(h);
    expect((await tracker.searchManga('Berserk')).kind).toBe('ok');
    expect((await tracker.lookup({ mal: 2 })).kind).toBe('ok');
    for (const request of apiRequests(h)) {
      expect(request.headers['x-mal-client-id']).toBe('kuroibara-test');
      expect(request.headers.authorization).toBeUndefined();
    }
    expect(await tracker.viewer()).toMatchObject({ kind: 'auth', message: 'MyAnimeList is not connected.' });
  });
});
