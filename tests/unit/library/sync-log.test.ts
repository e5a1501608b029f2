import { deleteDB, type IDBPDatabase } from 'idb';
import { afterEach, describe, expect, it } from 'vitest';
import { DB_NAME, openDatabase, type SyncLogRecord } from '../../../lib/library/db';
import { appendLog, LOG_LIMIT, readLog } from '../../../lib/library/sync-log';

afterEach(async () => {
  await deleteDB(DB_NAME);
});

function record(at: number, message = `at ${at}`): SyncLogRecord {
  return { at, kind: 'change', service: 'anilist', direction: 'push', message, details: {} };
}

describe('sync log', () => {
  it('reads newest first, up to the limit, with ids and details intact', async () => {
    await appendLog([
      record(10),
      {
        at: 30, kind: 'conflict', service: 'mal', direction: 'pull', message: 'MyAnimeList: score changed on both sides',
        details: { field: 'score', kept: 80, lost: 70, sides: ['local', 'remote'], note: null },
      },
    ]);
    await appendLog([record(20)]);
    const log = await readLog({ limit: 2 });
    expect(log.map((r) => r.at)).toEqual([30, 20]);
    expect(log[0]).toMatchObject({ kind: 'conflict', details: { field: 'score', kept: 80, lost: 70 } });
    expect(typeof log[0]!.id).toBe('number');
  });

  it('pages on from the last record shown without repeating or skipping records of the same time', async () => {
    await appendLog([record(5, 'a'), record(5, 'b'), record(5, 'c'), record(4, 'd'), record(6, 'e')]);
    const first = await readLog({ limit: 2 });
    const second = await readLog({ limit: 2, before: first.at(-1)! });
    const third = await readLog({ limit: 2, before: second.at(-1)! });
    expect([...first, ...second, ...third].map((r) => r.message)).toEqual(['e', 'c', 'b', 'a', 'd']);
  });

  it(`keeps only the newest ${LOG_LIMIT} records`, async () => {
    await appendLog(Array.from({ length: LOG_LIMIT }, (_, i) => record(i + 1)));
    await appendLog([record(LOG_LIMIT + 1), record(LOG_LIMIT + 2), record(LOG_LIMIT + 3)]);
    const log = await readLog({ limit: LOG_LIMIT + 10 });
    expect(log).toHaveLength(LOG_LIMIT);
    expect(log[0]!.at).toBe(LOG_LIMIT + 3);
    expect(log.at(-1)!.at).toBe(4);
  });

  it('rejects a record that is not plain JSON, writing none of the batch', async () => {
    const bad = { ...record(2), details: { when: new Date(0) } } as unknown as SyncLogRecord;
    await expect(appendLog([record(1), bad])).rejects.toThrow();
    expect(await readLog({ limit: 10 })).toEqual([]);
  });

  it('leaves a damaged record out of the page', async () => {
    await appendLog([record(1), record(3)]);
    const db = (await openDatabase()) as unknown as IDBPDatabase;
    try {
      await db.add('syncLog', { at: 2, kind: 'mystery' });
    } finally {
      db.close();
    }
    expect((await readLog({ limit: 10 })).map((r) => r.at)).toEqual([3, 1]);
  });
});
