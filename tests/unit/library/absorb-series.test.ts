/**
 * Two series found to be one manga are joined like two lists met for the first time: an empty value is "not
 * known" and learns the other's, unless it is the user's clearing made later — or at the same moment, as ties go
 * to the user's own act. Whichever loses, a user's clearing that loses is logged.
 */
import { deleteDB } from 'idb';
import { afterEach, describe, expect, it } from 'vitest';
import { absorbSeries } from '../../../lib/library/absorb-series';
import { DB_NAME } from '../../../lib/library/db';
import { getEntry, putEntry } from '../../../lib/library/entries';
import { getSeries, putSeries } from '../../../lib/library/series';
import type { LibraryEntry, Series } from '../../../lib/model';
import { entry } from './fixtures';

afterEach(async () => {
  await deleteDB(DB_NAME);
});

const series = (id: string, ids: Series['ids']): Series => ({ id, title: `Series ${id}`, altTitles: [], ids, totalChapters: null, totalVolumes: null, createdAt: 1, updatedAt: 1 });

const DATE = { year: 2019, month: null, day: null };

/** The series a list brought (a start date there, stamped `listAt`) and the one the user cleared the date on. */
async function twoSeries(listAt: number, clearedAt: number): Promise<void> {
  await putSeries(series('from-list', { mal: 2 }));
  await putSeries(series('read-here', { kitsu: '24' }));
  const fromList = entry('from-list', { startedAt: DATE });
  const readHere: LibraryEntry = { ...entry('read-here', { startedAt: null }), editedFields: ['startedAt'] };
  await putEntry({ ...fromList, changedAt: { ...fromList.changedAt, startedAt: listAt } });
  await putEntry({ ...readHere, changedAt: { ...readHere.changedAt, startedAt: clearedAt } });
}

describe('joining two series of one manga', () => {
  it('keeps a date the user cleared at the same moment the list set it (ties go to the user), and logs the date', async () => {
    await twoSeries(9_000, 9_000);
    const conflicts = await absorbSeries('from-list', 'read-here', 10_000);
    expect((await getEntry('from-list'))?.startedAt).toBeNull();
    expect(conflicts).toContainEqual({ field: 'startedAt', kept: null, lost: DATE });
    expect(await getSeries('read-here')).toBeNull();
  });

  it('learns the list’s later date over an older clearing, and logs the clearing as lost', async () => {
    await twoSeries(9_000, 8_000);
    const conflicts = await absorbSeries('from-list', 'read-here', 10_000);
    expect((await getEntry('from-list'))?.startedAt).toEqual(DATE);
    expect(conflicts).toContainEqual({ field: 'startedAt', kept: DATE, lost: null });
  });

  it('learns a date over an empty one never set, with nothing to log', async () => {
    await twoSeries(9_000, 0);
    const plain = (await getEntry('read-here'))!;
    await putEntry({ ...plain, editedFields: [] });
    const conflicts = await absorbSeries('from-list', 'read-here', 10_000);
    expect((await getEntry('from-list'))?.startedAt).toEqual(DATE);
    expect(conflicts.filter((c) => c.field === 'startedAt')).toEqual([]);
  });
});
