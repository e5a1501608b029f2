import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { listBindings } from '../../../lib/library/bindings';
import { listEntries } from '../../../lib/library/entries';
import { listOutbox } from '../../../lib/library/outbox';
import { listSeries } from '../../../lib/library/series';
import { readLog } from '../../../lib/library/sync-log';
import { applyLocalChange } from '../../../lib/sync/edit';
import { runSync } from '../../../lib/sync/engine';
import type { FakeInternet } from '../../fakes';
import { connectAll, resetLibrary, seedOverlappingLists, startWorld, useFakeInternet, writeCounts } from './world';

// The services' pace is tested on its own (rate-limiter, http); here it would only make the test slow.
vi.mock('../../../lib/trackers/rate-limiter', async (importOriginal) => {
  const original = await importOriginal<typeof import('../../../lib/trackers/rate-limiter')>();
  return { ...original, createRateLimiter: () => original.createRateLimiter({ perMinute: 6000, burst: 100 }) };
});

// Real per-service pacing (AniList 30/min, Kitsu and MAL 60/min) makes these runs take seconds, by design.
vi.setConfig({ testTimeout: 60_000 });

let internet: FakeInternet;
beforeAll(async () => {
  internet = await startWorld();
});
afterAll(() => internet.close());
afterEach(resetLibrary);

describe('sync engine against the three fakes', () => {
  beforeEach(async () => {
    seedOverlappingLists(internet);
    useFakeInternet(internet);
    await connectAll(internet);
  });

  it('joins overlapping lists into one series per manga and brings every service up to date', async () => {
    const runs = await runSync();
    expect(runs.map((r) => [r.service, r.ok])).toEqual([['anilist', true], ['mal', true], ['kitsu', true]]);

    const series = await listSeries();
    expect(series.map((s) => s.title).sort()).toEqual(['Berserk', 'Monster', 'Sousou no Frieren']);
    expect(series.find((s) => s.title === 'Berserk')?.ids).toMatchObject({ anilist: 30002, mal: 2, kitsu: '24' });
    const entries = await listEntries();
    expect(entries).toHaveLength(3);

    // Frieren: AniList's 110 is the later change (T+500 over MAL's T+100) → MAL and Kitsu get 110.
    const mal = internet.services.mal!.state() as { users: { list: { mangaId: number; num_chapters_read: number; status: string }[] }[] };
    const malList = mal.users[0]!.list;
    expect(malList.find((e) => e.mangaId === 126287)?.num_chapters_read).toBe(110);
    // Berserk was not on MAL: created there with AniList's 350 (later than Kitsu's 340).
    expect(malList.find((e) => e.mangaId === 2)).toMatchObject({ num_chapters_read: 350, status: 'reading' });
    const kitsu = internet.services.kitsu!.state() as { entries: { mangaId: string; progress: number; status: string }[] };
    expect(kitsu.entries.find((e) => e.mangaId === '24')?.progress).toBe(350);
    expect(kitsu.entries.find((e) => e.mangaId === '44037')).toMatchObject({ progress: 110, status: 'current' });
    // Monster, planned on MAL only, reaches the others as planned.
    expect(kitsu.entries.find((e) => e.mangaId === '8')?.status).toBe('planned');
    const anilist = internet.services.anilist!.state() as { users: { list: { mediaId: number; status: string }[] }[] };
    expect(anilist.users[0]!.list.find((e) => e.mediaId === 30001)?.status).toBe('PLANNING');

    expect(await listOutbox()).toEqual([]);
    expect((await listBindings()).length).toBe(9);
    const log = await readLog({ limit: 50 });
    expect(log.filter((r) => r.kind === 'conflict').length).toBeGreaterThan(0);
  });

  it('makes zero write requests when nothing changed', async () => {
    await runSync();
    internet.log.clear();
    const runs = await runSync();
    expect(writeCounts(internet)).toEqual({ anilist: 0, mal: 0, kitsu: 0 });
    expect(runs.every((r) => r.ok && r.changesOut === 0)).toBe(true);
  });

  it('sends a local edit to every service, converted to each one’s terms', async () => {
    await runSync();
    const frieren = (await listSeries()).find((s) => s.title === 'Sousou no Frieren')!;
    internet.log.clear();
    await applyLocalChange(frieren.id, { progress: 112.5, score: 85 });
    const mal = internet.services.mal!.state() as { users: { list: { mangaId: number; num_chapters_read: number; score: number }[] }[] };
    expect(mal.users[0]!.list.find((e) => e.mangaId === 126287)).toMatchObject({ num_chapters_read: 112, score: 9 });
    const kitsu = internet.services.kitsu!.state() as { entries: { mangaId: string; progress: number; ratingTwenty: number }[] };
    expect(kitsu.entries.find((e) => e.mangaId === '44037')).toMatchObject({ progress: 112, ratingTwenty: 17 });
    expect(writeCounts(internet)).toEqual({ anilist: 1, mal: 1, kitsu: 1 });
    // And the next sync has nothing left to do.
    internet.log.clear();
    await runSync();
    expect(writeCounts(internet)).toEqual({ anilist: 0, mal: 0, kitsu: 0 });
  });

  it('keeps changes queued when a service fails, and sends them once it is back', async () => {
    await runSync();
    const frieren = (await listSeries()).find((s) => s.title === 'Sousou no Frieren')!;
    internet.faults.add({ service: 'mal', method: 'PATCH', status: 503, times: 10 });
    await applyLocalChange(frieren.id, { progress: 115 });
    const queued = await listOutbox();
    expect(queued.map((i) => [i.service, i.state, i.fields])).toEqual([['mal', 'pending', ['progress']]]);
    const kitsu = internet.services.kitsu!.state() as { entries: { mangaId: string; progress: number }[] };
    expect(kitsu.entries.find((e) => e.mangaId === '44037')?.progress).toBe(115);

    internet.faults.clear();
    const { flushService } = await import('../../../lib/sync/flush');
    const { serviceContext } = await import('../../../lib/sync/context');
    await flushService((await serviceContext('mal'))!, () => Date.now() + 3_600_000);
    expect(await listOutbox()).toEqual([]);
    const mal = internet.services.mal!.state() as { users: { list: { mangaId: number; num_chapters_read: number }[] }[] };
    expect(mal.users[0]!.list.find((e) => e.mangaId === 126287)?.num_chapters_read).toBe(115);
  });
});
