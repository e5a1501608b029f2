/**
 * The durable outbox (DESIGN.md "nothing is lost", rule 6): every change owed to a service waits here until the
 * service holds it or the user discards it. An item is an intent — which fields of which series a service must
 * receive — and its values are computed when it is sent. One item per (service, series) coalesces a burst of
 * edits into one write, and a version number lets a completion tell whether a newer intent arrived meanwhile.
 *
 * Assumes one flush per service at a time (flush.ts serialises them): the version check guards against new
 * intents arriving mid-send, not against two senders of the same item.
 */
import { type EntryField, type EntryFields, type LibraryEntry, type ServiceId } from '../model';
import type { CallFailure } from '../trackers/tracker';
import { type OutboxItem, withDb } from './db';
import { outboxId, parseItem, retryDelayMs, sameAsRefused } from './outbox-item';

export { outboxId, parseItem, RETRY_BASE_MS, RETRY_CAP_MS, retryDelayMs, sameValue } from './outbox-item';

export interface EnqueueOptions {
  /** Not before then (the in-page notice's countdown, during which Undo sends nothing). */
  holdUntil?: number;
  /** Read the service's entry before writing (a chapter read). */
  fresh?: boolean;
  /** A user's edit: read what changed on the service since its last pull before writing (`OutboxItem.peek`). */
  peek?: boolean;
  /**
   * The values these fields would be sent with now. An item the service refused stays refused when they are the
   * values it refused; anything else (the user changed something) makes it due again.
   */
  values?: Partial<EntryFields>;
}

/**
 * Records that `fields` of a series must reach a service. An item already waiting for the same series takes the
 * fields over its own, gets a new version and is due at once (a hold already on it survives). A refused item
 * stays refused when the values would be the refused ones again; otherwise it becomes pending. An item waiting
 * for the user to sign in again keeps waiting: a new edit does not repair the credentials. Resolves to the item
 * as stored, or null when there was nothing to queue.
 */
export async function enqueueIntent(
  service: ServiceId, seriesId: string, mediaId: string, fields: readonly EntryField[], now = Date.now(), options: EnqueueOptions = {},
): Promise<OutboxItem | null> {
  const wanted = [...new Set(fields)];
  return withDb(async (db) => {
    const tx = db.transaction('outbox', 'readwrite');
    const id = outboxId(service, seriesId);
    // A damaged item cannot be merged with; the new intent replaces it rather than being refused.
    const existing = parseItem(await tx.store.get(id));
    if (wanted.length === 0) {
      await tx.done;
      return existing;
    }
    if (existing?.state === 'failed' && sameAsRefused(existing.refused, options.values)) {
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
        fields: [...new Set([...existing.fields, ...wanted])],
        // (A removal turned into a change reads the entry first: nothing looked at it since the removal was asked,
        // and a change another device made there meanwhile is news, not something to write over.)
        fresh: existing.fresh || existing.remove || (options.fresh ?? false),
        peek: (existing.peek ?? false) || (options.peek ?? false),
        updatedAt: now,
        version: existing.version + 1,
        attempts: 0,
        nextAttemptAt: dueAt,
        state: waitingAuth ? 'waitingAuth' : 'pending',
        lastError: waitingAuth ? existing.lastError : null,
        refused: null,
        userRetry: false,
        // A new change of the series means it stays on the list after all. A removal whose request may have gone
        // (marked in flight, `midway`) leaves what the service holds in doubt: the library's values go over it. One
        // that never went leaves the entry as it was, and a change another device made there since is news.
        remove: false,
        midway: existing.midway,
      }
      : {
        id, service, seriesId, mediaId, fields: wanted, fresh: options.fresh ?? false, peek: options.peek ?? false, createdAt: now, updatedAt: now,
        version: 1, attempts: 0, nextAttemptAt: dueAt, state: 'pending', lastError: null, refused: null, userRetry: false, remove: false,
        midway: [],
      };
    await Promise.all([tx.store.put(item), tx.done]);
    return item;
  });
}

/**
 * The item saying a series' entry must go from a service's list, replacing `existing` (whatever was queued for it:
 * nothing of it is to be sent any more). Durable like any intent: a removal the service cannot take now is retried.
 * Queued by take-off.ts, together with the library entry's removal.
 */
export function removalItem(existing: OutboxItem | null, service: ServiceId, seriesId: string, mediaId: string, now: number, restore?: LibraryEntry): OutboxItem {
  return {
    id: outboxId(service, seriesId), service, seriesId, mediaId, fields: [], fresh: false, createdAt: existing?.createdAt ?? now,
    updatedAt: now, version: (existing?.version ?? 0) + 1, attempts: 0, nextAttemptAt: now, state: 'pending', lastError: null,
    refused: null, userRetry: false, remove: true, midway: [], ...(restore ? { restore } : {}),
  };
}

/** A service's items that may be sent now, oldest intent first. */
export async function dueItems(service: ServiceId, now = Date.now()): Promise<OutboxItem[]> {
  const items = await readItems(service);
  return items.filter((item) => item.state === 'pending' && item.nextAttemptAt <= now);
}

/** One item by id, or null when there is none (or it is damaged). */
export async function getItem(id: string): Promise<OutboxItem | null> {
  return withDb(async (db) => {
    return parseItem(await db.get('outbox', id));
  });
}

/**
 * Records the fields a save in several steps leaves as the service set them until its last step (none: done), and
 * the furthest counts those saves carry (`OutboxItem.midwayCounts`).
 */
export async function setMidway(id: string, fields: readonly EntryField[], counts?: OutboxItem['midwayCounts']): Promise<void> {
  return withDb(async (db) => {
    const tx = db.transaction('outbox', 'readwrite');
    const item = parseItem(await tx.store.get(id));
    if (item) {
      const next: OutboxItem = { ...item, midway: [...new Set(fields)] };
      if (fields.length > 0 && counts) next.midwayCounts = counts;
      else delete next.midwayCounts;
      void tx.store.put(next);
    }
    await tx.done;
  });
}

/**
 * The service holds what `version` of the item asked for (or nothing was left to send). If no newer intent
 * arrived meanwhile, the item is done; if one did, it stays, due, and its values are worked out again when sent.
 */
export async function completeItem(id: string, version: number, answered: readonly EntryField[] = []): Promise<void> {
  return withDb(async (db) => {
    const tx = db.transaction('outbox', 'readwrite');
    const item = parseItem(await tx.store.get(id));
    // Gone (discarded meanwhile) or damaged: nothing here is known to be done.
    if (item?.version === version) void tx.store.delete(id);
    // Kept for a newer intent: the fields whose write was answered are no longer in flight (`midway`).
    else if (item && answered.length > 0 && item.midway.some((f) => answered.includes(f))) {
      void tx.store.put({ ...item, midway: item.midway.filter((f) => !answered.includes(f)) });
    }
    // A failed request inside the transaction aborts it, and `done` rejects with that error.
    await tx.done;
  });
}

/**
 * A send failed; each kind of failure has one path. `transient` retries with backoff (seconds at first);
 * `rateLimited` waits as long as the service asked; `auth` waits for the user to sign in again; `permanent` is
 * kept as refused (`write`: what was refused) for the user to retry or discard, never dropped silently and never
 * re-sent as is. A permanent failure of an older version than the one stored does not fail the newer intent: that
 * gets its own try. Resolves to the item as stored, or null when gone.
 */
export async function failItem(
  id: string, version: number, failure: CallFailure, now = Date.now(), options: { write?: Partial<EntryFields>; random?: () => number } = {},
): Promise<OutboxItem | null> {
  return withDb(async (db) => {
    const tx = db.transaction('outbox', 'readwrite');
    const stored = parseItem(await tx.store.get(id));
    if (!stored) {
      await tx.done;
      return null;
    }
    const item: OutboxItem = { ...stored, attempts: stored.attempts + 1, lastError: failure.message };
    switch (failure.kind) {
      case 'transient':
        item.nextAttemptAt = now + retryDelayMs(item.attempts, options.random);
        break;
      case 'rateLimited':
        item.nextAttemptAt = now + failure.retryAfterMs;
        break;
      case 'auth':
        item.state = 'waitingAuth';
        item.authAt = now;
        break;
      case 'permanent':
        if (item.version === version) {
          item.state = 'failed';
          item.refused = options.write ?? {};
          item.userRetry = false;
        } else {
          item.nextAttemptAt = now;
        }
        break;
    }
    await Promise.all([tx.store.put(item), tx.done]);
    return item;
  });
}

/**
 * After the user signs in again: the service's items waiting for that are due now. `signedInAt`: only those refused
 * before that sign-in (a worker stopped between the sign-in and this release leaves them for the next flush to
 * release). Resolves to how many.
 */
export async function releaseAuthWaits(service: ServiceId, now = Date.now(), signedInAt = Number.POSITIVE_INFINITY): Promise<number> {
  return withDb(async (db) => {
    const tx = db.transaction('outbox', 'readwrite');
    const waiting = (await tx.store.index('byService').getAll(service))
      .map(parseItem)
      .filter((item): item is OutboxItem => item?.state === 'waitingAuth' && (item.authAt ?? 0) < signedInAt);
    await Promise.all([
      ...waiting.map((item) => tx.store.put({ ...item, ...dueAgain(now) })),
      tx.done,
    ]);
    return waiting.length;
  });
}

/** The user asked to try a refused item again, as is. Resolves to false when it is not (or no longer) refused. */
export async function retryFailed(id: string, now = Date.now()): Promise<boolean> {
  return withDb(async (db) => {
    const tx = db.transaction('outbox', 'readwrite');
    const item = parseItem(await tx.store.get(id));
    const failed = item?.state === 'failed';
    if (failed) void tx.store.put({ ...item, ...dueAgain(now), userRetry: true });
    await tx.done;
    return failed;
  });
}

/** Removes an item: the user gave up on it, or nothing is owed any more (the service's entry is gone). */
export async function discardItem(id: string): Promise<void> {
  return withDb(async (db) => {
    await db.delete('outbox', id);
  });
}

/** Every item of one service goes (its account was disconnected: what was owed to it is owed to no one). */
export async function discardService(service: ServiceId): Promise<void> {
  return withDb(async (db) => {
    const tx = db.transaction('outbox', 'readwrite');
    const keys = await tx.store.index('byService').getAllKeys(service);
    await Promise.all([...keys.map((key) => tx.store.delete(key)), tx.done]);
  });
}

/** Every valid item, whatever its state, oldest intent first. */
export async function listOutbox(): Promise<OutboxItem[]> {
  return readItems();
}

/** Items that will go out without the user's help, of one service or all. */
export async function countPending(service?: ServiceId): Promise<number> {
  return (await readItems(service)).filter((item) => item.state === 'pending').length;
}

/**
 * When the retry alarm should next fire: the earliest time a pending item of `services` is due (default: every
 * service); null when none is. Items of a service that cannot send now (switched off, receive-only) wake nothing.
 */
export async function nextWakeAt(services?: readonly ServiceId[]): Promise<number | null> {
  const times = (await readItems())
    .filter((item) => item.state === 'pending' && (services === undefined || services.includes(item.service)))
    .map((item) => item.nextAttemptAt);
  return times.length === 0 ? null : Math.min(...times);
}

async function readItems(service?: ServiceId): Promise<OutboxItem[]> {
  return withDb(async (db) => {
    const records = service === undefined
      ? await db.getAll('outbox')
      : await db.getAllFromIndex('outbox', 'byService', service);
    // A damaged record is left out rather than failing the whole list.
    return records
      .map(parseItem)
      .filter((item): item is OutboxItem => item !== null)
      .sort((a, b) => a.createdAt - b.createdAt || a.id.localeCompare(b.id));
  });
}

const dueAgain = (now: number) => ({ state: 'pending', attempts: 0, nextAttemptAt: now, lastError: null, refused: null }) as const;
