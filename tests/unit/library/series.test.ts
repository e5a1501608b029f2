import { deleteDB, type IDBPDatabase } from 'idb';
import { afterEach, describe, expect, it } from 'vitest';
import { putBinding, getBinding, findBindingByMedia } from '../../../lib/library/bindings';
import { DB_NAME, openDatabase } from '../../../lib/library/db';
import { getEntry, putEntry } from '../../../lib/library/entries';
import { deleteSeries, findSeriesByIds, getSeries, listSeries, putSeries, updateSeries } from '../../../lib/library/series';
import type { Series } from '../../../lib/model';
import { binding, entry } from './fixtures';

afterEach(async () => {
  await deleteDB(DB_NAME);
});

function series(id: string, ids: Series['ids']): Series {
  return { id, title: `Series ${id}`, altTitles: [], ids, totalChapters: null, totalVolumes: null, createdAt: 1, updatedAt: 1 };
}

const berserk = series('s1', { anilist: 30002, mal: 2, kitsu: '12', mangadex: '801513ba' });
const frieren = series('s2', { anilist: 118586 });

describe('series', () => {
  it('reads back what was saved, and lists every series', async () => {
    await putSeries(berserk);
    await putSeries(frieren);
    expect(await getSeries('s1')).toEqual(berserk);
    expect(await getSeries('missing')).toBeNull();
    expect((await listSeries()).map((s) => s.id).sort()).toEqual(['s1', 's2']);
  });

  it.each([
    ['anilist', { anilist: 30002 }],
    ['mal', { mal: 2 }],
    ['kitsu', { kitsu: '12' }],
    ['mangadex', { mangadex: '801513ba' }],
  ] as const)('finds a series by its %s id', async (_kind, ids) => {
    await putSeries(berserk);
    await putSeries(frieren);
    expect(await findSeriesByIds(ids)).toEqual([berserk]);
  });

  it('returns each matching series once, and every series any id matches', async () => {
    await putSeries(berserk);
    await putSeries(frieren);
    const bothIdsOfOne = await findSeriesByIds({ anilist: 30002, mal: 2, kitsu: '12' });
    expect(bothIdsOfOne).toEqual([berserk]);
    const duplicates = await findSeriesByIds({ anilist: 118586, mal: 2 });
    expect(duplicates.map((s) => s.id).sort()).toEqual(['s1', 's2']);
    expect(await findSeriesByIds({ mal: 999 })).toEqual([]);
    expect(await findSeriesByIds({})).toEqual([]);
  });

  it('changes a series where it stands: two changes side by side both land, and a series gone is not made again', async () => {
    await putSeries(frieren);
    await Promise.all([
      updateSeries('s2', (current) => ({ ...current, ids: { ...current.ids, mal: 126287 } })),
      updateSeries('s2', (current) => ({ ...current, ids: { ...current.ids, kitsu: '44037' } })),
    ]);
    expect((await getSeries('s2'))?.ids).toEqual({ anilist: 118586, mal: 126287, kitsu: '44037' });
    await deleteSeries('s2');
    expect(await updateSeries('s2', (current) => ({ ...current, title: 'again' }))).toBeNull();
    expect(await getSeries('s2')).toBeNull();
  });

  it('rejects an invalid series without writing it', async () => {
    await expect(putSeries({ ...berserk, ids: { anilist: Number('abc') } })).rejects.toThrow();
    expect(await getSeries('s1')).toBeNull();
  });

  it('skips a damaged record instead of failing the library', async () => {
    await putSeries(frieren);
    const db = (await openDatabase()) as unknown as IDBPDatabase;
    try {
      await db.put('series', { id: 'broken', ids: { anilist: 118586 }, title: 42 });
    } finally {
      db.close();
    }
    expect((await listSeries()).map((s) => s.id)).toEqual(['s2']);
    expect(await getSeries('broken')).toBeNull();
    expect(await findSeriesByIds({ anilist: 118586 })).toEqual([frieren]);
  });

  it('deletes a series with its entry and bindings, freeing its media for another series', async () => {
    await putSeries(berserk);
    await putEntry(entry('s1'));
    await putBinding(binding('anilist', 's1', '30002'));
    await putBinding(binding('mal', 's1', '2'));
    await deleteSeries('s1');
    expect(await getSeries('s1')).toBeNull();
    expect(await getEntry('s1')).toBeNull();
    expect(await getBinding('anilist', 's1')).toBeNull();
    await putBinding(binding('anilist', 's3', '30002'));
    expect((await findBindingByMedia('anilist', '30002'))?.seriesId).toBe('s3');
  });
});
