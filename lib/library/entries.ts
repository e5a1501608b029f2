/**
 * The library's canonical entries: the user's state for each series (DESIGN.md "Core model"). The schemas of
 * the entry fields live here because bindings (base snapshots) and the outbox (writes) store the same fields.
 */
import { z } from 'zod/mini';
import { ENTRY_FIELDS, STATUSES, type CalendarDate, type EntryFields, type LibraryEntry } from '../model';
import { keepValid, openDatabase } from './db';

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
}) satisfies z.ZodMiniType<LibraryEntry>;

/** The entry for a series; null when there is none or the stored one is damaged. */
export async function getEntry(seriesId: string): Promise<LibraryEntry | null> {
  const db = await openDatabase();
  try {
    const parsed = entrySchema.safeParse(await db.get('entries', seriesId));
    return parsed.success ? parsed.data : null;
  } finally {
    db.close();
  }
}

/** Saves an entry; rejects (writing nothing) when it does not validate. */
export async function putEntry(entry: LibraryEntry): Promise<void> {
  const valid = entrySchema.parse(entry);
  const db = await openDatabase();
  try {
    await db.put('entries', valid);
  } finally {
    db.close();
  }
}

/** Every valid entry; a damaged record is left out rather than failing the whole library. */
export async function listEntries(): Promise<LibraryEntry[]> {
  const db = await openDatabase();
  try {
    return keepValid(entrySchema, await db.getAll('entries'));
  } finally {
    db.close();
  }
}

/** Removes a series' entry (Undo of the read that created it). */
export async function deleteEntry(seriesId: string): Promise<void> {
  const db = await openDatabase();
  try {
    await db.delete('entries', seriesId);
  } finally {
    db.close();
  }
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
  const db = await openDatabase();
  try {
    const tx = db.transaction('entries', 'readwrite');
    const parsed = entrySchema.safeParse(await tx.store.get(seriesId));
    const current = parsed.success ? parsed.data : null;
    const next = change(current);
    if (next === null || JSON.stringify(next) === JSON.stringify(current)) {
      await tx.done;
      return current;
    }
    const valid = entrySchema.parse(next);
    await Promise.all([tx.store.put(valid), tx.done]);
    return valid;
  } finally {
    db.close();
  }
}
