/**
 * A change made in the extension (the Library editor; later, a chapter read): saved to the library with the
 * time of each changed field, then queued for every service that takes pushes, and sent right away.
 */
import { getEntry, putEntry } from '../library/entries';
import { getSeries } from '../library/series';
import { EMPTY_ENTRY, ENTRY_FIELDS, SERVICE_IDS, type EntryFields, type LibraryEntry } from '../model';
import { serviceContext } from './context';
import { flushService } from './flush';
import { planPush } from './plan';


export class EditError extends Error {
  override name = 'EditError';
}

export async function applyLocalChange(seriesId: string, changes: Partial<EntryFields>, now = Date.now()): Promise<void> {
  const series = await getSeries(seriesId);
  if (!series) throw new EditError('That series is not in the library.');
  const current = await getEntry(seriesId);
  const base: LibraryEntry = current ?? { seriesId, ...EMPTY_ENTRY, changedAt: Object.fromEntries(ENTRY_FIELDS.map((f) => [f, 0])) as LibraryEntry['changedAt'] };
  const next: LibraryEntry = { ...base, ...changes, changedAt: { ...base.changedAt } };
  for (const field of ENTRY_FIELDS) {
    if (field in changes && JSON.stringify(base[field]) !== JSON.stringify(next[field])) next.changedAt[field] = now;
  }
  await putEntry(next);

  // Auto-sync of local changes: plan and flush at once; what cannot go out now waits in the outbox.
  await Promise.all(
    SERVICE_IDS.map(async (service) => {
      const context = await serviceContext(service);
      if (!context) return;
      if (await planPush(context, series, next, undefined, now)) await flushService(service, context.tracker);
    }),
  );
}
