/**
 * Sends one service's due outbox items. Each write carries absolute values, so sending an item twice (the
 * worker died after the service answered but before the item was removed) has no further effect; an item is
 * removed only if no newer intent was coalesced into it meanwhile. Failures stay in the outbox: transient
 * ones retry with backoff, auth ones wait for a reconnect, permanent ones are kept and shown.
 */
import { putBinding } from '../library/bindings';
import { completeItem, dueItems, failItem } from '../library/outbox';
import type { ServiceId } from '../model';
import { refreshProblems } from '../problems';
import type { EntryWrite, Tracker } from '../trackers/tracker';
import { remoteFields } from './remote';

/** AniList takes 12 aliased saves per request; others take one entry per request. */
const BATCH = 12;

export interface FlushReport {
  sent: number;
  failed: number;
  /** The failure that stopped the flush (auth or rate limit), if any. */
  stoppedBy: string | null;
}

/**
 * One flush per service at a time (a sync run, an edit and the retry alarm may all ask at once): two flushers
 * sending the same item could otherwise complete each other's newer intents.
 */
export async function flushService(service: ServiceId, tracker: Tracker, now: () => number = Date.now, options: { retryNow?: boolean } = {}): Promise<FlushReport> {
  const report = await withFlushLock(service, () => flushNow(service, tracker, now, options.retryNow ?? false));
  // A refused update is a problem for the badge (and a notification); one delivered may have ended one.
  if (report.sent > 0 || report.failed > 0) await refreshProblems(now());
  return report;
}

/** Runs `work` while no flush of `service` is sending (Undo rewrites queued items and must not race a send). */
export function withFlushLock<T>(service: ServiceId, work: () => Promise<T>): Promise<T> {
  const locks = (globalThis.navigator as Navigator | undefined)?.locks;
  // lib.dom types request()'s result as the callback's return type (a promise of a promise); it resolves to T.
  return locks ? (locks.request(`kuroibara-flush:${service}`, work) as unknown as Promise<T>) : work();
}

async function flushNow(service: ServiceId, tracker: Tracker, now: () => number, retryNow: boolean): Promise<FlushReport> {
  const report: FlushReport = { sent: 0, failed: 0, stoppedBy: null };
  // "Sync now" means now: items waiting out a backoff go too (a service still rate-limiting us answers at
  // once from the limiter without a request, and the item keeps waiting).
  const items = await dueItems(service, retryNow ? Number.MAX_SAFE_INTEGER : now());
  const size = tracker.capabilities.batchWrites ? BATCH : 1;
  for (let i = 0; i < items.length; i += size) {
    const chunk = items.slice(i, i + size);
    const writes: EntryWrite[] = chunk.map((item) => {
      // "Volumes unknown" is nothing to write.
      const { progressVolumes, ...rest } = item.write;
      return { ...rest, mediaId: item.mediaId, ...(progressVolumes != null ? { progressVolumes } : {}) };
    });
    const result = await tracker.saveEntries(writes);
    if (result.kind !== 'ok') {
      for (const item of chunk) await failItem(item.id, item.version, result, now());
      report.failed += chunk.length;
      // Signed out or told to wait: the rest of this service's queue would fail the same way.
      if (result.kind === 'auth' || result.kind === 'rateLimited') {
        report.stoppedBy = result.message;
        break;
      }
      continue;
    }
    for (const item of chunk) {
      const saved = result.value.find((entry) => entry.media.id === item.mediaId);
      if (saved) {
        await putBinding({
          seriesId: item.seriesId,
          service,
          mediaId: item.mediaId,
          entryId: saved.entryId,
          base: remoteFields(saved),
          baseRemoteUpdatedAt: saved.updatedAt,
          syncedAt: now(),
        });
      }
      await completeItem(item.id, item.version, item.write);
      report.sent += 1;
    }
  }
  return report;
}
