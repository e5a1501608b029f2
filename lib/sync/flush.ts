/**
 * Sends one service's due outbox items (DESIGN.md rules 2, 4, 6, 7). Each item names fields; their values are
 * worked out now, from the library and the service's state, so a change overtaken meanwhile is never sent and a
 * resend after a crash is harmless:
 * 1. what the service lacks, against the base and what was already sent (nothing → done, no request);
 * 2. before writing for a chapter read, or when the base is older than a few minutes, the service's entry is
 *    read first (that one entry) and merged — a service further along wins, a deletion there is noticed;
 * 3. the service's storage rules shape the write and refuse, with a reason, what it would refuse;
 * 4. the write; its answer becomes the base, and what the service made of the write is remembered as asked.
 * A rejected batch is retried entry by entry, so each entry keeps its own error. Failures stay queued:
 * transient ones retry within seconds at first, auth waits for a reconnect, refusals wait for the user.
 */
import { readConnection } from '../library/connections';
import { nextWakeAt, releaseAuthWaits } from '../library/outbox';
import { SERVICE_IDS, type ServiceId } from '../model';
import { readServiceSettings } from '../settings/services';
import { ALARM_FLOOR_MS, armRetry, clearRetry, RESUME_AFTER_MS, runSoon } from './alarms';
import { serviceContext, type ServiceContext } from './context';
import { withLock } from './locks';
import { createSignal } from '../signal';
import { flushNow, type FlushOptions, type FlushReport } from './send';

export type { FlushOptions, FlushReport } from './send';

/** Each flush's report, as it ends (the background shows what needs the user: a refused update, one delivered). */
export const flushed = createSignal<FlushReport & { service: ServiceId; at: number }>();

/**
 * One flush per service at a time (a sync run, an edit and the retry alarm may all ask at once): two flushers
 * sending the same item could otherwise complete each other's newer intents.
 */
export async function flushService(context: ServiceContext, now: () => number = Date.now, options: FlushOptions = {}): Promise<FlushReport> {
  // Set before the work starts: if the browser stops the worker mid-flush, the alarm resumes it.
  await armRetry(now() + RESUME_AFTER_MS, now());
  // Changes refused for want of a sign-in made before the one now on record go (the sign-in's own release may have
  // been cut short by a stopped worker).
  const signedInAt = (await readConnection(context.service))?.connectedAt;
  if (signedInAt != null) await releaseAuthWaits(context.service, now(), signedInAt);
  const report = await withFlushLock(context.service, async () => {
    flushing.add(context.service);
    try {
      return await flushNow(context, now, options);
    } finally {
      flushing.delete(context.service);
    }
  });
  await scheduleRetry(now());
  await flushed.emit({ ...report, service: context.service, at: now() });
  return report;
}

/** Runs `work` while no flush of `service` is sending (Undo rewrites queued items and must not race a send). */
export function withFlushLock<T>(service: ServiceId, work: () => Promise<T>): Promise<T> {
  return withLock(`kuroibara-flush:${service}`, work);
}

/** Several services' flush locks at once, taken in one fixed order so that two holders never wait on each other. */
export function withFlushLocks<T>(services: readonly ServiceId[], work: () => Promise<T>): Promise<T> {
  return SERVICE_IDS.filter((service) => services.includes(service))
    .reduceRight<() => Promise<T>>((inner, service) => () => withFlushLock(service, inner), work)();
}

/** Services that send now: connected, switched on, and not receive-only. */
async function sendingServices(): Promise<ServiceId[]> {
  const sending = await Promise.all(
    SERVICE_IDS.map(async (service) => {
      const [settings, connection] = await Promise.all([readServiceSettings(service), readConnection(service)]);
      return settings.enabled && settings.direction !== 'pull' && connection?.userId ? service : null;
    }),
  );
  return sending.filter((service): service is ServiceId => service !== null);
}

/** Services whose flush is running in this worker (a stopped worker's flush is over, whatever it was doing). */
const flushing = new Set<ServiceId>();

/**
 * Sends whatever is due in every service's outbox. A service already flushing in this worker is left to it: it
 * schedules what is still due when it ends, so the retry alarm firing during a long flush queues nothing.
 */
export async function flushAll(): Promise<void> {
  await Promise.all(
    SERVICE_IDS.map(async (service) => {
      if (flushing.has(service)) return;
      const context = await serviceContext(service);
      if (context && context.direction !== 'pull') await flushService(context);
    }),
  );
}

/**
 * Makes sure the earliest queued change goes out when due: an alarm (which wakes a stopped worker), and for a
 * retry due within Chrome's 30-second alarm floor, a timer in this worker too.
 */
export async function scheduleRetry(now = Date.now()): Promise<void> {
  const wake = await nextWakeAt(await sendingServices());
  if (wake === null) {
    await clearRetry();
    return;
  }
  await armRetry(wake, now);
  if (wake - now < ALARM_FLOOR_MS) runSoon(wake, flushAll, now);
}
