/**
 * What the library does with a service's entry as seen now — from a pull, a fresh read before a write, or a
 * write's answer: merge it into the library entry (in one transaction, so a chapter read arriving meanwhile is
 * merged, not overwritten), record it as the new base, and say which conflicts were settled how.
 */
import { findBindingByMedia, getBinding, validBinding } from '../library/bindings';
import type { JsonValue, OutboxItem, SyncLogRecord } from '../library/db';
import { EntryMovedError, getEntry, updateEntryLogged } from '../library/entries';
import { currentSeriesId } from '../library/absorb-series';
import { getItem, outboxId } from '../library/outbox';
import { getSeries, updateSeries } from '../library/series';
import { EMPTY_ENTRY, SERVICE_NAMES, type Binding, type EntryField, type EntryFields, type LibraryEntry } from '../model';
import type { RemoteEntry } from '../trackers/tracker';
import { agreedBinding, saveBinding } from './agree';
import type { ServiceContext } from './context';
import { enrichSeries } from './identity';
import { withLock } from './locks';
import { takenOffSince } from './stamps';
import { mergeEntry, type Conflict } from './merge';
import { remoteFields, remoteState } from './remote';
import { t } from '../i18n/t';

export interface Reconciled {
  local: LibraryEntry | null;
  binding: Binding;
  /** Fields the library took from the service. */
  taken: number;
  /** One sync-log record per conflict, with the losing value: already in the log, written with the merge. */
  log: SyncLogRecord[];
}

/** What a write's answer is the answer to. */
export interface Answered {
  /** The fields written, with the values the library sent. */
  sent: Partial<EntryFields>;
  /**
   * Fields the service sets by itself on such a write (its storage model), with the library's values they stood
   * for when the write was prepared: what the service puts there is its own, neither fought nor taken.
   */
  fills: Partial<EntryFields>;
  /**
   * Fields the service sets by itself on such a write where the library held another value: what the service puts
   * there is agreed as its own doing, no one's edit, and the library's value is still owed there.
   */
  owed?: readonly EntryField[];
  /** Fields left out of the write because the service would refuse them: what it holds there is no one's edit. */
  refused?: readonly EntryField[];
}

/**
 * The base to merge a write's answer against: the written fields and the ones the service fills by itself are
 * agreed at what it made of them; any other field counts as changed there only if it differs from what was known
 * before — another device's edit the write revealed. An entry the write created (read just before, not there)
 * holds nothing another device set: all of it is agreed, and what the library has that it lacks goes next.
 */
function answerBase(previous: EntryFields | null, current: LibraryEntry | null, answer: RemoteEntry, agreed: readonly EntryField[]): EntryFields | null {
  if (previous === null) return current ? remoteFields(answer) : null;
  const known = previous;
  const base: EntryFields = { ...known };
  for (const field of agreed) Object.assign(base, { [field]: answer[field] });
  return base;
}

/**
 * Whether a count the service holds cannot be the doing of our writes in doubt, so another device set it meanwhile:
 * it is beyond every count those writes carried (recorded before they went out), or — where no such record exists —
 * beyond the library's own count when that came from a chapter read or was never set (a read only moves it forward).
 * The service's own fill on completion (Kitsu's chapter count) is never taken for another device's. Taken for ours,
 * a count set elsewhere would have the library's smaller one sent over it: progress going backwards.
 */
function beyondOurs(field: EntryField, remote: RemoteEntry, local: LibraryEntry | null, sent: OutboxItem['midwayCounts']): boolean {
  if (!local || (field !== 'progress' && field !== 'progressVolumes')) return false;
  const count = field === 'progress' ? remote.media.chapters : remote.media.volumes;
  const held = remote[field];
  // The service's own fill on completion (Kitsu's chapter count) is never another device's.
  if (held === null || (remote.status === 'completed' && count !== null && Math.floor(held) === count)) return false;
  // Beyond every count the writes in flight carried: another device's, whatever the library holds now (an edit
  // lowering it included).
  const furthest = sent?.[field];
  if (furthest !== undefined && Math.floor(held) > Math.floor(furthest)) return true;
  // (A count read here, or none ever set: an explicit edit, or a count taken from another list, may have gone down.)
  if (!local.readFields.includes(field) && local.changedAt[field] !== 0) return false;
  const mine = local[field];
  return mine !== null && Math.floor(held) > Math.floor(mine);
}

/**
 * The base to merge a pull or read with while a save in several steps is part-way: the fields it left as the
 * service set them count as unchanged there (the library's values still go out). An entry the first step created
 * holds the library's own values so far in the fields it carried.
 */
function midwayBase(base: EntryFields | null, remote: RemoteEntry, inFlight: readonly EntryField[], local: LibraryEntry | null, sent?: OutboxItem['midwayCounts']): EntryFields | null {
  if (inFlight.length === 0) return base;
  const held = remoteFields(remote);
  const midway = inFlight.filter((field) => !beyondOurs(field, remote, local, sent));
  if (base === null) {
    if (!local) return held;
    // Created by that save: what it carried (and what the service sets by itself on it) is the library's own so far.
    // A create carries every value the library had, so a field it did not carry was empty here: one the service
    // holds otherwise was set there by someone else meanwhile, and comes into the library as any change made there
    // (and one set here since, the service still empty, goes out).
    return { ...EMPTY_ENTRY, ...Object.fromEntries(midway.map((field) => [field, held[field]])) };
  }
  return { ...base, ...Object.fromEntries(midway.map((field) => [field, held[field]])) };
}

/**
 * Merges `remote` into the library for `seriesId` and makes it the base. A pull or a fresh read: `answered` is
 * absent. A write's answer: what it answers (`sent`, and the fields the service `fills`) is agreed, so the
 * service's adjustments are remembered as asked and never fought; what else moved there comes into the library.
 * `readAt`: when the request that brought `remote` was sent (our clock).
 *
 * One entry of one service is reconciled at a time: a pull merging its list while a flush (the retry timer, an
 * edit) reads or writes the same entry must not merge against a base the other is replacing.
 */
export async function reconcile(context: ServiceContext, seriesId: string, remote: RemoteEntry, now: number, readAt: number, answered?: Answered): Promise<Reconciled> {
  // A series can be joined into another at any moment (a read or a plan finding two series are one manga): the
  // merge goes to the series it is now, and one overtaken by a join (EntryMovedError: nothing written) starts again
  // there. A join happens once per pair, so a handful of tries always ends.
  for (let attempt = 1; ; attempt++) {
    const current = await currentSeriesId(seriesId);
    try {
      return await withLock(`kuroibara-entry:${context.service}:${current}`, () => reconcileNow(context, current, remote, now, readAt, answered));
    } catch (error) {
      if (!(error instanceof EntryMovedError) || attempt >= 5) throw error;
    }
  }
}

async function reconcileNow(context: ServiceContext, seriesId: string, remote: RemoteEntry, now: number, readAt: number, answered?: Answered): Promise<Reconciled> {
  const previous = await getBinding(context.service, seriesId);
  const queued = answered ? null : await getItem(outboxId(context.service, seriesId));
  // An entry on its way off the service's list (an Undo, Remove everywhere) is not brought back by its last copy.
  // So is one the worker has taken off since the list or read that shows it was asked for (its copy is the last).
  if (queued?.remove === true || (!answered && takenOffSince(context.service, remote.media.id, readAt))) {
    return { local: await getEntry(seriesId), binding: previous ?? agreedBinding(null, seriesId, context.service, remote, now), taken: 0, log: [] };
  }
  // Another entry than the one linked: the entry was removed there and created again. By a write of ours (a removal
  // within minutes of the last look is not seen first, the limit the README states), what the new entry lacks was
  // never set there by anyone: it is all agreed, and the library's values go next. By the user (seen in a pull or a
  // read, or after the removal was seen), the new entry's values are their word, not changes against what was agreed
  // with the old one: the two meet as lists first joined do, the later change winning.
  const replaced = Boolean(previous?.entryId && remote.entryId && previous.entryId !== remote.entryId);
  const linked = replaced || (!answered && previous?.removedAt != null) ? null : previous;
  // A snapshot older than what is already known of the entry (a list read before a write landed, merged after
  // it) says nothing new: taking it would bring back the value that write replaced.
  // So is one read by a request sent before the one the base came from, whatever the service's stamps say (a list
  // read before a write landed, merged after its answer, where another device's edit was stamped by a clock ahead).
  const older = linked?.readAt != null && readAt < linked.readAt;
  if (!answered && linked?.base && ((linked.baseRemoteUpdatedAt !== null && remote.updatedAt < linked.baseRemoteUpdatedAt) || older)) {
    return { local: await getEntry(seriesId), binding: linked, taken: 0, log: [] };
  }
  const agreed = answered ? [...new Set([...(Object.keys(answered.sent) as EntryField[]), ...(Object.keys(answered.fills) as EntryField[]), ...(answered.owed ?? []), ...(answered.refused ?? [])])] : [];
  // A field the service filled by itself keeps, as asked, the value the library had when the write was prepared: a
  // change made here since (not in this write) is still to be sent.
  const asked: Partial<EntryFields> = answered ? { ...answered.fills, ...answered.sent } : {};
  let taken = 0;
  let log: SyncLogRecord[] = [];
  const series = await getSeries(seriesId);
  const title = series?.title ?? seriesId;
  const binding = agreedBinding(linked, seriesId, context.service, remote, now, asked, readAt);
  // The new base lands with the merge (one transaction): a worker stopped between the two would leave the library
  // holding a value taken from the service against the old base, and the next merge would send it back as ours.
  // A media id bound to another series first joins the two (saveBinding), the base then following on its own.
  // (The series' own link to the same media is that holder: the index is unique, so no look-up is needed.)
  const holder = previous?.mediaId === binding.mediaId ? previous : await findBindingByMedia(context.service, binding.mediaId);
  const together = holder === null || holder.seriesId === seriesId;
  const local = await updateEntryLogged(seriesId, (current) => {
    const result = mergeEntry({
      local: current,
      base: answered ? answerBase(linked?.base ?? null, current, remote, agreed) : midwayBase(linked?.base ?? null, remote, queued?.midway ?? [], current, queued?.midwayCounts),
      // What was asked is judged against the base it was asked over (the previous one): the library still holding
      // what it asked there has not changed, whatever the service did since.
      asked: { ...(linked?.asked ?? {}), ...asked },
      baseAt: linked?.base ? linked.syncedAt : null,
      now,
      remote: remoteState(remote),
      fields: context.fields,
      direction: context.direction,
      scale: context.scale,
      seriesId,
    });
    taken = result.taken.length;
    log = result.conflicts.map((conflict) => conflictRecord(context, seriesId, title, conflict, now));
    return { entry: result.local, log };
  }, together ? { binding: validBinding(binding), unjoined: true } : { unjoined: true });
  // The entry's media carries ids of the other services (AniList's idMal): learnt here as in a pull, so a service
  // no look-up could find is linked by the next plan, not by the next list read.
  // (Read and written in one step: another service's answer merged beside this one may be learning ids too.)
  if (series) await updateSeries(seriesId, (current) => enrichSeries(current, context.service, remote.media, now));
  if (!together) await saveBinding(binding, now);
  return { local, binding, taken, log };
}

/** The sync-log record of a conflict settled by a merge, with the losing value. */
function conflictRecord(context: ServiceContext, seriesId: string, title: string, conflict: Conflict, now: number): SyncLogRecord {
  return {
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
  };
}
