import { deleteDB, type IDBPDatabase } from 'idb';
import { afterEach, describe, expect, it } from 'vitest';
import { DB_NAME, DB_VERSION, MIGRATIONS, openDatabase, type ConnectionRecord } from '../../../lib/library/db';
import { readConnectionStatuses, saveConnection } from '../../../lib/library/connections';

afterEach(async () => {
  await deleteDB(DB_NAME);
});

const CURRENT_STORES = [
  'bindings', 'cache', 'connections', 'entries', 'outbox', 'series', 'settings', 'siteLinks', 'syncLog', 'vault', 'vaultKeys',
];

const CONNECTION: ConnectionRecord = {
  service: 'anilist', userId: '7', userName: 'Aoi', scoreSetting: 'POINT_10', connectedAt: 1, tokenExpiresAt: 2,
  lastCheckedAt: 3, lastOutcome: 'ok', lastError: null, rateLimitedUntil: null,
};

describe('database schema', () => {
  it('creates every store from an empty database', async () => {
    const db = await openDatabase();
    expect(db.version).toBe(DB_VERSION);
    expect([...db.objectStoreNames].sort()).toEqual(CURRENT_STORES);
    db.close();
  });

  it('upgrades each historical version to the current one without losing data', async () => {
    for (let from = 1; from < MIGRATIONS.length; from++) {
      const name = `upgrade-from-${from}`;
      const old = (await openDatabase(name, from)) as unknown as IDBPDatabase;
      await old.put('connections', CONNECTION);
      if (from >= 2) await old.put('vault', { name: 'token:anilist', iv: new Uint8Array([1, 2, 3]), ciphertext: new Uint8Array([9]).buffer });
      old.close();

      const db = await openDatabase(name);
      expect(db.version).toBe(DB_VERSION);
      expect([...db.objectStoreNames].sort()).toEqual(CURRENT_STORES);
      expect(await db.get('connections', 'anilist')).toEqual(CONNECTION);
      if (from >= 2) expect((await db.get('vault', 'token:anilist'))?.iv).toEqual(new Uint8Array([1, 2, 3]));
      const tx = db.transaction(['series', 'bindings', 'outbox', 'syncLog']);
      expect([...tx.objectStore('series').indexNames].sort()).toEqual(['byAnilist', 'byKitsu', 'byMal', 'byMangadex']);
      expect([...tx.objectStore('bindings').indexNames].sort()).toEqual(['byMedia', 'bySeries']);
      expect(tx.objectStore('bindings').index('byMedia').unique).toBe(true);
      expect([...tx.objectStore('outbox').indexNames]).toEqual(['byService']);
      expect(tx.objectStore('syncLog').autoIncrement).toBe(true);
      db.close();
      await deleteDB(name);
    }
  });
});

describe('connections', () => {
  it('reports every service as not connected on a fresh install', async () => {
    const statuses = await readConnectionStatuses();
    expect(statuses.map((s) => [s.id, s.name, s.state])).toEqual([
      ['anilist', 'AniList', 'disconnected'],
      ['mal', 'MyAnimeList', 'disconnected'],
      ['kitsu', 'Kitsu', 'disconnected'],
    ]);
  });

  it('reads back a saved connection', async () => {
    await saveConnection({
      service: 'mal', userId: '42', userName: 'Aoi', scoreSetting: null, connectedAt: 1_700_000_000_000, tokenExpiresAt: null,
      lastCheckedAt: 1_700_000_000_000, lastOutcome: 'ok', lastError: null, rateLimitedUntil: null,
    });
    const mal = (await readConnectionStatuses()).find((s) => s.id === 'mal');
    expect(mal).toMatchObject({ state: 'connected', userName: 'Aoi', lastCheckedAt: 1_700_000_000_000 });
  });

  it('shows a damaged record as an error naming the service instead of crashing', async () => {
    const db = (await openDatabase()) as unknown as IDBPDatabase;
    try {
      await db.put('connections', { service: 'kitsu', state: 'on-fire', userName: 42 });
    } finally {
      db.close();
    }
    const kitsu = (await readConnectionStatuses()).find((s) => s.id === 'kitsu');
    expect(kitsu?.state).toBe('error');
    expect(kitsu?.lastError).toMatch(/^Kitsu: /);
  });
});
