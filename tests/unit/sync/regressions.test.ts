/**
 * One test per way the sync core broke its promise in real histories (several devices, services that adjust or
 * refuse, a worker the browser stops), each named after the behaviour, against the honest HTTP fakes. Requests
 * are counted from the fakes' log; another device edits the services directly (phone.ts).
 */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { deleteBinding, getBinding, listBindings, putBinding } from '../../../lib/library/bindings';
import { readConnection, saveConnection } from '../../../lib/library/connections';
import { saveCredentials } from '../../../lib/auth/credentials';
import { handlers } from '../../../lib/background/handlers/index';
import { getEntry, putEntry } from '../../../lib/library/entries';
import { enqueueIntent, listOutbox } from '../../../lib/library/outbox';
import { findSeriesByIds, listSeries, putSeries } from '../../../lib/library/series';
import { readLog } from '../../../lib/library/sync-log';
import type { Series } from '../../../lib/model';
import { RESUME_ALARM, RETRY_ALARM } from '../../../lib/sync/alarms';
import { activity } from '../../../lib/sync/activity';
import { serviceContext } from '../../../lib/sync/context';
import { applyLocalChange } from '../../../lib/sync/edit';
import { runSync } from '../../../lib/sync/engine';
import { flushService } from '../../../lib/sync/flush';
import { chapterReadOnTab } from '../../../lib/reading/read-flow';
import { onAlarm } from '../../../lib/sync/scheduler';
import { addBack, discardRefused } from '../../../lib/sync/settle';
import { readJob, writeJob } from '../../../lib/sync/state';
import { updateReadingSettings } from '../../../lib/settings/reading';
import { saveTabPage } from '../../../lib/reading/tab-pages';
import type { FakeInternet } from '../../fakes';
import type { MalFake } from '../../fakes/mal';
import type { LogEntry } from '../../fakes/log';
import { aniListEdit, kitsuAdd, kitsuDelete, kitsuEdit, kitsuRatingSystem, malDelete, malEdit } from './phone';
import { connectAll, frierenPage, useSyncWorld, USERS, writeCounts } from './world';

// The services' pace is tested on its own (rate-limiter, http); here it would only make the histories slow.
vi.mock('../../../lib/trackers/rate-limiter', async (importOriginal) => {
  const original = await importOriginal<typeof import('../../../lib/trackers/rate-limiter')>();
  return { ...original, createRateLimiter: () => original.createRateLimiter({ perMinute: 6000, burst: 100 }) };
});

vi.setConfig({ testTimeout: 60_000 });

const FRIEREN = { anilist: 118586, mal: 126287, kitsu: '44037' };
const BERSERK = { anilist: 30002, mal: 2, kitsu: '24' };

type AniListState = { users: { list: { mediaId: number; progress: number; status: string; private: boolean; startedAt: { year: number | null } | null }[] }[] };
type MalState = { users: { list: { mangaId: number; num_chapters_read: number; status: string; start_date?: string; finish_date?: string; num_times_reread?: number }[] }[] };
type KitsuState = { entries: { mangaId: string; progress: number; status: string; private: boolean; startedAt: string | null; finishedAt: string | null; ratingTwenty: number | null; reconsumeCount: number }[] };

const onAniList = (internet: FakeInternet, mediaId: number) => (internet.services.anilist!.state() as AniListState).users[0]!.list.find((e) => e.mediaId === mediaId);
const onAniListNotes = (internet: FakeInternet, mediaId: number) =>
  ((internet.services.anilist!.state() as { users: { list: { mediaId: number; notes: string | null }[] }[] }).users[0]!.list.find((e) => e.mediaId === mediaId))?.notes;
const onMal = (internet: FakeInternet, mangaId: number) => (internet.services.mal!.state() as MalState).users[0]!.list.find((e) => e.mangaId === mangaId);
const onKitsu = (internet: FakeInternet, mangaId: string) => (internet.services.kitsu!.state() as KitsuState).entries.find((e) => e.mangaId === mangaId);

/** Every write request the log holds for a host (any mutating method; token refreshes are not writes). */
const writesTo = (internet: FakeInternet, host: string): LogEntry[] =>
  internet.log.entries({ host }).filter((e) => e.method !== 'GET' && !e.path.includes('/oauth/') && !(host === 'graphql.anilist.co' && !e.body.includes('mutation')));

const seriesOf = async (ids: { anilist: number }): Promise<Series> => (await findSeriesByIds({ anilist: ids.anilist }))[0]!;

/**
 * Runs `work` while the first `method` request to a URL containing `target` lands but its answer is lost (the
 * connection drops, a stopped worker alike); with `staysDown`, that host is unreachable from then until `work` ends
 * (nothing retries it). Resolves to the lost request's body, or null when none was sent.
 */
async function losingAnswer(target: { method: string; url: string; host: string }, work: () => Promise<unknown>, staysDown = false): Promise<string | null> {
  const fetch = globalThis.fetch;
  let lost: string | null = null;
  vi.stubGlobal('fetch', async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = String(input instanceof Request ? input.url : input);
    if (staysDown && lost !== null && url.includes(target.host)) throw new TypeError('Failed to fetch');
    const method = input instanceof Request ? input.method : init?.method;
    const body = input instanceof Request ? await input.clone().text() : typeof init?.body === 'string' ? init.body : '';
    const response = await fetch(input, init);
    if (lost === null && method === target.method && url.includes(target.url)) {
      lost = body;
      throw new TypeError('Failed to fetch');
    }
    return response;
  });
  try {
    await work();
  } finally {
    vi.stubGlobal('fetch', fetch);
  }
  return lost;
}

/** A sync whose first Kitsu create lands but whose answer is lost; resolves to the Kitsu manga id of that create. */
async function syncLosingFirstKitsuCreate(staysDown: boolean): Promise<string> {
  const body = await losingAnswer({ method: 'POST', url: 'kitsu.app/api/edge/library-entries', host: 'kitsu.app' }, () => runSync(), staysDown);
  if (body === null) throw new Error('no entry was created on Kitsu');
  return (JSON.parse(body) as { data: { relationships: { manga: { data: { id: string } } } } }).data.relationships.manga.data.id;
}

/** `work` while MyAnimeList's first PATCH lands but its answer is lost; resolves to whether one was. */
async function losingMalAnswer(work: () => Promise<unknown>, staysDown = false): Promise<boolean> {
  return (await losingAnswer({ method: 'PATCH', url: 'myanimelist', host: 'myanimelist' }, work, staysDown)) !== null;
}

/**
 * The fakes hold one manga (the same id on AniList and MyAnimeList, Kitsu's linked by mappings), on the AniList list
 * only as `onAniList` says; every service is connected.
 */
async function oneMangaWorld(manga: { id: number; title: string; chapters: number; kitsuChapters: number; onAniList: { status: string; progress: number; startedAt?: { year: number; month: number; day: number } } }): Promise<void> {
  const { id, title } = manga;
  internet.services.anilist!.seed({
    media: [{ id, idMal: id, title: { romaji: title }, chapters: manga.chapters, status: 'FINISHED' }],
    users: [{ id: USERS.anilist.id, name: USERS.anilist.name, scoreFormat: 'POINT_10_DECIMAL', list: [{ mediaId: id, ...manga.onAniList }] }],
  });
  internet.services.mal!.seed({ clients: [{ id: 'mal-client', redirectUri: 'https://example.test/' }], users: [{ id: USERS.mal.id, name: USERS.mal.name }], manga: [{ id, title, num_chapters: manga.chapters }] });
  internet.services.kitsu!.seed({
    users: [{ id: USERS.kitsu.id, name: USERS.kitsu.name, password: 'pw' }],
    manga: [{ id: String(id), slug: title.toLowerCase().replaceAll(' ', '-'), canonicalTitle: title, chapterCount: manga.kitsuChapters, mappings: { anilist: id, myanimelist: id } }],
  });
  await connectAll(internet);
}

/** One more sync writes nothing anywhere (idempotence: every side already holds what it would be sent). */
async function expectNextSyncWritesNothing(): Promise<void> {
  internet.log.clear();
  await runSync();
  expect(writeCounts(internet)).toEqual({ anilist: 0, mal: 0, kitsu: 0 });
}

const world = useSyncWorld();
let internet: FakeInternet;
beforeEach(() => {
  internet = world.internet;
});

describe('the sync core keeps its promise', () => {
  it('a queued change that has been overtaken is never sent', async () => {
    await runSync();
    const frieren = await seriesOf(FRIEREN);
    // Kitsu is down while the library moves to 111…
    internet.faults.add({ host: 'kitsu.app', status: 503, times: 1000 });
    await applyLocalChange(frieren.id, { progress: 111 });
    expect((await listOutbox()).map((i) => i.service)).toEqual(['kitsu']);
    // …and the phone moves on to 120 on AniList, which the next sync brings into the library.
    await aniListEdit(internet, FRIEREN.anilist, { progress: 120 });
    internet.faults.clear();
    internet.log.clear();
    await runSync({ retryNow: true });
    expect(onKitsu(internet, FRIEREN.kitsu)?.progress).toBe(120);
    // Kitsu never got the overtaken 111, and nothing went backwards anywhere.
    expect(writesTo(internet, 'kitsu.app').map((e) => e.body)).not.toContainEqual(expect.stringContaining('"progress":111'));
    expect([onAniList(internet, FRIEREN.anilist)?.progress, onMal(internet, FRIEREN.mal)?.num_chapters_read]).toEqual([120, 120]);
    expect((await getEntry(frieren.id))?.progress).toBe(120);
  });

  it('an automatic read looks at the service first: a phone further along is never pulled back', async () => {
    await runSync();
    const frieren = await seriesOf(FRIEREN);
    await applyLocalChange(frieren.id, { progress: 10 });
    // The phone reads on to 20 on AniList; the browser has not pulled it yet, and reads chapter 11.
    await aniListEdit(internet, FRIEREN.anilist, { progress: 20 });
    await updateReadingSettings((s) => ({ ...s, countdownSeconds: 0 }));
    await saveTabPage(5, frierenPage({ chapter: 11 }));
    internet.log.clear();
    expect((await chapterReadOnTab(5, frierenPage({ chapter: 11 }))).outcome).toBe('updated');
    await vi.waitFor(async () => expect(await listOutbox()).toEqual([]));
    // AniList was read before it was written, and never written 11.
    expect(writesTo(internet, 'graphql.anilist.co').map((e) => e.body)).not.toContainEqual(expect.stringContaining('"progress":11'));
    expect(onAniList(internet, FRIEREN.anilist)?.progress).toBe(20);
    expect((await getEntry(frieren.id))?.progress).toBe(20);
    await runSync();
    expect([onMal(internet, FRIEREN.mal)?.num_chapters_read, onKitsu(internet, FRIEREN.kitsu)?.progress]).toEqual([20, 20]);
  });

  it('a full resync whose pull fails writes nothing to that service', async () => {
    await runSync();
    await aniListEdit(internet, BERSERK.anilist, { progress: 360 });
    internet.faults.add({ host: 'graphql.anilist.co', status: 503, times: 1000 });
    internet.log.clear();
    const runs = await runSync({ forceFullSync: true });
    expect(runs.find((r) => r.service === 'anilist')?.ok).toBe(false);
    expect(writesTo(internet, 'graphql.anilist.co')).toEqual([]);
    internet.faults.clear();
    await runSync({ forceFullSync: true });
    // Its own change survived and reached the others.
    expect([onAniList(internet, BERSERK.anilist)?.progress, onMal(internet, BERSERK.mal)?.num_chapters_read, onKitsu(internet, BERSERK.kitsu)?.progress]).toEqual([360, 360, 360]);
  });

  it('a first sync whose pull fails writes nothing to that service', async () => {
    internet.faults.add({ host: 'kitsu.app', pathPrefix: '/api/edge/library-entries', method: 'GET', status: 500, times: 1000 });
    await runSync();
    expect(writesTo(internet, 'kitsu.app')).toEqual([]);
    expect(await listBindings('kitsu')).toEqual([]);
  });

  it("a service's own adjustments are adopted, not fought: Kitsu's count at completion makes the next sync write nothing", async () => {
    // AniList and MyAnimeList count 300 chapters; Kitsu counts 327 and fills progress to its count on completion.
    await oneMangaWorld({ id: 900_100, title: 'Counted Differently', chapters: 300, kitsuChapters: 327, onAniList: { status: 'COMPLETED', progress: 300 } });
    await runSync();
    expect(onKitsu(internet, '900100')).toMatchObject({ status: 'completed', progress: 327 });
    expect(onMal(internet, 900_100)).toMatchObject({ status: 'completed', num_chapters_read: 300 });
    internet.log.clear();
    await runSync();
    await runSync();
    expect(writeCounts(internet)).toEqual({ anilist: 0, mal: 0, kitsu: 0 });
    expect(onAniList(internet, 900_100)?.progress).toBe(300);
  });

  it('a change a service refuses for good is shown, not re-sent on every sync, and Discard takes its value', async () => {
    await runSync();
    const berserk = await seriesOf(BERSERK);
    // Kitsu knows Berserk with 380 chapters at most here; the library goes past it.
    internet.services.kitsu!.seed({
      users: [{ id: USERS.kitsu.id, name: USERS.kitsu.name, password: 'pw', list: [{ mangaId: '24', status: 'current', progress: 350 }] }],
      manga: [{ id: '24', slug: 'berserk', canonicalTitle: 'Berserk', chapterCount: 380, mappings: { anilist: 30_002, myanimelist: 2 } }],
    });
    await connectAll(internet);
    await runSync({ forceFullSync: true });
    internet.log.clear();
    await applyLocalChange(berserk.id, { progress: 390 });
    const [refused] = (await listOutbox()).filter((i) => i.service === 'kitsu');
    expect(refused).toMatchObject({ state: 'failed', refused: { progress: 390 }, lastError: 'Kitsu does not take progress 390: the manga has 380 chapters there.' });
    // Refused before it was sent: Kitsu saw no write at all, and the next syncs send nothing either.
    expect(writesTo(internet, 'kitsu.app')).toEqual([]);
    await runSync();
    await runSync();
    expect(writesTo(internet, 'kitsu.app')).toEqual([]);
    expect((await activity(50)).outbox.filter((i) => i.state === 'failed')).toHaveLength(1);
    // Discard: the library takes Kitsu's value, and the others follow it.
    expect(await discardRefused(refused!.id)).toBe('Discarded; the library now holds what Kitsu has.');
    expect((await getEntry(berserk.id))?.progress).toBe(350);
    expect(await listOutbox()).toEqual([]);
    expect(onAniList(internet, BERSERK.anilist)?.progress).toBe(350);
  });

  it('a series new to Kitsu beyond its chapter count gets its entry there, only the progress refused', async () => {
    // Read to 290 on AniList; Kitsu counts 280 chapters, and refuses a whole new entry with progress beyond that.
    await oneMangaWorld({ id: 900_200, title: 'Counted Shorter', chapters: 300, kitsuChapters: 280, onAniList: { status: 'CURRENT', progress: 290 } });
    await runSync();
    // The count is read before the create: the entry is made with what Kitsu keeps, and only progress is refused.
    expect(onKitsu(internet, '900200')).toMatchObject({ status: 'current' });
    expect(internet.log.entries({ host: 'kitsu.app' }).filter((e) => e.method === 'POST' && e.path.split('?')[0]!.endsWith('/library-entries')).map((e) => e.status)).toEqual([201]);
    const refused = (await listOutbox()).filter((i) => i.service === 'kitsu');
    expect(refused).toMatchObject([{ state: 'failed', refused: { progress: 290 }, lastError: 'Kitsu does not take progress 290: the manga has 280 chapters there.' }]);
    // Reading the count first costs no request: the create's answer is described by that same read.
    expect(internet.log.entries({ host: 'kitsu.app' }).filter((e) => e.method === 'GET' && e.path.includes('/edge/manga?') && /filter(%5B|\[)id(%5D|\])=900200/.test(e.path))).toHaveLength(1);
    expect(onMal(internet, 900_200)?.num_chapters_read).toBe(290);
  });

  it('one refused entry in an AniList batch does not fail the others', async () => {
    await runSync();
    const [frieren, berserk] = [await seriesOf(FRIEREN), await seriesOf(BERSERK)];
    // The first request (the batch of both) is refused as a whole, the way AniList rolls a request back.
    internet.faults.add({
      host: 'graphql.anilist.co', method: 'POST', times: 1, status: 400, headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ data: null, errors: [{ message: 'validation', status: 400, validation: { progress: ['The progress must be an integer.'] } }] }),
    });
    const context = (await serviceContext('anilist'))!;
    const { planPush } = await import('../../../lib/sync/plan');
    await applyLocalChange(frieren.id, { progress: 115 }, Date.now(), { services: ['mal'] });
    await applyLocalChange(berserk.id, { progress: 355 }, Date.now(), { services: ['mal'] });
    await planPush(context, frieren, (await getEntry(frieren.id))!, Date.now());
    await planPush(context, berserk, (await getEntry(berserk.id))!, Date.now());
    internet.log.clear();
    const report = await flushService(context);
    // One refused batch, then each entry alone: both arrive.
    expect(report).toMatchObject({ sent: 2, failed: 0, refused: 0 });
    expect([onAniList(internet, FRIEREN.anilist)?.progress, onAniList(internet, BERSERK.anilist)?.progress]).toEqual([115, 355]);
    expect(writesTo(internet, 'graphql.anilist.co')).toHaveLength(3);
  });

  it('clearing a date is sent to every service', async () => {
    await runSync();
    const frieren = await seriesOf(FRIEREN);
    await applyLocalChange(frieren.id, { startedAt: { year: 2024, month: 3, day: 5 } });
    expect(onAniList(internet, FRIEREN.anilist)?.startedAt?.year).toBe(2024);
    expect(onMal(internet, FRIEREN.mal)?.start_date).toBe('2024-03-05');
    await applyLocalChange(frieren.id, { startedAt: null });
    expect(onAniList(internet, FRIEREN.anilist)?.startedAt?.year ?? null).toBeNull();
    expect(onMal(internet, FRIEREN.mal)?.start_date ?? null).toBeNull();
    expect(onKitsu(internet, FRIEREN.kitsu)?.startedAt).toBeNull();
    await expectNextSyncWritesNothing();
  });

  it('two library series bound to one media id are joined, and the flush never stalls', async () => {
    await runSync();
    // A second series claims AniList's Frieren (a page's ids, before anything linked the two).
    const twin: Series = { id: 'twin', title: 'Frieren (from a reader)', altTitles: [], ids: { anilist: FRIEREN.anilist }, totalChapters: null, totalVolumes: null, createdAt: 1, updatedAt: 1 };
    await putSeries(twin);
    await putEntry({ ...(await getEntry((await seriesOf(FRIEREN)).id))!, seriesId: 'twin', progress: 118, changedAt: { ...(await getEntry((await seriesOf(FRIEREN)).id))!.changedAt, progress: Date.now() } });
    await applyLocalChange('twin', { progress: 119 });
    expect(await listOutbox()).toEqual([]);
    expect((await listSeries()).filter((s) => s.ids.anilist === FRIEREN.anilist)).toHaveLength(1);
    expect(onAniList(internet, FRIEREN.anilist)?.progress).toBe(119);
  });

  it('a series a write joins with another (its media there bound to that one) sends the joined values to the lists planned before, in the same sync', async () => {
    await runSync();
    const frieren = await seriesOf(FRIEREN);
    // Kitsu's entry is linked to a second series (read from a page before anything linked the two), which holds the
    // phone's later change there: on hold.
    const twin: Series = { id: 'twin', title: 'Frieren (from a reader)', altTitles: [], ids: { kitsu: FRIEREN.kitsu }, totalChapters: null, totalVolumes: null, createdAt: 1, updatedAt: 1 };
    await putSeries(twin);
    const kitsuBinding = (await getBinding('kitsu', frieren.id))!;
    await deleteBinding('kitsu', frieren.id);
    await putBinding({ ...kitsuBinding, seriesId: 'twin' });
    const later = Date.now() + 1_000;
    const entry = (await getEntry(frieren.id))!;
    await putEntry({ ...entry, seriesId: 'twin', status: 'on_hold', changedAt: { ...entry.changedAt, status: later }, editedFields: ['status'] });
    await kitsuEdit(internet, FRIEREN.kitsu, { status: 'on_hold', updatedAt: new Date(later).toISOString() });
    // A sync: planned first, AniList and MyAnimeList have nothing to get; Kitsu's read before its write joins the two.
    await runSync();
    expect((await listSeries()).filter((s) => s.ids.kitsu === FRIEREN.kitsu)).toHaveLength(1);
    expect((await getEntry(frieren.id))?.status).toBe('on_hold');
    // The joined entry's status went to the lists planned before the join, in that same sync.
    expect([onAniList(internet, FRIEREN.anilist)?.status, onMal(internet, FRIEREN.mal)?.status]).toEqual(['PAUSED', 'on_hold']);
  });

  it('a change another device made on a list after the sync read it, brought in by the answer to a write there, reaches the other lists in the same sync', async () => {
    await runSync();
    const frieren = await seriesOf(FRIEREN);
    // A note written here while Kitsu is down waits for Kitsu alone.
    internet.faults.add({ host: 'kitsu.app', status: 503, times: 1000 });
    await applyLocalChange(frieren.id, { notes: 'reread the ending' });
    internet.faults.clear();
    // The next sync reads Kitsu's list; just after, the phone puts the series on hold there.
    const fetch = globalThis.fetch;
    let edited = false;
    vi.stubGlobal('fetch', async (input: RequestInfo | URL, init?: RequestInit) => {
      const response = await fetch(input, init);
      const url = String(input instanceof Request ? input.url : input);
      const method = input instanceof Request ? input.method : (init?.method ?? 'GET');
      if (!edited && method === 'GET' && url.includes('kitsu.app/api/edge/library-entries')) {
        edited = true;
        internet.clock.advance(2_000);
        await kitsuEdit(internet, FRIEREN.kitsu, { status: 'on_hold' });
      }
      return response;
    });
    await runSync({ retryNow: true });
    vi.stubGlobal('fetch', fetch);
    expect(edited).toBe(true);
    // Kitsu's answer to the note brought the phone's on hold; AniList and MyAnimeList got it in that same sync.
    expect((await getEntry(frieren.id))?.status).toBe('on_hold');
    expect([onAniList(internet, FRIEREN.anilist)?.status, onMal(internet, FRIEREN.mal)?.status]).toEqual(['PAUSED', 'on_hold']);
  });

  it('an edit saved over a value a sync brought in while the editor was open replaces it, and the sync log keeps the value lost', async () => {
    await runSync();
    const frieren = await seriesOf(FRIEREN);
    // The editor opens with no notes; meanwhile the phone writes one on AniList and a sync brings it in.
    const shown = (await getEntry(frieren.id))!;
    internet.clock.advance(2_000);
    await aniListEdit(internet, FRIEREN.anilist, { notes: 'from the phone' });
    await runSync();
    expect((await getEntry(frieren.id))?.notes).toBe('from the phone');
    // Saved: the user's note is the later word and goes everywhere; the phone's is in the sync log, not lost unseen.
    await handlers.updateEntry({ seriesId: frieren.id, changes: { notes: 'typed here' }, opened: { notes: shown.notes } }, {});
    expect(onAniListNotes(internet, FRIEREN.anilist)).toBe('typed here');
    const conflicts = (await readLog({ limit: 50 })).filter((r) => r.kind === 'conflict');
    expect(conflicts.map((r) => r.details)).toContainEqual({ seriesId: frieren.id, field: 'notes', kept: 'typed here', lost: 'from the phone' });
    // An edit of a value the editor showed as it stands replaces nothing unseen: nothing more is logged.
    await handlers.updateEntry({ seriesId: frieren.id, changes: { notes: 'typed again' }, opened: { notes: 'typed here' } }, {});
    expect((await readLog({ limit: 50 })).filter((r) => r.kind === 'conflict')).toHaveLength(conflicts.length);
  });

  it('a changed score format is used from the next sync on', async () => {
    await runSync();
    const frieren = await seriesOf(FRIEREN);
    // The user switches AniList to POINT_5 on the website.
    internet.services.anilist!.seed({
      users: [{ id: USERS.anilist.id, name: USERS.anilist.name, scoreFormat: 'POINT_5', list: [{ mediaId: FRIEREN.anilist, status: 'CURRENT', progress: 110, scoreRaw: 80 }] }],
    });
    // (Re-seeding the fake forgets its tokens: the same account signs in again, its old score format on record.)
    await connectAll(internet);
    await runSync();
    expect((await readConnection('anilist'))?.scoreSetting).toBe('POINT_5');
    internet.log.clear();
    // 81 and 80 are the same 4 stars: nothing to write on a five-point scale.
    await applyLocalChange(frieren.id, { score: 81 });
    expect(writeCounts(internet).anilist).toBe(0);
  });

  it('a changed Kitsu rating system is used by the same sync that notices it: a score goes on the new scale', async () => {
    await runSync();
    expect((await readConnection('kitsu'))?.scoreSetting).toBe('advanced');
    // On Kitsu's settings page the user moves from 1–10 to the four faces; on AniList's phone app, Frieren gets 7.5.
    await kitsuRatingSystem(internet, 'simple');
    await aniListEdit(internet, FRIEREN.anilist, { scoreRaw: 75 });
    await runSync();
    expect((await readConnection('kitsu'))?.scoreSetting).toBe('simple');
    // 7.5 is the third face (14) on the new scale; on the old one it was 15, a value the faces cannot show.
    expect(onKitsu(internet, FRIEREN.kitsu)?.ratingTwenty).toBe(14);
    await expectNextSyncWritesNothing();
  });

  it('disconnect, then connect another account: nothing of the first carries over', async () => {
    // A second MyAnimeList account, with an entry last changed long ago.
    const mal = internet.services.mal as MalFake;
    mal.seed({
      clients: [{ id: 'mal-client', redirectUri: 'https://example.test/' }],
      users: [
        { id: USERS.mal.id, name: USERS.mal.name, list: [{ mangaId: FRIEREN.mal, status: 'reading', num_chapters_read: 100 }] },
        { id: 6002, name: 'Kaede', list: [{ mangaId: 1, status: 'completed', num_chapters_read: 162, updated_at: '2019-01-01T00:00:00+00:00' }] },
      ],
    });
    await runSync();
    const frieren = await seriesOf(FRIEREN);
    internet.faults.add({ host: 'api.myanimelist.net', method: 'PATCH', status: 503, times: 1000 });
    await applyLocalChange(frieren.id, { progress: 130 });
    expect((await listOutbox()).some((i) => i.service === 'mal')).toBe(true);
    await handlers.disconnectService({ service: 'mal' }, {});
    expect((await listOutbox()).filter((i) => i.service === 'mal')).toEqual([]);
    expect(await listBindings('mal')).toEqual([]);
    internet.faults.clear();
    // Kaede signs in.
    const tokens = mal.issueTokens('Kaede', 'mal-client');
    await saveCredentials('mal', { accessToken: tokens.access_token, refreshToken: tokens.refresh_token, clientId: 'mal-client', expiresAt: null });
    await saveConnection({ service: 'mal', userId: '6002', userName: 'Kaede', scoreSetting: null, connectedAt: Date.now(), tokenExpiresAt: null, lastCheckedAt: Date.now(), lastOutcome: 'ok', lastError: null, rateLimitedUntil: null });
    await runSync();
    // Her whole list was read (the old cursor would have skipped an entry from 2019) …
    expect((await findSeriesByIds({ mal: 1 }))).toHaveLength(1);
    expect((await getBinding('mal', (await findSeriesByIds({ mal: 1 }))[0]!.id))?.base?.progress).toBe(162);
    // … and Hinata's list was left as it was: nothing queued for her reached anyone.
    const hinata = (mal.state() as { users: { name: string; list: { mangaId: number; num_chapters_read: number }[] }[] }).users.find((u) => u.name === USERS.mal.name);
    expect(hinata?.list.find((e) => e.mangaId === FRIEREN.mal)?.num_chapters_read).toBe(100);
  });

  it('an entry deleted on a service is noticed and never re-created silently; Add back brings it back', async () => {
    await runSync();
    const berserk = await seriesOf(BERSERK);
    await kitsuDelete(internet, BERSERK.kitsu);
    await runSync({ forceFullSync: true });
    expect((await getBinding('kitsu', berserk.id))?.removedAt).not.toBeNull();
    expect((await readLog({ limit: 50 })).some((r) => r.kind === 'removed' && r.service === 'kitsu')).toBe(true);
    expect((await activity(10)).removed).toMatchObject([{ service: 'kitsu', seriesId: berserk.id, title: 'Berserk' }]);
    internet.log.clear();
    await applyLocalChange(berserk.id, { progress: 352 });
    await runSync();
    expect(writesTo(internet, 'kitsu.app')).toEqual([]);
    expect(onKitsu(internet, BERSERK.kitsu)).toBeUndefined();
    expect(onAniList(internet, BERSERK.anilist)?.progress).toBe(352);
    await addBack('kitsu', berserk.id);
    expect(onKitsu(internet, BERSERK.kitsu)).toMatchObject({ progress: 352 });
    expect((await activity(10)).removed).toEqual([]);
  });

  it('a sync the browser stopped resumes from its alarm, with no page open', async () => {
    // The resume alarm is set before the first request goes out.
    let armedBeforeWork = false;
    const fetch = globalThis.fetch;
    vi.stubGlobal('fetch', async (input: RequestInfo | URL, init?: RequestInit) => {
      if (!armedBeforeWork) armedBeforeWork = (await fakeBrowser.alarms.get(RESUME_ALARM)) !== undefined && (await readJob()) !== null;
      return fetch(input, init);
    });
    await runSync();
    expect(armedBeforeWork).toBe(true);
    expect(await readJob()).toBeNull();
    expect(await fakeBrowser.alarms.get(RESUME_ALARM)).toBeUndefined();
    // What a stopped worker leaves behind: the job recorded, the alarm armed, nothing running.
    const frieren = await seriesOf(FRIEREN);
    await aniListEdit(internet, FRIEREN.anilist, { progress: 140 });
    await writeJob({ startedAt: Date.now(), services: ['anilist', 'mal', 'kitsu'], forceFullSync: false, direction: 'both' });
    await onAlarm(RESUME_ALARM);
    expect(await readJob()).toBeNull();
    expect((await getEntry(frieren.id))?.progress).toBe(140);
    expect(onKitsu(internet, FRIEREN.kitsu)?.progress).toBe(140);
  });

  it('a short outage costs seconds: the first retry comes within a few seconds, not minutes', async () => {
    await runSync();
    const frieren = await seriesOf(FRIEREN);
    internet.faults.add({ host: 'api.myanimelist.net', method: 'PATCH', status: 500, times: 3 });
    const before = Date.now();
    await applyLocalChange(frieren.id, { progress: 150 });
    const [waiting] = (await listOutbox()).filter((i) => i.service === 'mal');
    expect(waiting).toMatchObject({ state: 'pending', attempts: 1 });
    expect(waiting!.nextAttemptAt - before).toBeLessThan(5_000);
    // The worker's own timer sends it when due; no alarm (30 s at best) is waited for.
    await vi.waitFor(() => expect(onMal(internet, FRIEREN.mal)?.num_chapters_read).toBe(150), { timeout: 10_000, interval: 100 });
  });

  it('a truncated or mis-shaped answer is retried like an outage, not refused for good', async () => {
    await runSync();
    const frieren = await seriesOf(FRIEREN);
    internet.faults.add({ host: 'api.myanimelist.net', method: 'PATCH', malformed: true, times: 1 });
    await applyLocalChange(frieren.id, { progress: 151 });
    expect((await listOutbox()).filter((i) => i.service === 'mal')).toMatchObject([{ state: 'pending' }]);
    await vi.waitFor(() => expect(onMal(internet, FRIEREN.mal)?.num_chapters_read).toBe(151), { timeout: 10_000, interval: 100 });
  });

  it('the pull cursor follows the service clock: a remote edit stamped behind our clock is still read', async () => {
    // The services' clock runs ten minutes behind ours, all along: an edit there is stamped before our last pull.
    internet.clock.set(Date.now() - 10 * 60_000);
    await runSync();
    const frieren = await seriesOf(FRIEREN);
    internet.clock.advance(30_000);
    await malEdit(internet, FRIEREN.mal, { num_chapters_read: '160' });
    internet.clock.advance(30_000);
    await runSync();
    expect((await getEntry(frieren.id))?.progress).toBe(160);
  });

  it('a list read before a write landed never brings back the value that write replaced', async () => {
    await runSync();
    const berserk = await seriesOf(BERSERK);
    const context = (await serviceContext('mal'))!;
    // A pull takes its snapshot of MyAnimeList…
    const readAt = Date.now();
    const snapshot = await context.tracker.getEntry(String(BERSERK.mal));
    expect(snapshot.kind).toBe('ok');
    // …a write lands a few seconds later (the retry alarm's flush does not wait for the sync)…
    internet.clock.advance(5_000);
    await applyLocalChange(berserk.id, { progress: 370 });
    expect(onMal(internet, BERSERK.mal)?.num_chapters_read).toBe(370);
    // …and the stale snapshot is merged afterwards: it must not undo the write.
    const { reconcile } = await import('../../../lib/sync/reconcile');
    if (snapshot.kind === 'ok' && snapshot.value) await reconcile(context, berserk.id, snapshot.value, Date.now(), readAt);
    expect((await getEntry(berserk.id))?.progress).toBe(370);
    await expectNextSyncWritesNothing();
  });

  it('a write whose answer was lost is read back before the next send: taking the change back still reaches the service', async () => {
    await runSync();
    const frieren = await seriesOf(FRIEREN);
    // MyAnimeList stores the write, then the connection drops before its answer arrives (a stopped worker alike).
    expect(await losingMalAnswer(() => applyLocalChange(frieren.id, { progress: 111 }))).toBe(true);
    expect(onMal(internet, FRIEREN.mal)?.num_chapters_read).toBe(111);
    // The user takes it back at once: the library is at 110 again, as the last answer MyAnimeList gave said.
    internet.log.clear();
    await applyLocalChange(frieren.id, { progress: 110 });
    await vi.waitFor(async () => expect((await listOutbox()).filter((i) => i.service === 'mal')).toEqual([]));
    // MyAnimeList was read first and set back to 110; nothing took its 111 for another device's change.
    const mal = internet.log.entries({ host: 'api.myanimelist.net' }).filter((e) => !e.path.includes('/oauth/'));
    expect(mal.map((e) => e.method)).toEqual(['GET', 'PATCH']);
    expect(onMal(internet, FRIEREN.mal)?.num_chapters_read).toBe(110);
    expect((await getEntry(frieren.id))?.progress).toBe(110);
    await expectNextSyncWritesNothing();
  });

  it('an edit meets the phone’s edit of the same field made moments before: one list read first, the later edit wins, the other is logged', async () => {
    // The services' clock agrees with ours: the phone's edit is a few seconds before the browser's.
    internet.clock.set(Date.now() - 60_000);
    await runSync();
    const frieren = await seriesOf(FRIEREN);
    internet.clock.advance(5_000);
    await aniListEdit(internet, FRIEREN.anilist, { notes: 'from the phone' });
    internet.clock.advance(5_000);
    internet.log.clear();
    await applyLocalChange(frieren.id, { notes: 'from the browser' });
    // What changed on AniList since the last pull was read (one request) before the write.
    const aniList = internet.log.entries({ host: 'graphql.anilist.co' });
    expect(aniList.map((e) => (e.body.includes('mutation') ? 'write' : 'read'))).toEqual(['read', 'write']);
    expect((await getEntry(frieren.id))?.notes).toBe('from the browser');
    const conflicts = (await readLog({ limit: 50 })).filter((r) => r.kind === 'conflict');
    expect(conflicts.map((r) => r.details)).toContainEqual(expect.objectContaining({ field: 'notes', lost: 'from the phone', kept: 'from the browser' }));
    // A second edit with no change there since makes no second read.
    internet.log.clear();
    internet.clock.advance(1_000);
    await applyLocalChange(frieren.id, { notes: 'again' });
    expect(internet.log.entries({ host: 'graphql.anilist.co' }).filter((e) => !e.body.includes('mutation')).length).toBeLessThanOrEqual(1);
  });

  it('what a sync the browser stopped had planned is not sent on the lists as read before the stop: the phone’s later edit is not written over', async () => {
    await runSync();
    const frieren = await seriesOf(FRIEREN);
    // The library's notes change, and a sync plans them for AniList — then the browser stops it before the send.
    await applyLocalChange(frieren.id, { notes: 'from the browser' }, Date.now(), { services: ['mal'] });
    const context = (await serviceContext('anilist'))!;
    const { planPush } = await import('../../../lib/sync/plan');
    await writeJob({ startedAt: Date.now(), services: ['anilist'], forceFullSync: false, direction: 'both' });
    expect(await planPush(context, frieren, (await getEntry(frieren.id))!, Date.now())).toBe(true);
    // Seconds later, on the phone (the service's clock stamps it after the browser's change)…
    internet.clock.set(Date.now() + 10_000);
    await aniListEdit(internet, FRIEREN.anilist, { notes: 'from the phone' });
    internet.log.clear();
    // …and the retry alarm wakes the worker first: the stopped sync runs again, reading AniList before it sends.
    await onAlarm(RETRY_ALARM);
    expect(onAniListNotes(internet, FRIEREN.anilist)).toBe('from the phone');
    expect((await getEntry(frieren.id))?.notes).toBe('from the phone');
    const aniListWrites = writesTo(internet, 'graphql.anilist.co');
    expect(aniListWrites.filter((e) => e.body.includes('from the browser'))).toEqual([]);
    const conflicts = (await readLog({ limit: 50 })).filter((r) => r.kind === 'conflict');
    expect(conflicts.map((r) => r.details)).toContainEqual(expect.objectContaining({ field: 'notes', lost: 'from the browser', kept: 'from the phone' }));
    expect(await readJob()).toBeNull();
  });

  it('a status Kitsu is sent only to keep its own through a change of progress is not taken for the library’s: the library’s still goes', async () => {
    await runSync();
    const berserk = await seriesOf(BERSERK);
    // Kitsu was last seen on hold, the library reading: its status is owed to Kitsu, but only progress is queued yet.
    const binding = (await getBinding('kitsu', berserk.id))!;
    await putBinding({ ...binding, base: { ...binding.base!, status: 'on_hold' } });
    await applyLocalChange(berserk.id, { progress: 351 }, Date.now(), { services: ['mal'] });
    await enqueueIntent('kitsu', berserk.id, BERSERK.kitsu, ['progress']);
    const context = (await serviceContext('kitsu'))!;
    await flushService(context);
    // Progress alone would turn the entry current on Kitsu: its on hold goes again after it, as Kitsu's own.
    expect(onKitsu(internet, BERSERK.kitsu)).toMatchObject({ status: 'on_hold', progress: 351 });
    // The status the library owes Kitsu still goes when it is queued.
    await enqueueIntent('kitsu', berserk.id, BERSERK.kitsu, ['status']);
    await flushService(context);
    expect(onKitsu(internet, BERSERK.kitsu)).toMatchObject({ status: 'current', progress: 351 });
    expect((await getEntry(berserk.id))?.status).toBe('reading');
  });

  it('a Kitsu create retried after its answer was lost is not refused as a duplicate: the entry it made is changed instead', async () => {
    // Kitsu creates an entry, then the connection drops before its answer arrives; the request is tried again.
    const kitsuId = await syncLosingFirstKitsuCreate(false);
    // ("mangaId - has already been taken" was shown as a refusal, with the change left failed for good.)
    expect(await listOutbox()).toEqual([]);
    expect((internet.services.kitsu!.state() as KitsuState).entries.filter((e) => e.mangaId === kitsuId)).toHaveLength(1);
    await expectNextSyncWritesNothing();
  });

  it('a chapter read whose answer was lost never sets back a count the phone moved on meanwhile', async () => {
    await runSync();
    const frieren = await seriesOf(FRIEREN);
    // Chapter 111 read here: MyAnimeList stores it, but its answer is lost (a stopped worker alike).
    expect(await losingMalAnswer(() => applyLocalChange(frieren.id, { progress: 111 }, Date.now(), { source: 'read' }), true)).toBe(true);
    expect(onMal(internet, FRIEREN.mal)?.num_chapters_read).toBe(111);
    // The phone reads on to 115 before the write is tried again.
    await malEdit(internet, FRIEREN.mal, { num_chapters_read: '115' });
    await runSync({ retryNow: true });
    // 115 is no write of ours (ours carried 111): the phone's count stands, and the library and the others follow it.
    expect(onMal(internet, FRIEREN.mal)?.num_chapters_read).toBe(115);
    expect((await getEntry(frieren.id))?.progress).toBe(115);
    expect(onKitsu(internet, FRIEREN.kitsu)?.progress).toBe(115);
  });

  /**
   * On the phone, AniList reads on 30 chapters; later, Kitsu's app moves on 5 (its clock stamps it a minute ahead).
   * Then the next chapter is read here while Kitsu cannot be read. Resolves to the series and the count before.
   */
  async function readWhileKitsuCannotBeRead(): Promise<{ frieren: Series; at: number }> {
    await runSync();
    const frieren = await seriesOf(FRIEREN);
    const at = (await getEntry(frieren.id))!.progress;
    await aniListEdit(internet, FRIEREN.anilist, { progress: at + 30 });
    await kitsuEdit(internet, FRIEREN.kitsu, { progress: at + 5, updatedAt: new Date(Date.now() + 60_000).toISOString() });
    internet.faults.add({ host: 'kitsu.app', pathPrefix: '/api/edge/library-entries', method: 'GET', status: 500, times: 1000 });
    await applyLocalChange(frieren.id, { progress: at + 1 }, Date.now(), { source: 'read' });
    return { frieren, at };
  }

  it('a chapter read whose look at one list failed: that list, moved on less far meanwhile, does not set the read back later', async () => {
    const { frieren, at } = await readWhileKitsuCannotBeRead();
    // AniList, further along, wins the read.
    expect((await getEntry(frieren.id))?.progress).toBe(at + 30);
    // Kitsu answers again: its smaller count is in the read's, which stays, and goes to Kitsu.
    internet.faults.clear();
    await runSync({ retryNow: true });
    expect((await getEntry(frieren.id))?.progress).toBe(at + 30);
    expect([onAniList(internet, FRIEREN.anilist)?.progress, onMal(internet, FRIEREN.mal)?.num_chapters_read, onKitsu(internet, FRIEREN.kitsu)?.progress]).toEqual([at + 30, at + 30, at + 30]);
  });

  it('a list read before a write landed is older than the write’s answer even where another device stamped it later', async () => {
    // As above, the read takes AniList's count while Kitsu cannot be read.
    const { frieren, at } = await readWhileKitsuCannotBeRead();
    internet.faults.clear();
    // A sync reads Kitsu's list (at + 5)…
    const context = (await serviceContext('kitsu'))!;
    const readAt = Date.now();
    const snapshot = await context.tracker.getEntry(FRIEREN.kitsu);
    expect(snapshot.kind === 'ok' && snapshot.value?.progress).toBe(at + 5);
    // …while the retry timer's flush sends the read there, and its answer (stamped now) is merged first…
    await flushService(context, Date.now, { retryNow: true });
    expect(onKitsu(internet, FRIEREN.kitsu)?.progress).toBe(at + 30);
    // …then the list: what it shows was replaced by that write, whatever the stamps say.
    const { reconcile } = await import('../../../lib/sync/reconcile');
    if (snapshot.kind === 'ok' && snapshot.value) await reconcile(context, frieren.id, snapshot.value, Date.now(), readAt);
    expect((await getEntry(frieren.id))?.progress).toBe(at + 30);
    internet.log.clear();
    await runSync();
    expect([onAniList(internet, FRIEREN.anilist)?.progress, onMal(internet, FRIEREN.mal)?.num_chapters_read, onKitsu(internet, FRIEREN.kitsu)?.progress]).toEqual([at + 30, at + 30, at + 30]);
    // Kitsu holds the read already: nothing goes there again. (MyAnimeList may still be owed it: read first, before
    // AniList's count came in, it was sent the chapter read itself.)
    expect(writeCounts(internet).kitsu).toBe(0);
  });

  /**
   * Runs a sync during which, as soon as `host`'s list has been read (its answer in hand, not yet merged), `act` runs
   * to its end: the sync then merges a list read before `act`'s writes landed.
   */
  async function syncWith(host: 'anilist' | 'mal' | 'kitsu', act: () => Promise<unknown>, options: { forceFullSync?: boolean } = {}): Promise<void> {
    const fetch = globalThis.fetch;
    const isList = {
      anilist: (url: string, body: string) => url.includes('graphql.anilist.co') && /medialist/i.test(body) && !body.includes('mutation'),
      mal: (url: string) => url.includes('/users/@me/mangalist'),
      kitsu: (url: string) => url.includes('kitsu.app/api/edge/library-entries?') && url.includes('filter[kind]=manga'),
    }[host];
    let done = false;
    vi.stubGlobal('fetch', async (input: RequestInfo | URL, init?: RequestInit) => {
      const url = String(input instanceof Request ? input.url : input);
      const body = input instanceof Request ? await input.clone().text() : typeof init?.body === 'string' ? init.body : '';
      const response = await fetch(input, init);
      if (!done && isList(url, body)) {
        done = true;
        await act();
      }
      return response;
    });
    try {
      await runSync(options);
    } finally {
      vi.stubGlobal('fetch', fetch);
    }
    expect(done).toBe(true);
  }

  it.each(['anilist', 'mal', 'kitsu'] as const)('a chapter read while a sync runs is merged, not lost: read after the sync read %s', async (host) => {
    await runSync();
    const frieren = await seriesOf(FRIEREN);
    const at = (await getEntry(frieren.id))!.progress;
    await updateReadingSettings((s) => ({ ...s, countdownSeconds: 0 }));
    const page = frierenPage({ chapter: at + 1 });
    await saveTabPage(5, page);
    internet.clock.advance(5_000);
    await syncWith(host, async () => {
      expect((await chapterReadOnTab(5, page)).outcome).toBe('updated');
      await vi.waitFor(async () => expect(await listOutbox()).toEqual([]));
    });
    // The list read before the read landed did not set it back, here or on any service.
    expect((await getEntry(frieren.id))?.progress).toBe(at + 1);
    expect([onAniList(internet, FRIEREN.anilist)?.progress, onMal(internet, FRIEREN.mal)?.num_chapters_read, onKitsu(internet, FRIEREN.kitsu)?.progress]).toEqual([at + 1, at + 1, at + 1]);
    await expectNextSyncWritesNothing();
  });

  it.each(['anilist', 'mal', 'kitsu'] as const)('an edit made while a sync runs is kept and sent: edited after the sync read %s', async (host) => {
    await runSync();
    const frieren = await seriesOf(FRIEREN);
    internet.clock.advance(5_000);
    await syncWith(host, async () => {
      await applyLocalChange(frieren.id, { notes: 'edited mid-sync', status: 'on_hold' });
      await vi.waitFor(async () => expect(await listOutbox()).toEqual([]));
    });
    expect(await getEntry(frieren.id)).toMatchObject({ notes: 'edited mid-sync', status: 'on_hold' });
    expect([onAniList(internet, FRIEREN.anilist)?.status, onMal(internet, FRIEREN.mal)?.status, onKitsu(internet, FRIEREN.kitsu)?.status]).toEqual(['PAUSED', 'on_hold', 'on_hold']);
    expect(onAniListNotes(internet, FRIEREN.anilist)).toBe('edited mid-sync');
    await expectNextSyncWritesNothing();
  });

  it.each(['anilist', 'mal', 'kitsu'] as const)('an edit sent within the millisecond a sync read %s is kept: the list read first is the older', async (host) => {
    await runSync();
    const frieren = await seriesOf(FRIEREN);
    internet.clock.advance(5_000);
    // A clock that does not move between requests (the fakes answer within a millisecond; the browser's clock can
    // too): a chapter read sent, then a sync's list, the edit's look and the edit's write all carry the same time, so
    // neither the service's stamps nor ours tell the list from the edit's answer.
    vi.useFakeTimers({ toFake: ['Date'], now: Date.now() });
    try {
      await applyLocalChange(frieren.id, { progress: (await getEntry(frieren.id))!.progress + 1 });
      await vi.waitFor(async () => expect(await listOutbox()).toEqual([]));
      await syncWith(host, async () => {
        await applyLocalChange(frieren.id, { private: true, notes: 'edited in the same millisecond' });
        await vi.waitFor(async () => expect(await listOutbox()).toEqual([]));
      });
    } finally {
      vi.useRealTimers();
    }
    expect(await getEntry(frieren.id)).toMatchObject({ private: true, notes: 'edited in the same millisecond' });
    expect(onAniListNotes(internet, FRIEREN.anilist)).toBe('edited in the same millisecond');
    expect([onAniList(internet, FRIEREN.anilist)?.private, onKitsu(internet, FRIEREN.kitsu)?.private]).toEqual([true, true]);
    await expectNextSyncWritesNothing();
  });

  it('a finish date another list set is not lost to the one Kitsu dates a completion with by itself', async () => {
    await runSync();
    const frieren = await seriesOf(FRIEREN);
    internet.clock.advance(5_000);
    // Finished in 2019, says the phone on AniList; then, here, the series is marked completed. Kitsu dates a
    // completion by itself (today) where its finish date is empty: that is no one's edit, whatever its stamp.
    // (A clock that does not move: the library takes AniList's date in the same millisecond as it last agreed with
    // Kitsu, so the date is not known to be owed there by its time alone.)
    await aniListEdit(internet, FRIEREN.anilist, { completedAt: { year: 2019, month: 4, day: 2 } });
    vi.useFakeTimers({ toFake: ['Date'], now: Date.now() });
    try {
      await applyLocalChange(frieren.id, { status: 'completed' });
      await vi.waitFor(async () => expect(await listOutbox()).toEqual([]));
    } finally {
      vi.useRealTimers();
    }
    internet.clock.advance(5_000);
    await runSync();
    expect((await getEntry(frieren.id))?.completedAt).toEqual({ year: 2019, month: 4, day: 2 });
    expect(onKitsu(internet, FRIEREN.kitsu)?.finishedAt?.slice(0, 10)).toBe('2019-04-02');
    expect(onMal(internet, FRIEREN.mal)?.finish_date).toBe('2019-04-02');
    await expectNextSyncWritesNothing();
  });

  it('a write in doubt is not taken for a count another device set beyond it: the retry never sets that count back', async () => {
    await runSync();
    const frieren = await seriesOf(FRIEREN);
    const at = (await getEntry(frieren.id))!.progress;
    // The next chapter, edited here, goes to MyAnimeList and meets a 500 on each of the client's tries: whether it
    // landed is not known.
    internet.faults.add({ host: 'api.myanimelist.net', method: 'PATCH', status: 500, times: 3 });
    await applyLocalChange(frieren.id, { progress: at + 1 });
    await vi.waitFor(async () => expect((await listOutbox()).find((i) => i.service === 'mal')?.attempts).toBe(1));
    // Meanwhile the phone reads on there, well beyond what that write carried.
    internet.clock.advance(5_000);
    await malEdit(internet, FRIEREN.mal, { num_chapters_read: String(at + 30) });
    internet.clock.advance(5_000);
    await runSync({ retryNow: true });
    // No write of ours carried that count: it is the phone's, later than the edit, and nothing sets it back.
    expect(onMal(internet, FRIEREN.mal)?.num_chapters_read).toBe(at + 30);
    expect((await getEntry(frieren.id))?.progress).toBe(at + 30);
    expect([onAniList(internet, FRIEREN.anilist)?.progress, onKitsu(internet, FRIEREN.kitsu)?.progress]).toEqual([at + 30, at + 30]);
    await expectNextSyncWritesNothing();
  });

  it('an entry a write beside a full resync created again is not taken for removed by that resync’s older list, nor its defaults for the user’s word', async () => {
    await runSync();
    const frieren = await seriesOf(FRIEREN);
    const before = await getEntry(frieren.id);
    // Removed on Kitsu moments after the last look (within the stated limit, a write may create it again)…
    await kitsuDelete(internet, FRIEREN.kitsu);
    internet.clock.advance(5_000);
    // …then a full resync reads Kitsu's list (the entry is not on it) and, before it is merged, an edit here creates
    // the entry again on Kitsu.
    await syncWith('kitsu', async () => {
      await applyLocalChange(frieren.id, { notes: 'edited mid-resync' });
      await vi.waitFor(async () => expect(await listOutbox()).toEqual([]));
    }, { forceFullSync: true });
    // The entry is there: the resync's list, read before the edit made it again, does not report it removed, and the
    // next change goes to it at once.
    expect((await readLog({ limit: 50 })).filter((r) => r.kind === 'removed')).toEqual([]);
    await applyLocalChange(frieren.id, { progress: before!.progress + 1 });
    await vi.waitFor(async () => expect(await listOutbox()).toEqual([]));
    expect(onKitsu(internet, FRIEREN.kitsu)?.progress).toBe(before!.progress + 1);
    internet.clock.advance(5_000);
    await runSync();
    // The entry made again is whole, and what Kitsu put in it by default (a status) won nowhere.
    expect(before?.status).toBe('reading');
    expect(await getEntry(frieren.id)).toMatchObject({ status: 'reading', notes: 'edited mid-resync' });
    expect([onAniList(internet, FRIEREN.anilist)?.status, onMal(internet, FRIEREN.mal)?.status, onKitsu(internet, FRIEREN.kitsu)?.status]).toEqual(['CURRENT', 'reading', 'current']);
    expect((await activity(50)).removed).toEqual([]);
    await expectNextSyncWritesNothing();
  });

  it('an edit of a series a sync has joined into another since the editor opened goes to the series it became', async () => {
    await runSync();
    const frieren = await seriesOf(FRIEREN);
    // A second series of the same manga (read on a page that offered only Kitsu's id), open in the editor…
    const other: Series = { ...frieren, id: 'read-on-kitsu-page', ids: { kitsu: FRIEREN.kitsu }, title: 'Frieren (Kitsu page)' };
    await putSeries(other);
    await putEntry({ ...(await getEntry(frieren.id))!, seriesId: other.id });
    // …is joined into the first by a sync before the editor saves.
    const { absorbSeries } = await import('../../../lib/library/absorb-series');
    await absorbSeries(frieren.id, other.id, Date.now());
    const { row } = await handlers.updateEntry({ seriesId: other.id, changes: { notes: 'saved after the join' } }, {});
    expect(row.seriesId).toBe(frieren.id);
    expect((await getEntry(frieren.id))?.notes).toBe('saved after the join');
    expect(await getEntry(other.id)).toBeNull();
    await vi.waitFor(async () => expect(await listOutbox()).toEqual([]));
    expect(onAniListNotes(internet, FRIEREN.anilist)).toBe('saved after the join');
    // A chapter read that matched the series before the join is recorded on the joined series alike.
    await applyLocalChange(other.id, { progress: 150 }, Date.now(), { source: 'read' });
    expect((await getEntry(frieren.id))?.progress).toBe(150);
    expect(await getEntry(other.id)).toBeNull();
  });

  it('two services’ answers merged side by side both keep the ids they teach: the one AniList gives is not written over', async () => {
    await runSync();
    const frieren = await seriesOf(FRIEREN);
    // The series has not learnt its MyAnimeList id yet (a page that offered only AniList's and Kitsu's)…
    await putSeries({ ...frieren, ids: { anilist: frieren.ids.anilist, kitsu: frieren.ids.kitsu } });
    // …and the answers of AniList (which carries idMal) and Kitsu are merged at once, as two flushes side by side do.
    const [anilist, kitsu] = [(await serviceContext('anilist'))!, (await serviceContext('kitsu'))!];
    const readAt = Date.now();
    const [fromAniList, fromKitsu] = [await anilist.tracker.getEntry(String(FRIEREN.anilist)), await kitsu.tracker.getEntry(FRIEREN.kitsu)];
    const { reconcile } = await import('../../../lib/sync/reconcile');
    if (fromAniList.kind !== 'ok' || !fromAniList.value || fromKitsu.kind !== 'ok' || !fromKitsu.value) throw new Error('both entries are there');
    expect(fromAniList.value.media.crossIds.mal).toBe(FRIEREN.mal);
    await Promise.all([reconcile(anilist, frieren.id, fromAniList.value, Date.now(), readAt), reconcile(kitsu, frieren.id, fromKitsu.value, Date.now(), readAt)]);
    expect((await findSeriesByIds({ anilist: FRIEREN.anilist }))[0]?.ids).toMatchObject({ anilist: FRIEREN.anilist, mal: FRIEREN.mal, kitsu: FRIEREN.kitsu });
  });

  it('a list read merged after its series was joined into another reaches the series it became: a change made there is not lost', async () => {
    await runSync();
    const frieren = await seriesOf(FRIEREN);
    // A sync reads Kitsu, where the phone has just read on…
    await kitsuEdit(internet, FRIEREN.kitsu, { progress: 150, updatedAt: new Date(Date.now() + 1_000).toISOString() });
    const context = (await serviceContext('kitsu'))!;
    const readAt = Date.now();
    const snapshot = await context.tracker.getEntry(FRIEREN.kitsu);
    expect(snapshot.kind === 'ok' && snapshot.value?.progress).toBe(150);
    // …while a chapter read elsewhere proves the series one manga with another, and the two are joined…
    const read: Series = { ...frieren, id: 'read-on-a-site', ids: { mal: FRIEREN.mal }, title: 'Frieren (site)' };
    await putSeries(read);
    await putEntry({ ...(await getEntry(frieren.id))!, seriesId: read.id });
    const { absorbSeries } = await import('../../../lib/library/absorb-series');
    await absorbSeries(read.id, frieren.id, Date.now());
    // …before the list is merged under the id the sync started with.
    internet.clock.advance(1_000);
    const { reconcile } = await import('../../../lib/sync/reconcile');
    if (snapshot.kind === 'ok' && snapshot.value) await reconcile(context, frieren.id, snapshot.value, Date.now(), readAt);
    // The phone's count is in the series the two became (not in an entry of one that no longer exists), and goes on.
    expect(await getEntry(frieren.id)).toBeNull();
    expect((await getEntry(read.id))?.progress).toBe(150);
    await runSync();
    expect([onAniList(internet, FRIEREN.anilist)?.progress, onMal(internet, FRIEREN.mal)?.num_chapters_read, onKitsu(internet, FRIEREN.kitsu)?.progress]).toEqual([150, 150, 150]);
    await expectNextSyncWritesNothing();
  });

  it('a finish date an edit met on one list goes with that edit to the others: Kitsu does not date the completion itself', async () => {
    await runSync();
    const berserk = await seriesOf(BERSERK);
    // On the phone, AniList gets a finish date; here, the series is marked completed. AniList is read first and its
    // date taken; Kitsu's change names only the status.
    await aniListEdit(internet, BERSERK.anilist, { completedAt: { year: 2019, month: 5, day: 1 } });
    await applyLocalChange(berserk.id, { status: 'completed' }, Date.now(), { services: ['anilist'] });
    expect((await getEntry(berserk.id))?.completedAt).toEqual({ year: 2019, month: 5, day: 1 });
    await enqueueIntent('kitsu', berserk.id, BERSERK.kitsu, ['status']);
    await flushService((await serviceContext('kitsu'))!);
    // Kitsu got the date with the status, rather than dating the completion today and later passing that on.
    expect(onKitsu(internet, BERSERK.kitsu)?.finishedAt).toMatch(/^2019-05-01/);
    await runSync();
    expect((await getEntry(berserk.id))?.completedAt).toEqual({ year: 2019, month: 5, day: 1 });
  });

  it('a date cleared on a list whose clock runs ahead does not win over a date set on another list after it was agreed', async () => {
    await runSync();
    const frieren = await seriesOf(FRIEREN);
    await aniListEdit(internet, FRIEREN.anilist, { startedAt: { year: 2020, month: 1, day: 1 } });
    await runSync();
    expect((await getEntry(frieren.id))?.startedAt).toEqual({ year: 2020, month: 1, day: 1 });
    // Kitsu's app clears the start date, stamped by a clock a minute ahead; the sync carries the clearing everywhere.
    await kitsuEdit(internet, FRIEREN.kitsu, { startedAt: null, updatedAt: new Date(Date.now() + 60_000).toISOString() });
    await runSync();
    expect((await getEntry(frieren.id))?.startedAt).toBeNull();
    // Then a start date is set on AniList: a change made there after the clearing was agreed, whatever the stamps.
    await aniListEdit(internet, FRIEREN.anilist, { startedAt: { year: 2019, month: 4, day: 1 } });
    await runSync();
    expect((await getEntry(frieren.id))?.startedAt).toEqual({ year: 2019, month: 4, day: 1 });
    expect(onKitsu(internet, FRIEREN.kitsu)?.startedAt).toMatch(/^2019-04-01/);
  });

  it('a start date Kitsu set by itself, cleared there, stays cleared when Kitsu would date the entry again', async () => {
    await oneMangaWorld({ id: 900_200, title: 'Dated By Itself', chapters: 50, kitsuChapters: 50, onAniList: { status: 'CURRENT', progress: 3 } });
    await runSync();
    // Created on Kitsu as current, Kitsu dated the start itself; the library has no start date.
    expect(onKitsu(internet, '900200')?.startedAt).not.toBeNull();
    const series = (await findSeriesByIds({ anilist: 900_200 }))[0]!;
    expect((await getEntry(series.id))?.startedAt).toBeNull();
    // On the phone, that date is cleared; here, the series is marked completed, which would date it again.
    await kitsuEdit(internet, '900200', { startedAt: null });
    await applyLocalChange(series.id, { status: 'completed' });
    expect(onKitsu(internet, '900200')?.status).toBe('completed');
    expect(onKitsu(internet, '900200')?.startedAt).toBeNull();
  });

  it('a start date cleared elsewhere while Kitsu holds the entry at its chapter count, reading: the date Kitsu puts back is its own, not fought on every sync', async () => {
    await oneMangaWorld({ id: 900_300, title: 'Short Tale', chapters: 20, kitsuChapters: 20, onAniList: { status: 'CURRENT', progress: 3, startedAt: { year: 2026, month: 3, day: 1 } } });
    await runSync();
    const series = (await findSeriesByIds({ anilist: 900_300 }))[0]!;
    expect(onKitsu(internet, '900300')?.startedAt).toMatch(/^2026-03-01/);
    // On the phone: read to the last chapter, still reading, and the start date cleared.
    await aniListEdit(internet, 900_300, { progress: 20, startedAt: { year: null, month: null, day: null } });
    await runSync();
    expect(await getEntry(series.id)).toMatchObject({ status: 'reading', progress: 20, startedAt: null });
    // Kitsu completes an entry saved at its count and dates it; put back to reading, it keeps the date.
    expect(onKitsu(internet, '900300')).toMatchObject({ status: 'current', progress: 20 });
    internet.log.clear();
    await runSync();
    await runSync();
    expect(writeCounts(internet)).toEqual({ anilist: 0, mal: 0, kitsu: 0 });
    expect(onKitsu(internet, '900300')).toMatchObject({ status: 'current', progress: 20 });
  });

  it('Kitsu’s completion of an entry saved at its chapter count gives way once the library’s count goes below it: the library’s status goes with the count', async () => {
    await oneMangaWorld({ id: 900_500, title: 'Short Count', chapters: 40, kitsuChapters: 20, onAniList: { status: 'CURRENT', progress: 10 } });
    await runSync();
    const series = (await findSeriesByIds({ anilist: 900_500 }))[0]!;
    expect(onKitsu(internet, '900500')).toMatchObject({ status: 'current', progress: 10 });
    // Read on to Kitsu's count, still reading here; then a note: a save there that does not move the status completes
    // the entry (Kitsu's own form of 'reading' at its count).
    await applyLocalChange(series.id, { progress: 20 });
    await vi.waitFor(async () => expect(await listOutbox()).toEqual([]));
    await applyLocalChange(series.id, { notes: 'saved at the count' });
    await vi.waitFor(async () => expect(await listOutbox()).toEqual([]));
    expect(onKitsu(internet, '900500')).toMatchObject({ status: 'completed', progress: 20 });
    // Set back below Kitsu's count here: Kitsu can hold 'reading' at 5 now, and gets it with the count.
    await applyLocalChange(series.id, { progress: 5 });
    await vi.waitFor(async () => expect(await listOutbox()).toEqual([]));
    expect(onKitsu(internet, '900500')).toMatchObject({ status: 'current', progress: 5 });
    await expectNextSyncWritesNothing();
  });

  it('a start date cleared here that Kitsu dated again on a reread at its last chapter is cleared there once the series is completed again, in the same write', async () => {
    await oneMangaWorld({ id: 900_400, title: 'Short Again', chapters: 20, kitsuChapters: 20, onAniList: { status: 'CURRENT', progress: 3, startedAt: { year: 2026, month: 3, day: 1 } } });
    await runSync();
    const series = (await findSeriesByIds({ anilist: 900_400 }))[0]!;
    await applyLocalChange(series.id, { startedAt: null });
    await applyLocalChange(series.id, { status: 'completed', progress: 20 });
    expect(onKitsu(internet, '900400')).toMatchObject({ status: 'completed', startedAt: null });
    // A reread from the last chapter: Kitsu dates the entry on the status move, and keeps the date (a save to clear it
    // would complete the entry again, at its count).
    await applyLocalChange(series.id, { status: 'rereading' });
    expect(onKitsu(internet, '900400')?.startedAt).not.toBeNull();
    // Completed again: the clearing can hold now, and goes after the status.
    await applyLocalChange(series.id, { status: 'completed' });
    expect(onKitsu(internet, '900400')).toMatchObject({ status: 'completed', startedAt: null });
    await expectNextSyncWritesNothing();
  });

  it('an entry created by a write whose answer was lost: a field that write did not carry, set there meanwhile, comes into the library', async () => {
    // Kitsu creates an entry the sync found missing there, then the connection goes down before its answer arrives
    // (a stopped worker alike).
    const kitsuId = await syncLosingFirstKitsuCreate(true);
    expect(onKitsu(internet, kitsuId)).toBeDefined();
    const series = (await findSeriesByIds({ kitsu: kitsuId }))[0]!;
    expect((await listOutbox()).find((i) => i.service === 'kitsu' && i.seriesId === series.id)?.midway.length).toBeGreaterThan(0);
    expect((await getEntry(series.id))?.completedAt).toBeNull();
    // On the phone, a finish date — a field the create did not carry (the library had none).
    await kitsuEdit(internet, kitsuId, { finishedAt: '2019-05-01T00:00:00.000Z' });
    await runSync({ retryNow: true });
    expect((await getEntry(series.id))?.completedAt).toEqual({ year: 2019, month: 5, day: 1 });
    expect(onKitsu(internet, kitsuId)?.finishedAt).not.toBeNull();
  });

  it('an entry created by a write whose answer was lost: a field set here since, which that write did not carry, is kept and sent', async () => {
    const kitsuId = await syncLosingFirstKitsuCreate(true);
    const series = (await findSeriesByIds({ kitsu: kitsuId }))[0]!;
    expect((await getEntry(series.id))?.completedAt).toBeNull();
    // Here, a finish date, before Kitsu is read again (the create never carried one: the library had none).
    await applyLocalChange(series.id, { completedAt: { year: 2019, month: 5, day: 1 } });
    await runSync({ retryNow: true });
    expect((await getEntry(series.id))?.completedAt).toEqual({ year: 2019, month: 5, day: 1 });
    expect(onKitsu(internet, kitsuId)?.finishedAt).toMatch(/^2019-05-01/);
  });

  it('an entry removed on a service after its whole list was last read is not re-created by a sync right after a pull of what changed', async () => {
    await runSync();
    const berserk = await seriesOf(BERSERK);
    await malDelete(internet, BERSERK.mal);
    // Changed on AniList: the next sync carries it to MyAnimeList, whose pull of what changed cannot show the removal.
    await aniListEdit(internet, BERSERK.anilist, { notes: 'the eclipse' });
    internet.log.clear();
    const later = Date.now() + 10 * 60_000;
    await runSync({ now: () => later });
    expect(onAniList(internet, BERSERK.anilist)).toBeDefined();
    expect(writesTo(internet, 'api.myanimelist.net')).toEqual([]);
    expect(onMal(internet, BERSERK.mal)).toBeUndefined();
    expect((await getBinding('mal', berserk.id))?.removedAt).not.toBeNull();
    expect((await activity(10)).removed).toMatchObject([{ service: 'mal', seriesId: berserk.id }]);
    expect(onKitsu(internet, BERSERK.kitsu)).toBeDefined();
  });

  it('a push to entries not seen lately reads the whole list once, not each entry, and still finds what was removed', async () => {
    await runSync();
    const monster = (await findSeriesByIds({ mal: 1 }))[0]!;
    // Ten minutes on, the phone adds Vagabond on MyAnimeList: the next pull's list of what changed starts there.
    internet.clock.advance(10 * 60_000);
    await malEdit(internet, 656, { status: 'reading', num_chapters_read: '3' });
    await runSync({ now: () => Date.now() + 10 * 60_000 });
    // Ten minutes more: Monster removed on MyAnimeList, three series changed on AniList.
    internet.clock.advance(10 * 60_000);
    await malDelete(internet, 1);
    for (const mediaId of [FRIEREN.anilist, BERSERK.anilist, 30001]) await aniListEdit(internet, mediaId, { notes: `note ${mediaId}` });
    internet.log.clear();
    await runSync({ now: () => Date.now() + 20 * 60_000 });
    const mal = internet.log.entries({ host: 'api.myanimelist.net' });
    // The list of what changed, then the whole list (three entries to read, one page of them): no entry read alone.
    expect(mal.filter((e) => e.method === 'GET' && e.path.startsWith('/v2/users/@me/mangalist'))).toHaveLength(2);
    expect(mal.filter((e) => e.method === 'GET' && e.path.startsWith('/v2/manga/'))).toEqual([]);
    expect(writesTo(internet, 'api.myanimelist.net').map((e) => e.path).sort()).toEqual([`/v2/manga/${FRIEREN.mal}/my_list_status`, `/v2/manga/${BERSERK.mal}/my_list_status`].sort());
    expect(onMal(internet, 1)).toBeUndefined();
    expect((await getBinding('mal', monster.id))?.removedAt).not.toBeNull();
  });

  it('an entry added again on a service is the user’s new word: a value equal to the removed entry’s is not taken as unchanged', async () => {
    await runSync();
    const berserk = await seriesOf(BERSERK);
    expect(onKitsu(internet, BERSERK.kitsu)?.status).toBe('current');
    await kitsuDelete(internet, BERSERK.kitsu);
    await runSync({ forceFullSync: true });
    expect((await getBinding('kitsu', berserk.id))?.removedAt).not.toBeNull();
    // Put on hold here; then, later, added back on Kitsu as being read.
    await applyLocalChange(berserk.id, { status: 'on_hold' });
    await new Promise((resolve) => setTimeout(resolve, 5));
    await kitsuAdd(internet, BERSERK.kitsu, { status: 'current', progress: 350 });
    await runSync();
    // The later word wins everywhere, and the loser is logged.
    expect((await getEntry(berserk.id))?.status).toBe('reading');
    expect(onKitsu(internet, BERSERK.kitsu)?.status).toBe('current');
    expect(onAniList(internet, BERSERK.anilist)?.status).toBe('CURRENT');
    expect(onMal(internet, BERSERK.mal)?.status).toBe('reading');
    expect((await readLog({ limit: 50 })).some((r) => r.kind === 'conflict' && r.service === 'kitsu' && r.details['field'] === 'status')).toBe(true);
    expect((await getBinding('kitsu', berserk.id))?.removedAt).toBeNull();
  });

  it('an entry removed on a service moments before an edit is created again whole, not with the edited field alone', async () => {
    await runSync();
    const berserk = await seriesOf(BERSERK);
    const before = (await getEntry(berserk.id))!;
    await kitsuDelete(internet, BERSERK.kitsu);
    await applyLocalChange(berserk.id, { progress: 351 });
    // The rest of the entry went in the same flush: the next sync has nothing to send.
    await expectNextSyncWritesNothing();
    // The library lost nothing to the new, empty entry, and Kitsu holds the series as the library does.
    const after = (await getEntry(berserk.id))!;
    expect({ ...after, progress: before.progress, changedAt: null, editedFields: null }).toEqual({ ...before, changedAt: null, editedFields: null });
    expect(onKitsu(internet, BERSERK.kitsu)).toMatchObject({ progress: 351, status: 'current' });
    await expectNextSyncWritesNothing();
  });

  it('an entry removed on MyAnimeList moments before an edit is created again whole, and the library loses nothing to it', async () => {
    await runSync();
    const berserk = await seriesOf(BERSERK);
    const before = (await getEntry(berserk.id))!;
    expect(before.score).not.toBeNull();
    // MyAnimeList's list status has no id of its own: a write's answer cannot show that it created the entry again.
    await malDelete(internet, BERSERK.mal);
    await applyLocalChange(berserk.id, { progress: 351 });
    const after = (await getEntry(berserk.id))!;
    expect({ ...after, progress: before.progress, changedAt: null, editedFields: null }).toEqual({ ...before, changedAt: null, editedFields: null });
    expect(onMal(internet, BERSERK.mal)).toMatchObject({ num_chapters_read: 351, status: 'reading', score: 10 });
    await expectNextSyncWritesNothing();
    expect((await getEntry(berserk.id))?.score).toBe(before.score);
  });

  it('Kitsu’s chapter count filled on completion gives way to the library’s progress once the entry is put back to reading there', async () => {
    await runSync();
    const monster = (await findSeriesByIds({ mal: 1 }))[0]!;
    await applyLocalChange(monster.id, { status: 'completed', progress: 100 });
    // Kitsu completes at its chapter count: its own doing, not fought.
    expect(onKitsu(internet, '8')).toMatchObject({ status: 'completed', progress: 162 });
    await new Promise((resolve) => setTimeout(resolve, 5));
    // On Kitsu's website the series goes back to being read; the 162 Kitsu filled stays there.
    await kitsuEdit(internet, '8', { status: 'current' });
    await runSync();
    expect((await getEntry(monster.id))).toMatchObject({ status: 'reading', progress: 100 });
    expect(onKitsu(internet, '8')).toMatchObject({ status: 'current', progress: 100 });
    expect(onMal(internet, 1)).toMatchObject({ status: 'reading', num_chapters_read: 100 });
    await expectNextSyncWritesNothing();
  });

  it('a start date cleared on AniList stays cleared on Kitsu when a status change there would date it again', async () => {
    await runSync();
    const berserk = await seriesOf(BERSERK);
    await applyLocalChange(berserk.id, { startedAt: { year: 2020, month: 1, day: 2 } });
    expect(onKitsu(internet, BERSERK.kitsu)?.startedAt).not.toBeNull();
    await aniListEdit(internet, BERSERK.anilist, { startedAt: { year: null, month: null, day: null }, status: 'PAUSED' });
    await runSync();
    expect((await getEntry(berserk.id))?.startedAt).toBeNull();
    expect(onKitsu(internet, BERSERK.kitsu)?.startedAt).toBeNull();
    // Back to reading on the phone: Kitsu dates an entry with no start date when it becomes current (`||=`).
    await aniListEdit(internet, BERSERK.anilist, { status: 'CURRENT' });
    await runSync();
    expect(onKitsu(internet, BERSERK.kitsu)).toMatchObject({ status: 'current', startedAt: null });
    await expectNextSyncWritesNothing();
  });

  it('a start date cleared here that Kitsu dated again on completing is cleared there once the library is completed too', async () => {
    internet.services.anilist!.seed({
      media: [{ id: 900_200, idMal: 900_200, title: { romaji: 'Dated Again' }, chapters: 300, status: 'FINISHED' }],
      users: [{ id: USERS.anilist.id, name: USERS.anilist.name, scoreFormat: 'POINT_10_DECIMAL', list: [{ mediaId: 900_200, status: 'CURRENT', progress: 290, startedAt: { year: 2026, month: 1, day: 2 } }] }],
    });
    internet.services.mal!.seed({ clients: [{ id: 'mal-client', redirectUri: 'https://example.test/' }], users: [{ id: USERS.mal.id, name: USERS.mal.name }], manga: [{ id: 900_200, title: 'Dated Again', num_chapters: 300 }] });
    internet.services.kitsu!.seed({
      users: [{ id: USERS.kitsu.id, name: USERS.kitsu.name, password: 'pw' }],
      manga: [{ id: '900200', slug: 'dated-again', canonicalTitle: 'Dated Again', chapterCount: 300, mappings: { anilist: 900_200, myanimelist: 900_200 } }],
    });
    await connectAll(internet);
    await runSync();
    const series = await seriesOf({ anilist: 900_200 });
    // At the last chapter, start date cleared, still reading here: Kitsu completes the entry at its count and, the
    // save moving its status, dates the start again (its rule, API-FACTS §C); the status goes back to reading in a
    // second save, and no third clears the date, which would complete the entry once more: the date is Kitsu's.
    await applyLocalChange(series.id, { progress: 300, startedAt: null });
    expect(onKitsu(internet, '900200')).toMatchObject({ status: 'current', progress: 300 });
    expect(onKitsu(internet, '900200')?.startedAt).not.toBeNull();
    expect((await getEntry(series.id))?.startedAt).toBeNull();
    // Completed here too: a save of the empty date no longer moves Kitsu's status, so the clearing holds there.
    await applyLocalChange(series.id, { status: 'completed' });
    await runSync();
    expect(onKitsu(internet, '900200')?.startedAt).toBeNull();
    expect((await getEntry(series.id))?.startedAt).toBeNull();
    await expectNextSyncWritesNothing();
  });

  it('a field the user set back to what was agreed is still their change: it wins over an earlier one made elsewhere', async () => {
    // The services' clock agrees with ours; the phone marks Frieren completed a minute before the browser's edits.
    internet.clock.set(Date.now() - 60_000);
    await runSync();
    const frieren = await seriesOf(FRIEREN);
    await aniListEdit(internet, FRIEREN.anilist, { status: 'COMPLETED' });
    // AniList is down while the user plans, then goes back to reading (the value last agreed with AniList).
    internet.faults.add({ host: 'graphql.anilist.co', status: 503, times: 1000 });
    await applyLocalChange(frieren.id, { status: 'planning' });
    await applyLocalChange(frieren.id, { status: 'reading' });
    internet.faults.clear();
    await runSync({ retryNow: true });
    // Reading is the latest word: the library keeps it, AniList gets it back, and the phone's completed is logged.
    expect((await getEntry(frieren.id))?.status).toBe('reading');
    expect(onAniList(internet, FRIEREN.anilist)?.status).toBe('CURRENT');
    const conflicts = (await readLog({ limit: 50 })).filter((r) => r.kind === 'conflict').map((r) => r.details);
    expect(conflicts).toContainEqual(expect.objectContaining({ field: 'status', kept: 'reading', lost: 'completed' }));
  });

  it('a value that went back to what a service last agreed, through other lists, still wins over an older change there', async () => {
    await runSync();
    const frieren = await seriesOf(FRIEREN);
    // Kitsu is down while the user counts a reread here (AniList and MyAnimeList take it)…
    internet.faults.add({ host: 'kitsu.app', status: 503, times: 1000 });
    await applyLocalChange(frieren.id, { rereads: 1 });
    // …Kitsu's app counts the same reread, then AniList's takes it back, later; the next sync cannot reach Kitsu.
    internet.faults.clear();
    internet.clock.advance(5_000);
    await kitsuEdit(internet, FRIEREN.kitsu, { reconsumeCount: 1 });
    internet.clock.advance(5_000);
    await aniListEdit(internet, FRIEREN.anilist, { repeat: 0 });
    internet.faults.add({ host: 'kitsu.app', status: 503, times: 1000 });
    await runSync();
    expect((await getEntry(frieren.id))?.rereads).toBe(0);
    // Kitsu is back: the library's 0 is what Kitsu last agreed, yet it is the latest word, not Kitsu's older 1.
    internet.faults.clear();
    await runSync({ retryNow: true });
    expect((await getEntry(frieren.id))?.rereads).toBe(0);
    expect(onKitsu(internet, FRIEREN.kitsu)?.reconsumeCount).toBe(0);
    expect(onMal(internet, FRIEREN.mal)?.num_times_reread).toBe(0);
    const conflicts = (await readLog({ limit: 50 })).filter((r) => r.kind === 'conflict').map((r) => r.details);
    expect(conflicts).toContainEqual(expect.objectContaining({ field: 'rereads', kept: 0, lost: 1 }));
  });

  it('a sign-in whose release was cut short (the worker stopped) still lets the changes that waited for it go', async () => {
    await runSync();
    const frieren = await seriesOf(FRIEREN);
    // MyAnimeList refuses the token and its renewal alike: the change waits for a sign-in.
    internet.faults.add({ host: 'api.myanimelist.net', status: 401, times: 1000 });
    internet.faults.add({ host: 'myanimelist.net', status: 400, times: 1000 });
    await applyLocalChange(frieren.id, { progress: 111 });
    expect((await listOutbox()).find((i) => i.service === 'mal')?.state).toBe('waitingAuth');
    internet.faults.clear();
    // The user signs in again; the worker stops before the sign-in's handler released the waiting change.
    const record = (await readConnection('mal'))!;
    await saveConnection({ ...record, connectedAt: Date.now() + 1 });
    // The next flush of MyAnimeList, whatever asks for it (here another edit), sends it.
    const berserk = await seriesOf(BERSERK);
    await applyLocalChange(berserk.id, { progress: 351 });
    await vi.waitFor(async () => expect((await listOutbox()).filter((i) => i.service === 'mal')).toEqual([]));
    expect(onMal(internet, FRIEREN.mal)?.num_chapters_read).toBe(111);
  });
});
