/**
 * The library's canonical entries: the user's state for each series (DESIGN.md "Core model"). The schemas of
 * the entry fields live here because bindings (base snapshots) and the outbox (writes) store the same fields.
 */
import { z } from 'zod';
import { ENTRY_FIELDS, STATUSES, type CalendarDate, type EntryFields, type LibraryEntry } from '../model';
import { keepValid, openDatabase } from './db';

export const calendarDateSchema = z.object({
  year: z.number().int(),
  month: z.number().int().min(1).max(12).nullable(),
  day: z.number().int().min(1).max(31).nullable(),
}) satisfies z.ZodType<CalendarDate>;

export const entryFieldsSchema = z.object({
  status: z.enum(STATUSES),
  progress: z.number().min(0),
  progressVolumes: z.number().min(0).nullable(),
  score: z.number().min(0).max(100).nullable(),
  startedAt: calendarDateSchema.nullable(),
  completedAt: calendarDateSchema.nullable(),
  rereads: z.number().int().min(0),
  notes: z.string(),
  private: z.boolean(),
}) satisfies z.ZodType<EntryFields>;

const entrySchema = entryFieldsSchema.extend({
  seriesId: z.string().min(1),
  // Exhaustive: a record missing a field's change time cannot take part in a three-way merge.
  changedAt: z.record(z.enum(ENTRY_FIELDS), z.number()),
}) satisfies z.ZodType<LibraryEntry>;

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
