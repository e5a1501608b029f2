/**
 * Three-way merge of one series between the library and one service (DESIGN.md sync rule 1), per field,
 * against the base snapshot last agreed with that service:
 * - changed only on the service → the library takes it;
 * - changed only in the library → it is pushed to the service;
 * - changed on both, differently → the later change wins (the field's local change time against the service
 *   entry's updatedAt) and the losing value is reported as a conflict for the sync log.
 * Two refinements keep the promise in real histories:
 * - A value the library already sent and the service accepted (`asked`) is not a local change, even when the
 *   service stored something else (Kitsu fills progress to its chapter count): its adjustment is adopted, never
 *   fought, and a second run writes nothing (rule 4) — without trusting any model of the service.
 * - A chapter read means "at least this far" (rule 2): when the service is further along, it wins whatever the
 *   clocks say, and what the read derived (status, dates, volumes) yields with it. Only explicit edits lower.
 * Null is a value: a date or volume count cleared on one side is sent to the other. Only before the first
 * agreement (no base) does a known value beat an unknown one, so joining lists never blanks a field; and when two
 * lists first joined carry the same change time, the further progress wins (no chapter read on either is lost).
 * Pure: no I/O, no clock. Values are compared as the service stores them (whole chapters, its score scale), so a
 * coarse service never causes a write it cannot represent (rule 3).
 */
import { ENTRY_FIELDS, unsetValue, type EntryField, type EntryFields, type LibraryEntry } from '../model';
import type { ScoreScale } from '../trackers/score';
import { sameOnService } from './fields';

export type Direction = 'both' | 'push' | 'pull';

/** Fields where null can mean "not known" (before the first agreement with a service, null never wins). */
export const NULLABLE_UNKNOWN: ReadonlySet<EntryField> = new Set(['progressVolumes', 'startedAt', 'completedAt']);

/** Fields a chapter read moves only forward. */
const MONOTONE_ON_READ: ReadonlySet<EntryField> = new Set(['progress', 'progressVolumes']);

export interface RemoteState {
  fields: EntryFields;
  /** The service's own last-update time (ms). */
  updatedAt: number;
}

export interface MergeInput {
  local: LibraryEntry | null;
  /** Values last agreed with this service; null when never agreed (first sync of this pair). */
  base: EntryFields | null;
  /** What the library last wrote and the service accepted, per field (Binding.asked); {} when nothing. */
  asked?: Partial<EntryFields>;
  /**
   * When the base was recorded, on our clock (Binding.syncedAt). A field the user's own act here (a read, an edit)
   * set since then has changed here even if back to the base's value (planning → reading again): it is not left
   * to a change made there meanwhile.
   */
  baseAt?: number | null;
  /** Now, on our clock: when a value taken here changes the library's (LibraryEntry.movedAt). */
  now?: number;
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
export function entryFromRemote(seriesId: string, remote: RemoteState, defaults: EntryFields, synced: readonly EntryField[] = ENTRY_FIELDS): LibraryEntry {
  const fields = { ...defaults, ...remote.fields };
  // Only what the service keeps is its word, with its time; a field it has not (MyAnimeList's private flag) is a
  // default, older than anything another list says.
  // An empty date, volume count, score or note is not known (never given), not set: no time either (a later clear has
  // one).
  const known = (k: EntryField) => synced.includes(k) && !unsetValue(k, fields[k]);
  const changedAt = Object.fromEntries(ENTRY_FIELDS.map((k) => [k, known(k) ? remote.updatedAt : 0])) as LibraryEntry['changedAt'];
  return { seriesId, ...fields, changedAt, readFields: [] };
}

function setField<F extends EntryField>(target: EntryFields, field: F, value: EntryFields[F]): void {
  target[field] = value;
}

const isNumber = (value: unknown): value is number => typeof value === 'number';

/** `times` with `field`'s time set (or taken out when undefined). */
export function withTime(times: Partial<Record<EntryField, number>> | undefined, field: EntryField, time: number | undefined): Partial<Record<EntryField, number>> {
  const rest = Object.fromEntries(Object.entries(times ?? {}).filter(([f]) => f !== field)) as Partial<Record<EntryField, number>>;
  return time === undefined ? rest : { ...rest, [field]: time };
}

export function mergeEntry(input: MergeInput): MergeResult {
  const { local, base, remote, fields, direction, scale } = input;
  const asked = input.asked ?? {};
  const baseAt = input.baseAt ?? null;
  const now = input.now ?? null;
  const mayPull = direction !== 'push';
  const mayPush = direction !== 'pull';

  if (!local) {
    if (!remote || !mayPull) return { local: null, push: {}, taken: [], conflicts: [] };
    const created = entryFromRemote(input.seriesId, remote, remote.fields, fields);
    // Coming back from an entry last agreed with (an Undo kept there because another device changed it since): a
    // field it holds as agreed is the service's form of what the library asked (Kitsu's count on completion), not
    // anyone's word, so the library's asked value comes back with it.
    if (base !== null) {
      for (const field of fields) {
        if (field in asked && sameOnService(field, remote.fields[field], base[field], scale)) setField(created, field, asked[field] as never);
      }
    }
    return { local: created, push: {}, taken: [...fields], conflicts: [] };
  }
  if (!remote) {
    // Not on the service's list: create it there with everything this service syncs that is known.
    if (!mayPush) return { local, push: {}, taken: [], conflicts: [] };
    const push: Partial<EntryFields> = {};
    for (const field of fields) {
      if (NULLABLE_UNKNOWN.has(field) && local[field] === null) continue;
      setField(push as EntryFields, field, local[field]);
    }
    return { local, push, taken: [], conflicts: [] };
  }

  const next: LibraryEntry = { ...local, changedAt: { ...local.changedAt }, readFields: [...local.readFields], editedFields: [...(local.editedFields ?? [])] };
  const push: Partial<EntryFields> = {};
  const taken: EntryField[] = [];
  const conflicts: Conflict[] = [];
  const same = <F extends EntryField>(field: F, a: EntryFields[F], b: EntryFields[F]) => sameOnService(field, a, b, scale);
  const remoteChanged = (field: EntryField) => base === null || !same(field, remote.fields[field], base[field]);
  /**
   * The library's value changed since the base was agreed, on our clock: by the user's own act (a read, an edit),
   * or by a value taken from another service.
   */
  const actedSince = (field: EntryField) =>
    baseAt != null &&
    ((local.changedAt[field] > baseAt && ownAct(field)) || (local.movedAt?.[field] ?? 0) > baseAt);
  /**
   * A read or an edit here, stamped on our clock. Not a word taken from a list (a clearing, a count set back there,
   * marked as edits; a further count a read took from a list, still the read's: all stamped with that list's clock;
   * an act here forgets `movedAt`): when it came is `movedAt`, and a list whose clock runs ahead must not make it
   * look made after a change seen since.
   */
  const ownAct = (field: EntryField) =>
    (local.readFields.includes(field) || (local.editedFields ?? []).includes(field)) && local.movedAt?.[field] === undefined;
  // (A value the service holds in its own form of what was asked is no change — unless the user set it here since the
  // base was agreed: a date cleared again after another list's date came in is the user's word, not the old ask.)
  const localChanged = (field: EntryField) =>
    base === null ||
    (!same(field, local[field], base[field]) && (!(field in asked && same(field, local[field], asked[field] as never)) || actedSince(field))) ||
    (same(field, local[field], base[field]) && actedSince(field));

  // A read overtaken by the service: the service is further along than the chapter read here.
  const readOvertaken =
    base !== null &&
    local.readFields.includes('progress') &&
    remoteChanged('progress') &&
    Math.floor(remote.fields.progress) > Math.floor(local.progress);

  /**
   * The library's smaller count is the user's own edit here, made after the service's — or a chapter read moving on
   * from such an edit (`editedAt`): the service's further count was set before the user set theirs.
   */
  const libraryLoweredLater = (field: EntryField, mine: number, theirs: number) =>
    Math.floor(mine) < Math.floor(theirs) &&
    (((local.editedFields ?? []).includes(field) && local.changedAt[field] > remote.updatedAt) ||
      (local.readFields.includes(field) && (local.editedAt?.[field] ?? 0) > remote.updatedAt));

  const take = (field: EntryField) => {
    if (now !== null && JSON.stringify(next[field]) !== JSON.stringify(remote.fields[field])) next.movedAt = { ...next.movedAt, [field]: now };
    setField(next, field, remote.fields[field]);
    next.changedAt[field] = remote.updatedAt;
    if (next.editedAt?.[field] !== undefined) next.editedAt = withTime(next.editedAt, field, undefined);
    next.readFields = next.readFields.filter((f) => f !== field);
    if (next.editedFields) next.editedFields = next.editedFields.filter((f) => f !== field);
    // A value cleared there (a date, a score, a note; it had one when last agreed) is someone's clearing, as if made
    // here: a list met for the first time later does not fill it with an older value, and a service that would date
    // the entry again by itself on a status change has it cleared after (flush.ts clearedFields).
    if (unsetValue(field, remote.fields[field]) && base !== null && !unsetValue(field, base[field])) {
      next.editedFields = [...(next.editedFields ?? []), field];
    }
    // Likewise a count set back there below what was agreed: someone lowered it on purpose, a word like an edit here,
    // which a further count met later (a list joined for the first time, a series joined to this one) does not pass
    // by being further alone.
    const count = remote.fields[field];
    const agreed = base?.[field];
    if (MONOTONE_ON_READ.has(field) && isNumber(count) && isNumber(agreed) && Math.floor(count) < Math.floor(agreed)) {
      next.editedFields = [...(next.editedFields ?? []), field];
    }
    taken.push(field);
  };

  for (const field of fields) {
    const mine = local[field];
    const theirs = remote.fields[field];
    if (same(field, mine, theirs)) {
      // Both already agree. If the service set this value after we did, remember that time: another service
      // that changed the field in between must lose to it, whichever order the services are merged in. Against an
      // agreed base, only a change seen there counts. A list met for the first time says when it last changed, for
      // every field as a first join judges them (an entry of ours whose answer was lost is read against a base of
      // its own, reconcile.ts midwayBase, so it is never met so) — but not for a count, where the further one
      // wins whatever the stamps, nor for an empty value, which a first join takes for "not known", not a clearing.
      // (On our clock too: for a service whose base is older, the library's value is a change made since, and meets
      // a change of that service in a merge instead of yielding to it.)
      const agreesLater = base !== null ? remoteChanged(field) : !MONOTONE_ON_READ.has(field) && !unsetValue(field, theirs);
      // (A change there made at the very stamp the library's value carries — another list's clock running ahead gave
      // it that time — is still a word made since this list was agreed with: the library's value moved by it.)
      const later = remote.updatedAt > next.changedAt[field] || (base !== null && remote.updatedAt === next.changedAt[field]);
      if (agreesLater && later) {
        next.changedAt[field] = remote.updatedAt;
        if (now !== null) next.movedAt = { ...next.movedAt, [field]: now };
        // Stamped by that list's clock now, the value counts as the list's word, as if taken: not as an act here
        // at that time (a clock running ahead would make the edit or read look made after a change seen on a third
        // list since, which followed it). When it came here is `movedAt`. (A clearing stays a word, below; a count
        // stays the read's, which only moves forward.)
        if (!unsetValue(field, theirs)) {
          if (next.editedFields?.includes(field)) next.editedFields = next.editedFields.filter((f) => f !== field);
          if (!MONOTONE_ON_READ.has(field)) next.readFields = next.readFields.filter((f) => f !== field);
        }
        // A value the list held cleared there (one it set by itself, such as Kitsu's start date): a word, as when
        // taken, though the library never had it — Kitsu dating the entry again on a status change is cleared after.
        if (unsetValue(field, theirs) && base !== null && !unsetValue(field, base[field]) && !(next.editedFields ?? []).includes(field)) {
          next.editedFields = [...(next.editedFields ?? []), field];
        }
      }
      continue;
    }
    // Before the first agreement a value the other side lacks is learnt, never blanked (a score too: an entry
    // added without one says nothing against the score the other list has).
    // Unless the library's empty value is the user's own clearing, made after the service's value: that is a word,
    // and the later one wins as anywhere.
    // (Empty notes are no notes, and no rereads is every service's default: an entry added without any says nothing
    // against the other list's.)
    const empty = (value: unknown) => unsetValue(field, value);
    // (At the same time it wins too: ties go to the library, the user's own act here.)
    const clearedHere = empty(mine) && (local.editedFields ?? []).includes(field) && local.changedAt[field] >= remote.updatedAt;
    if (base === null && (empty(mine) || empty(theirs)) && !clearedHere) {
      // A clearing that was someone's word (made here, or taken from a list where it was cleared) and is older than
      // the value learnt: lost all the same, and logged.
      if (empty(mine) && mayPull && (local.editedFields ?? []).includes(field)) conflicts.push({ field, winner: 'service', libraryValue: mine, serviceValue: theirs });
      if (empty(mine) && mayPull) take(field);
      else if (empty(theirs) && mayPush) setField(push as EntryFields, field, mine);
      continue;
    }
    const fromRead = local.readFields.includes(field);
    if (readOvertaken && fromRead && remoteChanged(field) && mayPull) {
      // What the read set besides its count (a status, a date) was changed there too: it loses to the list further
      // along, and is logged like any value lost to a change made elsewhere.
      if (!MONOTONE_ON_READ.has(field) && localChanged(field)) conflicts.push({ field, winner: 'service', libraryValue: mine, serviceValue: theirs });
      take(field);
      // The further count is the read's outcome: still a read, which a list it has not looked at yet (its look
      // failed) meets as one — its smaller count, moved on there before, does not set the read back.
      if (MONOTONE_ON_READ.has(field)) next.readFields = [...next.readFields, field];
      continue;
    }
    const changedThere = remoteChanged(field);
    const changedHere = localChanged(field);
    let winner: 'library' | 'service' | null = null;
    if (changedThere && !changedHere) {
      winner = 'service';
      // The library's value was held there only in the service's own form (a date Kitsu put back on a clearing, a
      // score between its steps): replaced now by a change made there, it is a value lost all the same, and logged.
      const heldInForm = base !== null && !same(field, mine, base[field]) && field in asked && same(field, mine, asked[field] as never);
      if (heldInForm && mayPull) conflicts.push({ field, winner, libraryValue: mine, serviceValue: theirs });
    }
    else if (changedHere && !changedThere) winner = 'library';
    else if (changedHere && changedThere) {
      if (fromRead && MONOTONE_ON_READ.has(field) && isNumber(mine) && isNumber(theirs) && !(base === null && libraryLoweredLater(field, mine, theirs))) {
        // A read only moves forward: the further one wins. A count set back there on purpose (below what was agreed)
        // is a word like any edit: made after the read, it wins; made before, the read goes past it. The loser is
        // logged.
        const agreed = base?.[field];
        const setBack = isNumber(agreed) && Math.floor(theirs) < Math.floor(agreed);
        winner = Math.floor(theirs) > Math.floor(mine) || (setBack && remote.updatedAt > local.changedAt[field]) ? 'service' : 'library';
        if (setBack) conflicts.push({ field, winner, libraryValue: mine, serviceValue: theirs });
      } else if (base === null && MONOTONE_ON_READ.has(field) && isNumber(mine) && isNumber(theirs) && !libraryLoweredLater(field, mine, theirs)) {
        // Two lists first joined: a chapter read on either side is still read (a list's entry added at 0, or a
        // list imported in one go, says nothing against it). The further one wins; the other is logged as lost.
        winner = Math.floor(theirs) > Math.floor(mine) ? 'service' : 'library';
        if (!mayPull) winner = 'library';
        if (!mayPush) winner = 'service';
        conflicts.push({ field, winner, libraryValue: mine, serviceValue: theirs });
      } else if (baseAt !== null && !actedSince(field)) {
        // The library's value has not moved since the base was agreed (on our clock): it differs from the base only
        // as something still owed — a score judged afresh on a scale the user changed, a write that has not gone —
        // while the service's was changed since that agreement: the later, whatever the two clocks' stamps say.
        winner = mayPull ? 'service' : 'library';
        conflicts.push({ field, winner, libraryValue: mine, serviceValue: theirs });
      } else {
        // The later change wins; ties go to the library (the user's own, most recent act here).
        winner = local.changedAt[field] >= remote.updatedAt ? 'library' : 'service';
        if (!mayPull) winner = 'library';
        if (!mayPush) winner = 'service';
        conflicts.push({ field, winner, libraryValue: mine, serviceValue: theirs });
      }
    }
    if (winner === 'service' && mayPull) take(field);
    else if (winner === 'library' && mayPush) setField(push as EntryFields, field, mine);
  }
  return { local: next, push, taken, conflicts };
}
