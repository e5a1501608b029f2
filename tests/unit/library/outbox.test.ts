import { deleteDB, type IDBPDatabase } from 'idb';
import { afterEach, describe, expect, it } from 'vitest';
import { DB_NAME, openDatabase } from '../../../lib/library/db';
import {
  completeItem, countPending, discardItem, discardService, dueItems, enqueueIntent, failItem, listOutbox, nextWakeAt,
  releaseAuthWaits, retryDelayMs, retryFailed,
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
  await enqueueIntent('anilist', 's1', '30002', ['progress'], T0);
  const [item] = await dueItems('anilist', T0);
  return item!;
}

describe('enqueueing intents', () => {
  it('coalesces two intents for one series into one item: the fields of both, a new version', async () => {
    await enqueueIntent('anilist', 's1', '30002', ['progress', 'status'], T0);
    await enqueueIntent('anilist', 's1', '30002', ['progress', 'score'], T0 + SECOND, { fresh: true });
    const items = await listOutbox();
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({ id: 'anilist:s1', version: 2, createdAt: T0, updatedAt: T0 + SECOND, fresh: true });
    expect(items[0]?.fields.sort()).toEqual(['progress', 'score', 'status']);
  });

  it('carries field names only: the values are read from the library when the item is sent', async () => {
    await enqueueIntent('anilist', 's1', '30002', ['progress'], T0, { values: { progress: 12 } });
    expect(Object.keys((await listOutbox())[0]!).sort()).not.toContain('write');
  });

  it('keeps services and series apart', async () => {
    await enqueueIntent('anilist', 's1', '30002', ['progress'], T0);
    await enqueueIntent('mal', 's1', '2', ['progress'], T0);
    await enqueueIntent('anilist', 's2', '118586', ['progress'], T0);
    expect((await listOutbox()).map((i) => i.id).sort()).toEqual(['anilist:s1', 'anilist:s2', 'mal:s1']);
    expect(await countPending('anilist')).toBe(2);
  });

  it('queues nothing for no fields', async () => {
    expect(await enqueueIntent('mal', 's1', '2', [], T0)).toBeNull();
    expect(await listOutbox()).toEqual([]);
  });

  it('keeps a hold (the notice countdown) through later intents', async () => {
    await enqueueIntent('anilist', 's1', '30002', ['progress'], T0, { holdUntil: T0 + 10 * SECOND });
    await enqueueIntent('anilist', 's1', '30002', ['status'], T0 + SECOND);
    expect(await dueItems('anilist', T0 + 9 * SECOND)).toEqual([]);
    expect(await dueItems('anilist', T0 + 10 * SECOND)).toHaveLength(1);
  });

  it('hands out due items oldest first, and only those due', async () => {
    await enqueueIntent('anilist', 's2', '118586', ['progress'], T0 + SECOND);
    await enqueueIntent('anilist', 's1', '30002', ['progress'], T0);
    await enqueueIntent('anilist', 's3', '1', ['progress'], T0 + 2 * SECOND);
    await failItem('anilist:s3', 1, transient, T0 + 2 * SECOND, { random: noJitter });
    expect((await dueItems('anilist', T0 + 3 * SECOND)).map((i) => i.seriesId)).toEqual(['s1', 's2']);
    expect(await dueItems('anilist', T0 - 1)).toEqual([]);
    expect(await dueItems('mal', T0 + HOUR)).toEqual([]);
  });

  it('reads an item stored before intents (values in `write`) as the intent to send those fields', async () => {
    const db = (await openDatabase()) as unknown as IDBPDatabase;
    try {
      await db.put('outbox', {
        id: 'mal:s9', service: 'mal', seriesId: 's9', mediaId: '2', write: { progress: 12, score: 80 }, createdAt: T0, updatedAt: T0,
        version: 3, attempts: 1, nextAttemptAt: T0, state: 'pending', lastError: 'MyAnimeList: busy.',
      });
    } finally {
      db.close();
    }
    expect(await dueItems('mal', T0)).toMatchObject([{ id: 'mal:s9', fields: ['progress', 'score'], fresh: false, refused: null, version: 3 }]);
  });
});

describe('completing', () => {
  it('removes an item once the service holds what it asked for', async () => {
    const item = await sentItem();
    await completeItem(item.id, item.version);
    expect(await listOutbox()).toEqual([]);
  });

  it('keeps the item when a newer intent arrived while it was sending: its values are worked out again', async () => {
    const item = await sentItem();
    await enqueueIntent('anilist', 's1', '30002', ['score'], T0 + SECOND);
    await completeItem(item.id, item.version);
    const [rest] = await listOutbox();
    expect(rest).toMatchObject({ version: 2, state: 'pending' });
    expect(rest?.fields.sort()).toEqual(['progress', 'score']);
  });

  it('is harmless for an item discarded meanwhile', async () => {
    const item = await sentItem();
    await discardItem(item.id);
    await completeItem(item.id, item.version);
    expect(await listOutbox()).toEqual([]);
  });
});

describe('failing', () => {
  it('retries within seconds at first, then backs off to an hour at most', () => {
    const delays = [1, 2, 3, 4, 5, 6, 7, 8, 9, 20].map((attempt) => retryDelayMs(attempt, noJitter));
    expect(delays).toEqual([2_000, 5_000, 12_500, 31_250, 78_125, 195_313, 488_281, 1_220_703, 3_051_758, 3_600_000]);
    // Five failures in a row cost under two minutes in all, not the many minutes a 30 s start would.
    expect(delays.slice(0, 4).reduce((a, b) => a + b, 0)).toBeLessThan(60 * SECOND);
  });

  it('jitters by up to 20% either way and never past the cap', () => {
    expect(retryDelayMs(1, () => 0)).toBe(1_600);
    expect(retryDelayMs(1, () => 1)).toBe(2_400);
    expect(retryDelayMs(20, () => 0)).toBe(48 * MINUTE);
    expect(retryDelayMs(20, () => 1)).toBe(HOUR);
  });

  it('schedules each transient retry later than the last', async () => {
    const item = await sentItem();
    const schedule: number[] = [];
    let now = T0;
    for (let i = 0; i < 4; i++) {
      const failed = await failItem(item.id, item.version, transient, now, { random: noJitter });
      schedule.push(failed!.nextAttemptAt - now);
      now = failed!.nextAttemptAt;
    }
    expect(schedule).toEqual([2_000, 5_000, 12_500, 31_250]);
    expect((await listOutbox())[0]).toMatchObject({ attempts: 4, state: 'pending', lastError: transient.message });
    expect(await nextWakeAt()).toBe(now);
  });

  it('starts the backoff again for a new intent: an earlier outage does not make the next one wait longer', async () => {
    const item = await sentItem();
    for (let i = 0; i < 5; i++) await failItem(item.id, item.version, transient, T0, { random: noJitter });
    await enqueueIntent('anilist', 's1', '30002', ['score'], T0 + HOUR);
    const [fresh] = await listOutbox();
    expect(fresh).toMatchObject({ attempts: 0, nextAttemptAt: T0 + HOUR });
    const failed = await failItem(fresh!.id, fresh!.version, transient, T0 + HOUR, { random: noJitter });
    expect(failed!.nextAttemptAt - (T0 + HOUR)).toBe(2_000);
  });

  it('waits as long as a rate limit asks', async () => {
    const item = await sentItem();
    await failItem(item.id, item.version, { kind: 'rateLimited', retryAfterMs: 90 * SECOND, message: 'AniList: slow down.' }, T0);
    expect(await dueItems('anilist', T0 + 89 * SECOND)).toEqual([]);
    expect(await dueItems('anilist', T0 + 90 * SECOND)).toHaveLength(1);
  });

  it('holds items for a sign-in until released, then sends them at once', async () => {
    const item = await sentItem();
    await enqueueIntent('mal', 's1', '2', ['progress'], T0);
    await failItem(item.id, item.version, auth, T0);
    expect(await dueItems('anilist', T0 + 10 * HOUR)).toEqual([]);
    expect(await nextWakeAt()).toBe(T0);
    // A new edit does not fix the credentials: it is merged but keeps waiting.
    await enqueueIntent('anilist', 's1', '30002', ['score'], T0 + MINUTE);
    expect((await listOutbox()).find((i) => i.service === 'anilist')).toMatchObject({ state: 'waitingAuth', fields: ['progress', 'score'] });

    expect(await releaseAuthWaits('anilist', T0 + HOUR)).toBe(1);
    const [released] = await dueItems('anilist', T0 + HOUR);
    expect(released).toMatchObject({ state: 'pending', attempts: 0, nextAttemptAt: T0 + HOUR, lastError: null });
  });

  it('keeps a refused item, with what was refused, for the user to retry or discard', async () => {
    const item = await sentItem();
    await failItem(item.id, item.version, permanent, T0, { write: { progress: 12 } });
    expect(await listOutbox()).toMatchObject([{ state: 'failed', lastError: permanent.message, refused: { progress: 12 } }]);
    expect(await dueItems('anilist', T0 + 10 * HOUR)).toEqual([]);
    expect(await countPending()).toBe(0);
    expect(await nextWakeAt()).toBeNull();

    expect(await retryFailed(item.id, T0 + HOUR)).toBe(true);
    expect(await dueItems('anilist', T0 + HOUR)).toMatchObject([{ state: 'pending', userRetry: true, refused: null }]);
    await failItem(item.id, item.version, permanent, T0 + HOUR, { write: { progress: 12 } });
    await discardItem(item.id);
    expect(await listOutbox()).toEqual([]);
  });

  it('does not re-send a refusal on every sync: planning the same values again leaves it refused', async () => {
    const item = await sentItem();
    await failItem(item.id, item.version, permanent, T0, { write: { progress: 330 } });
    await enqueueIntent('anilist', 's1', '30002', ['progress'], T0 + MINUTE, { values: { progress: 330 } });
    expect(await listOutbox()).toMatchObject([{ state: 'failed', version: 1, refused: { progress: 330 } }]);
    // A different value (the user changed something) is a new attempt.
    await enqueueIntent('anilist', 's1', '30002', ['progress'], T0 + 2 * MINUTE, { values: { progress: 320 } });
    expect(await dueItems('anilist', T0 + 2 * MINUTE)).toMatchObject([{ state: 'pending', attempts: 0, lastError: null, refused: null }]);
  });

  it('does not fail a newer intent for a permanent failure of an older send', async () => {
    const item = await sentItem();
    await enqueueIntent('anilist', 's1', '30002', ['score'], T0 + SECOND);
    await failItem(item.id, item.version, permanent, T0 + 2 * SECOND, { write: { progress: 12 } });
    expect(await dueItems('anilist', T0 + 2 * SECOND)).toMatchObject([{ version: 2, state: 'pending', refused: null }]);
  });
});

describe('reading the outbox', () => {
  it('wakes for the earliest pending item only', async () => {
    expect(await nextWakeAt()).toBeNull();
    await enqueueIntent('anilist', 's1', '30002', ['progress'], T0, { holdUntil: T0 + HOUR });
    await enqueueIntent('mal', 's1', '2', ['progress'], T0);
    await failItem('mal:s1', 1, permanent, T0);
    expect(await nextWakeAt()).toBe(T0 + HOUR);
    expect(await countPending()).toBe(1);
  });

  it('skips a damaged item instead of failing the flush', async () => {
    await enqueueIntent('anilist', 's1', '30002', ['progress'], T0);
    const db = (await openDatabase()) as unknown as IDBPDatabase;
    try {
      await db.put('outbox', { id: 'anilist:s2', service: 'anilist', write: 'progress=2' });
    } finally {
      db.close();
    }
    expect((await dueItems('anilist', T0)).map((i) => i.id)).toEqual(['anilist:s1']);
    expect(await listOutbox()).toHaveLength(1);
  });

  it('forgets every item of a disconnected service, and only those', async () => {
    await enqueueIntent('anilist', 's1', '30002', ['progress'], T0);
    await enqueueIntent('anilist', 's2', '1', ['progress'], T0);
    await enqueueIntent('mal', 's1', '2', ['progress'], T0);
    await discardService('anilist');
    expect((await listOutbox()).map((i) => i.id)).toEqual(['mal:s1']);
  });
});
