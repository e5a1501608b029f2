import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { saveCredentials } from '../../../../lib/auth/credentials';
import { KITSU_PUBLIC_CLIENT } from '../../../../lib/trackers/kitsu/auth';
import type { KitsuSeedInput } from '../../../fakes/kitsu';
import { fakeState, SEED, useKitsuWorld, value } from './harness';

const world = useKitsuWorld();
const JSONAPI = 'application/vnd.api+json';
const kitsuLog = () => world.internet.log.entries({ service: 'kitsu' });

// Every request of every test here: Accept JSON:API, and POST/PATCH with the JSON:API Content-Type — the fake
// answers 415 otherwise (API-FACTS §C), so no 415 may appear.
afterEach(() => {
  for (const entry of kitsuLog()) {
    expect(entry.status, `${entry.method} ${entry.path}`).not.toBe(415);
    expect(entry.headers.accept).toBe(JSONAPI);
    if (entry.method === 'POST' || entry.method === 'PATCH') expect(entry.headers['content-type']).toBe(JSONAPI);
  }
});

describe('viewer', () => {
  it('is the signed-in user with their rating system', async () => {
    const tracker = await world.signIn();
    expect(value(await tracker.viewer())).toEqual({ id: '1', name: 'Reader', scoreSetting: 'advanced' });
    expect(kitsuLog().map((e) => e.path)).toEqual(['/api/edge/users?filter[self]=true']);
  });

  it('reports a token Kitsu does not know (served anonymously, data: []) as auth', async () => {
    const tracker = await world.signIn();
    await saveCredentials('kitsu', { accessToken: 'never-issued', refreshToken: null, expiresAt: null, clientId: KITSU_PUBLIC_CLIENT.id });
    expect(await tracker.viewer()).toEqual({ kind: 'auth', message: expect.stringContaining('not signed in') as unknown });
  });
});

describe('listEntries', () => {
  it('reads every manga entry, private ones included, in canonical terms', async () => {
    const tracker = await world.signIn();
    const entries = value(await tracker.listEntries());
    expect(entries.map((e) => e.entryId)).toEqual(['102', '101', '100']); // sort=-updatedAt
    const byId = new Map(entries.map((e) => [e.entryId, e]));
    expect(byId.get('100')).toMatchObject({
      media: { id: '24', title: 'Berserk', url: 'https://kitsu.app/manga/berserk' }, status: 'reading', progress: 300,
      progressVolumes: null, score: 85, startedAt: { year: 2024, month: 3, day: 5 }, updatedAt: Date.parse('2025-01-01T00:00:00.000Z'),
    });
    expect(byId.get('101')).toMatchObject({ status: 'completed', rereads: 2, notes: 'again', score: 100, completedAt: { year: 2024, month: 12, day: 24 } });
    expect(byId.get('102')).toMatchObject({ status: 'rereading', private: true, score: null, notes: '' });
    const [request] = kitsuLog();
    expect(request?.path).toBe(
      '/api/edge/library-entries?filter[userId]=1&filter[kind]=manga&include=manga&page[limit]=500&page[offset]=0&sort=-updatedAt',
    );
  });

  it('follows links.next past 500 entries, with the manga included on every page', async () => {
    const extra = Array.from({ length: 520 }, (_, i) => ({ id: 5000 + i, slug: `series-${i}`, canonicalTitle: `Series ${i}`, chapterCount: 50 }));
    const reader = SEED.users?.[0];
    const seed: KitsuSeedInput = {
      users: [{ ...reader!, list: [...(reader!.list ?? []), ...extra.map((m) => ({ mangaId: m.id, status: 'planned' as const }))] }],
      manga: extra,
    };
    world.fake.seed(seed);
    const tracker = await world.signIn();
    const entries = value(await tracker.listEntries());
    expect(entries).toHaveLength(523);
    expect(new Set(entries.map((e) => e.entryId)).size).toBe(523);
    expect(entries.find((e) => e.media.id === '5519')?.media.title).toBe('Series 519');
    const pages = kitsuLog();
    expect(pages).toHaveLength(2);
    for (const page of pages) expect(decodeURIComponent(page.path)).toContain('include=manga');
    expect(decodeURIComponent(pages[1]!.path)).toContain('page[offset]=500');
  });

  it('asks only for entries changed since a time (filter[since], ISO)', async () => {
    const tracker = await world.signIn();
    const entries = value(await tracker.listEntries({ since: Date.parse('2025-01-10T00:00:00.000Z') }));
    expect(entries.map((e) => e.entryId).sort()).toEqual(['101', '102']);
    expect(kitsuLog()[0]?.path).toContain('filter[since]=2025-01-10T00%3A00%3A00.000Z');
  });

  it('needs the connected account id, and says so without asking Kitsu', async () => {
    const tracker = await world.signIn('Reader', { account: null });
    expect(await tracker.listEntries()).toMatchObject({ kind: 'permanent', message: expect.stringContaining('reconnect Kitsu') as unknown });
    expect(kitsuLog()).toHaveLength(0);
  });

  it('does not follow a paging link off kitsu.app (it would carry the token)', async () => {
    const tracker = await world.signIn();
    world.internet.faults.add({
      service: 'kitsu', status: 200, headers: { 'content-type': JSONAPI },
      body: JSON.stringify({ data: [], links: { next: 'https://evil.example/api/edge/library-entries?page[offset]=500' } }),
    });
    expect(await tracker.listEntries()).toMatchObject({ kind: 'permanent' });
    expect(world.internet.log.count()).toBe(1);
  });
});

describe('getEntry', () => {
  it('finds the entry by manga id, or null when it is not on the list', async () => {
    const tracker = await world.signIn();
    expect(value(await tracker.getEntry('183'))).toMatchObject({ entryId: '101', media: { id: '183', chapters: 327, volumes: 37 } });
    expect(kitsuLog()[0]?.path).toBe('/api/edge/library-entries?filter[userId]=1&filter[mangaId]=183&include=manga');
    // Manga 8 is on another user's list only.
    expect(value(await tracker.getEntry('8'))).toBeNull();
    expect(await tracker.getEntry('monster')).toMatchObject({ kind: 'permanent' });
  });
});

const Written = z.object({
  data: z.object({
    id: z.string().optional(),
    type: z.string(),
    attributes: z.record(z.string(), z.unknown()),
    relationships: z.record(z.string(), z.object({ data: z.object({ type: z.string(), id: z.string() }) })).optional(),
  }),
});

describe('saveEntries', () => {
  it('creates with POST (201, manga and user relationships), then updates with PATCH; never writes volumesOwned', async () => {
    const tracker = await world.signIn();
    const [created] = value(await tracker.saveEntries([{ mediaId: '8', status: 'reading', progress: 10, progressVolumes: 2, score: 85 }]));
    expect(created).toMatchObject({ media: { id: '8', title: 'Monster' }, status: 'reading', progress: 10, score: 85, progressVolumes: null });
    const post = kitsuLog().find((e) => e.method === 'POST');
    expect(post?.status).toBe(201);
    const postBody = Written.parse(JSON.parse(post!.body));
    expect(postBody.data.relationships).toEqual({ manga: { data: { type: 'manga', id: '8' } }, user: { data: { type: 'users', id: '1' } } });
    expect(postBody.data.attributes).toEqual({ status: 'current', reconsuming: false, progress: 10, ratingTwenty: 17 });

    world.internet.log.clear();
    const [updated] = value(await tracker.saveEntries([{ mediaId: '8', progress: 12.5, progressVolumes: 3 }]));
    expect(updated).toMatchObject({ entryId: created!.entryId, progress: 12, media: { title: 'Monster' } });
    expect(kitsuLog().map((e) => `${e.method} ${e.status ?? ''}`)).toEqual(['GET 200', 'PATCH 200']);
    const patch = Written.parse(JSON.parse(kitsuLog()[1]!.body));
    expect(patch.data).toEqual({ id: created!.entryId, type: 'libraryEntries', attributes: { progress: 12 } });

    const stored = fakeState(world.fake).entries.find((e) => e.userId === '1' && e.mangaId === '8');
    expect(stored).toMatchObject({ status: 'current', progress: 12, ratingTwenty: 17, volumesOwned: 0 });
    for (const entry of kitsuLog()) expect(entry.body).not.toContain('volumesOwned');
  });

  it('writes several entries one request each, in order, and skips writes that change nothing', async () => {
    const tracker = await world.signIn();
    const saved = value(
      await tracker.saveEntries([
        { mediaId: '183', notes: '', private: true, startedAt: { year: 2023, month: 4, day: null } },
        { mediaId: '24' },
      ]),
    );
    expect(saved.map((e) => e.entryId)).toEqual(['101', '100']);
    expect(saved[0]).toMatchObject({ notes: '', private: true, startedAt: { year: 2023, month: 4, day: 1 } });
    expect(kitsuLog().map((e) => e.method)).toEqual(['GET', 'PATCH', 'GET']);
  });

  it('returns Kitsu’s validation detail when progress exceeds the chapter count', async () => {
    const tracker = await world.signIn();
    const result = await tracker.saveEntries([{ mediaId: '183', progress: 400 }]);
    expect(result).toEqual({
      kind: 'permanent',
      message: 'Kitsu refused the change: progress - cannot exceed length of media (at /data/attributes/progress).',
    });
    expect(fakeState(world.fake).entries.find((e) => e.id === '101')?.progress).toBe(327);
  });
});

describe('deleteEntry', () => {
  it('deletes by entry id, and succeeds without a request when there is nothing to delete', async () => {
    const tracker = await world.signIn();
    expect(value(await tracker.deleteEntry('183'))).toBeNull();
    expect(kitsuLog().map((e) => `${e.method} ${e.path} ${e.status ?? ''}`).at(-1)).toBe('DELETE /api/edge/library-entries/101 204');
    expect(fakeState(world.fake).entries.map((e) => e.id)).not.toContain('101');
    world.internet.log.clear();
    expect(value(await tracker.deleteEntry('183'))).toBeNull();
    expect(kitsuLog().map((e) => e.method)).toEqual(['GET']);
  });
});

describe('search and lookup', () => {
  it('finds a manga by MAL id or AniList id through /mappings, and by Kitsu id or slug directly', async () => {
    const tracker = await world.signIn();
    expect(value(await tracker.lookup({ mal: 656 }))).toMatchObject({ id: '183', title: 'Vagabond', crossIds: { kitsu: '183', mal: 656 } });
    expect(kitsuLog()[0]?.path).toBe('/api/edge/mappings?filter[externalSite]=myanimelist%2Fmanga&filter[externalId]=656&include=item');
    expect(value(await tracker.lookup({ anilist: 30013 }))).toMatchObject({ id: '38', crossIds: { kitsu: '38', anilist: 30013 } });
    expect(value(await tracker.lookup({ kitsu: '8' }))).toMatchObject({ id: '8', title: 'Monster' });
    expect(value(await tracker.lookup({ kitsu: 'monster' }))).toMatchObject({ id: '8' });
    // An unknown MAL id falls through to the AniList id; nothing known at all is null.
    expect(value(await tracker.lookup({ mal: 999_999, anilist: 30656 }))).toMatchObject({ id: '183' });
    expect(value(await tracker.lookup({ mal: 999_999 }))).toBeNull();
    expect(value(await tracker.lookup({}))).toBeNull();
  });
});
