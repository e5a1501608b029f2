import { deleteDB, type IDBPDatabase } from 'idb';
import { afterEach, describe, expect, it } from 'vitest';
import { DB_NAME, openDatabase } from '../../../lib/library/db';
import {
  completeItem, countPending, discardItem, dueItems, enqueueWrite, failItem, listOutbox, nextWakeAt, releaseAuthWaits,
  retryDelayMs, retryFailed,
} from '../../../lib/library/outbox';
import type { CallFailure } from '../../../lib/trackers/tracker';

afterEach(async () => {
  await deleteDB(DB_NAME);
});

const T0 = 1_700_000_000_000;
const SECOND = 1_000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const noJitter = () => 0.5;
const transient: CallFailure = { kind: 'transient', message: 'AniList: the service did not answer.' };
const auth: CallFailure = { kind: 'auth', message: 'AniList: sign in again.' };
const permanent: CallFailure = { kind: 'permanent', message: 'AniList: the entry was refused.' };

/** One item for AniList's s1, as a flush would have read it. */
async function sentItem() {
  await enqueueWrite('anilist', 's1', '30002', { progress: 12 }, T0);
  const [item] = await dueItems('anilist', T0);
  return item!;
}

describe('enqueueing', () => {
  it('coalesces two intents for one series into one item: fields merged, the newer value wins', async () => {
    await enqueueWrite('anilist', 's1', '30002', { progress: 12, status: 'reading' }, T0);
    await enqueueWrite('anilist', 's1', '30002', { progress: 13, score: 80 }, T0 + SECOND);
    const items = await listOutbox();
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({
      id: 'anilist:s1', write: { progress: 13, status: 'reading', score: 80 }, version: 2, createdAt: T0, updatedAt: T0 + SECOND,
    });
  });

  it('keeps services and series apart', async () => {
    await enqueueWrite('anilist', 's1', '30002', { progress: 12 }, T0);
    await enqueueWrite('mal', 's1', '2', { progress: 12 }, T0);
    await enqueueWrite('anilist', 's2', '118586', { progress: 3 }, T0);
    expect((await listOutbox()).map((i) => i.id).sort()).toEqual(['anilist:s1', 'anilist:s2', 'mal:s1']);
    expect(await countPending('anilist')).toBe(2);
  });

  it('never blanks a field with an undefined value, and queues nothing for an empty write', async () => {
    await enqueueWrite('anilist', 's1', '30002', { score: 80 }, T0);
    await enqueueWrite('anilist', 's1', '30002', { score: undefined, progress: 4 }, T0);
    expect((await listOutbox())[0]?.write).toEqual({ score: 80, progress: 4 });
    expect(await enqueueWrite('mal', 's1', '2', {}, T0)).toBeNull();
    expect(await listOutbox()).toHaveLength(1);
  });

  it('hands out due items oldest first, and only those due', async () => {
    await enqueueWrite('anilist', 's2', '118586', { progress: 3 }, T0 + SECOND);
    await enqueueWrite('anilist', 's1', '30002', { progress: 12 }, T0);
    await enqueueWrite('anilist', 's3', '1', { progress: 1 }, T0 + 2 * SECOND);
    await failItem('anilist:s3', 1, transient, T0 + 2 * SECOND, noJitter);
    expect((await dueItems('anilist', T0 + 10 * SECOND)).map((i) => i.seriesId)).toEqual(['s1', 's2']);
    expect(await dueItems('anilist', T0 - 1)).toEqual([]);
    expect(await dueItems('mal', T0 + HOUR)).toEqual([]);
  });
});

describe('completing', () => {
  it('removes an item the service confirmed', async () => {
    const item = await sentItem();
    await completeItem(item.id, item.version, item.write);
    expect(await listOutbox()).toEqual([]);
  });

  it('keeps what changed while the write was in flight', async () => {
    const item = await sentItem();
    await enqueueWrite('anilist', 's1', '30002', { progress: 14, score: 90 }, T0 + SECOND);
    await completeItem(item.id, item.version, item.write);
    const [rest] = await listOutbox();
    expect(rest).toMatchObject({ write: { progress: 14, score: 90 }, version: 2, state: 'pending' });
  });

  it('drops only the fields the service already has when a newer intent repeats some of them', async () => {
    await enqueueWrite('anilist', 's1', '30002', { progress: 12, startedAt: { year: 2024, month: 3, day: 1 } }, T0);
    const [item] = await dueItems('anilist', T0);
    await enqueueWrite('anilist', 's1', '30002', { status: 'completed' }, T0 + SECOND);
    await completeItem(item!.id, item!.version, item!.write);
    expect((await listOutbox())[0]?.write).toEqual({ status: 'completed' });
  });

  it('removes the item when the newer intent only repeated what was sent', async () => {
    const item = await sentItem();
    await enqueueWrite('anilist', 's1', '30002', { progress: 12 }, T0 + SECOND);
    await completeItem(item.id, item.version, item.write);
    expect(await listOutbox()).toEqual([]);
  });

  it('is harmless for an item discarded meanwhile', async () => {
    const item = await sentItem();
    await discardItem(item.id);
    await completeItem(item.id, item.version, item.write);
    expect(await listOutbox()).toEqual([]);
  });
});

describe('failing', () => {
  it('backs off exponentially from 30 s, doubling per attempt, capped at an hour', () => {
    const delays = [1, 2, 3, 4, 5, 6, 7, 8, 20, 5000].map((attempt) => retryDelayMs(attempt, noJitter));
    expect(delays).toEqual([30, 60, 120, 240, 480, 960, 1920, 3600, 3600, 3600].map((s) => s * SECOND));
  });

  it('jitters by up to 20% either way and never past the cap', () => {
    expect(retryDelayMs(1, () => 0)).toBe(24 * SECOND);
    expect(retryDelayMs(1, () => 1)).toBe(36 * SECOND);
    expect(retryDelayMs(3, () => 0.25)).toBe(108 * SECOND);
    expect(retryDelayMs(8, () => 0)).toBe(48 * MINUTE);
    expect(retryDelayMs(8, () => 1)).toBe(HOUR);
  });

  it('schedules each transient retry later than the last', async () => {
    const item = await sentItem();
    const schedule: number[] = [];
    let now = T0;
    for (let i = 0; i < 4; i++) {
      const failed = await failItem(item.id, item.version, transient, now, noJitter);
      schedule.push(failed!.nextAttemptAt - now);
      now = failed!.nextAttemptAt;
    }
    expect(schedule).toEqual([30 * SECOND, 60 * SECOND, 120 * SECOND, 240 * SECOND]);
    expect((await listOutbox())[0]).toMatchObject({ attempts: 4, state: 'pending', lastError: transient.message });
    expect(await nextWakeAt()).toBe(now);
  });

  it('waits as long as a rate limit asks', async () => {
    const item = await sentItem();
    await failItem(item.id, item.version, { kind: 'rateLimited', retryAfterMs: 90 * SECOND, message: 'AniList: slow down.' }, T0);
    expect(await dueItems('anilist', T0 + 89 * SECOND)).toEqual([]);
    expect(await dueItems('anilist', T0 + 90 * SECOND)).toHaveLength(1);
  });

  it('holds items for a sign-in until released, then sends them at once', async () => {
    const item = await sentItem();
    await enqueueWrite('mal', 's1', '2', { progress: 12 }, T0);
    await failItem(item.id, item.version, auth, T0);
    expect(await dueItems('anilist', T0 + 10 * HOUR)).toEqual([]);
    expect(await nextWakeAt()).toBe(T0);
    // A new edit does not fix the credentials: it is merged but keeps waiting.
    await enqueueWrite('anilist', 's1', '30002', { progress: 13 }, T0 + MINUTE);
    expect((await listOutbox()).find((i) => i.service === 'anilist')).toMatchObject({ state: 'waitingAuth', write: { progress: 13 } });

    expect(await releaseAuthWaits('anilist', T0 + HOUR)).toBe(1);
    const [released] = await dueItems('anilist', T0 + HOUR);
    expect(released).toMatchObject({ state: 'pending', attempts: 0, nextAttemptAt: T0 + HOUR, lastError: null });
  });

  it('keeps a permanently failed item for the user to retry or discard', async () => {
    const item = await sentItem();
    await failItem(item.id, item.version, permanent, T0);
    expect(await listOutbox()).toMatchObject([{ state: 'failed', lastError: permanent.message, write: { progress: 12 } }]);
    expect(await dueItems('anilist', T0 + 10 * HOUR)).toEqual([]);
    expect(await countPending()).toBe(0);
    expect(await nextWakeAt()).toBeNull();

    expect(await retryFailed(item.id, T0 + HOUR)).toBe(true);
    expect(await dueItems('anilist', T0 + HOUR)).toHaveLength(1);
    await failItem(item.id, item.version, permanent, T0 + HOUR);
    await discardItem(item.id);
    expect(await listOutbox()).toEqual([]);
  });

  it('does not fail a newer intent for a permanent failure of an older send', async () => {
    const item = await sentItem();
    await enqueueWrite('anilist', 's1', '30002', { progress: 13 }, T0 + SECOND);
    await failItem(item.id, item.version, permanent, T0 + 2 * SECOND);
    expect(await dueItems('anilist', T0 + 2 * SECOND)).toMatchObject([{ version: 2, state: 'pending', write: { progress: 13 } }]);
  });

  it('puts a failed item back in line when the user edits the series again', async () => {
    const item = await sentItem();
    await failItem(item.id, item.version, permanent, T0);
    await enqueueWrite('anilist', 's1', '30002', { progress: 13 }, T0 + MINUTE);
    expect(await dueItems('anilist', T0 + MINUTE)).toMatchObject([{ state: 'pending', attempts: 0, lastError: null }]);
  });
});

describe('reading the outbox', () => {
  it('wakes for the earliest pending item only', async () => {
    expect(await nextWakeAt()).toBeNull();
    await enqueueWrite('anilist', 's1', '30002', { progress: 1 }, T0 + HOUR);
    await enqueueWrite('mal', 's1', '2', { progress: 1 }, T0);
    await failItem('mal:s1', 1, permanent, T0);
    expect(await nextWakeAt()).toBe(T0 + HOUR);
    expect(await countPending()).toBe(1);
  });

  it('skips a damaged item instead of failing the flush', async () => {
    await enqueueWrite('anilist', 's1', '30002', { progress: 1 }, T0);
    const db = (await openDatabase()) as unknown as IDBPDatabase;
    try {
      await db.put('outbox', { id: 'anilist:s2', service: 'anilist', write: 'progress=2' });
    } finally {
      db.close();
    }
    expect((await dueItems('anilist', T0)).map((i) => i.id)).toEqual(['anilist:s1']);
    expect(await listOutbox()).toHaveLength(1);
  });
});
