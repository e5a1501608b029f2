/**
 * Saving a service's link of a series when a merge of the same manga ran beside it: the link goes to the series the
 * one it names became, and a link left under a series that no longer exists never blocks the media.
 */
import { deleteDB } from 'idb';
import { afterEach, describe, expect, it } from 'vitest';
import { absorbSeries } from '../../../lib/library/absorb-series';
import { findBindingByMedia, getBinding, putBinding } from '../../../lib/library/bindings';
import { DB_NAME } from '../../../lib/library/db';
import { putEntry } from '../../../lib/library/entries';
import { putSeries } from '../../../lib/library/series';
import type { Binding, Series } from '../../../lib/model';
import { saveBinding } from '../../../lib/sync/agree';
import { entry } from '../library/fixtures';

afterEach(async () => {
  await deleteDB(DB_NAME);
});

const series = (id: string, ids: Series['ids']): Series => ({ id, title: `Series ${id}`, altTitles: [], ids, totalChapters: null, totalVolumes: null, createdAt: 1, updatedAt: 1 });
const link = (seriesId: string, mediaId: string): Binding => ({
  seriesId, service: 'kitsu', mediaId, entryId: 'e1', base: null, baseRemoteUpdatedAt: null, syncedAt: 1, asked: {}, removedAt: null, readAt: 1, totals: null,
});

describe('saving a link beside a join', () => {
  it('a link left under a series that was joined away holds nothing: the media goes to the series saved now', async () => {
    await putSeries(series('read-here', { mal: 3 }));
    await putEntry(entry('read-here', {}));
    // A merge of a series that a join then removed saved its link under the old id.
    await putBinding(link('joined-away', '303'));
    await saveBinding(link('read-here', '303'), 10_000);
    expect(await findBindingByMedia('kitsu', '303')).toMatchObject({ seriesId: 'read-here' });
    expect(await getBinding('kitsu', 'joined-away')).toBeNull();
  });

  it('a link for a series joined into another since goes to the series it became', async () => {
    await putSeries(series('from-list', { kitsu: '303' }));
    await putSeries(series('read-here', { mal: 3 }));
    await putEntry(entry('from-list', {}));
    await putEntry(entry('read-here', {}));
    await absorbSeries('from-list', 'read-here', 5_000);
    await saveBinding(link('read-here', '303'), 10_000);
    expect(await findBindingByMedia('kitsu', '303')).toMatchObject({ seriesId: 'from-list' });
    expect(await getBinding('kitsu', 'read-here')).toBeNull();
  });
});
