/**
 * Automatic updates the in-page notice can still take back. Each record holds the entry's values before the
 * update, so Undo restores them on every service; it lives in `storage.session` (survives the worker being
 * stopped, gone when the browser closes, never synced or exported) and belongs to the tab that caused it.
 */
import { browser } from 'wxt/browser';
import { z } from 'zod/mini';
import { entryFieldsSchema } from '../library/entries';
import { ENTRY_FIELDS, SERVICE_IDS, type EntryFields } from '../model';

/** How long Undo stays possible after an automatic update. */
export const UNDO_WINDOW_MS = 10 * 60_000;

const recordSchema = z.strictObject({
  id: z.string().check(z.regex(/^[\w-]{1,64}$/)),
  tabId: z.int(),
  seriesId: z.string(),
  site: z.string(),
  seriesKey: z.string(),
  title: z.string(),
  summary: z.string(),
  /** The entry's values before the update, for exactly the fields it changed (null: no entry existed). */
  previous: z.nullable(z.partial(entryFieldsSchema)),
  changes: z.partial(entryFieldsSchema),
  services: z.array(z.enum(SERVICE_IDS)),
  /** Services that had the series on their list before the update. */
  boundBefore: z.array(z.enum(SERVICE_IDS)),
  createdAt: z.number(),
  /** The queued writes are held until then, so an Undo during the countdown sends nothing at all. */
  holdUntil: z.number(),
});
export type ReadRecord = z.infer<typeof recordSchema>;

const key = (id: string) => `read:${id}`;

export async function saveReadRecord(record: ReadRecord): Promise<void> {
  await browser.storage.session.set({ [key(record.id)]: recordSchema.parse(record) });
}

/** The record, if it exists, belongs to `tabId` and is still within the Undo window. */
export async function readRecordFor(id: string, tabId: number, now = Date.now()): Promise<ReadRecord | null> {
  const parsed = recordSchema.safeParse((await browser.storage.session.get(key(id)))[key(id)]);
  if (!parsed.success || parsed.data.tabId !== tabId || now - parsed.data.createdAt > UNDO_WINDOW_MS) return null;
  return parsed.data;
}

export async function forgetReadRecord(id: string): Promise<void> {
  await browser.storage.session.remove(key(id));
}

/** The values to restore: each changed field's previous value, or the empty entry's where there was none. */
export function restoringChanges(record: ReadRecord, empty: EntryFields): Partial<EntryFields> {
  const restore: Partial<EntryFields> = {};
  for (const field of ENTRY_FIELDS) {
    if (!(field in record.changes)) continue;
    const before = record.previous && field in record.previous ? record.previous[field] : empty[field];
    Object.assign(restore, { [field]: before });
  }
  return restore;
}
