/**
 * The adapter between the model-based test and the extension: the ONLY file that knows lib/'s entry points. It
 * gives the sync core a fresh fake-indexeddb and fake browser per history, the in-memory services in place of the
 * HTTP trackers (`trackerFor` mocked), a worker that can die at any step (every tracker call and every
 * `openDatabase()` is a step), fake time with alarms fired by hand, and read-only views of what IndexedDB holds.
 * When the sync core changes shape, this file changes; commands and invariants speak only its vocabulary.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { IDBFactory } from 'fake-indexeddb';
import { vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { saveCredentials } from '../../lib/auth/credentials';
import { handlers, type Sender } from '../../lib/background/handlers/index';
import { listBindings } from '../../lib/library/bindings';
import { readConnection, saveConnection } from '../../lib/library/connections';
import type { OutboxItem } from '../../lib/library/db';
import { listEntries } from '../../lib/library/entries';
import { listOutbox, releaseAuthWaits } from '../../lib/library/outbox';
import { listSeries } from '../../lib/library/series';
import { readLog } from '../../lib/library/sync-log';
import type { TabPage } from '../../lib/protocol/messages';
import { SERVICE_IDS, type Binding, type CrossIds, type EntryField, type EntryFields, type LibraryEntry, type ServiceId } from '../../lib/model';
import { refreshProblems } from '../../lib/background/feedback/problems';
import { updateReadingSettings } from '../../lib/settings/reading';
import { DEFAULT_SERVICE_SETTINGS } from '../../lib/settings/services';
import { runSync } from '../../lib/sync/engine';
import { claimServiceState, readJob } from '../../lib/sync/state';
import { syncedFields } from '../../lib/sync/fields';
import { chapterReadOnTab, confirmReadOnTab, undoReadOnTab } from '../../lib/reading/read-flow';
import { readRecordFor } from '../../lib/reading/read-records';
import { onAlarm, scheduleAlarms } from '../../lib/sync/scheduler';
import { saveTabPage } from '../../lib/reading/tab-pages';
import type { AniListScoreFormat, KitsuRatingSystem } from '../../lib/trackers/score';
import type { Tracker } from '../../lib/trackers/tracker';
import { englishGetMessage } from '../unit/support/english-messages';
import { AniListService, callOrigin, CATALOGUE, KitsuService, Killed, MalService, mangaByKey, PUBLIC_ACCOUNT, type MangaKey, type Services } from './services';

/** What the mocks below reach: the world of the history being run (null between histories). */
const hooks = vi.hoisted(() => ({
  world: null as null | {
    trackerFor(service: string): Promise<unknown>;
    publicTrackerFor(service: string): Promise<unknown>;
    open<T>(original: () => Promise<T>): Promise<T>;
  },
}));

vi.mock('../../lib/trackers/accounts', async (importOriginal) => {
  const original = await importOriginal<typeof import('../../lib/trackers/accounts')>();
  return {
    ...original,
    trackerFor: (service: string) => hooks.world?.trackerFor(service) ?? Promise.resolve(null),
    publicTrackerFor: (service: string) => hooks.world?.publicTrackerFor(service) ?? Promise.reject(new Error('no world')),
  };
});

vi.mock('../../lib/library/db', async (importOriginal) => {
  const original = await importOriginal<typeof import('../../lib/library/db')>();
  const openDatabase = (...args: Parameters<typeof original.openDatabase>) =>
    hooks.world ? hooks.world.open(() => original.openDatabase(...args)) : original.openDatabase(...args);
  // (withDb opens through the module's own openDatabase, which this mock cannot reach: it is rebuilt on the hooked one.)
  const withDb: typeof original.withDb = async (work) => {
    const db = await openDatabase();
    try {
      return await work(db);
    } finally {
      db.close();
    }
  };
  return { ...original, openDatabase, withDb };
});

export interface HistoryParams {
  /** Each service's clock minus the library's (ms). */
  offsets: Record<ServiceId, number>;
  anilistFormat: AniListScoreFormat;
  kitsuSystem: KitsuRatingSystem;
  malCapsChapters: boolean;
  /** The in-page notice's countdown before an automatic read is sent. */
  countdownSeconds: 0 | 5;
}

/** Every history starts at the same instant, so a replay sees the same dates. */
export const HISTORY_START = Date.UTC(2026, 2, 1, 10, 0, 0);

/** An act made while a sync runs: the sync's kind, and how far it has gone when the act starts (worker steps). */
export interface BesideSync {
  full: boolean;
  afterSteps: number;
}

/** Which ids a reader page offers (MangaDex links al/mal/kt; some pages lack some). */
export type PageIds = 'all' | 'anilist' | 'mal' | 'kitsu';

/** One library series as IndexedDB holds it, with the catalogue manga its ids name. */
export interface SeriesView {
  seriesId: string;
  manga: MangaKey | null;
  ids: CrossIds;
  entry: LibraryEntry | null;
  bindings: Partial<Record<ServiceId, Binding>>;
}

export interface ConflictView {
  seriesId: string;
  service: ServiceId | null;
  field: string;
  kept: unknown;
  lost: unknown;
}

/** How an operation ended: normally, by an exception, or with the worker dying during it. */
export type Outcome<T> = { kind: 'ok'; value: T } | { kind: 'error'; error: unknown } | { kind: 'killed'; settledWith: 'Killed' | 'other' | 'value' };

class Life {
  steps = 0;
  dieAt: number | null = null;
  dieAfterAnswer = false;
  dead = false;

  step(trackerCall: boolean): 'go' | 'dieBefore' | 'dieAfter' {
    if (this.dead) return 'dieBefore';
    this.steps += 1;
    if (this.dieAt === null || this.steps < this.dieAt) return 'go';
    this.dead = true;
    return trackerCall && this.dieAfterAnswer ? 'dieAfter' : 'dieBefore';
  }
}


const tick = () => new Promise<void>((resolve) => setImmediate(resolve));
/** Ticks a command may take before it counts as hung (a sync takes a few thousand). */
const SETTLE_LIMIT = 2_000_000;
/** Alarms fired per clock advance at most (a retry alarm due every second would otherwise spin for hours). */
const MAX_ALARMS_PER_ADVANCE = 40;
const SENDER: Sender = {};
/** Marks the harness's own reads (their opens are no steps of the worker), whatever else runs meanwhile. */
const harnessScope = new AsyncLocalStorage<true>();
const tabOf = (key: MangaKey) => CATALOGUE.findIndex((m) => m.key === key) + 1;

export class World {
  readonly services: Services;
  private life = new Life();
  private openHandles = 0;
  /** Worker deaths so far. */
  deaths = 0;
  /** Alarm firings skipped because an advance hit MAX_ALARMS_PER_ADVANCE. */
  alarmStorms = 0;
  private readonly readIds = new Map<MangaKey, string>();
  /** An act made beside a sync: the library as it was when the act started (what the sync had merged by then). */
  actStart: SeriesView[] | null = null;
  private uuid = 0;
  private nextAccount = 2;

  private constructor(readonly params: HistoryParams, random: () => number) {
    const gate = () => this.life.step(true);
    this.services = {
      anilist: new AniListService(params.offsets.anilist, gate, params.anilistFormat),
      mal: new MalService(params.offsets.mal, gate, params.malCapsChapters),
      kitsu: new KitsuService(params.offsets.kitsu, gate, params.kitsuSystem),
    };
    // Replays must be exact: series ids and retry jitter come from the history's own generator.
    vi.spyOn(Math, 'random').mockImplementation(random);
    vi.spyOn(crypto, 'randomUUID').mockImplementation(() => {
      this.uuid += 1;
      return `00000000-0000-4000-8000-${this.uuid.toString(16).padStart(12, '0')}`;
    });
  }

  /** A fresh extension (empty IndexedDB, fresh fake browser) signed in to all three services. */
  static async create(params: HistoryParams, random: () => number): Promise<World> {
    globalThis.indexedDB = new IDBFactory();
    fakeBrowser.reset();
    fakeBrowser.i18n.getMessage = englishGetMessage;
    vi.clearAllTimers();
    vi.setSystemTime(HISTORY_START);
    const world = new World(params, random);
    hooks.world = world;
    await world.perform(async () => {
      await updateReadingSettings((s) => ({ ...s, countdownSeconds: params.countdownSeconds }));
      for (const service of SERVICE_IDS) await world.signIn(service, 'acct1');
    });
    return world;
  }

  dispose(): void {
    hooks.world = null;
    vi.clearAllTimers();
  }

  // --- the mocks' side ------------------------------------------------------------------------------------------

  async trackerFor(service: string): Promise<Tracker | null> {
    const id = SERVICE_IDS.find((s) => s === service);
    if (!id) return null;
    // As the real trackerFor: the account is whatever the connection record says.
    const record = await readConnection(id);
    if (!record?.userId) return null;
    // As the real client: Kitsu's scores are converted with the rating system the record names.
    const tracker = this.services[id];
    if (tracker.id === 'kitsu') tracker.useClientSetting(record.scoreSetting);
    return tracker.tracker(record.userId);
  }

  /** As the real publicTrackerFor: public data, no account (look-ups answer whoever asks). */
  publicTrackerFor(service: string): Promise<Tracker> {
    const id = SERVICE_IDS.find((s) => s === service);
    if (!id) return Promise.reject(new Error(`unknown service ${service}`));
    return Promise.resolve(this.services[id].tracker(PUBLIC_ACCOUNT));
  }

  async open<T>(original: () => Promise<T>): Promise<T> {
    if (harnessScope.getStore() === true) return original();
    if (this.life.step(false) !== 'go') throw new Killed();
    this.openHandles += 1;
    let db: T;
    try {
      db = await original();
    } catch (error) {
      this.openHandles -= 1;
      throw error;
    }
    // Count the handle until the code closes it: the worker is quiet when none is open.
    let closed = false;
    const close = () => {
      if (!closed) {
        closed = true;
        this.openHandles -= 1;
      }
    };
    return new Proxy(db as object, {
      get: (target, prop) => {
        const value: unknown = Reflect.get(target, prop, target);
        if (prop === 'close') return () => { close(); (value as () => void).call(target); };
        return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
      },
    }) as T;
  }

  // --- life and death -------------------------------------------------------------------------------------------

  /** The worker dies at its k-th step from now; `afterAnswer`: a tracker call it dies in was processed by the service. */
  armKill(k: number, afterAnswer: boolean): void {
    this.life.dieAt = this.life.steps + k;
    this.life.dieAfterAnswer = afterAnswer;
  }

  disarmKill(): void {
    this.life.dieAt = null;
  }

  /**
   * Runs `op` as the worker would, then waits until the worker is quiet (no database open: background work such
   * as the countdown's flush has ended). If the worker died meanwhile, its timers are gone and the next operation
   * runs in a new life that knows only what IndexedDB holds.
   */
  async perform<T>(op: () => Promise<T>): Promise<Outcome<T>> {
    const life = this.life;
    const box: { outcome?: { kind: 'ok'; value: T } | { kind: 'error'; error: unknown } } = {};
    void Promise.resolve()
      .then(op)
      .then(
        (value) => (box.outcome = { kind: 'ok', value }),
        (error: unknown) => (box.outcome = { kind: 'error', error }),
      );
    for (let i = 0; box.outcome === undefined; i++) {
      if (i > SETTLE_LIMIT) throw new Error('harness: an operation never settled (the worker hangs)');
      await tick();
    }
    const outcome = box.outcome;
    await this.quiesce();
    if (!life.dead) return outcome;
    if (this.life === life) this.restart();
    if (outcome.kind === 'ok') return { kind: 'killed', settledWith: 'value' };
    return { kind: 'killed', settledWith: outcome.error instanceof Killed ? 'Killed' : 'other' };
  }

  private restart(): void {
    // A dead worker's timers never fire; alarms and storage survive it. (Clearing fake timers also resets the fake
    // clock to where it started: time goes on from now.)
    const now = Date.now();
    vi.clearAllTimers();
    vi.setSystemTime(now);
    this.life = new Life();
    this.deaths += 1;
  }

  private async quiesce(): Promise<void> {
    let calm = 0;
    for (let i = 0; i < SETTLE_LIMIT; i++) {
      await tick();
      calm = this.openHandles === 0 ? calm + 1 : 0;
      if (calm >= 3) {
        if (this.life.dead) this.restart();
        return;
      }
    }
    throw new Error('harness: the worker never went quiet');
  }

  /**
   * Reads IndexedDB for the harness: not a step of the worker, never killed. Only its own opens are exempt: work of
   * the worker's that goes on meanwhile (a sync beside an act, a dead worker's last continuations) still counts its
   * steps and dies with its life.
   */
  private harnessRead<T>(read: () => Promise<T>): Promise<T> {
    return harnessScope.run(true, read);
  }

  // --- what the user does ---------------------------------------------------------------------------------------

  private async seriesIdOf(key: MangaKey): Promise<string | null> {
    const series = (await this.library()).filter((s) => s.manga === key && s.entry !== null);
    return series[0]?.seriesId ?? null;
  }

  /** The Library editor's Save (the `updateEntry` message). */
  async localEdit(key: MangaKey, changes: Partial<EntryFields>, beside?: BesideSync, opened?: Partial<EntryFields>): Promise<Outcome<unknown> | null> {
    const seriesId = await this.seriesIdOf(key);
    if (!seriesId) return null;
    return this.run(() => handlers.updateEntry({ seriesId, changes, ...(opened ? { opened } : {}) }, SENDER), beside);
  }

  /**
   * `op` as the worker runs it; `beside` a sync ("Sync now", the alarm's), started once that sync has taken
   * `afterSteps` steps of its own (a database opened, a service asked): the user acts while the sync runs, as
   * nothing in a browser stops them. The sync's calls are marked as its own (`origin`), so what the act itself
   * looked at can be told apart. An exception from either is the answer.
   */
  private run<T>(op: () => Promise<T>, beside?: BesideSync): Promise<Outcome<T>> {
    this.actStart = null;
    if (!beside) return this.perform(op);
    return this.perform(async () => {
      const start = this.life.steps;
      const sync = callOrigin.run('sync', () => handlers.triggerSync({ forceFullSync: beside.full }, SENDER));
      const ended = { over: false };
      void sync.then(
        () => (ended.over = true),
        () => (ended.over = true),
      );
      while (!ended.over && !this.life.dead && this.life.steps < start + beside.afterSteps) await tick();
      this.actStart = await this.library();
      const [act, synced] = await Promise.allSettled([op(), sync]);
      if (act.status === 'rejected') throw act.reason;
      if (synced.status === 'rejected') throw synced.reason;
      return act.value;
    });
  }

  /** Library progress of the manga's series (0 when it has none): relative chapters are counted from it. */
  async libraryProgress(key: MangaKey): Promise<number> {
    const series = (await this.library()).find((s) => s.manga === key && s.entry !== null);
    return series?.entry?.progress ?? 0;
  }

  private page(key: MangaKey, chapter: number, ids: PageIds): TabPage {
    const m = mangaByKey(key);
    const offered: TabPage['externalIds'] =
      ids === 'all' ? { anilist: m.ids.anilist, mal: m.ids.mal, kitsu: m.ids.kitsu } : ids === 'kitsu' ? { kitsu: m.ids.kitsu } : { [ids]: m.ids[ids] };
    const chapterKey = `${m.ids.mangadex}-ch-${chapter}`;
    return {
      site: 'mangadex', seriesKey: m.ids.mangadex, title: m.title, chapterKey, chapter, volume: null, progress: { page: 20, pages: 20 },
      externalIds: offered, tabUrl: `https://mangadex.org/chapter/${chapterKey}`, detectedAt: Date.now(),
    };
  }

  /** A chapter finished on the manga's tab (automatic), or "Mark chapter N as read" in the popup (manual). */
  async read(key: MangaKey, chapter: number, ids: PageIds, manual: boolean, beside?: BesideSync): Promise<Outcome<unknown>> {
    const tabId = tabOf(key);
    const page = this.page(key, chapter, ids);
    const outcome = await this.run(async () => {
      await saveTabPage(tabId, page);
      return manual ? confirmReadOnTab(tabId, Date.now()) : chapterReadOnTab(tabId, page, Date.now());
    }, beside);
    if (outcome.kind === 'ok' && outcome.value.outcome === 'updated') this.readIds.set(key, outcome.value.readId);
    return outcome;
  }

  /** The id of the manga's last read that Undo would take back (undefined: none). */
  lastReadId(key: MangaKey): string | undefined {
    return this.readIds.get(key);
  }

  /** What the manga's last read changed in the library, as its Undo record says (null: none, or expired). */
  async lastReadChanges(key: MangaKey): Promise<Partial<EntryFields> | null> {
    const readId = this.readIds.get(key);
    if (readId === undefined) return null;
    return (await this.harnessRead(() => readRecordFor(readId, tabOf(key))))?.changes ?? null;
  }

  /** Undo in the notice of the manga's tab, for its last update. */
  async undo(key: MangaKey): Promise<Outcome<unknown> | null> {
    const readId = this.readIds.get(key);
    if (readId === undefined) return null;
    this.readIds.delete(key);
    return this.perform(() => undoReadOnTab(tabOf(key), readId, Date.now()));
  }

  /** "Sync now" (or "Full resync"): the `triggerSync` message, which runs the engine and re-arms the alarms. */
  async sync(full: boolean): Promise<Outcome<{ allOk: boolean }>> {
    return this.perform(async () => {
      const { runs } = await handlers.triggerSync({ forceFullSync: full }, SENDER);
      return { allOk: runs.every((run) => run.ok) };
    });
  }

  /**
   * "Sync now" while time goes on: the worker's own timers (a retry due within seconds, the countdown's send) fire
   * during the sync, as they do in a browser, where nothing waits for a sync to end. (Alarms queue behind it: the
   * engine runs one sync at a time, and an alarm's flush is the retry timer's.)
   */
  async syncAmid(full: boolean, ms: number): Promise<Outcome<{ allOk: boolean }>> {
    return this.perform(async () => {
      const sync = handlers.triggerSync({ forceFullSync: full }, SENDER);
      await vi.advanceTimersByTimeAsync(ms);
      const { runs } = await sync;
      return { allOk: runs.every((run) => run.ok) };
    });
  }

  /** One plain engine run (what an idempotence check repeats): `runSync()`. */
  async runSyncOnce(): Promise<Outcome<unknown>> {
    return this.perform(() => runSync());
  }

  async disconnect(service: ServiceId): Promise<Outcome<unknown>> {
    return this.perform(() => handlers.disconnectService({ service }, SENDER));
  }

  /** Connect again: the same account, or another one (which starts with an empty list). */
  async reconnect(service: ServiceId, otherAccount: boolean): Promise<Outcome<unknown>> {
    const account = otherAccount ? `acct${this.nextAccount++}` : this.services[service].account;
    return this.perform(async () => {
      await this.signIn(service, account);
      // As the connectService handler does after a successful sign-in: the sync state is claimed by the account now
      // signed in (another one's links and queued writes go), and changes that waited for a sign-in go.
      await claimServiceState(service, account);
      await releaseAuthWaits(service);
      await scheduleAlarms();
      await refreshProblems();
    });
  }

  /** What a successful sign-in leaves behind: credentials in the vault and the connection record. */
  private async signIn(service: ServiceId, account: string): Promise<void> {
    const tracker = this.services[service];
    tracker.signIn(account);
    await saveCredentials(service, { accessToken: `token-${service}-${account}-${Date.now()}`, refreshToken: null, expiresAt: null, clientId: 'model' });
    const now = Date.now();
    await saveConnection({
      service, userId: account, userName: `${tracker.name} ${account}`, scoreSetting: tracker.scoreSetting(), connectedAt: now,
      tokenExpiresAt: null, lastCheckedAt: now, lastOutcome: 'ok', lastError: null, rateLimitedUntil: null,
    });
    await scheduleAlarms(now);
  }

  /**
   * Time passes: alarms fire at their time (fake-browser alarms never fire by themselves, so each due one is
   * handed to the background's listener, `onAlarm`), and the worker's own timers run.
   */
  async advance(ms: number): Promise<Outcome<unknown>> {
    const target = Date.now() + ms;
    const outcomes: Outcome<unknown>[] = [];
    for (let fired = 0; ; fired++) {
      const alarms = [...(await fakeBrowser.alarms.getAll())].sort((a, b) => a.scheduledTime - b.scheduledTime);
      const due = alarms.find((alarm) => alarm.scheduledTime <= target);
      if (!due) break;
      if (fired >= MAX_ALARMS_PER_ADVANCE) {
        this.alarmStorms += 1;
        break;
      }
      if (due.scheduledTime > Date.now()) outcomes.push(await this.perform(() => vi.advanceTimersByTimeAsync(due.scheduledTime - Date.now())));
      // The browser moves a periodic alarm on (one firing for all missed periods) and drops a one-shot one.
      if (due.periodInMinutes) {
        const period = due.periodInMinutes * 60_000;
        let next = due.scheduledTime + period;
        while (next <= Date.now()) next += period;
        await fakeBrowser.alarms.create(due.name, { when: next, periodInMinutes: due.periodInMinutes });
      } else {
        await fakeBrowser.alarms.clear(due.name);
      }
      outcomes.push(await this.perform(() => onAlarm(due.name)));
    }
    if (target > Date.now()) outcomes.push(await this.perform(() => vi.advanceTimersByTimeAsync(target - Date.now())));
    // An exception from any alarm is the answer; else a death; else fine.
    return outcomes.find((o) => o.kind === 'error') ?? outcomes.find((o) => o.kind === 'killed') ?? { kind: 'ok', value: null };
  }

  // --- what the harness reads -----------------------------------------------------------------------------------

  /** Every series with its entry and bindings, and the catalogue manga its ids name. */
  async library(): Promise<SeriesView[]> {
    return this.harnessRead(async () => {
      const [series, entries, bindings] = await Promise.all([listSeries(), listEntries(), listBindings()]);
      return series.map((s) => {
        const manga = CATALOGUE.find((m) => s.ids.anilist === m.ids.anilist || s.ids.mal === m.ids.mal || s.ids.kitsu === m.ids.kitsu || s.ids.mangadex === m.ids.mangadex);
        const own = bindings.filter((b) => b.seriesId === s.id);
        return {
          seriesId: s.id,
          manga: manga?.key ?? null,
          ids: s.ids,
          entry: entries.find((e) => e.seriesId === s.id) ?? null,
          bindings: Object.fromEntries(own.map((b) => [b.service, b])),
        };
      });
    });
  }

  async outbox(): Promise<OutboxItem[]> {
    return this.harnessRead(() => listOutbox());
  }

  /** How many sync runs have finished (each logs one summary record per service: kind run or error). */
  /** Whether a sync job is recorded as not finished (what the resume alarm runs again). */
  async jobPending(): Promise<boolean> {
    return (await this.harnessRead(() => readJob())) !== null;
  }

  async finishedRuns(): Promise<number> {
    const log = await this.harnessRead(() => readLog({ limit: 5000 }));
    return log.filter((r) => r.kind === 'run' || r.kind === 'error').length;
  }

  /** The sync log's conflicts (Activity), newest first. */
  async conflicts(): Promise<ConflictView[]> {
    const log = await this.harnessRead(() => readLog({ limit: 5000 }));
    return log
      .filter((r) => r.kind === 'conflict')
      .map((r) => {
        const { seriesId, field, kept, lost } = r.details;
        return { seriesId: typeof seriesId === 'string' ? seriesId : '', service: r.service, field: typeof field === 'string' ? field : '', kept, lost };
      });
  }

  /** The account each service is connected to, as the connection record says (null: disconnected). */
  async connections(): Promise<Record<ServiceId, string | null>> {
    const records = await this.harnessRead(() => Promise.all(SERVICE_IDS.map((s) => readConnection(s))));
    return { anilist: records[0]?.userId ?? null, mal: records[1]?.userId ?? null, kitsu: records[2]?.userId ?? null };
  }

  /** The score setting the engine holds for each service (its connection record; re-read from the service on a sync). */
  async scoreSettings(): Promise<Record<ServiceId, string | null>> {
    const records = await this.harnessRead(() => Promise.all(SERVICE_IDS.map((s) => readConnection(s))));
    return { anilist: records[0]?.scoreSetting ?? null, mal: records[1]?.scoreSetting ?? null, kitsu: records[2]?.scoreSetting ?? null };
  }

  /** The fields the engine keeps in step with a service (its capabilities, default settings). */
  syncedFields(service: ServiceId): EntryField[] {
    return syncedFields(this.services[service].capabilities, DEFAULT_SERVICE_SETTINGS.sync);
  }
}
