import { describe, expect, it, vi } from 'vitest';
import { getEntry } from '../../../lib/library/entries';
import { findSeriesByIds } from '../../../lib/library/series';
import { applyLocalChange } from '../../../lib/sync/edit';
import { runSync } from '../../../lib/sync/engine';
import { malDelete } from '../../../tests/unit/sync/phone';
import { useSyncWorld } from '../../../tests/unit/sync/world';
vi.mock('../../../lib/trackers/rate-limiter', async (importOriginal) => {
  const original = await importOriginal<typeof import('../../../lib/trackers/rate-limiter')>();
  return { ...original, createRateLimiter: () => original.createRateLimiter({ perMinute: 6000, burst: 100 }) };
});
const world = useSyncWorld();
describe('probe', () => {
  it('mal recreate', async () => {
    await runSync();
    const s = (await findSeriesByIds({ mal: 2 }))[0]!;
    process.stderr.write(`BEFORE ${JSON.stringify(await getEntry(s.id))}\n`);
    await malDelete(world.internet, 2);
    await applyLocalChange(s.id, { progress: 351 });
    await runSync();
    process.stderr.write(`AFTER ${JSON.stringify(await getEntry(s.id))}\n`);
    process.stderr.write(`MAL ${JSON.stringify((world.internet.services.mal!.state() as any).users[0].list.find((e: any) => e.mangaId === 2))}\n`);
    expect(1).toBe(1);
  });
});
