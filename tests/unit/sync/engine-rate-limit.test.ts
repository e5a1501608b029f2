/** Its own file: a 429 pauses the service's (per-worker) rate limiter, which must not leak into other tests. */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { listOutbox } from '../../../lib/library/outbox';
import { listSeries } from '../../../lib/library/series';
import { applyLocalChange } from '../../../lib/sync/edit';
import { runSync } from '../../../lib/sync/engine';
import type { FakeInternet } from '../../fakes';
import { connectAll, resetLibrary, startWorld, USERS, useFakeInternet } from './world';

const T = 1_790_000_000; // unix seconds
const iso = (s: number) => new Date(s * 1000).toISOString();

// Real per-service pacing (AniList 30/min, Kitsu and MAL 60/min) makes these runs take seconds, by design.
vi.setConfig({ testTimeout: 60_000 });

let internet: FakeInternet;
beforeAll(async () => {
  internet = await startWorld();
});
afterAll(() => internet.close());
afterEach(resetLibrary);

function seed() {
  internet.reset();
  internet.services.anilist!.seed({
    users: [{
      id: USERS.anilist.id, name: USERS.anilist.name, scoreFormat: 'POINT_10_DECIMAL',
      list: [
        { mediaId: 118586, status: 'CURRENT', progress: 110, scoreRaw: 90, updatedAt: T + 500 },
        { mediaId: 30002, status: 'CURRENT', progress: 350, scoreRaw: 95, updatedAt: T + 300 },
      ],
    }],
  });
  internet.services.mal!.seed({
    clients: [{ id: 'mal-client', redirectUri: 'https://example.test/' }],
    users: [{
      id: USERS.mal.id, name: USERS.mal.name,
      list: [
        { mangaId: 126287, status: 'reading', num_chapters_read: 100, score: 9, updated_at: iso(T + 100) },
        { mangaId: 1, status: 'plan_to_read', updated_at: iso(T + 50) },
      ],
    }],
  });
  internet.services.kitsu!.seed({
    users: [{
      id: USERS.kitsu.id, name: USERS.kitsu.name, password: 'pw', ratingSystem: 'advanced',
      list: [{ mangaId: '24', status: 'current', progress: 340, ratingTwenty: 19, updatedAt: iso(T + 200) }],
    }],
  });
}

describe('sync engine under a rate limit', () => {
  beforeEach(async () => {
    seed();
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
