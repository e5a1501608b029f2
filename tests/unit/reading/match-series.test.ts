import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { getEntry, putEntry } from '../../../lib/library/entries';
import { getSeries, listSeries, putSeries } from '../../../lib/library/series';
import { getSiteLink } from '../../../lib/library/site-links';
import type { Series } from '../../../lib/model';
import { chooseCandidate, matchPage, rematchPage } from '../../../lib/reading/match-series';
import { recordChapter } from '../../../lib/reading/record-chapter';
import type { FakeInternet } from '../../fakes/index';
import { CATALOG } from '../../fakes/catalog';
import { entry } from '../library/fixtures';
import { connectEmptyAccounts, frierenPage, resetLibrary, startWorld, writeCounts } from '../sync/world';

vi.setConfig({ testTimeout: 60_000 });

const spice = CATALOG.find((m) => m.anilist === 39116)!;
const sideStory = CATALOG.find((m) => m.anilist === 100997)!;
/** A MangaDex page of Spice and Wolf: MangaDex has no tracker links for it, so only its title can match it. */
const spicePage = (title: string, chapter = 5) =>
  frierenPage({ seriesKey: spice.mangadex, title, chapterKey: spice.mangadexChapters[0]!.id, chapter, volume: null, externalIds: {} });

const searches = (internet: FakeInternet) =>
  internet.log.count({ host: 'graphql.anilist.co' }) - internet.log.entries({ host: 'graphql.anilist.co' }).filter((e) => !e.body.includes('SearchMangaCandidates')).length;

let internet: FakeInternet;
beforeAll(async () => {
  internet = await startWorld();
});
afterAll(() => internet.close());
afterEach(resetLibrary);

describe('matching a page without tracker ids by its title', () => {
  beforeEach(async () => {
    await connectEmptyAccounts(internet);
  });

  it('binds a clear winner by itself (not its novel, not its side story) and remembers it', async () => {
    const match = await matchPage(spicePage('Spice and Wolf'), { search: true });
    expect(match).toMatchObject({ kind: 'matched', how: 'search', series: { ids: { anilist: spice.anilist, mal: spice.mal } } });
    expect(await getSiteLink('mangadex', spice.mangadex)).toMatchObject({ how: 'search' });
    internet.log.clear();
    expect(await matchPage(spicePage('Spice and Wolf'), { search: true })).toMatchObject({ kind: 'matched', how: 'search' });
    expect(internet.log.count()).toBe(0);
    // A read now reaches all three lists (Kitsu through its mapping of the MyAnimeList id).
    expect(await recordChapter(spicePage('Spice and Wolf'), { explicit: true })).toMatchObject({ kind: 'updated' });
    expect(writeCounts(internet)).toEqual({ anilist: 1, mal: 1, kitsu: 1 });
  });

  it('offers candidates when unsure, records nothing until the user picks one, then uses the pick', async () => {
    const page = spicePage('Spice Wolf');
    const match = await matchPage(page, { search: true });
    expect(match.kind).toBe('choose');
    const candidates = match.kind === 'choose' ? match.candidates : [];
    expect(candidates.map((c) => c.mediaId)).toEqual([String(spice.anilist), String(sideStory.anilist)]);
    expect(candidates[0]).toMatchObject({ service: 'anilist', title: 'Ookami to Koushinryou', crossIds: { mal: spice.mal } });
    expect(await recordChapter(page, { explicit: true })).toMatchObject({ kind: 'ignored', message: expect.stringMatching(/Pick it in the Kuroibara Sync popup/) as unknown });
    expect(writeCounts(internet)).toEqual({ anilist: 0, mal: 0, kitsu: 0 });

    await expect(chooseCandidate(page, { service: 'anilist', mediaId: '1' })).rejects.toThrow('not offered');
    const series = await chooseCandidate(page, { service: 'anilist', mediaId: String(spice.anilist) });
    expect(series.ids).toMatchObject({ anilist: spice.anilist, mal: spice.mal });
    expect(await getSiteLink('mangadex', spice.mangadex)).toMatchObject({ how: 'user', seriesId: series.id });
    expect(await recordChapter(page, { explicit: true })).toMatchObject({ kind: 'updated' });
  });

  it('asks the service once a day for the same title', async () => {
    await matchPage(spicePage('Spice Wolf'), { search: true });
    await rematchPage(spicePage('Spice Wolf'));
    expect(searches(internet)).toBe(1);
  });

  it('lets the user correct a wrong match, and never replaces their choice with a guess', async () => {
    const page = spicePage('Spice and Wolf');
    await matchPage(page, { search: true });
    const again = await rematchPage(page);
    expect(again.kind).toBe('choose');
    await chooseCandidate(page, { service: 'anilist', mediaId: String(sideStory.anilist) });
    expect(await matchPage(page, { search: true })).toMatchObject({ kind: 'matched', how: 'user', series: { ids: { anilist: sideStory.anilist } } });
  });

  it('says so when no service is connected to search', async () => {
    await resetLibrary();
    expect(await matchPage(spicePage('Spice and Wolf'), { search: true })).toEqual({
      kind: 'none',
      message: 'Spice and Wolf could not be looked up: connect AniList, MyAnimeList or Kitsu first.',
    });
  });
});

describe('matching a page by the ids it offers', () => {
  const frieren = CATALOG.find((m) => m.anilist === 118586)!;
  const series = (id: string, ids: Series['ids'], title: string): Series => ({ id, title, altTitles: [], ids, totalChapters: null, totalVolumes: null, createdAt: 1, updatedAt: 1 });

  it('joins the series its ids prove one manga, so no two series hold one entry, and leaves one that names another', async () => {
    await connectEmptyAccounts(internet);
    // Met on AniList's list (with a finish date known to the year) and on Kitsu's, before any id linked them…
    await putSeries(series('from-anilist', { anilist: frieren.anilist, mal: frieren.mal }, 'Sousou no Frieren'));
    await putEntry(entry('from-anilist', { completedAt: { year: 2019, month: null, day: null } }));
    await putSeries(series('from-kitsu', { kitsu: frieren.kitsu }, 'Frieren'));
    await putEntry(entry('from-kitsu', { completedAt: null }));
    // …and a series that shares the AniList id but names another Kitsu entry: not the same manga by its ids.
    await putSeries(series('other', { anilist: frieren.anilist, kitsu: '999999' }, 'Another'));
    const match = await matchPage(frierenPage(), { search: false });
    expect(match).toMatchObject({ kind: 'matched', how: 'ids', series: { id: 'from-anilist' } });
    expect((await listSeries()).map((s) => s.id).sort()).toEqual(['from-anilist', 'other']);
    expect((await getSeries('from-anilist'))?.ids).toMatchObject({ anilist: frieren.anilist, mal: frieren.mal, kitsu: frieren.kitsu });
    expect((await getEntry('from-anilist'))?.completedAt).toEqual({ year: 2019, month: null, day: null });
    expect(await getEntry('from-kitsu')).toBeNull();
  });
});
