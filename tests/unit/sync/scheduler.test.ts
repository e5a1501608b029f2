import { deleteDB } from 'idb';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { browser } from 'wxt/browser';
import { saveConnection } from '../../../lib/library/connections';
import { DB_NAME } from '../../../lib/library/db';
import { enqueueIntent } from '../../../lib/library/outbox';
import type { ServiceId } from '../../../lib/model';
import { DEFAULT_SERVICE_SETTINGS, saveServiceSettings } from '../../../lib/settings/services';
import { onAlarm, PULL_ALARM, RETRY_ALARM, scheduleAlarms } from '../../../lib/sync/scheduler';

afterEach(async () => {
  await deleteDB(DB_NAME);
});

async function connected(service: ServiceId, pullIntervalMinutes: number, enabled = true) {
  await saveConnection({
    service, userId: '1', userName: 'x', scoreSetting: null, connectedAt: 0, tokenExpiresAt: null, lastCheckedAt: 0,
    lastOutcome: 'ok', lastError: null, rateLimitedUntil: null,
  });
  await saveServiceSettings(service, { ...DEFAULT_SERVICE_SETTINGS, pullIntervalMinutes, enabled });
}

describe('alarms', () => {
  it('pulls on the shortest interval a connected, enabled service asks for', async () => {
    await connected('anilist', 60);
    await connected('mal', 15);
    await connected('kitsu', 5, false);
    await scheduleAlarms();
    expect((await browser.alarms.get(PULL_ALARM))?.periodInMinutes).toBe(15);
  });

  it('has no pull alarm while nothing is connected, and no retry alarm while nothing waits', async () => {
    await browser.alarms.create(PULL_ALARM, { periodInMinutes: 30 });
    await scheduleAlarms();
    expect(await browser.alarms.get(PULL_ALARM)).toBeUndefined();
    expect(await browser.alarms.get(RETRY_ALARM)).toBeUndefined();
  });

  it('wakes the worker when the earliest queued change is due', async () => {
    const now = 1_800_000_000_000;
    await connected('mal', 30);
    await enqueueIntent('mal', 'series-1', '2', ['progress'], now + 90_000);
    await scheduleAlarms(now);
    expect((await browser.alarms.get(RETRY_ALARM))?.scheduledTime).toBe(now + 90_000);
  });

  it('is not woken for changes of a service that cannot send them now (switched off, or receive-only)', async () => {
    const now = 1_800_000_000_000;
    await connected('mal', 30, false);
    await connected('kitsu', 30);
    await saveServiceSettings('kitsu', { ...DEFAULT_SERVICE_SETTINGS, direction: 'pull' });
    await enqueueIntent('mal', 'series-1', '2', ['progress'], now);
    await enqueueIntent('kitsu', 'series-1', '24', ['progress'], now);
    await scheduleAlarms(now);
    expect(await browser.alarms.get(RETRY_ALARM)).toBeUndefined();
  });

  it('a worker stopped while the retry alarm is handled is woken again: the fired alarm is not the last', async () => {
    await connected('mal', 30);
    await enqueueIntent('mal', 'series-1', '2', ['progress'], Date.now());
    await scheduleAlarms();
    // The browser drops a one-shot alarm once it fires; the worker then stops at its first database read.
    await browser.alarms.clear(RETRY_ALARM);
    const open = vi.spyOn(indexedDB, 'open').mockImplementation(() => {
      throw new Error('worker stopped');
    });
    try {
      await expect(onAlarm(RETRY_ALARM)).rejects.toThrow('worker stopped');
    } finally {
      open.mockRestore();
    }
    const retry = await browser.alarms.get(RETRY_ALARM);
    expect(retry?.scheduledTime).toBeGreaterThan(Date.now());
    expect(retry!.scheduledTime - Date.now()).toBeLessThan(60_000);
  });
});
