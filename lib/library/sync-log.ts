/**
 * The sync log behind Activity: runs, changes, conflicts (with the losing value, DESIGN.md "Sync rules" 1) and
 * errors. Bounded, so a library synced every few minutes for years does not fill the user's disk.
 */
import type { IDBPObjectStore, StoreNames } from 'idb';
import { z } from 'zod/mini';
import { SERVICE_IDS } from '../model';
import { LOG_KINDS, type SyncDB, type SyncLogRecord, withDb } from './db';

/** The log keeps this many newest records; older ones go as new ones arrive. */
export const LOG_LIMIT = 5_000;

/** A record as read back: it always has its id. */
export type LoggedRecord = SyncLogRecord & { id: number };

/** Where a page of the log ended: the last record shown (only its time and id matter). */
export type LogCursor = Pick<LoggedRecord, 'at' | 'id'>;

const newRecordSchema = z.object({
  at: z.number(),
  kind: z.enum(LOG_KINDS),
  service: z.nullable(z.enum(SERVICE_IDS)),
  direction: z.nullable(z.enum(['pull', 'push'])),
  message: z.string(),
  details: z.record(z.string(), z.json()),
}) satisfies z.ZodMiniType<SyncLogRecord>;

const loggedRecordSchema = z.extend(newRecordSchema, { id: z.int() }) satisfies z.ZodMiniType<LoggedRecord>;

/** The log's store within a transaction that may span other stores (a merge and its record land together). */
type LogStore = IDBPObjectStore<SyncDB, ArrayLike<StoreNames<SyncDB>>, 'syncLog', 'readwrite'>;

/** Validates records for the log; throws, before anything is written, when one is not valid JSON data. */
export function validRecords(records: readonly SyncLogRecord[]): SyncLogRecord[] {
  // The store assigns ids; a caller's id would overwrite an older record.
  return records.map((record) => newRecordSchema.parse(record));
}

/** Adds valid records to the log's store in the caller's transaction, pruning it to the newest `LOG_LIMIT`. */
export async function addRecords(store: LogStore, valid: readonly SyncLogRecord[]): Promise<void> {
  if (valid.length === 0) return;
  for (const record of valid) void store.add(record);
  let excess = (await store.count()) - LOG_LIMIT;
  let cursor = excess > 0 ? await store.index('byAt').openCursor() : null;
  while (cursor && excess > 0) {
    void cursor.delete();
    excess -= 1;
    cursor = await cursor.continue();
  }
}

/**
 * Appends records in one transaction (a run's summary and its changes land together or not at all), then
 * prunes the log to the newest `LOG_LIMIT`. Rejects, writing nothing, when a record is not valid JSON data.
 */
export async function appendLog(records: readonly SyncLogRecord[]): Promise<void> {
  const valid = validRecords(records);
  if (valid.length === 0) return;
  return withDb(async (db) => {
    const tx = db.transaction('syncLog', 'readwrite');
    await addRecords(tx.store, valid);
    await tx.done;
  });
}

/**
 * Up to `limit` records, newest first (by time, then by order of appending). To page on, pass the last record
 * of the previous page as `before`: records sharing its time are neither repeated nor skipped.
 */
export async function readLog({ limit, before }: { limit: number; before?: LogCursor }): Promise<LoggedRecord[]> {
  return withDb(async (db) => {
    const index = db.transaction('syncLog').store.index('byAt');
    // 'prev' walks the index by time and, within one time, by id, both descending.
    let cursor = await index.openCursor(before ? IDBKeyRange.upperBound(before.at) : null, 'prev');
    const page: LoggedRecord[] = [];
    while (cursor && page.length < limit) {
      if (!before || cursor.key < before.at || cursor.primaryKey < before.id) {
        // A damaged record is left out, not shown half-read.
        const parsed = loggedRecordSchema.safeParse(cursor.value);
        if (parsed.success) page.push(parsed.data);
      }
      cursor = await cursor.continue();
    }
    return page;
  });
}
