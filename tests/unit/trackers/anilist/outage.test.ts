/**
 * AniList's 403 "temporarily disabled" (API-FACTS §A: an outage, or a request without a Referer) is its own health
 * state: "AniList's API is unavailable", retried later like an outage, never a sign-in problem.
 */
import { describe, expect, it, vi } from 'vitest';
import { readConnectionStatuses } from '../../../../lib/library/connections';
import { listOutbox } from '../../../../lib/library/outbox';
import { listSeries } from '../../../../lib/library/series';
import { readProblems } from '../../../../lib/background/feedback/problems';
import { applyLocalChange } from '../../../../lib/sync/edit';
import { runSync } from '../../../../lib/sync/engine';
import { flushService } from '../../../../lib/sync/flush';
import { checkHealth } from '../../../../lib/trackers/accounts';
import { serviceContext } from '../../../../lib/sync/context';
import { API_DISABLED_BODY } from '../../../fakes/anilist/http';
import { useSyncWorld } from '../../sync/world';

vi.setConfig({ testTimeout: 60_000 });

const world = useSyncWorld();

/** AniList switches its API off for everyone, as it did on 2024-11-10 and 2026-04-24 (the same 403 as the gate). */
const switchOff = (times = 50) =>
  world.internet.faults.add({ host: 'graphql.anilist.co', times, status: 403, headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(API_DISABLED_BODY) });
const aniListStatus = async () => (await readConnectionStatuses()).find((s) => s.id === 'anilist')!;

describe("AniList's API is unavailable", () => {
  it('is its own state with a message that says so, and is not a sign-in problem', async () => {
    switchOff();
    await checkHealth(['anilist']);
    const status = await aniListStatus();
    expect(status.state).toBe('unavailable');
    expect(status.lastError).toBe("AniList's API is unavailable (The AniList API has been temporarily disabled due to severe stability issues.); will retry.");
    // No "reconnect AniList" anywhere: the badge's problems do not list it.
    expect((await readProblems()).filter((p) => p.service === 'anilist')).toEqual([]);

    world.internet.faults.clear();
    await checkHealth(['anilist']);
    expect((await aniListStatus()).state).toBe('connected');
  });

  it('keeps a change queued as an outage (due again soon, not failed, not waiting for sign-in) and sends it once AniList is back', async () => {
    await runSync();
    const frieren = (await listSeries()).find((s) => s.title === 'Sousou no Frieren')!;
    switchOff();
    const before = Date.now();
    await applyLocalChange(frieren.id, { progress: 116 });
    const queued = (await listOutbox()).filter((i) => i.service === 'anilist');
    expect(queued.map((i) => [i.state, i.fields])).toEqual([['pending', ['progress']]]);
    // Retried like an outage: soon (seconds), again and again, never given up on.
    expect(queued[0]!.attempts).toBeGreaterThanOrEqual(1);
    expect(queued[0]!.nextAttemptAt - before).toBeLessThan(30_000);
    expect(queued[0]!.lastError).toMatch(/^AniList's API is unavailable/);
    expect((await aniListStatus()).state).toBe('unavailable');

    world.internet.faults.clear();
    await flushService((await serviceContext('anilist'))!, () => Date.now() + 3_600_000);
    expect(await listOutbox()).toEqual([]);
    const anilist = world.internet.services.anilist!.state() as { users: { list: { mediaId: number; progress: number }[] }[] };
    expect(anilist.users[0]!.list.find((e) => e.mediaId === 118586)?.progress).toBe(116);
    expect((await aniListStatus()).state).toBe('connected');
  });
});
