import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { browser, type Browser } from 'wxt/browser';
import { getEntry, listEntries } from '../../../lib/library/entries';
import { listOutbox } from '../../../lib/library/outbox';
import { readLog } from '../../../lib/library/sync-log';
import { readReadingSettings, updateReadingSettings } from '../../../lib/settings/reading';
import {
  chapterReadOnTab,
  confirmReadOnTab,
  ignoreSeriesOnTab,
  readStatusOnTab,
  undoReadOnTab,
} from '../../../lib/reading/read-flow';
import { recordChapter } from '../../../lib/reading/record-chapter';
import { applyLocalChange } from '../../../lib/sync/edit';
import { runSync } from '../../../lib/sync/engine';
import { routeMessage } from '../../../lib/background/router';
import { DEFAULT_SERVICE_SETTINGS, saveServiceSettings } from '../../../lib/settings/services';
import { flushAll } from '../../../lib/sync/scheduler';
import { flushService } from '../../../lib/sync/flush';
import { serviceContext } from '../../../lib/sync/context';
import { saveTabPage } from '../../../lib/reading/tab-pages';
import type { FakeInternet } from '../../fakes/index';
import { CATALOG } from '../../fakes/catalog';
import { disconnectService } from '../../../lib/trackers/accounts';
import { aniListEdit, kitsuEdit, malEdit } from '../sync/phone';
import { connectEmptyAccounts, frierenPage, resetLibrary, startWorld, writeCounts } from '../sync/world';

// The services' pace is tested on its own (rate-limiter, http); here it would only make each read slow.
vi.mock('../../../lib/trackers/rate-limiter', async (importOriginal) => {
  const original = await importOriginal<typeof import('../../../lib/trackers/rate-limiter')>();
  return { ...original, createRateLimiter: () => original.createRateLimiter({ perMinute: 6000, burst: 100 }) };
});

vi.setConfig({ testTimeout: 60_000 });

const TAB = 21;
const frieren = CATALOG.find((m) => m.anilist === 118586)!;
const page = frierenPage;

type AniListState = { users: { list: { mediaId: number; progress: number; status: string }[] }[] };
type MalState = { users: { list: { mangaId: number; num_chapters_read: number; status: string; is_rereading: boolean }[] }[] };
type KitsuState = { entries: { mangaId: string; progress: number; status: string; reconsuming: boolean }[] };

/** Frieren's entry on each fake, as the service holds it (undefined: not on the list). */
function remoteProgress(internet: FakeInternet) {
  const anilist = (internet.services.anilist!.state() as AniListState).users[0]!.list.find((e) => e.mediaId === frieren.anilist);
  const mal = (internet.services.mal!.state() as MalState).users[0]!.list.find((e) => e.mangaId === frieren.mal);
  const kitsu = (internet.services.kitsu!.state() as KitsuState).entries.find((e) => e.mangaId === frieren.kitsu);
  return { anilist: anilist?.progress, mal: mal?.num_chapters_read, kitsu: kitsu?.progress };
}

/** Frieren's status and progress on each fake, in each service's own words. */
function remoteEntries(internet: FakeInternet) {
  const anilist = (internet.services.anilist!.state() as AniListState).users[0]!.list.find((e) => e.mediaId === frieren.anilist);
  const mal = (internet.services.mal!.state() as MalState).users[0]!.list.find((e) => e.mangaId === frieren.mal);
  const kitsu = (internet.services.kitsu!.state() as KitsuState).entries.find((e) => e.mangaId === frieren.kitsu);
  return {
    anilist: anilist && { status: anilist.status, progress: anilist.progress },
    mal: mal && { status: mal.status, rereading: mal.is_rereading, progress: mal.num_chapters_read },
    kitsu: kitsu && { status: kitsu.status, rereading: kitsu.reconsuming, progress: kitsu.progress },
  };
}

const setCountdown = (countdownSeconds: number) => updateReadingSettings((s) => ({ ...s, countdownSeconds }));

let internet: FakeInternet;
beforeAll(async () => {
  internet = await startWorld();
});
afterAll(() => internet.close());
afterEach(resetLibrary);

describe('a chapter read on a tab, with the notice', () => {
  beforeEach(async () => {
    await connectEmptyAccounts(internet);
    await saveTabPage(TAB, page());
  });

  it('holds the update for the countdown, then sends it to every service', async () => {
    await setCountdown(1);
    const reply = await chapterReadOnTab(TAB, page({ chapter: 5 }));
    expect(reply).toMatchObject({ outcome: 'updated', summary: 'Chapter 5', services: ['AniList', 'MyAnimeList', 'Kitsu'], countdownSeconds: 1 });
    await flushAll();
    expect(writeCounts(internet)).toEqual({ anilist: 0, mal: 0, kitsu: 0 });
    const readId = reply.outcome === 'updated' ? reply.readId : '';
    expect((await readStatusOnTab(TAB, readId)).services.map((s) => s.state)).toEqual(['waiting', 'waiting', 'waiting']);
    // Nobody flushes here: the background's own timer sends the held writes when the countdown ends.
    await vi.waitFor(() => expect(writeCounts(internet)).toEqual({ anilist: 1, mal: 1, kitsu: 1 }), { timeout: 15_000, interval: 200 });
    expect(remoteProgress(internet)).toEqual({ anilist: 5, mal: 5, kitsu: 5 });
    // Each service's answer is recorded right after its write lands.
    await vi.waitFor(async () => expect((await readStatusOnTab(TAB, readId)).services.map((s) => s.state)).toEqual(['sent', 'sent', 'sent']));
  });

  it('Undo during the countdown sends nothing at all and restores the library', async () => {
    await recordChapter(page({ chapter: 11 }), { explicit: true });
    internet.log.clear();
    const reply = await chapterReadOnTab(TAB, page());
    expect(reply.outcome).toBe('updated');
    const undo = await undoReadOnTab(TAB, reply.outcome === 'updated' ? reply.readId : '');
    expect(undo.message).toMatch(/^Undone/);
    await flushAll();
    expect(writeCounts(internet)).toEqual({ anilist: 0, mal: 0, kitsu: 0 });
    expect(await listOutbox()).toEqual([]);
    expect((await listEntries())[0]?.progress).toBe(11);
    expect(remoteProgress(internet)).toEqual({ anilist: 11, mal: 11, kitsu: 11 });
  });

  it('Undo after the update went out restores the previous values on every service', async () => {
    await recordChapter(page({ chapter: 11 }), { explicit: true });
    await setCountdown(0);
    const reply = await chapterReadOnTab(TAB, page());
    expect(remoteProgress(internet)).toEqual({ anilist: 12, mal: 12, kitsu: 12 });
    await undoReadOnTab(TAB, reply.outcome === 'updated' ? reply.readId : '');
    expect(remoteProgress(internet)).toEqual({ anilist: 11, mal: 11, kitsu: 11 });
    expect((await listEntries())[0]?.progress).toBe(11);
  });

  it('Undo after the phone moved a list on meets that change first: the phone’s count is in the sync log, not silently written over', async () => {
    await recordChapter(page({ chapter: 11 }), { explicit: true });
    await setCountdown(0);
    const reply = await chapterReadOnTab(TAB, page());
    expect(remoteProgress(internet)).toEqual({ anilist: 12, mal: 12, kitsu: 12 });
    await aniListEdit(internet, frieren.anilist, { progress: 14 });
    await undoReadOnTab(TAB, reply.outcome === 'updated' ? reply.readId : '');
    // The Undo is the later act and wins; what it replaced on AniList is logged as lost, never dropped unseen.
    expect(remoteProgress(internet)).toEqual({ anilist: 11, mal: 11, kitsu: 11 });
    const conflicts = (await readLog({ limit: 50 })).filter((r) => r.kind === 'conflict');
    expect(conflicts.map((r) => r.details)).toContainEqual(expect.objectContaining({ field: 'progress', lost: 14, kept: 11 }));
  });

  it('Undo after an edit made here since the read goes back all the same, and the sync log keeps the edited value', async () => {
    await recordChapter(page({ chapter: 11 }), { explicit: true });
    await setCountdown(0);
    const reply = await chapterReadOnTab(TAB, page());
    const [entry] = await listEntries();
    await applyLocalChange(entry!.seriesId, { progress: 15 });
    expect(remoteProgress(internet)).toEqual({ anilist: 15, mal: 15, kitsu: 15 });
    await undoReadOnTab(TAB, reply.outcome === 'updated' ? reply.readId : '');
    expect(remoteProgress(internet)).toEqual({ anilist: 11, mal: 11, kitsu: 11 });
    const conflicts = (await readLog({ limit: 50 })).filter((r) => r.kind === 'conflict');
    expect(conflicts.map((r) => r.details)).toContainEqual({ seriesId: entry!.seriesId, field: 'progress', kept: 11, lost: 15 });
  });

  it('Undo of the read that put a series on the lists takes it off them again', async () => {
    await setCountdown(0);
    const reply = await chapterReadOnTab(TAB, page({ chapter: 1 }));
    expect(remoteProgress(internet)).toEqual({ anilist: 1, mal: 1, kitsu: 1 });
    const undo = await undoReadOnTab(TAB, reply.outcome === 'updated' ? reply.readId : '');
    expect(undo.message).toMatch(/^Undone/);
    expect(remoteProgress(internet)).toEqual({ anilist: undefined, mal: undefined, kitsu: undefined });
    expect(await listEntries()).toEqual([]);
  });

  it("Undo of that read, kept on Kitsu because the phone changed it since, brings back the chapter read, not Kitsu's count", async () => {
    await setCountdown(0);
    const gaiden = CATALOG.find((m) => m.anilist === 100997)!;
    const chapter = gaiden.mangadexChapters[0]!;
    const read = page({
      seriesKey: gaiden.mangadex, title: gaiden.title.romaji, chapterKey: chapter.id, chapter: 1, volume: 1,
      externalIds: { anilist: gaiden.anilist, mal: gaiden.mal, kitsu: gaiden.kitsu }, tabUrl: `https://mangadex.org/chapter/${chapter.id}`,
    });
    await saveTabPage(TAB, read);
    const reply = await chapterReadOnTab(TAB, read);
    const [entry] = await listEntries();
    // Marked completed here: Kitsu holds it at its own chapter count (12), the library at the chapter read.
    await applyLocalChange(entry!.seriesId, { status: 'completed' });
    const onKitsu = () => (internet.services.kitsu!.state() as KitsuState).entries.find((e) => e.mangaId === gaiden.kitsu);
    expect(onKitsu()).toMatchObject({ status: 'completed', progress: 12 });
    // The phone clears the finish date on Kitsu; then Undo: Kitsu keeps its entry (changed there since).
    await kitsuEdit(internet, gaiden.kitsu, { finishedAt: null });
    await undoReadOnTab(TAB, reply.outcome === 'updated' ? reply.readId : '');
    expect(onKitsu()).toBeDefined();
    const back = await getEntry(entry!.seriesId);
    expect(back).toMatchObject({ status: 'completed', progress: 1, completedAt: null });
  });

  it('Undo of that read, kept on AniList because the phone changed it since, keeps what was edited here after the read', async () => {
    await setCountdown(0);
    const reply = await chapterReadOnTab(TAB, page({ chapter: 1 }));
    const [entry] = await listEntries();
    // Made private here while AniList is down (the change waits for it)…
    internet.faults.add({ host: 'graphql.anilist.co', status: 503, times: 1000 });
    await applyLocalChange(entry!.seriesId, { private: true });
    internet.faults.clear();
    // …the phone puts it on hold on AniList a few seconds later, then Undo: AniList keeps its entry (changed since).
    internet.clock.advance(3_000);
    await aniListEdit(internet, frieren.anilist, { status: 'PAUSED' });
    await undoReadOnTab(TAB, reply.outcome === 'updated' ? reply.readId : '');
    expect(remoteProgress(internet)).toMatchObject({ anilist: 1, mal: undefined, kitsu: undefined });
    // The library has the series back with both: the phone's on hold and the private flag set here.
    expect(await getEntry(entry!.seriesId)).toMatchObject({ status: 'on_hold', private: true });
    await runSync();
    const onAniList = (internet.services.anilist!.state() as { users: { list: { mediaId: number; private: boolean; status: string }[] }[] }).users[0]!.list.find((e) => e.mediaId === frieren.anilist);
    expect(onAniList).toMatchObject({ status: 'PAUSED', private: true });
  });

  it('Undo of that read, its removal going out while a sync holds a copy of the list read before: the series stays off every list and the library', async () => {
    await setCountdown(0);
    const reply = await chapterReadOnTab(TAB, page({ chapter: 1 }));
    // MyAnimeList refuses the delete for now: its removal waits.
    internet.faults.add({ host: 'api.myanimelist.net', method: 'DELETE', status: 503, times: 1000 });
    await undoReadOnTab(TAB, reply.outcome === 'updated' ? reply.readId : '');
    internet.faults.clear();
    expect(remoteProgress(internet)).toEqual({ anilist: undefined, mal: 1, kitsu: undefined });
    // A sync reads MyAnimeList's list, the entry still on it; the waiting removal goes out before that list is merged.
    const fetch = globalThis.fetch;
    let listRead = false;
    vi.stubGlobal('fetch', async (input: RequestInfo | URL, init?: RequestInit) => {
      const response = await fetch(input, init);
      if (!listRead && String(input instanceof Request ? input.url : input).includes('/users/@me/mangalist')) {
        listRead = true;
        await flushService((await serviceContext('mal'))!, Date.now, { retryNow: true });
      }
      return response;
    });
    await runSync();
    vi.stubGlobal('fetch', fetch);
    expect(listRead).toBe(true);
    expect(remoteProgress(internet)).toEqual({ anilist: undefined, mal: undefined, kitsu: undefined });
    expect(await listEntries()).toEqual([]);
  });

  it('Undo of that read, kept on MyAnimeList because the phone changed it since, keeps it on a list whose removal still waited: nothing there is deleted and made again', async () => {
    await setCountdown(0);
    const reply = await chapterReadOnTab(TAB, page({ chapter: 1 }));
    const [entry] = await listEntries();
    // The phone writes a note on MyAnimeList; then Undo, while AniList is down (its removal waits).
    internet.clock.advance(3_000);
    await malEdit(internet, frieren.mal, { comments: 'good so far' });
    internet.faults.add({ host: 'graphql.anilist.co', status: 503, times: 1000 });
    await undoReadOnTab(TAB, reply.outcome === 'updated' ? reply.readId : '');
    internet.faults.clear();
    // AniList's retry comes due, then a sync.
    await flushService((await serviceContext('anilist'))!, Date.now, { retryNow: true });
    await runSync();
    // MyAnimeList kept it, so the series stays: on every list, with the phone's note, and AniList's entry never went.
    expect(await getEntry(entry!.seriesId)).toMatchObject({ notes: 'good so far', progress: 1 });
    expect(remoteProgress(internet)).toEqual({ anilist: 1, mal: 1, kitsu: 1 });
    expect(internet.log.entries({ host: 'graphql.anilist.co' }).filter((e) => e.body.includes('DeleteMediaListEntry'))).toEqual([]);
  });

  it('Undo of that read, kept on MyAnimeList, then the phone’s note on AniList while its removal still waited: the note is read there, not written over', async () => {
    await setCountdown(0);
    const reply = await chapterReadOnTab(TAB, page({ chapter: 1 }));
    const [entry] = await listEntries();
    // The phone writes a note on MyAnimeList; then Undo, while AniList is down (its removal waits) — MyAnimeList
    // keeps the series, so AniList's removal becomes a change.
    internet.clock.advance(3_000);
    await malEdit(internet, frieren.mal, { comments: 'good so far' });
    internet.faults.add({ host: 'graphql.anilist.co', status: 503, times: 1000 });
    await undoReadOnTab(TAB, reply.outcome === 'updated' ? reply.readId : '');
    internet.faults.clear();
    // Later, the phone writes another note on AniList, before that change goes out (well within a sync's freshness).
    internet.clock.advance(3_000);
    await aniListEdit(internet, frieren.anilist, { notes: 'reread later' });
    await flushService((await serviceContext('anilist'))!, Date.now, { retryNow: true });
    const onAniList = () => (internet.services.anilist!.state() as { users: { list: { mediaId: number; notes: string }[] }[] }).users[0]!.list.find((e) => e.mediaId === frieren.anilist);
    expect(onAniList()).toMatchObject({ notes: 'reread later' });
    // The later note is the latest word everywhere; the earlier one is logged as replaced.
    await runSync();
    expect(await getEntry(entry!.seriesId)).toMatchObject({ notes: 'reread later', progress: 1 });
    const onMal = (internet.services.mal!.state() as { users: { list: { mangaId: number; comments: string }[] }[] }).users[0]!.list.find((e) => e.mangaId === frieren.mal);
    expect(onMal).toMatchObject({ comments: 'reread later' });
  });

  it('Undo of that read takes the series off a list it reached after the read too (a service switched on since), so no list brings it back', async () => {
    await setCountdown(0);
    await saveServiceSettings('mal', { ...DEFAULT_SERVICE_SETTINGS, enabled: false });
    const reply = await chapterReadOnTab(TAB, page({ chapter: 1 }));
    expect(remoteProgress(internet)).toEqual({ anilist: 1, mal: undefined, kitsu: 1 });
    await saveServiceSettings('mal', DEFAULT_SERVICE_SETTINGS);
    await runSync();
    expect(remoteProgress(internet)).toEqual({ anilist: 1, mal: 1, kitsu: 1 });
    await undoReadOnTab(TAB, reply.outcome === 'updated' ? reply.readId : '');
    await runSync();
    expect(remoteProgress(internet)).toEqual({ anilist: undefined, mal: undefined, kitsu: undefined });
    expect(await listEntries()).toEqual([]);
  });

  it('Undo of that read still waiting on a service, then the phone’s edit there and a new read here: the edit there is kept', async () => {
    await setCountdown(0);
    const reply = await chapterReadOnTab(TAB, page({ chapter: 1 }));
    const [entry] = await listEntries();
    // MyAnimeList is down when Undo asks it to take the entry off: the removal waits.
    internet.faults.add({ host: 'api.myanimelist.net', status: 503, times: 1000 });
    await undoReadOnTab(TAB, reply.outcome === 'updated' ? reply.readId : '');
    internet.faults.clear();
    // The phone writes a note on the entry still there; then the next chapter is read here, so the series stays.
    internet.clock.advance(3_000);
    await malEdit(internet, frieren.mal, { comments: 'good so far' });
    await chapterReadOnTab(TAB, page({ chapter: 2 }));
    await runSync();
    const onMal = (internet.services.mal!.state() as { users: { list: { mangaId: number; comments: string; num_chapters_read: number }[] }[] }).users[0]!.list.find((e) => e.mangaId === frieren.mal);
    expect(onMal).toMatchObject({ comments: 'good so far', num_chapters_read: 2 });
    expect(await getEntry(entry!.seriesId)).toMatchObject({ notes: 'good so far', progress: 2 });
  });

  it('a page linking only AniList still reaches MyAnimeList when AniList is not connected, through its public data', async () => {
    await setCountdown(0);
    await disconnectService('anilist');
    const read = page({ chapter: 1, externalIds: { anilist: frieren.anilist } });
    await saveTabPage(TAB, read);
    internet.log.clear();
    await chapterReadOnTab(TAB, read);
    expect(remoteProgress(internet)).toMatchObject({ anilist: undefined, mal: 1, kitsu: 1 });
    // One look-up on AniList, anonymous (no token of an account the user did not connect), and nothing written there.
    const onAniList = internet.log.entries({ host: 'graphql.anilist.co' });
    expect(onAniList).toHaveLength(1);
    expect(onAniList[0]!.headers.authorization).toBeUndefined();
    expect(onAniList[0]!.body).not.toContain('mutation');
  });

  it('only the tab that made the update can undo it, and only once', async () => {
    await recordChapter(page({ chapter: 11 }), { explicit: true });
    await setCountdown(0);
    const reply = await chapterReadOnTab(TAB, page());
    const readId = reply.outcome === 'updated' ? reply.readId : '';
    expect((await undoReadOnTab(TAB + 1, readId)).message).toMatch(/no longer be undone/);
    expect(remoteProgress(internet)).toEqual({ anilist: 12, mal: 12, kitsu: 12 });
    await undoReadOnTab(TAB, readId);
    internet.log.clear();
    expect((await undoReadOnTab(TAB, readId)).message).toMatch(/no longer be undone/);
    expect(writeCounts(internet)).toEqual({ anilist: 0, mal: 0, kitsu: 0 });
  });

  it('says which service failed while the change stays queued for it', async () => {
    await setCountdown(0);
    internet.faults.add({ host: 'api.myanimelist.net', method: 'PATCH', status: 503, times: 5 });
    const reply = await chapterReadOnTab(TAB, page({ chapter: 5 }));
    const status = await readStatusOnTab(TAB, reply.outcome === 'updated' ? reply.readId : '');
    expect(status.services).toEqual([
      { name: 'AniList', state: 'sent', message: '' },
      expect.objectContaining({ name: 'MyAnimeList', state: 'retrying', message: expect.stringMatching(/MyAnimeList/) as unknown }),
      { name: 'Kitsu', state: 'sent', message: '' },
    ]);
    expect((await listOutbox()).map((item) => item.service)).toEqual(['mal']);
  });

  it('in ask mode changes nothing until the user confirms', async () => {
    await updateReadingSettings((s) => ({ ...s, mode: 'ask' }));
    const reply = await chapterReadOnTab(TAB, page({ chapter: 5 }));
    expect(reply).toMatchObject({ outcome: 'ask', question: 'Chapter 5 → update your lists?', services: ['AniList', 'MyAnimeList', 'Kitsu'] });
    expect(await listEntries()).toEqual([]);
    expect(writeCounts(internet)).toEqual({ anilist: 0, mal: 0, kitsu: 0 });
    // The user's own confirmation answers the policy's questions too (here: a jump from nothing to chapter 12).
    expect(await confirmReadOnTab(TAB)).toMatchObject({ outcome: 'updated', countdownSeconds: 0 });
    expect(remoteProgress(internet)).toEqual({ anilist: 12, mal: 12, kitsu: 12 });
  });

  it('"Don\'t track this series" undoes the update and ignores the series from then on', async () => {
    await recordChapter(page({ chapter: 11 }), { explicit: true });
    const reply = await chapterReadOnTab(TAB, page());
    await ignoreSeriesOnTab(TAB, reply.outcome === 'updated' ? reply.readId : null);
    expect((await readReadingSettings()).ignored).toEqual([{ site: 'mangadex', seriesKey: frieren.mangadex, title: 'Sousou no Frieren' }]);
    expect(await chapterReadOnTab(TAB, page({ chapter: 13 }))).toEqual({ outcome: 'ignored', message: 'Not tracked here.', quiet: true });
    await flushAll();
    expect((await listEntries())[0]?.progress).toBe(11);
    expect(remoteProgress(internet)).toEqual({ anilist: 11, mal: 11, kitsu: 11 });
  });

  it('leaves a service set not to update on read for its next sync', async () => {
    await saveServiceSettings('mal', { ...DEFAULT_SERVICE_SETTINGS, autoSyncOnRead: false });
    await setCountdown(0);
    const reply = await chapterReadOnTab(TAB, page({ chapter: 5 }));
    expect(reply).toMatchObject({ outcome: 'updated', services: ['AniList', 'Kitsu'] });
    expect(remoteProgress(internet)).toEqual({ anilist: 5, mal: undefined, kitsu: 5 });
    await runSync();
    expect(remoteProgress(internet)).toEqual({ anilist: 5, mal: 5, kitsu: 5 });
  });

  it('does nothing on a site switched off or in manual mode', async () => {
    await updateReadingSettings((s) => ({ ...s, sites: { mangadex: { enabled: false, mode: null } } }));
    expect((await chapterReadOnTab(TAB, page())).outcome).toBe('ignored');
    await updateReadingSettings((s) => ({ ...s, sites: {}, mode: 'manual' }));
    expect((await chapterReadOnTab(TAB, page())).outcome).toBe('ignored');
    expect(await getEntry('anything')).toBeNull();
    expect(await listEntries()).toEqual([]);
  });
});

describe('an older chapter of a series on hold', () => {
  const ON_HOLD_AT_50 = {
    anilist: { status: 'PAUSED', progress: 50 },
    mal: { status: 'on_hold', rereading: false, progress: 50 },
    kitsu: { status: 'on_hold', rereading: false, progress: 50 },
  };
  const READING_AT_50 = {
    anilist: { status: 'CURRENT', progress: 50 },
    mal: { status: 'reading', rereading: false, progress: 50 },
    kitsu: { status: 'current', rereading: false, progress: 50 },
  };
  const REREADING_AT_3 = {
    anilist: { status: 'REPEATING', progress: 3 },
    mal: { status: 'completed', rereading: true, progress: 3 },
    kitsu: { status: 'current', rereading: true, progress: 3 },
  };
  /** The popup, an extension page. */
  const POPUP: Browser.runtime.MessageSender = { id: browser.runtime.id, url: browser.runtime.getURL('/popup.html') };
  /** The notice, in the reader tab's content script. */
  const NOTICE: Browser.runtime.MessageSender = {
    id: browser.runtime.id,
    url: page().tabUrl,
    tab: { id: TAB, index: 0, highlighted: false, active: true, pinned: false, incognito: false, windowId: 1, discarded: false, autoDiscardable: true, groupId: -1, frozen: false, selected: true, lastAccessed: 0 },
  };

  beforeEach(async () => {
    await connectEmptyAccounts(internet);
    await setCountdown(0);
    // Read up to chapter 50 and put on hold, on every service; the tab now shows chapter 3.
    await recordChapter(page({ chapter: 50 }), { explicit: true });
    await applyLocalChange((await listEntries())[0]!.seriesId, { status: 'on_hold' });
    expect(remoteEntries(internet)).toEqual(ON_HOLD_AT_50);
    await saveTabPage(TAB, page({ chapter: 3 }));
    internet.log.clear();
  });

  /** Nothing was written anywhere: no request to any service, the library as it was, the services as they were. */
  async function expectNothingWritten(library: unknown): Promise<void> {
    await flushAll();
    expect(writeCounts(internet)).toEqual({ anilist: 0, mal: 0, kitsu: 0 });
    expect(await listOutbox()).toEqual([]);
    expect(await listEntries()).toEqual(library);
    expect(remoteEntries(internet)).toEqual(ON_HOLD_AT_50);
  }

  const question = 'Chapter 3 is behind your progress (chapter 50). Resume where you left off, or reread from here?';
  const choiceReply = {
    outcome: 'ask', question, message: question, services: ['AniList', 'MyAnimeList', 'Kitsu'],
    choices: ['resume', 'reread'], choiceChapters: { resume: 50, reread: 3 },
  };

  it('read automatically: asks Resume or Reread and writes nothing', async () => {
    const library = await listEntries();
    expect(await chapterReadOnTab(TAB, page({ chapter: 3 }))).toEqual(choiceReply);
    await expectNothingWritten(library);
  });

  it('in ask mode too, the question is the choice, not a yes', async () => {
    await updateReadingSettings((s) => ({ ...s, mode: 'ask' }));
    const library = await listEntries();
    expect(await chapterReadOnTab(TAB, page({ chapter: 3 }))).toEqual(choiceReply);
    await expectNothingWritten(library);
  });

  it('Resume in the notice: reading again on every service, progress still 50', async () => {
    await chapterReadOnTab(TAB, page({ chapter: 3 }));
    const reply = await routeMessage({ type: 'confirmRead', data: { choice: 'resume' } }, NOTICE);
    expect(reply).toMatchObject({ ok: true, data: { outcome: 'updated', summary: 'Chapter 50: reading again', countdownSeconds: 0 } });
    expect(remoteEntries(internet)).toEqual(READING_AT_50);
    expect(await listEntries()).toMatchObject([{ status: 'reading', progress: 50 }]);
  });

  it('Reread in the notice: rereading from chapter 3 on every service', async () => {
    await chapterReadOnTab(TAB, page({ chapter: 3 }));
    const reply = await routeMessage({ type: 'confirmRead', data: { choice: 'reread' } }, NOTICE);
    expect(reply).toMatchObject({ ok: true, data: { outcome: 'updated', summary: 'Chapter 3: rereading' } });
    expect(remoteEntries(internet)).toEqual(REREADING_AT_3);
    expect(await listEntries()).toMatchObject([{ status: 'rereading', progress: 3 }]);
  });

  it('Update in the notice, with no answer, asks again and writes nothing', async () => {
    const library = await listEntries();
    expect(await routeMessage({ type: 'confirmRead', data: {} }, NOTICE)).toEqual({ ok: true, data: choiceReply });
    await expectNothingWritten(library);
  });

  it('"Mark chapter 3 as read" in the popup asks the same, then takes the answer', async () => {
    const library = await listEntries();
    expect(await routeMessage({ type: 'markChapterRead', data: { tabId: TAB } }, POPUP)).toEqual({ ok: true, data: choiceReply });
    await expectNothingWritten(library);

    const reply = await routeMessage({ type: 'markChapterRead', data: { tabId: TAB, choice: 'reread' } }, POPUP);
    expect(reply).toMatchObject({ ok: true, data: { outcome: 'updated', summary: 'Chapter 3: rereading' } });
    expect(remoteEntries(internet)).toEqual(REREADING_AT_3);
  });

  it('"Mark chapter 3 as read" answered Resume: reading at 50 everywhere', async () => {
    const reply = await routeMessage({ type: 'markChapterRead', data: { tabId: TAB, choice: 'resume' } }, POPUP);
    expect(reply).toMatchObject({ ok: true, data: { outcome: 'updated' } });
    expect(remoteEntries(internet)).toEqual(READING_AT_50);
    expect(writeCounts(internet)).toEqual({ anilist: 1, mal: 1, kitsu: 1 });
  });

  it('Undo of a Reread puts every service back on hold at 50', async () => {
    const reply = await confirmReadOnTab(TAB, Date.now(), 'reread');
    expect(remoteEntries(internet)).toEqual(REREADING_AT_3);
    await undoReadOnTab(TAB, reply.outcome === 'updated' ? reply.readId : '');
    expect(remoteEntries(internet)).toEqual(ON_HOLD_AT_50);
    expect(await listEntries()).toMatchObject([{ status: 'on_hold', progress: 50 }]);
  });

  it('refuses an answer that is not one of the choices', async () => {
    const library = await listEntries();
    const reply = await routeMessage({ type: 'confirmRead', data: { choice: 'skip' } }, NOTICE);
    expect(reply).toMatchObject({ ok: false, error: expect.stringMatching(/^Invalid "confirmRead" request/) as unknown });
    await expectNothingWritten(library);
  });
});
