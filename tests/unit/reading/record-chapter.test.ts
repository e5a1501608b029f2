import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { getEntry, listEntries, updateEntry } from '../../../lib/library/entries';
import { recordChapter } from '../../../lib/reading/record-chapter';
import type { FakeInternet } from '../../fakes/index';
import { CATALOG } from '../../fakes/catalog';
import { connectEmptyAccounts, frierenPage, resetLibrary, startWorld, writeCounts } from '../sync/world';

vi.setConfig({ testTimeout: 60_000 });

/** Runs once right after the reading policy's next decision (what else happens in the library meanwhile). */
const afterDecision = vi.hoisted(() => ({ run: null as (() => Promise<unknown>) | null, done: null as Promise<unknown> | null }));
vi.mock('../../../lib/reading/policy', async (importOriginal) => {
  const original = await importOriginal<typeof import('../../../lib/reading/policy')>();
  return {
    ...original,
    decideRead: (...args: Parameters<typeof original.decideRead>) => {
      const decision = original.decideRead(...args);
      const run = afterDecision.run;
      afterDecision.run = null;
      if (run) afterDecision.done = run();
      return decision;
    },
  };
});

const frieren = CATALOG.find((m) => m.anilist === 118586)!;
const page = frierenPage;

let internet: FakeInternet;
beforeAll(async () => {
  internet = await startWorld();
});
afterAll(() => internet.close());
afterEach(resetLibrary);

describe('recording a chapter read', () => {
  beforeEach(async () => {
    await connectEmptyAccounts(internet);
  });

  it('writes the chapter to all three services, starting the series there', async () => {
    const outcome = await recordChapter(page(), { explicit: true });
    expect(outcome).toMatchObject({ kind: 'updated' });
    const anilist = internet.services.anilist!.state() as { users: { list: { mediaId: number; progress: number; status: string }[] }[] };
    expect(anilist.users[0]!.list.find((e) => e.mediaId === frieren.anilist)).toMatchObject({ progress: 12, status: 'CURRENT' });
    const mal = internet.services.mal!.state() as { users: { list: { mangaId: number; num_chapters_read: number; status: string }[] }[] };
    expect(mal.users[0]!.list.find((e) => e.mangaId === frieren.mal)).toMatchObject({ num_chapters_read: 12, status: 'reading' });
    const kitsu = internet.services.kitsu!.state() as { entries: { mangaId: string; progress: number; status: string }[] };
    expect(kitsu.entries.find((e) => e.mangaId === frieren.kitsu)).toMatchObject({ progress: 12, status: 'current' });
    expect(writeCounts(internet)).toEqual({ anilist: 1, mal: 1, kitsu: 1 });
  });

  it('does nothing for a chapter at or behind the progress already recorded', async () => {
    await recordChapter(page(), { explicit: true });
    internet.log.clear();
    expect(await recordChapter(page({ chapter: 11 }), { explicit: true })).toMatchObject({ kind: 'ignored' });
    expect(writeCounts(internet)).toEqual({ anilist: 0, mal: 0, kitsu: 0 });
  });

  it('asks before an automatic jump far ahead instead of writing it', async () => {
    await recordChapter(page(), { explicit: true });
    internet.log.clear();
    expect(await recordChapter(page({ chapter: 90 }), { explicit: false })).toMatchObject({ kind: 'ask' });
    expect(writeCounts(internet)).toEqual({ anilist: 0, mal: 0, kitsu: 0 });
  });

  it('resolves a Kitsu slug from MangaDex links to Kitsu’s numeric id before writing', async () => {
    const berserk = CATALOG.find((m) => m.anilist === 30002)!;
    await recordChapter(page({ seriesKey: berserk.mangadex, title: 'Berserk', chapter: 1, externalIds: { anilist: berserk.anilist, mal: berserk.mal, kitsu: berserk.kitsuSlug } }), { explicit: true });
    const kitsu = internet.services.kitsu!.state() as { entries: { mangaId: string; progress: number }[] };
    expect(kitsu.entries.find((e) => e.mangaId === berserk.kitsu)?.progress).toBe(1);
  });

  it('a count merged into the library between a read’s decision and its save is not written over: the read is decided again', async () => {
    await recordChapter(page(), { explicit: true });
    const seriesId = (await listEntries())[0]!.seriesId;
    internet.log.clear();
    // Chapter 13 is read while a sync merges the phone's chapter 20 into the library, just after the read was decided
    // on the library at 12 and before it is saved.
    afterDecision.run = () =>
      updateEntry(seriesId, (current) => (current ? { ...current, progress: 20, changedAt: { ...current.changedAt, progress: Date.now() } } : null));
    const outcome = await recordChapter(page({ chapter: 13 }), { explicit: true });
    await afterDecision.done;
    expect(outcome).toMatchObject({ kind: 'ignored' });
    expect((await getEntry(seriesId))?.progress).toBe(20);
    expect(writeCounts(internet)).toEqual({ anilist: 0, mal: 0, kitsu: 0 });
  });

  it('never creates an entry from a page that offers no tracker id', async () => {
    const outcome = await recordChapter(page({ externalIds: {}, seriesKey: 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa' }), { explicit: true });
    expect(outcome).toMatchObject({ kind: 'ignored' });
    expect(await listEntries()).toEqual([]);
    expect(writeCounts(internet)).toEqual({ anilist: 0, mal: 0, kitsu: 0 });
  });
});
