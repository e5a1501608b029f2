/**
 * Alarms drive everything periodic (never keep-alive tricks): `sync-pull` pulls on the shortest interval any
 * connected service asks for; `outbox-retry` wakes the worker when the earliest queued change is due;
 * `sync-resume` runs again a sync the browser stopped.
 */
import { browser } from 'wxt/browser';
import { readConnection } from '../library/connections';
import { SERVICE_IDS } from '../model';
import { readServiceSettings } from '../settings/services';
import { armRetry, PULL_ALARM, RESUME_AFTER_MS, RESUME_ALARM, RETRY_ALARM } from './alarms';
import { resumeSync, runSync, stoppedSyncPending } from './engine';
import { flushAll, scheduleRetry } from './flush';

export { PULL_ALARM, RESUME_ALARM, RETRY_ALARM };

/** (Re)creates the alarms from the current settings and outbox. */
export async function scheduleAlarms(now = Date.now()): Promise<void> {
  const intervals = await Promise.all(
    SERVICE_IDS.map(async (service) => {
      const [settings, connection] = await Promise.all([readServiceSettings(service), readConnection(service)]);
      return settings.enabled && connection?.userId ? settings.pullIntervalMinutes : null;
    }),
  );
  const active = intervals.filter((m): m is number => m !== null);
  if (active.length > 0) {
    const period = Math.min(...active);
    const existing = await browser.alarms.get(PULL_ALARM);
    if (existing?.periodInMinutes !== period) await browser.alarms.create(PULL_ALARM, { periodInMinutes: period, delayInMinutes: period });
  } else {
    await browser.alarms.clear(PULL_ALARM);
  }
  await scheduleRetry(now);
}

export { flushAll };

export async function onAlarm(name: string): Promise<void> {
  if (name === PULL_ALARM) await runSync();
  else if (name === RETRY_ALARM) {
    // Armed again before anything else: the browser drops a one-shot alarm once it has fired, and a worker stopped
    // before this flush ends (at its first read, even) would leave what is queued with nothing to wake it until the
    // next pull. The schedule below replaces it with the real next wake.
    await armRetry(Date.now() + RESUME_AFTER_MS);
    // A sync the browser stopped goes first: it reads the lists again before sending what it had planned, where a
    // flush would send that on the lists as read before the stop (an edit made there since would be written over).
    if (await stoppedSyncPending()) await resumeSync();
    else await flushAll();
  }
  else if (name === RESUME_ALARM) await resumeSync();
  await scheduleAlarms();
}
