/**
 * The durable outbox (DESIGN.md "nothing is lost"): every change owed to a service waits here until the service
 * confirms it or the user discards it. One item per (service, series) coalesces a burst of edits into one write,
 * and a version number lets a completion tell whether a newer intent arrived while it was sending.
 *
 * Assumes one flush per service at a time (the sync engine serialises them): the version check guards against
 * new intents arriving mid-send, not against two senders of the same item.
 */
import { z } from 'zod/mini';
import { SERVICE_IDS, type EntryFields, type ServiceId } from '../model';
import type { CallFailure } from '../trackers/tracker';
import { keepValid, openDatabase, OUTBOX_STATES, type OutboxItem } from './db';
import { entryFieldsSchema } from './entries';

const writeSchema = z.partial(entryFieldsSchema);

const itemSchema = z.object({
  id: z.string().check(z.minLength(1)),
  service: z.enum(SERVICE_IDS),
  seriesId: z.string().check(z.minLength(1)),
  mediaId: z.string().check(z.minLength(1)),
  write: writeSchema,
  createdAt: z.number(),
  updatedAt: z.number(),
  version: z.int().check(z.minimum(1)),
  attempts: z.int().check(z.minimum(0)),
  nextAttemptAt: z.number(),
  state: z.enum(OUTBOX_STATES),
  lastError: z.nullable(z.string()),
}) satisfies z.ZodMiniType<OutboxItem>;

/** The first retry after a transient failure waits this long; each further failure doubles it… */
export const RETRY_BASE_MS = 30_000;
/** …up to an hour, so a long outage still gets a try every hour without anyone pressing "Sync now". */
export const RETRY_CAP_MS = 60 * 60_000;
/** ±20%: retries of many items spread out instead of arriving at the service together. */
const RETRY_JITTER = 0.2;

export const outboxId = (service: ServiceId, seriesId: string) => `${service}:${seriesId}`;

/**
 * How long to wait after the `attempts`-th transient failure in a row. The cap applies before the jitter (so
 * retries stay spread out at the cap) and again after it (so no retry is ever more than an hour away).
 */
export function retryDelayMs(attempts: number, random: () => number = Math.random): number {
  const nominal = Math.min(RETRY_CAP_MS, RETRY_BASE_MS * 2 ** Math.max(0, attempts - 1));
  const jittered = nominal * (1 + RETRY_JITTER * (2 * random() - 1));
  return Math.round(Math.min(RETRY_CAP_MS, jittered));
}

/**
 * Records an intent to set `write` on a service. An item already waiting for the same series takes the new
 * fields over its own (the newest intent wins per field), gets a new version and is due at once; a failed item
 * becomes pending again, since the user's new edit may be what fixes it. An item waiting for the user to sign
 * in again keeps waiting: a new edit does not repair the credentials, and `releaseAuthWaits` will send it.
 * Resolves to the item as stored, or null when there was nothing to send.
 *
 * `holdUntil` keeps the item from going out before then (the in-page notice's countdown, during which Undo
 * sends nothing); a hold already on an item survives later intents coalesced into it. `replace` makes the
 * write exactly `write` instead of adding to the waiting one (Undo: fields back at the service's value are
 * dropped, and an item left with nothing to send is removed).
 */
export async function enqueueWrite(
  service: ServiceId, seriesId: string, mediaId: string, write: Partial<EntryFields>, now = Date.now(),
  options: { holdUntil?: number; replace?: boolean } = {},
): Promise<OutboxItem | null> {
  const fields = definedFields(write);
  const db = await openDatabase();
  try {
    const tx = db.transaction('outbox', 'readwrite');
    const id = outboxId(service, seriesId);
    const stored = itemSchema.safeParse(await tx.store.get(id));
    // A damaged item cannot be merged with; the new intent replaces it rather than being refused.
    const existing = stored.success ? stored.data : null;
    if (Object.keys(fields).length === 0) {
      if (options.replace && existing) {
        await Promise.all([tx.store.delete(id), tx.done]);
        return null;
      }
      await tx.done;
      return existing;
    }
    const waitingAuth = existing?.state === 'waitingAuth';
    // Only a hold has a future due time without any attempt yet (a backoff follows a failed attempt).
    const heldUntil = existing?.state === 'pending' && existing.attempts === 0 && existing.nextAttemptAt > now ? existing.nextAttemptAt : now;
    const dueAt = Math.max(heldUntil, options.holdUntil ?? now);
    const item: OutboxItem = existing
      ? {
        ...existing,
        mediaId,
        write: options.replace ? fields : { ...existing.write, ...fields },
        updatedAt: now,
        version: existing.version + 1,
        attempts: 0,
        nextAttemptAt: dueAt,
        state: waitingAuth ? 'waitingAuth' : 'pending',
        lastError: waitingAuth ? existing.lastError : null,
      }
      : {
        id, service, seriesId, mediaId, write: fields, createdAt: now, updatedAt: now,
        version: 1, attempts: 0, nextAttemptAt: dueAt, state: 'pending', lastError: null,
      };
    await Promise.all([tx.store.put(item), tx.done]);
    return item;
  } finally {
    db.close();
  }
}

/** A service's items that may be sent now, oldest intent first. */
export async function dueItems(service: ServiceId, now = Date.now()): Promise<OutboxItem[]> {
  const items = await readItems(service);
  return items.filter((item) => item.state === 'pending' && item.nextAttemptAt <= now);
}

/**
 * The service confirmed `sentWrite` (the item's write as read, at `version`). If no newer intent arrived, the
 * item is done. If one did, only the fields the service now holds are done: a field changed since the send
 * stays pending, so the newer intent is never lost.
 */
export async function completeItem(id: string, version: number, sentWrite: Partial<EntryFields>): Promise<void> {
  const db = await openDatabase();
  try {
    const tx = db.transaction('outbox', 'readwrite');
    const stored = itemSchema.safeParse(await tx.store.get(id));
    // Gone (discarded meanwhile) or damaged: nothing here is known to be done.
    if (stored.success) {
      const item = stored.data;
      const rest = item.version === version ? {} : withoutSent(item.write, sentWrite);
      if (Object.keys(rest).length === 0) void tx.store.delete(id);
      else void tx.store.put({ ...item, write: rest });
    }
    // A failed request inside the transaction aborts it, and `done` rejects with that error.
    await tx.done;
  } finally {
    db.close();
  }
}

/**
 * A send failed; each kind of failure has one path. `transient` retries with exponential backoff; `rateLimited`
 * waits as long as the service asked; `auth` waits for the user to sign in again; `permanent` is kept as failed
 * for the user to retry or discard, never dropped silently. A permanent failure of an older version than the one
 * stored does not fail the newer intent: that gets its own try. Resolves to the item as stored, or null when gone.
 */
export async function failItem(
  id: string, version: number, failure: CallFailure, now = Date.now(), random: () => number = Math.random,
): Promise<OutboxItem | null> {
  const db = await openDatabase();
  try {
    const tx = db.transaction('outbox', 'readwrite');
    const stored = itemSchema.safeParse(await tx.store.get(id));
    if (!stored.success) {
      await tx.done;
      return null;
    }
    const item: OutboxItem = { ...stored.data, attempts: stored.data.attempts + 1, lastError: failure.message };
    switch (failure.kind) {
      case 'transient':
        item.nextAttemptAt = now + retryDelayMs(item.attempts, random);
        break;
      case 'rateLimited':
        item.nextAttemptAt = now + failure.retryAfterMs;
        break;
      case 'auth':
        item.state = 'waitingAuth';
        break;
      case 'permanent':
        if (item.version === version) item.state = 'failed';
        else item.nextAttemptAt = now;
        break;
    }
    await Promise.all([tx.store.put(item), tx.done]);
    return item;
  } finally {
    db.close();
  }
}

/** After the user signs in again: the service's items waiting for that are due now. Resolves to how many. */
export async function releaseAuthWaits(service: ServiceId, now = Date.now()): Promise<number> {
  const db = await openDatabase();
  try {
    const tx = db.transaction('outbox', 'readwrite');
    const waiting = keepValid(itemSchema, await tx.store.index('byService').getAll(service))
      .filter((item) => item.state === 'waitingAuth');
    await Promise.all([
      ...waiting.map((item) => tx.store.put({ ...item, ...dueAgain(now) })),
      tx.done,
    ]);
    return waiting.length;
  } finally {
    db.close();
  }
}

/** The user asked to try a failed item again. Resolves to false when it is not (or no longer) failed. */
export async function retryFailed(id: string, now = Date.now()): Promise<boolean> {
  const db = await openDatabase();
  try {
    const tx = db.transaction('outbox', 'readwrite');
    const stored = itemSchema.safeParse(await tx.store.get(id));
    const failed = stored.success && stored.data.state === 'failed';
    if (failed) void tx.store.put({ ...stored.data, ...dueAgain(now) });
    await tx.done;
    return failed;
  } finally {
    db.close();
  }
}

/** The user gave up on a change: the only way an item leaves unsent. */
export async function discardItem(id: string): Promise<void> {
  const db = await openDatabase();
  try {
    await db.delete('outbox', id);
  } finally {
    db.close();
  }
}

/** Every valid item, whatever its state, oldest intent first. */
export async function listOutbox(): Promise<OutboxItem[]> {
  return readItems();
}

/** Items that will go out without the user's help, of one service or all. */
export async function countPending(service?: ServiceId): Promise<number> {
  return (await readItems(service)).filter((item) => item.state === 'pending').length;
}

/** When the retry alarm should next fire: the earliest time a pending item is due; null when none is. */
export async function nextWakeAt(): Promise<number | null> {
  const times = (await readItems()).filter((item) => item.state === 'pending').map((item) => item.nextAttemptAt);
  return times.length === 0 ? null : Math.min(...times);
}

async function readItems(service?: ServiceId): Promise<OutboxItem[]> {
  const db = await openDatabase();
  try {
    const records = service === undefined
      ? await db.getAll('outbox')
      : await db.getAllFromIndex('outbox', 'byService', service);
    return keepValid(itemSchema, records).sort((a, b) => a.createdAt - b.createdAt || a.id.localeCompare(b.id));
  } finally {
    db.close();
  }
}

const dueAgain = (now: number) => ({ state: 'pending', attempts: 0, nextAttemptAt: now, lastError: null }) as const;

/** The write with `undefined` fields dropped (so merging never blanks a field), validated. */
function definedFields(write: Partial<EntryFields>): Partial<EntryFields> {
  const values: Record<string, unknown> = write;
  return writeSchema.parse(Object.fromEntries(Object.entries(values).filter(([, value]) => value !== undefined)));
}

/** The fields of `write` whose value differs from what was sent. */
function withoutSent(write: Partial<EntryFields>, sent: Partial<EntryFields>): Partial<EntryFields> {
  const sentValues: Record<string, unknown> = sent;
  return writeSchema.parse(
    Object.fromEntries(Object.entries(write).filter(([field, value]) => !sameValue(value, sentValues[field]))),
  );
}

/** Structural equality of field values (numbers, strings, booleans, null, calendar dates). */
function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  const left = Object.entries(a);
  const right: Record<string, unknown> = { ...b };
  return left.length === Object.keys(right).length && left.every(([key, value]) => sameValue(value, right[key]));
}
