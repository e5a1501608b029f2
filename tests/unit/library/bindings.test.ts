import { deleteDB } from 'idb';
import { afterEach, describe, expect, it } from 'vitest';
import {
  deleteBindings, findBindingByMedia, getBinding, listBindings, listBindingsForSeries, putBinding,
} from '../../../lib/library/bindings';
import { DB_NAME } from '../../../lib/library/db';
import { binding, FIELDS } from './fixtures';

afterEach(async () => {
  await deleteDB(DB_NAME);
});

async function saveSome() {
  await putBinding({ ...binding('anilist', 's1', '30002'), entryId: '900', base: FIELDS, baseRemoteUpdatedAt: 5, syncedAt: 6 });
  await putBinding(binding('anilist', 's2', '118586'));
  await putBinding(binding('mal', 's1', '2'));
  await putBinding(binding('kitsu', 's2', '42'));
}

describe('bindings', () => {
  it('reads a binding back by series and by the service media, base snapshot included', async () => {
    await saveSome();
    const saved = await getBinding('anilist', 's1');
    expect(saved).toMatchObject({ mediaId: '30002', entryId: '900', base: FIELDS, baseRemoteUpdatedAt: 5 });
    expect(await findBindingByMedia('anilist', '30002')).toEqual(saved);
    // Media ids are per service: MAL's 30002 is another manga.
    expect(await findBindingByMedia('mal', '30002')).toBeNull();
    expect(await getBinding('kitsu', 's1')).toBeNull();
  });

  it('lists one service, every service, or one series', async () => {
    await saveSome();
    expect((await listBindings('anilist')).map((b) => b.seriesId)).toEqual(['s1', 's2']);
    expect(await listBindings('mal')).toHaveLength(1);
    expect(await listBindings()).toHaveLength(4);
    expect((await listBindingsForSeries('s2')).map((b) => b.service).sort()).toEqual(['anilist', 'kitsu']);
  });

  it('refuses to bind one media to two series', async () => {
    await saveSome();
    await expect(putBinding(binding('anilist', 's3', '30002'))).rejects.toMatchObject({ name: 'ConstraintError' });
    expect(await getBinding('anilist', 's3')).toBeNull();
    expect((await findBindingByMedia('anilist', '30002'))?.seriesId).toBe('s1');
  });

  it('updates a binding in place', async () => {
    await saveSome();
    await putBinding({ ...binding('anilist', 's2', '118586'), entryId: '77', syncedAt: 9 });
    expect(await getBinding('anilist', 's2')).toMatchObject({ entryId: '77', syncedAt: 9 });
    expect(await listBindings('anilist')).toHaveLength(2);
  });

  it('forgets one service only, for a full resync', async () => {
    await saveSome();
    await deleteBindings('anilist');
    expect(await listBindings('anilist')).toEqual([]);
    expect((await listBindings()).map((b) => b.service).sort()).toEqual(['kitsu', 'mal']);
    await putBinding(binding('anilist', 's9', '30002'));
    expect((await findBindingByMedia('anilist', '30002'))?.seriesId).toBe('s9');
  });
});
