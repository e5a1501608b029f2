/** Its own file: a 429 pauses the service's (per-worker) rate limiter, which must not leak into other tests. */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { listOutbox } from '../../../lib/library/outbox';
import { listSeries } from '../../../lib/library/series';
import { applyLocalChange } from '../../../lib/sync/edit';
import { runSync } from '../../../lib/sync/engine';
import type { FakeInternet } from '../../fakes';
import { connectAll, resetLibrary, seedOverlappingLists, startWorld, useFakeInternet } from './world';

// Real per-service pacing makes these runs take seconds, by design.
vi.setConfig({ testTimeout: 60_000 });

let internet: FakeInternet;
beforeAll(async () => {
  internet = await startWorld();
});
afterAll(() => internet.close());
afterEach(resetLibrary);

describe('sync engine under a rate limit', () => {
  beforeEach(async () => {
    seedOverlappingLists(internet);
    useFakeInternet(internet);
    await connectAll(internet);
  });

  it('a rate-limited service is delayed without holding the others back, and loses nothing', async () => {
    await runSync();
    const frieren = (await listSeries()).find((s) => s.title === 'Sousou no Frieren')!;
    internet.faults.add({ host: 'graphql.anilist.co', status: 429, headers: { 'retry-after': '120' }, times: 20 });
    await applyLocalChange(frieren.id, { progress: 120 });
    const queued = await listOutbox();
    expect(queued.map((i) => [i.service, i.state])).toEqual([['anilist', 'pending']]);
    expect(queued[0]!.nextAttemptAt).toBeGreaterThan(Date.now() + 100_000);
    const mal = internet.services.mal!.state() as { users: { list: { mangaId: number; num_chapters_read: number }[] }[] };
    expect(mal.users[0]!.list.find((e) => e.mangaId === 126287)?.num_chapters_read).toBe(120);
    const kitsu = internet.services.kitsu!.state() as { entries: { mangaId: string; progress: number }[] };
    expect(kitsu.entries.find((e) => e.mangaId === '44037')?.progress).toBe(120);
  });

});
