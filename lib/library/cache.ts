/**
 * A small expiring cache of public service data (media metadata, search and lookup results), so a rate-limited
 * service is not asked the same question on every read. It never holds tokens, secrets or account data: the
 * store is plain IndexedDB, readable by anyone with the profile; secrets belong in the vault.
 * Values are plain JSON; whoever reads one validates it with their own schema, as with any API response.
 */
import { z } from 'zod/mini';
import { type CacheRecord, type JsonValue, withDb } from './db';

const recordSchema = z.object({
  key: z.string(),
  value: z.json(),
  expiresAt: z.number(),
}) satisfies z.ZodMiniType<CacheRecord>;

/** The cached value, or undefined when there is none, it has expired or it is damaged (then it is removed). */
export async function cacheGet(key: string, now = Date.now()): Promise<JsonValue | undefined> {
  return withDb(async (db) => {
    const tx = db.transaction('cache', 'readwrite');
    const raw = await tx.store.get(key);
    const parsed = recordSchema.safeParse(raw);
    const fresh = parsed.success && parsed.data.expiresAt > now;
    if (raw !== undefined && !fresh) void tx.store.delete(key);
    await tx.done;
    return fresh ? parsed.data.value : undefined;
  });
}

/** Caches `value` for `ttlMs`; rejects, writing nothing, when it is not JSON (undefined, NaN, a Date…). */
export async function cachePut(key: string, value: JsonValue, ttlMs: number, now = Date.now()): Promise<void> {
  const record = recordSchema.parse({ key, value, expiresAt: now + ttlMs });
  return withDb(async (db) => {
    await db.put('cache', record);
  });
}

/** Removes every expired (or damaged) record; resolves to how many went. */
export async function cachePurgeExpired(now = Date.now()): Promise<number> {
  return withDb(async (db) => {
    const tx = db.transaction('cache', 'readwrite');
    let removed = 0;
    let cursor = await tx.store.openCursor();
    while (cursor) {
      const parsed = recordSchema.safeParse(cursor.value);
      if (!parsed.success || parsed.data.expiresAt <= now) {
        void cursor.delete();
        removed += 1;
      }
      cursor = await cursor.continue();
    }
    await tx.done;
    return removed;
  });
}
