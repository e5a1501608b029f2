/**
 * A change made in the extension (the Library editor, a chapter read, an Undo): saved to the library with the
 * time of each changed field, then queued for every service that takes pushes, and sent right away unless held.
 */
import { currentSeriesId } from '../library/absorb-series';
import type { JsonValue, SyncLogRecord } from '../library/db';
import { updateEntryLogged } from '../library/entries';
import { getSeries } from '../library/series';
import { EMPTY_ENTRY, ENTRY_FIELDS, SERVICE_IDS, type EntryField, type EntryFields, type LibraryEntry, type ServiceId } from '../model';
import { serviceContext, type ServiceContexts } from './context';
import { flushService } from './flush';
import { withTime } from './merge';
import { planPush } from './plan';
import { t } from '../i18n/t';

export class EditError extends Error {
  override name = 'EditError';
}

export interface LocalChangeOptions {
  /** Queue without sending before then (the in-page notice's countdown). */
  holdUntil?: number;
  /**
   * What made the change: the user's edit (the default), a chapter read — which only ever means "at least this
   * far" — or an Undo, which, like an edit, may go back. Either way each service is read before it is written.
   */
  source?: 'edit' | 'read' | 'undo';
  /** Queue for these services only (default: every connected one); the others take the change on their next sync. */
  services?: readonly ServiceId[];
  /** The services' contexts the act already built (a chapter read builds them once); built here otherwise. */
  contexts?: ServiceContexts;
  /**
   * The values the user saw for the fields changed (what the editor showed; what the read being undone set). One
   * changed since (a sync bringing the phone's in, an edit made after the read) is replaced all the same — the change
   * is the later word — but logged as lost, never dropped unseen.
   */
  opened?: Partial<Record<EntryField, unknown>>;
}

const emptyEntry = (seriesId: string): LibraryEntry => ({
  seriesId,
  ...EMPTY_ENTRY,
  changedAt: Object.fromEntries(ENTRY_FIELDS.map((f) => [f, 0])) as LibraryEntry['changedAt'],
  readFields: [],
});

/** The entry with `changes` applied at `now`, each changed field marked as read or typed. */
function changed(current: LibraryEntry | null, seriesId: string, changes: Partial<EntryFields>, now: number, fromRead: boolean): LibraryEntry {
  const before = current ?? emptyEntry(seriesId);
  const next: LibraryEntry = { ...before, ...changes, changedAt: { ...before.changedAt }, readFields: [...before.readFields], editedFields: [...(before.editedFields ?? [])] };
  for (const field of ENTRY_FIELDS) {
    if (!(field in changes) || JSON.stringify(before[field]) === JSON.stringify(next[field])) continue;
    // A read moving on from the user's own edit keeps when that edit was made (merge.ts: a list first met whose
    // further count is older than it does not pass the read); any other change forgets it.
    const editedAt = fromRead ? ((before.editedFields ?? []).includes(field) ? before.changedAt[field] : before.editedAt?.[field]) : undefined;
    if (editedAt !== undefined || next.editedAt?.[field] !== undefined) next.editedAt = withTime(next.editedAt, field, editedAt);
    next.changedAt[field] = now;
    // The user's own act here now, on our clock: no longer a value moved in from a list (merge.ts ownAct).
    if (next.movedAt?.[field] !== undefined) next.movedAt = Object.fromEntries(Object.entries(next.movedAt).filter(([f]) => f !== field));
    next.readFields = next.readFields.filter((f) => f !== field);
    next.editedFields = (next.editedFields ?? []).filter((f) => f !== field);
    (fromRead ? next.readFields : next.editedFields).push(field);
  }
  return next;
}

/** A value the user did not see (a sync brought it in after the editor opened, or it changed after the read being undone), which `wanted` replaces: logged as lost. */
function replacedMeanwhile(title: string, seriesId: string, current: LibraryEntry | null, wanted: Partial<EntryFields>, opened: Partial<Record<EntryField, unknown>> | undefined, now: number): SyncLogRecord[] {
  if (!current || !opened) return [];
  const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
  return ENTRY_FIELDS.filter((field) => field in wanted && field in opened && !same(current[field], opened[field]) && !same(current[field], wanted[field])).map((field) => ({
    at: now,
    kind: 'conflict',
    service: null,
    direction: null,
    message: t('editReplacedMeanwhile', title, field),
    details: { seriesId, field, kept: wanted[field] as JsonValue, lost: current[field] as JsonValue },
  }));
}

/**
 * The changes to make, or, given what the library holds at the moment of saving, what they are then (null: none
 * any more). A change decided on an entry read earlier (a chapter read: "at least this far") is decided again there,
 * so a value a sync merged in meanwhile is not written over with one decided without it.
 */
export type LocalChanges = Partial<EntryFields> | ((current: LibraryEntry | null) => Partial<EntryFields> | null);

/** Saves the change and queues it; resolves to the services it was queued for (none when nothing changed). */
export async function applyLocalChange(named: string, changes: LocalChanges, now = Date.now(), options: LocalChangeOptions = {}): Promise<ServiceId[]> {
  // A series a sync has joined into another since it was named (an editor opened on it, a read that matched it) is
  // changed as the series it became.
  const seriesId = await currentSeriesId(named);
  const series = await getSeries(seriesId);
  if (!series) throw new EditError(t('seriesNotInLibrary'));
  const fromRead = options.source === 'read';
  // One transaction: a sync merging this series at the same moment sees this change, or is seen by it.
  const dropped = { now: false };
  const next = await updateEntryLogged(seriesId, (current) => {
    const wanted = typeof changes === 'function' ? changes(current) : changes;
    if (wanted === null) {
      dropped.now = true;
      return { entry: current, log: [] };
    }
    return { entry: changed(current, seriesId, wanted, now, fromRead), log: replacedMeanwhile(series.title, seriesId, current, wanted, options.opened, now) };
  });
  if (!next || dropped.now) return [];

  // Auto-sync of local changes: plan and flush at once; what cannot go out now waits in the outbox.
  const queued = await Promise.all(
    (options.services ?? SERVICE_IDS).map(async (service) => {
      const context = options.contexts ? options.contexts[service] : await serviceContext(service);
      if (!context) return null;
      // A read looks at each service's entry first (the service further along wins it). An edit reads what changed
      // on the service since its list was last read (one small page, whatever number of edits wait): a change made
      // there meanwhile meets the edit in a merge. Reading each entry before every edit cost a request per queued
      // edit on every retry, which under a 429 burst kept AniList rate-limited long after it ended (sync.spec E2E).
      const planned = await planPush(context, series, next, now, { holdUntil: options.holdUntil, fresh: fromRead, peek: options.source !== 'read' });
      if (planned && (options.holdUntil === undefined || options.holdUntil <= now)) await flushService(context);
      return planned ? service : null;
    }),
  );
  return queued.filter((service): service is ServiceId => service !== null);
}
