import { deleteDB, type IDBPDatabase } from 'idb';
import { afterEach, describe, expect, it } from 'vitest';
import { DB_NAME, openDatabase } from '../../../lib/library/db';
import { EntryMovedError, getEntry, listEntries, putEntry, updateEntryLogged } from '../../../lib/library/entries';
import { absorbSeries } from '../../../lib/library/absorb-series';
import { putSeries } from '../../../lib/library/series';
import { readLog } from '../../../lib/library/sync-log';
import { getBinding, putBinding, validBinding } from '../../../lib/library/bindings';
import type { Binding } from '../../../lib/model';
import { entry } from './fixtures';

afterEach(async () => {
  await deleteDB(DB_NAME);
});

describe('entries', () => {
  it('reads back an entry with decimal progress and partial dates, and replaces it on save', async () => {
    await putEntry(entry('s1'));
    expect(await getEntry('s1')).toEqual(entry('s1'));
    await putEntry(entry('s1', { progress: 13, status: 'completed' }));
    expect(await getEntry('s1')).toMatchObject({ progress: 13, status: 'completed', startedAt: { year: 2024, month: 3, day: null } });
    expect(await getEntry('s2')).toBeNull();
  });

  it('rejects an entry the merge could not use, writing nothing', async () => {
    const withoutNotesTime = entry('s1');
    Reflect.deleteProperty(withoutNotesTime.changedAt, 'notes');
    await expect(putEntry(withoutNotesTime)).rejects.toThrow();
    await expect(putEntry(entry('s1', { score: 120 }))).rejects.toThrow();
    expect(await getEntry('s1')).toBeNull();
  });

  it('lists the valid entries and skips a damaged one', async () => {
    await putEntry(entry('s1'));
    await putEntry(entry('s2'));
    const db = (await openDatabase()) as unknown as IDBPDatabase;
    try {
      await db.put('entries', { seriesId: 's3', status: 'reading-ish' });
    } finally {
      db.close();
    }
    expect((await listEntries()).map((e) => e.seriesId)).toEqual(['s1', 's2']);
    expect(await getEntry('s3')).toBeNull();
  });

  it('writes a merge and the record of what it let lose together, or neither', async () => {
    await putEntry(entry('s1'));
    const lost = { at: 1, kind: 'conflict' as const, service: 'anilist' as const, direction: 'pull' as const, message: 'kept 12', details: { seriesId: 's1', field: 'progress', kept: 12, lost: 11 } };
    await updateEntryLogged('s1', (current) => ({ entry: current && { ...current, progress: 12 }, log: [lost] }));
    expect((await getEntry('s1'))?.progress).toBe(12);
    expect((await readLog({ limit: 10 })).map((r) => r.details)).toEqual([lost.details]);
    // A record that cannot be stored (not JSON data) takes the merge down with it: no value lost unrecorded.
    const broken = { ...lost, details: { seriesId: 's1', field: 'progress', kept: 13, lost: Number.NaN } };
    await expect(updateEntryLogged('s1', (current) => ({ entry: current && { ...current, progress: 13 }, log: [broken] }))).rejects.toThrow();
    expect((await getEntry('s1'))?.progress).toBe(12);
    expect(await readLog({ limit: 10 })).toHaveLength(1);
  });

  it('writes a merge and the base it was made against together, or neither', async () => {
    await putEntry(entry('s1'));
    const base = validBinding({
      seriesId: 's1', service: 'anilist', mediaId: '30002', entryId: '7', base: { ...entry('s1'), progress: 12 },
      baseRemoteUpdatedAt: 5, syncedAt: 6, asked: {}, removedAt: null, totals: null,
    });
    await updateEntryLogged('s1', (current) => ({ entry: current && { ...current, progress: 12 }, log: [] }), { binding: base });
    expect((await getEntry('s1'))?.progress).toBe(12);
    expect((await getBinding('anilist', 's1'))?.base?.progress).toBe(12);
    // A base that cannot be stored (no key) takes the merge down with it: never a merged value without its base.
    const keyless = { ...base, base: { ...entry('s1'), progress: 13 }, service: undefined } as unknown as Binding;
    await expect(updateEntryLogged('s1', (current) => ({ entry: current && { ...current, progress: 13 }, log: [] }), { binding: keyless })).rejects.toThrow();
    expect((await getEntry('s1'))?.progress).toBe(12);
    expect((await getBinding('anilist', 's1'))?.base?.progress).toBe(12);
  });

  it('a merge overtaken by a join writes nothing and says so, for the caller to start again on the series it became', async () => {
    const series = (id: string) => ({ id, title: id, altTitles: [], ids: {}, totalChapters: null, totalVolumes: null, createdAt: 1, updatedAt: 1 });
    await putSeries(series('s1'));
    await putSeries(series('s2'));
    await putEntry(entry('s1'));
    await putEntry(entry('s2'));
    const link = (seriesId: string) => validBinding({
      seriesId, service: 'kitsu', mediaId: '303', entryId: '7', base: { ...entry(seriesId), progress: 12 },
      baseRemoteUpdatedAt: 5, syncedAt: 6, asked: {}, removedAt: null, totals: null,
    });
    // Another series holds the media now: its base is not written over it, nor the merge made against the old one.
    await putBinding(link('s2'));
    await expect(updateEntryLogged('s1', (current) => ({ entry: current && { ...current, progress: 12 }, log: [] }), { binding: link('s1') })).rejects.toBeInstanceOf(EntryMovedError);
    expect((await getEntry('s1'))?.progress).toBe(entry('s1').progress);
    // A series joined into another since: nothing is written under its old id.
    await absorbSeries('s2', 's1', 10);
    await expect(updateEntryLogged('s1', (current) => ({ entry: current ?? entry('s1', { progress: 40 }), log: [] }), { unjoined: true })).rejects.toBeInstanceOf(EntryMovedError);
    expect(await getEntry('s1')).toBeNull();
    expect(await getBinding('kitsu', 's1')).toBeNull();
  });
});
