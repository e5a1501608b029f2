/**
 * The library's canonical entries: the user's state for each series (DESIGN.md "Core model"). The schemas of
 * the entry fields live here because bindings (base snapshots) and the outbox (writes) store the same fields.
 */
import { z } from 'zod/mini';
import { ENTRY_FIELDS, STATUSES, type Binding, type CalendarDate, type EntryFields, type LibraryEntry } from '../model';
import { keepValid, type SyncLogRecord, withDb } from './db';
import { addRecords, validRecords } from './sync-log';

export const calendarDateSchema = z.object({
  year: z.int(),
  month: z.nullable(z.int().check(z.minimum(1), z.maximum(12))),
  day: z.nullable(z.int().check(z.minimum(1), z.maximum(31))),
}) satisfies z.ZodMiniType<CalendarDate>;

export const entryFieldsSchema = z.object({
  status: z.enum(STATUSES),
  progress: z.number().check(z.minimum(0)),
  progressVolumes: z.nullable(z.number().check(z.minimum(0))),
  score: z.nullable(z.number().check(z.minimum(0), z.maximum(100))),
  startedAt: z.nullable(calendarDateSchema),
  completedAt: z.nullable(calendarDateSchema),
  rereads: z.int().check(z.minimum(0)),
  notes: z.string(),
  private: z.boolean(),
}) satisfies z.ZodMiniType<EntryFields>;

export const entrySchema = z.extend(entryFieldsSchema, {
  seriesId: z.string().check(z.minLength(1)),
  // Exhaustive: a record missing a field's change time cannot take part in a three-way merge.
  changedAt: z.record(z.enum(ENTRY_FIELDS), z.number()),
  // Records from before reads were told apart from edits have none.
  readFields: z._default(z.array(z.enum(ENTRY_FIELDS)), []),
  editedFields: z.optional(z.array(z.enum(ENTRY_FIELDS))),
  movedAt: z.optional(z.partialRecord(z.enum(ENTRY_FIELDS), z.number())),
  editedAt: z.optional(z.partialRecord(z.enum(ENTRY_FIELDS), z.number())),
}) satisfies z.ZodMiniType<LibraryEntry>;

/** The entry for a series; null when there is none or the stored one is damaged. */
export async function getEntry(seriesId: string): Promise<LibraryEntry | null> {
  return withDb(async (db) => {
    const parsed = entrySchema.safeParse(await db.get('entries', seriesId));
    return parsed.success ? parsed.data : null;
  });
}

/** Saves an entry; rejects (writing nothing) when it does not validate. */
export async function putEntry(entry: LibraryEntry): Promise<void> {
  const valid = entrySchema.parse(entry);
  return withDb(async (db) => {
    await db.put('entries', valid);
  });
}

/** Every valid entry; a damaged record is left out rather than failing the whole library. */
export async function listEntries(): Promise<LibraryEntry[]> {
  return withDb(async (db) => {
    return keepValid(entrySchema, await db.getAll('entries'));
  });
}

/**
 * Reads, changes and saves one entry in a single transaction, so two changes of the same series (a chapter read
 * arriving while a sync merges that series) never overwrite each other: the second sees the first. `change`
 * must be synchronous (pure): it runs inside the transaction. Null leaves the entry as it was. Resolves to the
 * entry as stored afterwards.
 */
export async function updateEntry(
  seriesId: string, change: (current: LibraryEntry | null) => LibraryEntry | null,
): Promise<LibraryEntry | null> {
  return updateEntryLogged(seriesId, (current) => ({ entry: change(current), log: [] }));
}

/** Where a join records the series a joined one became (absorb-series.ts). */
export const joinedKey = (seriesId: string) => `series:joined:${seriesId}`;

/** A series' merge was overtaken: the series was joined into another, or its media bound to another series. */
export class EntryMovedError extends Error {
  constructor(seriesId: string) {
    super(`Series ${seriesId} was joined into another while its entry was being merged`);
    this.name = 'EntryMovedError';
  }
}

/**
 * `updateEntry` whose change also says what to record in the sync log: the entry and the records are written in
 * one transaction, so a merge never lands without the record of the value it let lose (a worker stopped between
 * the two would keep the merge and lose the record). `binding` (validated by the caller, bindings.ts
 * `validBinding`), the service's new base, goes in the same transaction: a merge never lands without the base it
 * was made against, or the next merge would take the library's new value for a change made here.
 *
 * Work that looked at the series before this transaction (a merge of a list read) can have been overtaken by a
 * join: with `unjoined`, a series joined into another since, or a `binding` whose media another series holds by now,
 * writes nothing and rejects with `EntryMovedError`, for the caller to start again on what the series is now.
 */
export async function updateEntryLogged(
  seriesId: string, change: (current: LibraryEntry | null) => { entry: LibraryEntry | null; log: readonly SyncLogRecord[] },
  options: { binding?: Binding; unjoined?: boolean } = {},
): Promise<LibraryEntry | null> {
  return withDb(async (db) => {
    const tx = db.transaction(['entries', 'syncLog', 'bindings', 'settings'], 'readwrite');
    const { binding } = options;
    const joined = options.unjoined === true && (await tx.objectStore('settings').get(joinedKey(seriesId))) !== undefined;
    const holder = binding ? await tx.objectStore('bindings').index('byMedia').getKey([binding.service, binding.mediaId]) : undefined;
    if (joined || (holder !== undefined && holder[1] !== seriesId)) {
      await tx.done;
      throw new EntryMovedError(seriesId);
    }
    const entries = tx.objectStore('entries');
    const parsed = entrySchema.safeParse(await entries.get(seriesId));
    const current = parsed.success ? parsed.data : null;
    const { entry: next, log } = change(current);
    const records = validRecords(log);
    const base = options.binding ? tx.objectStore('bindings').put(options.binding) : null;
    if (next === null || JSON.stringify(next) === JSON.stringify(current)) {
      await Promise.all([addRecords(tx.objectStore('syncLog'), records), base, tx.done]);
      return current;
    }
    const valid = entrySchema.parse(next);
    await Promise.all([entries.put(valid), addRecords(tx.objectStore('syncLog'), records), base, tx.done]);
    return valid;
  });
}
