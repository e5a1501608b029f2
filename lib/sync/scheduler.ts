/**
 * Alarms drive everything periodic (never keep-alive tricks): `sync-pull` pulls on the shortest interval any
 * connected service asks for; `outbox-retry` wakes the worker when the earliest queued change is due.
 */
import { browser } from 'wxt/browser';
import { readConnection } from '../library/connections';
import { nextWakeAt } from '../library/outbox';
import { SERVICE_IDS } from '../model';
import { readServiceSettings } from '../settings';
import { serviceContext } from './context';
import { runSync } from './engine';
import { flushService } from './flush';

export const PULL_ALARM = 'sync-pull';
export const RETRY_ALARM = 'outbox-retry';

/** (Re)creates both alarms from the current settings and outbox. */
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
  const wake = await nextWakeAt();
  if (wake === null) await browser.alarms.clear(RETRY_ALARM);
  else await browser.alarms.create(RETRY_ALARM, { when: Math.max(wake, now + 1000) });
}

/** Sends whatever is due in every service's outbox. */
export async function flushAll(): Promise<void> {
  await Promise.all(
    SERVICE_IDS.map(async (service) => {
      const context = await serviceContext(service);
      if (context && context.direction !== 'pull') await flushService(service, context.tracker);
    }),
  );
}

export async function onAlarm(name: string): Promise<void> {
  if (name === PULL_ALARM) await runSync();
  else if (name === RETRY_ALARM) await flushAll();
  await scheduleAlarms();
}
