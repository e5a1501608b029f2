/**
 * A score scale changed on the service (sync/state.ts settleScale): the scores asked in the old one are forgotten
 * on every binding, and nothing else of a binding is touched — not even by a flush landing while they are.
 */
import { deleteDB } from 'idb';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { getBinding, putBinding } from '../../../lib/library/bindings';
import { DB_NAME } from '../../../lib/library/db';
import { settleScale } from '../../../lib/sync/state';
import { binding, FIELDS } from '../library/fixtures';

/** Runs once, right after the next list of bindings is read (a flush landing between the list and the writes). */
const meanwhile = vi.hoisted(() => ({ run: null as null | (() => Promise<void>) }));

vi.mock('../../../lib/library/bindings', async (importOriginal) => {
  const original = await importOriginal<typeof import('../../../lib/library/bindings')>();
  return {
    ...original,
    listBindings: async (...args: Parameters<typeof original.listBindings>) => {
      const listed = await original.listBindings(...args);
      const run = meanwhile.run;
      meanwhile.run = null;
      if (run) await run();
      return listed;
    },
  };
});

afterEach(async () => {
  await deleteDB(DB_NAME);
});

describe('a changed score scale', () => {
  it('forgets the scores asked in the old scale, and keeps a base a flush moved on meanwhile', async () => {
    const agreed = { ...binding('anilist', 's1', '30002'), base: FIELDS, baseRemoteUpdatedAt: 5, syncedAt: 6, asked: { score: 85, progress: 12 } };
    await putBinding(agreed);
    await settleScale('anilist', 'POINT_100');
    meanwhile.run = () => putBinding({ ...agreed, base: { ...FIELDS, progress: 20 }, baseRemoteUpdatedAt: 9, syncedAt: 9 });
    await settleScale('anilist', 'POINT_10');
    expect(await getBinding('anilist', 's1')).toMatchObject({ base: { progress: 20 }, baseRemoteUpdatedAt: 9, asked: { progress: 12 } });
    expect((await getBinding('anilist', 's1'))?.asked).not.toHaveProperty('score');
  });
});
