/**
 * What the library does with a service's entry as seen now. From a pull or a fresh read before a write: merge it
 * into the library entry (in one transaction, so a chapter read arriving meanwhile is merged, not overwritten),
 * record it as the new base, and say which conflicts were settled how. From a write's answer: record it only.
 */
import { getBinding } from '../library/bindings';
import type { JsonValue, SyncLogRecord } from '../library/db';
import { getEntry, updateEntry } from '../library/entries';
import { getSeries } from '../library/series';
import { SERVICE_NAMES, type Binding, type EntryFields, type LibraryEntry } from '../model';
import type { RemoteEntry } from '../trackers/tracker';
import { agreedBinding, saveBinding } from './agree';
import { sameOnService } from './fields';
import type { ServiceContext } from './context';
import { mergeEntry, type Conflict } from './merge';
import { remoteState } from './remote';
import { t } from '../i18n';

export interface Reconciled {
  local: LibraryEntry | null;
  binding: Binding;
  /** Fields the library took from the service. */
  taken: number;
  /** One sync-log record per conflict, with the losing value. */
  log: SyncLogRecord[];
}

/**
 * Merges `remote` into the library for `seriesId` (a pull, or a fresh read before a write) and makes it the base.
 */
export async function reconcile(context: ServiceContext, seriesId: string, remote: RemoteEntry, now: number): Promise<Reconciled> {
  const previous = await getBinding(context.service, seriesId);
  // A snapshot older than what is already known of the entry (a list read before a write landed, merged after
  // it) says nothing new: taking it would bring back the value that write replaced.
  if (previous?.base && previous.baseRemoteUpdatedAt !== null && remote.updatedAt < previous.baseRemoteUpdatedAt) {
    return { local: await getEntry(seriesId), binding: previous, taken: 0, log: [] };
  }
  const binding = agreedBinding(previous, seriesId, context.service, remote, now);
  let conflicts: Conflict[] = [];
  let taken = 0;
  const local = await updateEntry(seriesId, (current) => {
    const result = mergeEntry({
      local: current,
      base: previous?.base ?? null,
      asked: binding.asked,
      remote: remoteState(remote),
      fields: context.fields,
      direction: context.direction,
      scale: context.scale,
      seriesId,
    });
    conflicts = result.conflicts;
    taken = result.taken.length;
    return result.local;
  });
  await saveBinding(binding, now);
  const title = conflicts.length > 0 ? ((await getSeries(seriesId))?.title ?? seriesId) : '';
  const log: SyncLogRecord[] = conflicts.map((conflict) => ({
    at: now,
    kind: 'conflict',
    service: context.service,
    direction: 'pull',
    message: t(conflict.winner === 'library' ? 'syncConflictKeptLibrary' : 'syncConflictKeptService', title, conflict.field, SERVICE_NAMES[context.service]),
    details: {
      seriesId,
      field: conflict.field,
      kept: (conflict.winner === 'library' ? conflict.libraryValue : conflict.serviceValue) as JsonValue,
      lost: (conflict.winner === 'library' ? conflict.serviceValue : conflict.libraryValue) as JsonValue,
    },
  }));
  return { local, binding, taken, log };
}

/**
 * A write's answer: the service holds what it made of the write, and that is agreed — whatever it adjusted (Kitsu
 * filling progress to its chapter count, or a start date of its own on a status change) is its own and is neither
 * fought nor taken into the library. Every synced field where it now differs from the library is remembered as
 * asked, so it is not sent again; the library learns only from what the service's users change (pulls, fresh reads).
 */
export async function recordAnswer(context: ServiceContext, seriesId: string, answer: RemoteEntry, sent: Partial<EntryFields>, now: number): Promise<void> {
  const [previous, local] = await Promise.all([getBinding(context.service, seriesId), getEntry(seriesId)]);
  const asked: Partial<EntryFields> = { ...sent };
  if (local) {
    const same = <F extends keyof EntryFields>(field: F, a: EntryFields[F], b: EntryFields[F]) => sameOnService(field, a, b, context.scale);
    for (const field of context.fields) {
      if (field in asked || same(field, local[field], answer[field])) continue;
      // Only what the service changed by itself on this write, over a value the library had not changed since:
      // a library change made while the write was in flight is still to be sent.
      const before = previous?.base ?? null;
      const filledByService = before === null ? local[field] === null : !same(field, answer[field], before[field]) && same(field, local[field], before[field]);
      if (filledByService) Object.assign(asked, { [field]: local[field] });
    }
  }
  await saveBinding(agreedBinding(previous, seriesId, context.service, answer, now, asked), now);
}
