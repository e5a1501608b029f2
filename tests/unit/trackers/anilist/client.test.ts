/**
 * The AniList client against the AniList fake: every Tracker method, with request counts taken from the fake
 * internet's log and written state read back from the fake.
 */
import { describe, expect, it } from 'vitest';
import { SAVE_BATCH_LIMIT } from '../../../../lib/trackers/anilist/documents';
import type { EntryWrite, RemoteEntry } from '../../../../lib/trackers/tracker';
import {
  aliceTracker,
  BERSERK,
  CHAINSAW_MAN,
  extraMedia,
  FRIEREN,
  graphqlRequests,
  MONSTER,
  ONE_PIECE,
  seedWith,
  signIn,
  START,
  START_S,
  storedList,
  useAniListInternet,
  VAGABOND,
} from './harness';

const h = useAniListInternet();

function okValue<T>(result: { kind: string; value?: T; message?: string }): T {
  expect(result.kind, result.message).toBe('ok');
  return result.value as T;
}

describe('viewer', () => {
  it('reads the signed-in account and its score format', async () => {
    await signIn(h);
    expect(await aliceTracker(h).viewer()).toEqual({ kind: 'ok', value: { id: '1', name: 'alice', scoreSetting: 'POINT_10_DECIMAL' } });
    const [request] = h.internet.log.entries({ host: 'graphql.anilist.co' });
    expect(request?.headers.authorization).toMatch(/^Bearer /);
    expect(request?.headers.accept).toBe('application/json');
    expect(request?.headers['content-type']).toMatch(/^application\/json/);
  });

  it('is `auth` when nothing is connected, without a request', async () => {
    expect((await aliceTracker(h).viewer()).kind).toBe('auth');
    expect(graphqlRequests(h)).toBe(0);
  });
});

describe('listEntries', () => {
  it('reads every entry once, across chunks of 500, although custom lists repeat them', async () => {
    const media = extraMedia(620);
    seedWith(h, {
      media,
      entries: media.map((m, i) => ({
        mediaId: m.id,
        status: i % 7 === 0 ? 'COMPLETED' : 'CURRENT',
        progress: i,
        // Every third entry is also on one or two custom lists; some are shown only there.
        customLists: i % 3 === 0 ? (i % 2 === 0 ? ['Favourites', 'Re-read later'] : ['Favourites']) : [],
        hiddenFromStatusLists: i % 30 === 0,
      })),
    });
    await signIn(h);
    const entries = okValue<RemoteEntry[]>(await aliceTracker(h).listEntries());
    expect(entries).toHaveLength(623);
    expect(new Set(entries.map((e) => e.entryId)).size).toBe(623);
    expect(new Set(entries.map((e) => e.media.id))).toEqual(new Set([...storedList(h).keys()].map(String)));
    expect(graphqlRequests(h)).toBe(2);
  });

  it('maps each entry to the model', async () => {
    await signIn(h);
    const entries = okValue<RemoteEntry[]>(await aliceTracker(h).listEntries());
    const berserk = entries.find((e) => e.media.id === String(BERSERK));
    expect(berserk).toEqual({
      entryId: '11',
      media: {
        id: String(BERSERK), title: 'Berserk', alternativeTitles: ['ベルセルク'], chapters: null, volumes: null,
        crossIds: { anilist: BERSERK, mal: 2 }, url: `https://anilist.co/manga/${BERSERK}`,
      },
      status: 'reading', progress: 300, progressVolumes: 40, score: 85,
      startedAt: { year: 2019, month: 5, day: null }, completedAt: null,
      rereads: 1, notes: 'guts', private: false, updatedAt: (START_S - 100) * 1000,
    });
    // Private entries are the owner's too.
    expect(entries.find((e) => e.media.id === String(VAGABOND))?.private).toBe(true);
  });

  it('with `since`, pages through the newest-updated entries and stops at the first older one', async () => {
    const media = extraMedia(70);
    seedWith(h, { media, entries: media.map((m, i) => ({ mediaId: m.id, status: 'CURRENT', updatedAt: START_S - 1000 - i })) });
    await signIn(h);
    // AniList counts whole seconds: an entry saved during the second `since` falls in must come back.
    const since = (START_S - 1060) * 1000 + 400;
    const entries = okValue<RemoteEntry[]>(await aliceTracker(h).listEntries({ since }));
    // The three seeded entries (START_S-100…-300) and extra entries 0…60.
    expect(entries).toHaveLength(3 + 61);
    expect(entries.every((e) => e.updatedAt >= Math.floor(since / 1000) * 1000)).toBe(true);
    expect(entries.map((e) => e.updatedAt)).toEqual([...entries.map((e) => e.updatedAt)].sort((a, b) => b - a));
    expect(graphqlRequests(h)).toBe(2);
  });

  it('with `since` so old that many pages changed, reads the chunked list instead of paging on', async () => {
    const media = extraMedia(260);
    seedWith(h, { media, entries: media.map((m, i) => ({ mediaId: m.id, status: 'CURRENT', updatedAt: START_S - 1000 - i })) });
    await signIn(h);
    const since = (START_S - 1000 - 249) * 1000;
    const entries = okValue<RemoteEntry[]>(await aliceTracker(h).listEntries({ since }));
    expect(entries).toHaveLength(3 + 250);
    expect(entries.every((e) => e.updatedAt >= since)).toBe(true);
    // Four pages of 50, then one chunk of 500 instead of two more pages (and many more for a longer list).
    const bodies = h.internet.log.entries({ host: 'graphql.anilist.co' }).map((e) => e.body);
    expect(bodies.filter((b) => b.includes('RecentMangaEntries'))).toHaveLength(4);
    expect(bodies.filter((b) => b.includes('MangaListChunk'))).toHaveLength(1);
  });

  it('with `since` later than every update, makes one request and returns nothing', async () => {
    await signIn(h);
    expect(await aliceTracker(h).listEntries({ since: START })).toEqual({ kind: 'ok', value: [] });
    expect(graphqlRequests(h)).toBe(1);
  });

  it('needs the account user id: AniList does not take the user from the token', async () => {
    await signIn(h);
    const result = await aliceTracker(h, null).listEntries();
    expect(result).toMatchObject({ kind: 'permanent', message: expect.stringMatching(/AniList.*user id/) as string });
    expect(graphqlRequests(h)).toBe(0);
  });
});

describe('getEntry', () => {
  it('finds an entry on the list', async () => {
    await signIn(h);
    const entry = okValue<RemoteEntry | null>(await aliceTracker(h).getEntry(String(MONSTER)));
    expect(entry).toMatchObject({ entryId: '12', status: 'completed', score: 100, completedAt: { year: 2021, month: 3, day: 4 } });
  });

  it('is null for a manga not on the list (AniList answers 404 "Not Found.")', async () => {
    await signIn(h);
    expect(await aliceTracker(h).getEntry(String(ONE_PIECE))).toEqual({ kind: 'ok', value: null });
    expect(h.internet.log.entries({ host: 'graphql.anilist.co' })[0]?.status).toBe(404);
  });

  it('refuses a media id that is not a number, without a request', async () => {
    await signIn(h);
    expect((await aliceTracker(h).getEntry('berserk')).kind).toBe('permanent');
    expect(graphqlRequests(h)).toBe(0);
  });
});

describe('saveEntries', () => {
  it('creates and updates three entries in ONE request, writing only the fields given', async () => {
    await signIn(h);
    const writes: EntryWrite[] = [
      { mediaId: String(BERSERK), progress: 301.5, score: 90 },
      { mediaId: String(FRIEREN), status: 'reading', progress: 12.5, progressVolumes: 2, startedAt: { year: 2025, month: 3, day: null } },
      { mediaId: String(CHAINSAW_MAN), status: 'planning', private: true, notes: 'later' },
    ];
    const saved = okValue<RemoteEntry[]>(await aliceTracker(h).saveEntries(writes));
    expect(graphqlRequests(h)).toBe(1);

    expect(saved.map((e) => [e.media.id, e.status, e.progress, e.score])).toEqual([
      [String(BERSERK), 'reading', 301, 90],
      [String(FRIEREN), 'reading', 12, null],
      [String(CHAINSAW_MAN), 'planning', 0, null],
    ]);
    const list = storedList(h);
    // Updated: new progress (floored) and score; the rest as before.
    expect(list.get(BERSERK)).toMatchObject({ id: 11, progress: 301, scoreRaw: 90, progressVolumes: 40, notes: 'guts', repeat: 1 });
    // scoreRaw is 0–100 whatever the user's format (alice uses POINT_10_DECIMAL): no conversion on write.
    expect(list.get(FRIEREN)).toMatchObject({ status: 'CURRENT', progress: 12, progressVolumes: 2, startedAt: { year: 2025, month: 3, day: null } });
    expect(list.get(CHAINSAW_MAN)).toMatchObject({ status: 'PLANNING', private: true, notes: 'later' });
  });

  it('clears a score and a date', async () => {
    await signIn(h);
    okValue(await aliceTracker(h).saveEntries([{ mediaId: String(BERSERK), score: null, startedAt: null }]));
    expect(storedList(h).get(BERSERK)).toMatchObject({ scoreRaw: 0, startedAt: { year: null, month: null, day: null } });
  });

  it(`splits a batch bigger than ${SAVE_BATCH_LIMIT} into requests the complexity limit accepts`, async () => {
    const media = extraMedia(2 * SAVE_BATCH_LIMIT + 1);
    seedWith(h, { media });
    await signIn(h);
    const writes = media.map((m, i): EntryWrite => ({ mediaId: String(m.id), status: 'reading', progress: i + 1 }));
    const saved = okValue<RemoteEntry[]>(await aliceTracker(h).saveEntries(writes));
    expect(graphqlRequests(h)).toBe(3);
    expect(saved.map((e) => [e.media.id, e.progress])).toEqual(writes.map((w) => [w.mediaId, w.progress]));
    const list = storedList(h);
    for (const m of media) expect(list.get(m.id)?.status).toBe('CURRENT');
  });

  it('writes nothing when one alias is invalid, and says why', async () => {
    await signIn(h);
    const before = storedList(h);
    const result = await aliceTracker(h).saveEntries([
      { mediaId: String(BERSERK), progress: 500 },
      { mediaId: '999999999', status: 'reading' },
    ]);
    expect(result).toMatchObject({ kind: 'permanent', message: expect.stringMatching(/^AniList rejected the change: mediaId: .*invalid/) as string });
    expect(storedList(h)).toEqual(before);
  });

  it('resolves to [] for no writes, without a request', async () => {
    await signIn(h);
    expect(await aliceTracker(h).saveEntries([])).toEqual({ kind: 'ok', value: [] });
    expect(graphqlRequests(h)).toBe(0);
  });
});

describe('deleteEntry', () => {
  it('reads the entry for its list-entry id, then deletes it', async () => {
    await signIn(h);
    expect(await aliceTracker(h).deleteEntry(String(MONSTER))).toEqual({ kind: 'ok', value: null });
    expect(storedList(h).has(MONSTER)).toBe(false);
    const [read, remove] = h.internet.log.entries({ host: 'graphql.anilist.co' });
    expect(read?.body).toContain('MediaList(');
    expect(remove?.body).toContain('DeleteMediaListEntry');
    expect(JSON.parse(remove?.body ?? '{}')).toMatchObject({ variables: { id: 12 } });
  });

  it('is a no-op success when the manga is not on the list', async () => {
    await signIn(h);
    expect(await aliceTracker(h).deleteEntry(String(ONE_PIECE))).toEqual({ kind: 'ok', value: null });
    expect(graphqlRequests(h)).toBe(1);
    expect(storedList(h).size).toBe(3);
  });
});

describe('search and lookup', () => {
  it('looks up by MAL id among manga only (MAL id 1 is also the anime Cowboy Bebop)', async () => {
    await signIn(h);
    const result = await aliceTracker(h).lookup({ mal: 1 });
    expect(result).toMatchObject({ kind: 'ok', value: { id: String(MONSTER), title: 'Monster', crossIds: { anilist: MONSTER, mal: 1 } } });
  });

  it('looks up by AniList id, and answers null for unknown ids or an anime id', async () => {
    await signIn(h);
    const tracker = aliceTracker(h);
    expect(await tracker.lookup({ anilist: VAGABOND })).toMatchObject({ kind: 'ok', value: { title: 'Vagabond', chapters: 327, volumes: 37 } });
    expect(await tracker.lookup({ mal: 99_999_999 })).toEqual({ kind: 'ok', value: null });
    expect(await tracker.lookup({ anilist: 1 })).toEqual({ kind: 'ok', value: null });
    expect(await tracker.lookup({ kitsu: '24' })).toEqual({ kind: 'ok', value: null });
    expect(graphqlRequests(h)).toBe(3);
  });
});
