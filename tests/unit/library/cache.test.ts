import { deleteDB, type IDBPDatabase } from 'idb';
import { afterEach, describe, expect, it } from 'vitest';
import { cacheGet, cachePurgeExpired, cachePut } from '../../../lib/library/cache';
import { DB_NAME, openDatabase } from '../../../lib/library/db';

afterEach(async () => {
  await deleteDB(DB_NAME);
});

const T0 = 1_700_000_000_000;
const MINUTE = 60_000;

async function rawKeys(): Promise<IDBValidKey[]> {
  const db = (await openDatabase()) as unknown as IDBPDatabase;
  try {
    return await db.getAllKeys('cache');
  } finally {
    db.close();
  }
}

describe('cache', () => {
  it('returns a value until it expires, then forgets it', async () => {
    const media = { id: '30002', title: 'Berserk', chapters: null, ids: { mal: 2 } };
    await cachePut('media:anilist:30002', media, 10 * MINUTE, T0);
    expect(await cacheGet('media:anilist:30002', T0 + 10 * MINUTE - 1)).toEqual(media);
    expect(await cacheGet('media:anilist:30002', T0 + 10 * MINUTE)).toBeUndefined();
    expect(await rawKeys()).toEqual([]);
    expect(await cacheGet('never-stored', T0)).toBeUndefined();
  });

  it('caches null, so a lookup that found nothing is not repeated', async () => {
    await cachePut('lookup:mal:x', null, MINUTE, T0);
    expect(await cacheGet('lookup:mal:x', T0)).toBeNull();
  });

  it('replaces a value and its expiry', async () => {
    await cachePut('k', 1, MINUTE, T0);
    await cachePut('k', 2, 10 * MINUTE, T0);
    expect(await cacheGet('k', T0 + 5 * MINUTE)).toBe(2);
  });

  it('purges expired and damaged records only', async () => {
    await cachePut('short', 'a', MINUTE, T0);
    await cachePut('long', 'b', 60 * MINUTE, T0);
    const db = (await openDatabase()) as unknown as IDBPDatabase;
    try {
      await db.put('cache', { key: 'damaged', value: 'c' });
    } finally {
      db.close();
    }
    expect(await cachePurgeExpired(T0 + 2 * MINUTE)).toBe(2);
    expect(await rawKeys()).toEqual(['long']);
  });

  it('refuses values that are not JSON', async () => {
    await expect(cachePut('k', Number.NaN, MINUTE, T0)).rejects.toThrow();
    expect(await rawKeys()).toEqual([]);
  });
});
