import { deleteDB, type IDBPDatabase } from 'idb';
import { afterEach, describe, expect, it } from 'vitest';
import { DB_NAME, DB_VERSION, MIGRATIONS, openDatabase } from '../../../lib/library/db';
import { readConnectionStatuses, saveConnection } from '../../../lib/library/connections';

afterEach(async () => {
  await deleteDB(DB_NAME);
});

describe('database schema', () => {
  it('creates every store from an empty database', async () => {
    const db = await openDatabase();
    expect(db.version).toBe(DB_VERSION);
    expect([...db.objectStoreNames].sort()).toEqual(['connections', 'settings', 'vault', 'vaultKeys']);
    db.close();
  });

  it('upgrades each historical version to the current one without losing data', async () => {
    for (let from = 1; from < MIGRATIONS.length; from++) {
      const name = `upgrade-from-${from}`;
      (await openDatabase(name, from)).close();
      const db = await openDatabase(name);
      expect(db.version).toBe(DB_VERSION);
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
