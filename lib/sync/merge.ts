/**
 * Three-way merge of one series between the library and one service (DESIGN.md sync rule 1), per field,
 * against the base snapshot last agreed with that service:
 * - changed only on the service → the library takes it;
 * - changed only in the library → it is pushed to the service;
 * - changed on both, differently → the later change wins (the field's local change time against the service
 *   entry's updatedAt) and the losing value is reported as a conflict for the sync log.
 * Pure: no I/O, no clock. Values are compared as the service stores them (whole chapters, its score scale),
 * so a coarse service never causes a write it cannot represent (rule 3) and a second run changes nothing.
 */
import type { EntryField, EntryFields, LibraryEntry } from '../model';
import type { ScoreScale } from '../trackers/score';
import { sameOnService } from './fields';

export type Direction = 'both' | 'push' | 'pull';

/** Fields where null means "not known", not "cleared". */
export const NULLABLE_UNKNOWN: ReadonlySet<EntryField> = new Set(['progressVolumes', 'startedAt', 'completedAt']);

export interface RemoteState {
  fields: EntryFields;
  /** The service's own last-update time (ms). */
  updatedAt: number;
}

export interface MergeInput {
  local: LibraryEntry | null;
  /** Values last agreed with this service; null when never agreed (first sync of this pair). */
  base: EntryFields | null;
  remote: RemoteState | null;
  /** Fields this service has and the user syncs with it. */
  fields: readonly EntryField[];
  direction: Direction;
  /** The service's score scale (null = compare 0–100 values as they are). */
  scale: ScoreScale | null;
  /** Used when a series first enters the library from this service. */
  seriesId: string;
}

export interface Conflict {
  field: EntryField;
  winner: 'library' | 'service';
  libraryValue: unknown;
  serviceValue: unknown;
}

export interface MergeResult {
  /** The library entry after the merge (null only when neither side has one). */
  local: LibraryEntry | null;
  /** What to write to the service (absolute values); empty = nothing to write. */
  push: Partial<EntryFields>;
  /** Fields the library took from the service. */
  taken: EntryField[];
  conflicts: Conflict[];
}

/** A library entry made from a service's entry: every field changed when the service last changed it. */
export function entryFromRemote(seriesId: string, remote: RemoteState, defaults: EntryFields): LibraryEntry {
  const fields = { ...defaults, ...remote.fields };
  const changedAt = Object.fromEntries(Object.keys(fields).map((k) => [k, remote.updatedAt])) as LibraryEntry['changedAt'];
  return { seriesId, ...fields, changedAt };
}

function setField<F extends EntryField>(target: EntryFields, field: F, value: EntryFields[F]): void {
  target[field] = value;
}

export function mergeEntry(input: MergeInput): MergeResult {
  const { local, base, remote, fields, direction, scale } = input;
  const mayPull = direction !== 'push';
  const mayPush = direction !== 'pull';

  if (!local) {
    if (!remote || !mayPull) return { local: null, push: {}, taken: [], conflicts: [] };
    return { local: entryFromRemote(input.seriesId, remote, remote.fields), push: {}, taken: [...fields], conflicts: [] };
  }
  if (!remote) {
    // Not on the service's list: create it there with everything this service syncs.
    if (!mayPush) return { local, push: {}, taken: [], conflicts: [] };
    const push: Partial<EntryFields> = {};
    for (const field of fields) setField(push as EntryFields, field, local[field]);
    return { local, push, taken: [], conflicts: [] };
  }

  const next: LibraryEntry = { ...local, changedAt: { ...local.changedAt } };
  const push: Partial<EntryFields> = {};
  const taken: EntryField[] = [];
  const conflicts: Conflict[] = [];
  const same = <F extends EntryField>(field: F, a: EntryFields[F], b: EntryFields[F]) => sameOnService(field, a, b, scale);

  for (const field of fields) {
    const mine = local[field];
    const theirs = remote.fields[field];
    const remoteChanged = base === null || !same(field, theirs, base[field]);
    // Volumes and dates are often unknown (null) on one side. Unknown never contradicts a value: the library
    // learns a value the service newly has, and never pushes "unknown" over one. (A service may also fill one
    // in itself, as Kitsu sets startedAt when an entry is created; that is not a change of the user's.)
    if (NULLABLE_UNKNOWN.has(field) && (mine === null || theirs === null)) {
      if (mine === null && theirs !== null && remoteChanged && mayPull) {
        setField(next, field, theirs);
        next.changedAt[field] = remote.updatedAt;
        taken.push(field);
      }
      continue;
    }
    if (same(field, mine, theirs)) {
      // Both already agree. If the service set this value after we did, remember that time: another service
      // that changed the field in between must lose to it, whichever order the services are merged in.
      if (remoteChanged && remote.updatedAt > next.changedAt[field]) next.changedAt[field] = remote.updatedAt;
      continue;
    }
    const localChanged = base === null || !same(field, mine, base[field]);
    let winner: 'library' | 'service' | null = null;
    if (remoteChanged && !localChanged) winner = 'service';
    else if (localChanged && !remoteChanged) winner = 'library';
    else if (localChanged && remoteChanged) {
      // Both sides moved: the later change wins; ties go to the library (the user's own, most recent act here).
      winner = local.changedAt[field] >= remote.updatedAt ? 'library' : 'service';
      if (!mayPull) winner = 'library';
      if (!mayPush) winner = 'service';
      conflicts.push({ field, winner, libraryValue: mine, serviceValue: theirs });
    }
    if (winner === 'service' && mayPull) {
      setField(next, field, theirs);
      next.changedAt[field] = remote.updatedAt;
      taken.push(field);
    } else if (winner === 'library' && mayPush) {
      setField(push as EntryFields, field, mine);
    }
  }
  return { local: next, push, taken, conflicts };
}
