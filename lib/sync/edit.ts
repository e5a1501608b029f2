/**
 * A change made in the extension (the Library editor, a chapter read, an Undo): saved to the library with the
 * time of each changed field, then queued for every service that takes pushes, and sent right away unless held.
 */
import { getEntry, putEntry } from '../library/entries';
import { getSeries } from '../library/series';
import { EMPTY_ENTRY, ENTRY_FIELDS, SERVICE_IDS, type EntryFields, type LibraryEntry, type ServiceId } from '../model';
import { serviceContext } from './context';
import { flushService, withFlushLock } from './flush';
import { planPush } from './plan';
import { t } from '../i18n';

export class EditError extends Error {
  override name = 'EditError';
}

export interface LocalChangeOptions {
  /** Queue without sending before then (the in-page notice's countdown). */
  holdUntil?: number;
  /**
   * Make each service's queued write exactly what differs from that service now (Undo): intents the change
   * took back are dropped instead of sent. Runs under the service's flush lock so no send is in flight.
   */
  replaceQueued?: boolean;
  /** Queue for these services only (default: every connected one); the others take the change on their next sync. */
  services?: readonly ServiceId[];
}

/** Saves the change and queues it; resolves to the services it was queued for. */
export async function applyLocalChange(seriesId: string, changes: Partial<EntryFields>, now = Date.now(), options: LocalChangeOptions = {}): Promise<ServiceId[]> {
  const series = await getSeries(seriesId);
  if (!series) throw new EditError(t('seriesNotInLibrary'));
  const current = await getEntry(seriesId);
  const base: LibraryEntry = current ?? { seriesId, ...EMPTY_ENTRY, changedAt: Object.fromEntries(ENTRY_FIELDS.map((f) => [f, 0])) as LibraryEntry['changedAt'] };
  const next: LibraryEntry = { ...base, ...changes, changedAt: { ...base.changedAt } };
  for (const field of ENTRY_FIELDS) {
    if (field in changes && JSON.stringify(base[field]) !== JSON.stringify(next[field])) next.changedAt[field] = now;
  }
  await putEntry(next);

  // Auto-sync of local changes: plan and flush at once; what cannot go out now waits in the outbox.
  const queued = await Promise.all(
    (options.services ?? SERVICE_IDS).map(async (service) => {
      const context = await serviceContext(service);
      if (!context) return null;
      const queue = { holdUntil: options.holdUntil, replace: options.replaceQueued };
      const plan = () => planPush(context, series, next, undefined, now, queue);
      const planned = options.replaceQueued ? await withFlushLock(service, plan) : await plan();
      if (planned && (options.holdUntil === undefined || options.holdUntil <= now)) await flushService(service, context.tracker);
      return planned ? service : null;
    }),
  );
  return queued.filter((service): service is ServiceId => service !== null);
}
