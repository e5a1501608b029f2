/**
 * The model side of the model-based test: what every command did on each side (library, AniList, MAL, Kitsu), as
 * observed directly, and the invariants checked after each command and after the quiet period that ends each
 * history. Invariants (DESIGN.md "Sync rules", TESTING.md 1b) — each one can be switched off with MODEL_CHECKS:
 *  a   convergence: each linked service stores what it would store for the library's value;
 *  b   idempotence: one more runSync() makes zero write calls;
 *  c   no regression: progress never goes down except by an explicit edit that lowered it, or an Undo;
 *  d   latest edit wins, per series and field, on every side;
 *  dlog every losing value of two concurrent edits is in the sync log (kind 'conflict', details.field/lost);
 *  e   nothing left in the outbox except genuine refusals (failed items the service really refuses);
 *  f   no exception escapes a command, except the worker's death;
 *  g   a deletion on a service is never undone by the extension (DESIGN.md rule 8);
 *  h   work resumes by itself: an interrupted sync and changes queued during a short outage are done within a minute
 *      of the outage ending, with no user action (DESIGN.md rule 7).
 */
import { ENTRY_FIELDS, SERVICE_IDS, type CrossIds, type EntryField, type EntryFields, type ServiceId } from '../../lib/model';
import { pickFields } from '../../components/entry-format';
import { MANGA_KEYS, mangaByKey, sameStored, showedEntry, type AnyService, type FailureKind, type LoggedRequest, type MangaKey } from './services';
import type { BesideSync, Outcome, PageIds, SeriesView, World } from './world';
import { HISTORY_START } from './world';
import { SCALES, toScale } from '../../lib/trackers/score';
import { FRESH_MS } from '../../lib/sync/prepare';
import { scaleFor } from '../../lib/sync/scales';

export const CHECKS = ['a', 'b', 'c', 'd', 'dlog', 'e', 'f', 'g', 'h'] as const;
export type Check = (typeof CHECKS)[number];

export class InvariantFailure extends Error {
  constructor(readonly check: Check, message: string) {
    super(`invariant (${check}) ${message}`);
    this.name = 'InvariantFailure';
  }
}

type Side = 'library' | ServiceId;
type View = EntryFields & { updatedAt: number };

interface Observation {
  library: SeriesView[];
  /** Each service's entries on the account the user uses there. */
  services: Record<ServiceId, Map<MangaKey, View>>;
  accounts: Record<ServiceId, string>;
  connections: Record<ServiceId, string | null>;
}

interface Edit {
  seq: number;
  manga: MangaKey;
  field: EntryField;
  value: unknown;
  side: Side;
  /** The service account it was made on (null: the library). */
  account: string | null;
  /** Its time on its own side's clock: the library's changedAt, or the service's updatedAt. */
  stamp: number;
  /** The side's value just before it. */
  before: unknown;
  kind: 'edit' | 'read' | 'undo' | 'remote';
  /** The model cannot tell what should win against it (a read between two candidates; an account switched away). */
  unsure: boolean;
  /** A read: the services whose entry it looked at (a read or list answered ok in that command). */
  seen?: ServiceId[];
  /** What a service held when its links were forgotten (a disconnect): met afresh, it competes by its stamp alone. */
  afresh?: boolean;
  /** Made by adding an entry anew on a service (a new entry to the engine): it held nothing before, not "none". */
  renewed?: boolean;
  /**
   * A library act made beside a sync: the lists that sync read in the same command. What they held may have come into
   * the library before the act was saved over it — replaced knowingly, not lost in a merge.
   */
  metBeside?: ServiceId[];
  /** A library edit: the services the engine had agreed with on the series just before (a base there). */
  agreedWith?: ServiceId[];
  /** When it was made, on the library's clock. */
  madeAt?: number;
  /** What each side held of the field just before it (where the command observed it). */
  held?: Partial<Record<Side, unknown>>;
  /** A score: the services that then stored what they held as they would store this one (same on their scale). */
  tiedOn?: ServiceId[];
  /** A score made on a service: earlier edits (seq) whose value that service then held in its own form (replaced there). */
  replacesHeld?: number[];
}

interface RemoteOp {
  seq: number;
  service: ServiceId;
  manga: MangaKey;
  account: string;
  stamp: number;
  /** When it was made (our clock). */
  at: number;
}

const during = (beside: BesideSync | undefined) => (beside ? ` during ${beside.full ? 'FullResync' : 'Sync'}@${beside.afterSteps}` : '');

/** Stamps closer than this are not ordered (AniList and MAL count whole seconds). */
const STAMP_MARGIN_MS = 2000;
/** A short outage: changes that failed at most this often must go out within a minute once it is over. */
const SHORT_OUTAGE_ATTEMPTS = 3;
const RESUME_WINDOW_MS = 65_000;
/** Time between two commands. */
const THINK_MS = 3000;

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
/** `same`, except that no volumes and 0 volumes are one value: every service keeps 0 for "none" (fields.ts). */
const sameIn = (field: EntryField, a: unknown, b: unknown) =>
  field === 'progressVolumes' ? Math.floor(Number(a ?? 0)) === Math.floor(Number(b ?? 0)) : same(a, b);
const show = (v: unknown) => {
  const text = JSON.stringify(v);
  return text.length > 60 ? `${text.slice(0, 40)}…(${text.length} chars)` : text;
};
const mediaId = (service: ServiceId, manga: MangaKey) => String(mangaByKey(manga).ids[service]);
/** Library fields where null means "unknown" (the engine never pushes it over a known value). */
const NULL_IS_UNKNOWN: ReadonlySet<EntryField> = new Set(['progressVolumes', 'startedAt', 'completedAt']);

export function enabledChecks(spec: string | undefined): Set<Check> {
  if (!spec) return new Set(CHECKS);
  const wanted = spec.split(',').map((s) => s.trim());
  return new Set(CHECKS.filter((c) => wanted.includes(c)));
}

export class Harness {
  private seq = 0;
  private edits: Edit[] = [];
  private readonly remoteOps: RemoteOp[] = [];
  /** `${service}:${manga}` → the account the user deleted it from. */
  private readonly deleted = new Map<string, string>();
  /** `${side}:${manga}` → how far progress may still drop there (an explicit lowering not yet arrived). */
  private readonly allowDown = new Map<string, number>();
  private interruptedSync = false;
  /** While a command made beside a sync is recorded: the lists that sync read (Edit.metBeside). */
  private besideLooks: ServiceId[] | null = null;
  /** The score setting the engine last read from each service: a change on the site is unseen until a sync. */
  private engineSettings: Record<ServiceId, string | null> = { anilist: null, mal: null, kitsu: null };
  /** `${service}:${manga}` → the entry as it was when the user deleted it. */
  private readonly deletedViews = new Map<string, View>();
  /** Statistics for the run's summary. */
  readonly stats = { commands: 0, kills: 0, skipped: 0 };

  constructor(readonly world: World, private readonly checks: Set<Check>) {}

  private fail(check: Check, message: string): void {
    if (this.checks.has(check)) throw new InvariantFailure(check, message);
  }

  // --- observation ----------------------------------------------------------------------------------------------

  private async observe(): Promise<Observation> {
    const connections = await this.world.connections();
    const services = {} as Record<ServiceId, Map<MangaKey, View>>;
    const accounts = {} as Record<ServiceId, string>;
    for (const service of SERVICE_IDS) {
      const tracker = this.world.services[service];
      // The connected account's entries; the user's own account when the extension is not connected.
      const account = connections[service] ?? tracker.account;
      accounts[service] = account;
      const map = new Map<MangaKey, View>();
      for (const key of MANGA_KEYS) {
        const view = tracker.view(mediaId(service, key), account);
        if (view) map.set(key, view);
      }
      services[service] = map;
    }
    return { library: await this.world.library(), services, accounts, connections };
  }

  private service(side: ServiceId): AnyService {
    return this.world.services[side];
  }

  /** Are two values of `field` the same as `side` holds them? */
  /**
   * AniList keeps the 0–100 score it is sent but shows it in the user's format: a score the format shows as the
   * library's is in step (the client need not rewrite 2 over 1 when both are one smiley; API-FACTS §A leaves open
   * whether AniList would even keep the finer value).
   */
  private shownAlike(service: ServiceId, field: EntryField, library: unknown, stored: unknown): boolean {
    if (field !== 'score' || service === 'mal') return false;
    // Kitsu likewise keeps a ratingTwenty given under another rating system; it shows it in the current one.
    const scale = service === 'anilist' ? SCALES.anilist[this.world.services.anilist.format] : SCALES.kitsu[this.world.services.kitsu.system];
    return toScale(library as number | null, scale) === toScale(stored as number | null, scale);
  }

  /** The service calls made since each service's log had `marks` records (for traces). */
  private callsSince(marks: number[]): string {
    return SERVICE_IDS.flatMap((s, n) =>
      this.service(s).log.slice(marks[n]).map((r) => `    ${s} ${r.method}${r.origin !== undefined ? ` (${r.origin})` : ''} → ${r.outcome}${r.writes ? ` ${JSON.stringify(r.writes).slice(0, 300)}` : ''}\n`),
    ).join('');
  }

  /**
   * Kitsu holds its chapter count for any completed entry: holding it there, it held whatever progress was sent at or
   * beyond that count (a smaller one, such as a count lowered elsewhere, it cannot have stood for).
   */
  private kitsuCompletedForm(side: Side, field: EntryField, value: unknown, held: unknown, manga: MangaKey): boolean {
    const count = mangaByKey(manga).chapters.kitsu;
    return side === 'kitsu' && field === 'progress' && count !== null && held === count && Number(value) >= count;
  }

  private sameOn(side: Side, field: EntryField, a: unknown, b: unknown, manga?: MangaKey): boolean {
    return side === 'library' ? sameIn(field, a, b) : sameStored(this.service(side), field, a, b, manga);
  }

  // --- commands -------------------------------------------------------------------------------------------------

  /** `besideSync`: the act ran while a sync ran (started with it): a sync step as well. */
  private async step(label: string, kind: 'local' | 'read' | 'undo' | 'sync' | 'other', act: () => Promise<Outcome<unknown> | null>, think = true, besideSync = false): Promise<Outcome<unknown> | null> {
    // People take a moment between two actions: commands are THINK_MS apart (timers and alarms due meanwhile run).
    if (think) await this.step(`(${THINK_MS / 1000} s later)`, 'other', () => this.world.advance(THINK_MS), false);
    const syncing = kind === 'sync' || besideSync;
    this.stats.commands += 1;
    const at = Date.now();
    const before = await this.observe();
    const callsBefore = SERVICE_IDS.reduce((sum, s) => sum + this.service(s).log.length, 0);
    const marks = SERVICE_IDS.map((s) => this.service(s).log.length);
    const runsBefore = await this.world.finishedRuns();
    const outcome = await act();
    const after = await this.observe();
    this.engineSettings = await this.world.scoreSettings();
    for (const series of after.library) if (series.manga && series.entry) this.libraryCounts.push({ manga: series.manga, seq: this.seq, progress: series.entry.progress });
    for (const key of new Set(after.library.map((s) => s.manga))) {
      const copies = after.library.filter((s) => s.manga === key && s.entry);
      if (key === null || copies.length < 2) continue;
      const seriesOn: Partial<Record<ServiceId, string>> = {};
      for (const s of copies) for (const service of SERVICE_IDS) if (s.bindings[service]) seriesOn[service] = s.seriesId;
      this.apart.push({ manga: key, at: Date.now(), seriesOn });
    }
    if (outcome === null) this.stats.skipped += 1;
    if (outcome?.kind === 'killed') {
      this.stats.kills += 1;
      this.noteUnmergedLooks(marks);
      // A sync killed before it asked any service anything had not started: the click is lost, not the work. One
      // killed after it logged its summary had finished: only its tidying up (clearing its alarm) was cut short.
      const started = SERVICE_IDS.reduce((sum, s) => sum + this.service(s).log.length, 0) > callsBefore;
      const finished = syncing && (await this.world.finishedRuns()) > runsBefore;
      if (syncing && started && !finished) this.interruptedSync = true;
      // A run the resume alarm finished later in the same step (after this death): nothing is left interrupted.
      else if ((await this.world.finishedRuns()) > runsBefore && !(await this.world.jobPending())) this.interruptedSync = false;
    } else if (outcome?.kind === 'ok' && (syncing || (await this.world.finishedRuns()) > runsBefore)) {
      // A sync ran to its end: the one "Sync now" asked for, or the interrupted one resumed by its alarm.
      this.interruptedSync = false;
    }
    if (TRACE) {
      const calls = this.callsSince(marks);
      console.info(`[t+${(at - HISTORY_START) / 1000} s → t+${(Date.now() - HISTORY_START) / 1000} s] ${label} → ${outcome === null ? 'no-op' : outcome.kind}\n${calls}${table(after)}`);
    }
    if (outcome?.kind === 'error') this.fail('f', `${label} threw ${describe(outcome.error)}`);
    if (kind === 'local' || kind === 'read' || kind === 'undo') {
      // (What the act looked at itself: a sync beside it may have read a list only after the act was done.)
      // (A worker stopped in the act may have died between a look's answer and its merge: a look counts as seen only
      // where the act went on to a further request there, made after that merge.)
      const seen = SERVICE_IDS.filter((s, n) => {
        const calls = this.service(s).log.slice(marks[n]);
        const look = calls.findIndex((r) => (r.method === 'getEntry' || r.method === 'listEntries') && r.outcome === 'ok' && r.origin !== 'sync');
        return look >= 0 && (outcome?.kind !== 'killed' || calls.slice(look + 1).some((r) => r.origin !== 'sync'));
      });
      // (Beside a sync, the act met the library as that sync had left it by the time the act started.)
      const met = besideSync && this.world.actStart ? { ...before, library: this.world.actStart } : before;
      // (…and the lists that sync read may have been merged into it before the act was saved over them.)
      this.besideLooks = besideSync
        ? SERVICE_IDS.filter((s, n) => this.service(s).log.slice(marks[n]).some((r) => r.origin === 'sync' && r.outcome === 'ok' && (r.method === 'getEntry' || r.method === 'listEntries')))
        : null;
      try {
        // (Whether the read itself started a reread — its Undo record says what it decided — as against a reread
        // status another list had and the read took with it.)
        const read = kind === 'read' && this.reading !== null && this.world.lastReadId(this.reading) !== this.readingBefore ? await this.world.lastReadChanges(this.reading) : null;
        this.readStartedReread = read?.status === 'rereading';
        this.recordLibraryEdits(kind, at, met, after, seen, outcome?.kind === 'ok');
      } finally {
        this.besideLooks = null;
      }
    }
    this.checkProgress(label, before, after, await this.world.conflicts());
    this.checkDeletions(label, after);
    return outcome;
  }

  async localEdit(key: MangaKey, changes: Partial<EntryFields>, beside?: BesideSync): Promise<void> {
    try {
      await this.step(`LocalEdit(${key})${during(beside)}`, 'local', async () => {
        // The editor sends only the fields that differ from what it opened with (entry-form.ts changesFromForm): a
        // value the user left as it was is no word, even where a sync beside the edit changes it meanwhile.
        const entry = (await this.world.library()).find((s) => s.manga === key && s.entry)?.entry;
        const sent = entry ? (Object.fromEntries(Object.entries(changes).filter(([field, value]) => !same(entry[field as EntryField], value))) as Partial<EntryFields>) : changes;
        this.localChanges = { key, changes: sent };
        if (Object.keys(sent).length === 0) return null;
        // (With what it showed for them: a value a sync beside brings in before the save is logged as replaced.)
        return this.world.localEdit(key, sent, beside, entry ? pickFields(entry, sent) : undefined);
      }, true, beside !== undefined);
    } finally {
      this.localChanges = null;
    }
  }

  /** The Library editor's change being made (the user's word, even where a fresher service value replaced it). */
  private localChanges: { key: MangaKey; changes: Partial<EntryFields> } | null = null;

  /** The manga of the chapter read being made (a sync beside it may change others: theirs are no read's doing). */
  private reading: MangaKey | null = null;
  /** Its manga's last read before it (to tell whether it recorded one), and whether it started a reread. */
  private readingBefore: string | undefined = undefined;
  private readStartedReread = false;

  /** Reads that replaced the library's value without being an edit to hold anyone to (they lost to a further count). */
  private readonly libraryActs: { manga: MangaKey; field: EntryField; seq: number; before: unknown; deferred?: Omit<Edit, 'seq'>; madeAt?: number; read?: { value: number; seen: ServiceId[] } }[] = [];

  /** The lists the chapter read being made looked at itself (set as its step ends). */
  private readSeen: ServiceId[] = [];

  /**
   * A chapter read that deferred to a count at least as far (another side's edit) is the user's latest act on the
   * field once that count is found never made (an entry deleted there before the extension saw it): it is then the
   * edit it would have been, unless an edit of the field came after it.
   */
  private revisitDeferredReads(key: MangaKey): void {
    for (const act of this.libraryActs) {
      const { deferred } = act;
      if (act.manga !== key || !deferred) continue;
      if (this.edits.some((e) => e.manga === key && e.field === act.field && e.seq > act.seq)) continue;
      const truth = this.truth(key, act.field);
      const read = Math.floor(Number(deferred.value));
      if (truth && [truth.edit.value, ...truth.alternatives].every((c) => read <= Math.floor(Number(c)))) continue;
      act.deferred = undefined;
      this.edits.push({ ...deferred, seq: act.seq, madeAt: act.madeAt });
    }
  }
  /** The library's count of each manga after each step, with the edit sequence number it was seen at. */
  private readonly libraryCounts: { manga: MangaKey; seq: number; progress: number }[] = [];

  /** Looks at a list or entry that a worker stopped in the same command may never have merged (noteUnmergedLooks). */
  private readonly unmergedLooks = new Set<LoggedRequest>();

  /**
   * After a command the worker was stopped in: a look at a service (a list, an entry) is merged before anything is
   * written there, so one not followed in that command by a write to that service may have died with the worker
   * between its answer and its merge — the engine saw nothing of it. (Only for what was set and put back unseen.)
   */
  private noteUnmergedLooks(marks: number[]): void {
    SERVICE_IDS.forEach((service, n) => {
      const calls = this.service(service).log.slice(marks[n]);
      calls.forEach((r, i) => {
        const look = (r.method === 'listEntries' || r.method === 'getEntry') && r.outcome === 'ok';
        const wroteAfter = calls.slice(i + 1).some((later) => later.method === 'saveEntries' || later.method === 'deleteEntry');
        if (look && !wroteAfter) this.unmergedLooks.add(r);
      });
    });
  }

  /** After each command, for a manga the library holds as several series: the series each service is linked to. */
  private readonly apart: { manga: MangaKey; at: number; seriesOn: Partial<Record<ServiceId, string>> }[] = [];

  /**
   * Were `a`'s and `b`'s lists linked to different library series of the manga when the command that ran at `at`
   * ended? Then nothing of one had met the other in a merge yet: two series are joined when their lists first meet.
   */
  private apartAt(manga: MangaKey, a: ServiceId, b: ServiceId, at: number | undefined): boolean {
    if (at === undefined) return false;
    const next = this.apart.find((o) => o.manga === manga && o.at >= at);
    return next !== undefined && next.seriesOn[a] !== undefined && next.seriesOn[b] !== undefined && next.seriesOn[a] !== next.seriesOn[b];
  }

  /** Deletions made within FRESH_MS of the engine's last look there: a write may re-create them (the stated limit). */
  private readonly recreationAllowed = new Set<string>();

  async read(key: MangaKey, chapter: { rel: number } | { abs: number }, ids: PageIds, manual: boolean, beside?: BesideSync): Promise<void> {
    const base = 'rel' in chapter ? await this.world.libraryProgress(key) : 0;
    const number = 'rel' in chapter ? Math.max(0, Math.floor(base) + chapter.rel) : chapter.abs;
    const was = await this.world.libraryProgress(key);
    const readBefore = this.world.lastReadId(key);
    const entryBefore = (await this.world.library()).find((s) => s.manga === key && s.entry)?.entry ?? null;
    const seqBefore = this.seq;
    this.reading = key;
    this.readingBefore = readBefore;
    try {
      await this.step(`${manual ? 'ManualRead' : 'AutoRead'}(${key}, ${number})${during(beside)}`, 'read', () => this.world.read(key, number, ids, manual, beside), true, beside !== undefined);
    } finally {
      this.reading = null;
    }
    const readId = this.world.lastReadId(key);
    if (readId !== undefined && readId !== readBefore) {
      this.undoTo.set(key, was);
      // What the read set that a list agreeing with it then stamped with its own time (the library holding it as that
      // list's word): recorded as no edit, yet the read replaced what the library held — the user's own act.
      const changes = (await this.world.lastReadChanges(key)) ?? {};
      for (const [field, value] of Object.entries(changes) as [EntryField, unknown][]) {
        if (!entryBefore || same(entryBefore[field], value)) continue;
        if (this.edits.some((e) => e.seq > seqBefore && e.manga === key && e.field === field && e.side === 'library')) continue;
        // (A count it read past on a list it looked at is in it, even where a value stamped later replaced it.)
        const read = field === 'progress' && typeof value === 'number' ? { value, seen: this.readSeen } : undefined;
        this.libraryActs.push({ manga: key, field, seq: ++this.seq, before: entryBefore[field], ...(read ? { read } : {}) });
      }
    }
  }

  /** The count an Undo of each manga's last read goes back to (the library's before that read). */
  private readonly undoTo = new Map<MangaKey, number>();

  async undo(key: MangaKey): Promise<void> {
    this.undoing = this.world.lastReadId(key) !== undefined ? (this.undoTo.get(key) ?? null) : null;
    try {
      await this.step(`Undo(${key})`, 'undo', () => this.world.undo(key));
    } finally {
      this.undoing = null;
    }
  }

  /** The count the Undo being made goes back to. */
  private undoing: number | null = null;

  async sync(full: boolean): Promise<void> {
    await this.step(full ? 'FullResync' : 'Sync', 'sync', () => this.world.sync(full));
  }

  /** A sync during which the worker's timers run (a retry coming due mid-sync sends beside it). */
  async syncAmid(full: boolean, ms: number): Promise<void> {
    await this.step(`${full ? 'FullResync' : 'Sync'} amid ${ms} ms`, 'sync', () => this.world.syncAmid(full, ms));
  }

  async advance(ms: number): Promise<void> {
    await this.step(`AdvanceClock(${ms})`, 'other', () => this.world.advance(ms), false);
  }

  kill(k: number, afterAnswer: boolean): void {
    this.world.armKill(k, afterAnswer);
  }

  failures(service: ServiceId, kind: FailureKind, count: number, retryAfterMs: number): void {
    this.service(service).queueFailures(kind, count, retryAfterMs);
  }

  async disconnect(service: ServiceId): Promise<void> {
    const outcome = await this.step(`Disconnect(${service})`, 'other', () => this.world.disconnect(service));
    if (outcome?.kind !== 'ok' && outcome?.kind !== 'killed') return;
    // The links and bases went with it (rule 8): signed in again, the engine meets each entry there afresh, every
    // field stamped with the entry's time — its own earlier writes included, which the model cannot order against
    // edits made here near that time (skewed clocks). Recorded as such, so a close call is not held against it.
    // (A disconnect the worker died in went as far as it went: the entries whose links are gone are met afresh.)
    const library = await this.world.library();
    const linked = (key: MangaKey) => library.some((s) => s.manga === key && s.bindings[service] !== undefined);
    for (const key of MANGA_KEYS) if (outcome.kind === 'ok' || !linked(key)) this.heldAfresh(service, key);
  }

  /** What `service` holds of `key`, recorded as met afresh: every field a word stamped with the entry's time. */
  private heldAfresh(service: ServiceId, key: MangaKey): void {
    const tracker = this.service(service);
    const held = tracker.view(mediaId(service, key));
    if (!held) return;
    for (const field of this.world.syncedFields(service)) {
      this.addEdit({ manga: key, field, value: held[field], side: service, account: tracker.account, stamp: held.updatedAt, before: held[field], kind: 'remote', unsure: true, afresh: true });
    }
  }

  async reconnect(service: ServiceId, otherAccount: boolean): Promise<void> {
    const previous = this.service(service).account;
    const outcome = await this.step(`Reconnect(${service})`, 'other', () => this.world.reconnect(service, otherAccount));
    // A sign-in the worker died in may not have been saved: the user, told it failed, signs in again later.
    if (outcome?.kind === 'killed') this.signInCut.add(service);
    else if (outcome?.kind === 'ok') this.signInCut.delete(service);
    if (this.service(service).account !== previous) {
      // What the user did on the account left behind is no longer anyone's to expect.
      for (const edit of this.edits) if (edit.side === service && edit.account === previous) edit.unsure = true;
    }
  }

  /** The user picks another score format (AniList) or rating system (Kitsu) on the service's site. */
  async changeScoreSetting(service: 'anilist' | 'kitsu', setting: string): Promise<void> {
    await this.step(`ScoreSetting(${service})`, 'other', () => {
      const tracker = this.world.services[service];
      if (tracker.id === 'anilist') tracker.changeFormat(setting as typeof tracker.format);
      else tracker.changeSystem(setting as typeof tracker.system);
      return Promise.resolve({ kind: 'ok', value: null });
    });
    // A score changed there that the engine has not read yet, which the new scale shows as the value it replaced: the
    // engine meets it on the new scale, where nothing changed (the limit the README states), so either may stand.
    const scale = scaleFor(service, setting);
    for (const edit of this.edits) {
      if (edit.side !== service || edit.field !== 'score' || edit.kind !== 'remote' || edit.before === undefined) continue;
      if (this.lookedBetween(service, edit.manga, edit.madeAt, Date.now())) continue;
      if (toScale(edit.value as number | null, scale) === toScale(edit.before as number | null, scale)) edit.unsure = true;
    }
  }

  /** Another device edits, adds or deletes the user's entry on a service. */
  async remote(service: ServiceId, key: MangaKey, op: 'edit' | 'add' | 'delete', changes: Partial<EntryFields>): Promise<void> {
    const tracker = this.service(service);
    const id = mediaId(service, key);
    const name = { edit: 'RemoteEdit', add: 'RemoteAdd', delete: 'RemoteDelete' }[op];
    await this.step(`${name}(${service}, ${key})`, 'other', async () => {
      // A deletion the extension can notice: it had the entry bound (it knew the entry was there).
      const bound = (await this.world.library()).some((s) => s.manga === key && s.bindings[service]?.mediaId === id);
      const known = op === 'delete' && bound;
      const key2 = `${service}:${key}`;
      const sides = await this.observe();
      let progressEdit: number | null = null;
      // Re-adding an entry deleted earlier: a new entry to the engine (a new id there, or its removal already seen),
      // whose values meet the library's as a first join does; otherwise (MyAnimeList, removal unseen) the same entry
      // edited, its old values still the base (where the engine had agreed with it: else it has no base at all).
      const linked = (await this.world.library()).find((s) => s.manga === key)?.bindings[service];
      const renewed = op === 'add' && !tracker.view(id) && (tracker.renewsEntryIds || linked?.removedAt != null);
      // (An entry the engine never agreed with had no old values to it: added again, it is new in every field.)
      const before = renewed ? null : tracker.view(id) ?? (linked?.base ? this.deletedViews.get(key2) : undefined) ?? null;
      const done = op === 'delete' ? tracker.remove(id) : op === 'add' ? tracker.add(id, changes) : tracker.edit(id, changes);
      if (!done) return null;
      const after = tracker.view(id);
      const account = tracker.account;
      if (op === 'delete' || !after) {
        if (before) this.deletedViews.set(key2, before);
        // What was edited there went with the entry. Unseen by the extension (it never had the entry), those edits
        // are as if never made; seen, they may or may not have reached the library before it went: unsure.
        const gone = (e: Edit) => e.side === service && e.manga === key && e.account === account;
        // (Seen all the same if the engine looked at that list or entry since, before its links went with a disconnect.)
        const looked = tracker.log.filter((r) => r.account === account && showedEntry(r, id));
        const seenSince = (e: Edit) => looked.some((r) => r.at >= (e.madeAt ?? Infinity));
        for (const e of this.edits) if (gone(e) && (known || seenSince(e))) e.unsure = true;
        if (!known) {
          this.edits = this.edits.filter((e) => !gone(e) || seenSince(e));
          this.revisitDeferredReads(key);
        }
        // Within FRESH_MS of the engine's last look at that list or entry, a write that follows at once may re-create
        // it (the limit the README states: a removal never shows in a pull of what changed). Not held against it.
        const looks = tracker.log.filter((r) => r.account === account && showedEntry(r, id));
        const lastLook = Math.max(0, ...looks.map((r) => r.at));
        if (known) this.deleted.set(`${service}:${key}`, account);
        else this.deleted.delete(`${service}:${key}`);
        if (known && Date.now() - lastLook < FRESH_MS) this.recreationAllowed.add(`${service}:${key}`);
        else this.recreationAllowed.delete(`${service}:${key}`);
        return { kind: 'ok', value: null };
      }
      this.deleted.delete(`${service}:${key}`);
      // A write of the engine's to this entry stopped mid-request (the worker died) may or may not have landed: until
      // it is sent again, what the entry holds is in doubt, and the engine takes it as its own (the stated limit).
      const writes = tracker.log.filter((r) => r.method === 'saveEntries' && r.account === account && (r.writes ?? []).some((w) => w.mediaId === id));
      const inDoubt = writes[writes.length - 1]?.outcome === 'killed';
      // …as does one that landed but whose answer the worker died before taking (the engine marks it `midway`).
      const seriesIds = new Set(sides.library.filter((s) => s.manga === key).map((s) => s.seriesId));
      const midway = new Set((await this.world.outbox()).filter((i) => i.service === service && seriesIds.has(i.seriesId)).flatMap((i) => i.midway));
      this.remoteOps.push({ seq: ++this.seq, service, manga: key, account, stamp: after.updatedAt, at: Date.now() });
      for (const field of ENTRY_FIELDS) {
        // A field the service does not keep (MyAnimeList has no private flag) is no edit there.
        if (!this.world.syncedFields(service).includes(field)) continue;
        if (before && sameIn(field, before[field], after[field])) continue;
        // A score the service shows as the one it held (60 over 50 on AniList's five stars: three either way) is no
        // change the user sees there, nor the engine comparing on that scale — until the scale changes and the two
        // tell apart, the later stamp then winning. Either may stand: not held against the engine.
        const unseenScore = before !== null && field === 'score' && this.shownAlike(service, field, before.score, after.score);
        const value = after[field];
        // A new entry is new in every field (the engine sees it so: no base), except where null means "unknown".
        if (!before && (NULL_IS_UNKNOWN.has(field) || field === 'score') && value === null) continue;
        // …nor are empty notes: no notes, which a first join learns over, never blanks with.
        if (!before && field === 'notes' && value === '') continue;
        // A date cleared on an entry the extension never linked: it will first see it empty, as if never set — the
        // value cleared was never seen either.
        // So is one whose value the extension never saw (set and cleared there between two of its looks): it was
        // empty at the last look and is empty now.
        const setThere = this.edits.filter((e) => e.side === service && e.manga === key && e.field === field && e.account === account);
        const lastSet = setThere[setThere.length - 1];
        // (A look the worker was stopped before merging showed the engine nothing: see noteUnmergedLooks.)
        const seenLook = (r: LoggedRequest) => r.account === account && showedEntry(r, id) && !this.unmergedLooks.has(r);
        const unseen = lastSet !== undefined && !tracker.log.some((r) => seenLook(r) && r.at >= (lastSet.madeAt ?? Infinity));
        // (Before the first agreement no score and empty notes are unknown too: a first join learns over them.)
        const unknownUnbound = !bound && ((field === 'score' && value === null) || (field === 'notes' && value === '') || (field === 'rereads' && value === 0));
        if ((NULL_IS_UNKNOWN.has(field) && value === null && (!bound || (unseen && lastSet.before === null))) || unknownUnbound) {
          // (Unbound — links gone with a disconnect — only what the engine never saw there goes: a value it took from
          // that list while linked was its word, and still is.)
          const seenThere = (e: Edit) => tracker.log.some((r) => seenLook(r) && r.at >= (e.madeAt ?? Infinity));
          // (Nor, with no link and nothing of the manga in the library, did a look stick: a sync that read the list
          // and died before merging it left no trace of what it saw.)
          const nothingKept = !bound && !sides.library.some((s) => s.manga === key && s.entry);
          this.edits = this.edits.filter((e) => !(e.side === service && e.manga === key && e.field === field && e.account === account && (!seenThere(e) || nothingKept) && (!bound || e === lastSet)));
          continue;
        }
        // A value set there and put back before the engine looked again (the entry's time moved, no field did) is no
        // change it can see: neither edit of the pair holds the engine to anything (the service's own count going
        // back is still an edit made there, for the no-regression check).
        const looksThere = tracker.log.filter(seenLook);
        const unseenRun = setThere.filter((e) => !looksThere.some((r) => r.at >= (e.madeAt ?? Infinity)));
        const firstUnseen = unseenRun[0];
        // (A score put back as the service shows it — three of five stars, 60 over the 50 it held — is put back too.)
        const invisible = firstUnseen !== undefined && (sameIn(field, firstUnseen.before, value) || this.shownAlike(service, field, firstUnseen.before, value));
        // Either way an edit there that this one replaces before the engine looked never reached it: it neither won
        // nor lost anything.
        for (const e of unseenRun) e.unsure = true;
        // …and no volumes (0, as every service keeps "none") is not a number of volumes read either.
        // (An entry added anew there and edited again before the engine looked is, to the engine, added as it is now.)
        const addedUnseen = unseenRun[0]?.renewed === true;
        if ((!before || addedUnseen) && field === 'progressVolumes' && value === 0) continue;
        // …nor, there, no notes, no score or no date: a first join learns over them, as over an add's.
        if (addedUnseen && ((value === null && (NULL_IS_UNKNOWN.has(field) || field === 'score')) || (field === 'notes' && value === ''))) continue;
        // …nor is no chapters: adding a manga is not going back to chapter 0. (Said or not on the add: the service
        // stores 0 either way, and the engine cannot tell the two apart.)
        if ((!before || addedUnseen) && field === 'progress' && value === 0) {
          // (Set back there all the same: that list's own count may go down.)
          if (before) progressEdit = after.progress;
          continue;
        }
        // …nor no rereads, every service's default on an add (said or not, alike).
        if ((!before || addedUnseen) && field === 'rereads' && value === 0) continue;
        const old: unknown = before ? before[field] : null;
        // An entry added (or never agreed with) with less progress than the library already has meets it as lists joined for the first
        // time, where the further progress is kept (chapters read are not lost to a list's default): not a word
        // the model can hold the engine to.
        const count = (v: unknown) => Math.floor(Number(v ?? 0));
        const counted = field === 'progress' || field === 'progressVolumes';
        const further = counted
          ? [
            ...sides.library.filter((s) => s.manga === key && s.entry).map((s) => count(s.entry?.[field])),
            ...SERVICE_IDS.filter((s) => s !== service).map((s) => count(sides.services[s].get(key)?.[field])),
          ]
          : [];
        // So is an entry the engine never agreed with yet (no base there): whatever was done to it before the engine
        // first sees it, it meets the library as a first join.
        const unagreed = !sides.library.some((s) => s.manga === key && s.bindings[service]?.base);
        const behind = (!before || unagreed) && counted && further.some((v) => v > count(after[field]));
        this.addEdit({ manga: key, field, value, side: service, account, stamp: after.updatedAt, before: old, kind: 'remote', unsure: behind || inDoubt || invisible || unseenScore || midway.has(field), held: { ...heldBy(sides, key, field), [service]: old }, ...(renewed ? { renewed: true } : {}) });
        if (field === 'progress') progressEdit = after.progress;
      }
      if (progressEdit !== null) {
        this.noteProgressEdit(key, progressEdit, sides, service);
        // A lowering made here whose stamp the engine cannot order against this edit (clocks, whole seconds) may
        // still win over it (ties go to the library): this side may follow it down.
        const stamp = after.updatedAt;
        const tied = this.edits.filter((e) => e.manga === key && e.field === 'progress' && e.side === 'library' && e.kind === 'edit' && Math.abs(e.stamp - stamp) <= STAMP_MARGIN_MS && Number(e.value) < progressEdit);
        for (const e of tied) this.allowDown.set(`${service}:${key}`, Math.min(Number(e.value), this.allowDown.get(`${service}:${key}`) ?? Number(e.value)));
      }
      return { kind: 'ok', value: null };
    });
  }

  // --- recording edits ------------------------------------------------------------------------------------------

  private addEdit(edit: Omit<Edit, 'seq'>): void {
    const held = edit.held ?? {};
    // On the user's own scale there (rule 3: a score is rewritten only where that scale tells the two apart).
    const userScale = (s: ServiceId) => scaleFor(s, this.service(s).scoreSetting());
    // (Or on the scale the engine still holds: one changed on the site is read at the next sync, and until then the
    // engine compares on the old one, which may not tell the two apart either.)
    const engineScale = (s: ServiceId) => scaleFor(s, this.engineSettings[s] ?? this.service(s).scoreSetting());
    const tiedOnScale = (s: ServiceId, scale: ReturnType<typeof scaleFor>) => toScale(edit.value as number | null, scale) === toScale(held[s] as number | null, scale);
    const tied = (s: ServiceId) => tiedOnScale(s, userScale(s)) || tiedOnScale(s, engineScale(s));
    const tiedOn = edit.field === 'score' ? SERVICE_IDS.filter((s) => s !== edit.side && s in held && tied(s)) : [];
    // Judged on the scale of the moment: a later change of the user's scale there changes nothing of what was held.
    const side = edit.side;
    const replacesHeld = edit.field === 'score' && side !== 'library' && side in held
      ? this.edits.filter((c) => c.manga === edit.manga && c.field === 'score' && c.side !== side && (this.sameOn(side, 'score', c.value, held[side], edit.manga) || this.shownAlike(side, 'score', c.value, held[side]))).map((c) => c.seq)
      : [];
    const metBeside = edit.side === 'library' && this.besideLooks ? { metBeside: this.besideLooks } : {};
    this.edits.push({ ...edit, seq: ++this.seq, madeAt: Date.now(), ...(tiedOn.length > 0 ? { tiedOn } : {}), ...(replacesHeld.length > 0 ? { replacesHeld } : {}), ...metBeside });
  }

  /**
   * An explicit progress edit (Library editor, another device, Undo) is the latest word: every side above its
   * value may follow it down, once. The edited side itself holds the new word, so what it was allowed before is
   * gone; another side keeps an allowance not yet used (an earlier lowering still on its way there: the engine
   * cannot know of this edit before it reads it).
   */
  private noteProgressEdit(key: MangaKey, value: number, now: Observation, editedOn: Side): void {
    const current = (side: Side): number[] =>
      side === 'library'
        ? now.library.filter((s) => s.manga === key && s.entry).map((s) => s.entry?.progress ?? 0)
        : [now.services[side].get(key)?.progress ?? 0];
    for (const side of ['library', ...SERVICE_IDS] as const) {
      const id = `${side}:${key}`;
      // (The library's own edit replaces what it may drop to — unless the manga is in several series there: the edit
      // changed one, another may still follow an earlier lowering.)
      const several = side === 'library' && now.library.filter((s) => s.manga === key && s.entry).length > 1;
      const earlier = side === editedOn && !several ? undefined : this.allowDown.get(id);
      if (current(side).some((p) => p > value)) this.allowDown.set(id, Math.min(value, earlier ?? value));
      else if (earlier === undefined) this.allowDown.delete(id);
    }
  }

  private recordLibraryEdits(kind: 'local' | 'read' | 'undo', at: number, before: Observation, after: Observation, seen: ServiceId[], completed: boolean): void {
    if (kind === 'read') this.readSeen = seen;
    for (const series of after.library) {
      if (!series.manga || !series.entry) continue;
      const key = series.manga;
      // (A series joined in the command — a sync beside it met the manga under another series — is the one the manga
      // had before: also where the series kept was there already, made by that sync and not yet given the entry.)
      // (A Library edit goes to the manga's first series with an entry, as World.localEdit picks it: where the sync
      // beside it had made another series of the manga, to be joined, the edit met the entry of the one it went to.)
      const was = (kind === 'local' ? before.library.find((s) => s.manga === key && s.entry) : undefined) ??
        before.library.find((s) => s.seriesId === series.seriesId && s.entry) ?? before.library.find((s) => s.manga === key && s.entry) ?? before.library.find((s) => s.seriesId === series.seriesId);
      const old = was?.entry ?? null;
      const agreedWith = SERVICE_IDS.filter((s) => was?.bindings[s]?.base);
      const yielded = kind === 'read' && completed && old !== null && series.entry.changedAt.progress !== at && key === this.reading &&
        Math.floor(series.entry.progress) > Math.floor(old.progress) && seen.length > 0;
      // A chapter read that a side already further along overtakes (its count is not the latest word): what it
      // derived (a status, dates) yields with it when it goes out (rule 2), so those are not held against it either.
      const progressTruth = kind === 'read' && series.entry.changedAt.progress === at ? this.truth(key, 'progress') : null;
      const overtaken = progressTruth !== null &&
        [progressTruth.edit.value, ...progressTruth.alternatives].every((c) => Math.floor(series.entry?.progress ?? 0) <= Math.floor(Number(c)));
      for (const field of ENTRY_FIELDS) {
        // The user's change that a service's value stamped later (clocks skewed) replaced in the same command: it
        // was made all the same, and the services may have followed it before the later value came in.
        // (Only an edit the handler finished: one the worker died in may never have been saved.)
        const asked = kind === 'local' && completed && this.localChanges?.key === key && field in this.localChanges.changes ? this.localChanges.changes : null;
        if (asked && series.entry.changedAt[field] !== at && old && !sameIn(field, old[field], asked[field])) {
          this.addEdit({ manga: key, field, value: asked[field], side: 'library', account: null, stamp: at, before: old[field], kind: 'edit', unsure: false, agreedWith, held: heldBy(before, key, field) });
          if (field === 'progress') this.noteProgressEdit(key, Number(asked.progress), before, 'library');
          continue;
        }
        // A read that found a service further along took its count (rule 2): the read's outcome is that count, the
        // library's latest act on the field, whatever edit came before it; what the read derived (status, dates, volumes)
        // yields with it: those fields' new values are its outcome too.
        if (yielded && series.entry.changedAt[field] !== at && !sameIn(field, old[field], series.entry[field])) {
          // (stamped as the engine has it: with the service's time, the value's own)
          this.addEdit({ manga: key, field, value: series.entry[field], side: 'library', account: null, stamp: series.entry.changedAt[field], before: old[field], kind: 'read', unsure: false, seen, agreedWith, held: heldBy(before, key, field) });
          continue;
        }
        // The library stamps each field it changes with the time of the change: those are this command's edits.
        if (series.entry.changedAt[field] !== at) continue;
        if (old?.changedAt[field] === at && sameIn(field, old[field], series.entry[field])) continue;
        const value = series.entry[field];
        const previous: unknown = old ? old[field] : null;
        let unsure = false;
        // A read that starts a reread goes back on purpose: an edit of every field it sets.
        // (Its own status: one taken from a list the read looked at, where the phone had started the reread, is that
        // list's doing, and the read only means "at least this far".)
        const rereadStart = kind === 'read' && old?.status !== 'rereading' &&
          ((series.entry.status === 'rereading' && series.entry.changedAt.status === at) || (key === this.reading && this.readStartedReread));
        const asKind = kind === 'local' || rereadStart ? 'edit' : kind;
        if (field === 'progress' && kind === 'read' && !rereadStart) {
          // A read never lowers progress: chapter 11 read while another side already has 20 loses to 20.
          const truth = this.truth(key, 'progress');
          if (truth) {
            const candidates = [truth.edit.value, ...truth.alternatives].map((v) => Math.floor(Number(v)));
            const read = Math.floor(series.entry.progress);
            if (candidates.every((c) => read <= c)) {
              // Not an edit to hold anyone to, yet the user's own act replaced what the library held. (Kept as the
              // edit it would be, should the counts it deferred to turn out never made: see `revisitDeferredReads`.)
              const deferred = { manga: key, field, value, side: 'library' as const, account: null, stamp: series.entry.changedAt[field], before: previous, kind: 'read' as const, unsure: false, seen, agreedWith, held: heldBy(before, key, field) };
              this.libraryActs.push({ manga: key, field, seq: ++this.seq, before: previous, deferred, madeAt: Date.now() });
              continue;
            }
            unsure = candidates.some((c) => read <= c);
          }
        }
        if (overtaken && asKind === 'read' && field !== 'progress') unsure = true;
        this.addEdit({ manga: key, field, value, side: 'library', account: null, stamp: series.entry.changedAt[field], before: previous, kind: asKind, unsure, seen, agreedWith, held: heldBy(before, key, field) });
        if (field === 'progress' && asKind !== 'read') this.noteProgressEdit(key, series.entry.progress, before, 'library');
        // Starting a reread goes back on purpose: every side further along follows it down (the engine's edit).
        if (field === 'status' && kind === 'read' && value === 'rereading') this.noteProgressEdit(key, series.entry.progress, before, 'library');
      }
    }
    // An Undo a further count replaced in the same command (the phone read on, its stamp later): it went back all the
    // same, and the services it reached before that count came in went back with it — the user's explicit lowering.
    for (const series of after.library) {
      const was = before.library.find((s) => s.seriesId === series.seriesId)?.entry;
      if (kind !== 'undo' || !completed || !series.manga || !series.entry || !was || this.undoing === null) continue;
      if (series.entry.changedAt.progress !== at && Math.floor(this.undoing) < Math.floor(was.progress)) this.noteProgressEdit(series.manga, this.undoing, before, 'library');
    }
    // An Undo of the read that created an entry takes it off the library (and the services it put it on).
    for (const series of before.library) {
      if (!series.manga || !series.entry) continue;
      const now = after.library.find((s) => s.seriesId === series.seriesId);
      if (kind === 'undo' && !now?.entry) {
        // (The manga may still be in another series: the lowerings it may follow there stand.)
        this.forget(series.manga, after.library.some((s) => s.manga === series.manga && s.entry));
        this.remnants(series.manga);
      }
    }
  }

  /**
   * What lists still hold of an entry an Undo took out of the library (one a sync put there after the read, which
   * the Undo leaves: it cannot tell it from one the user had there): the next sync brings it back, every field
   * stamped with that entry's time — the engine's own write, which the model cannot order against an edit made
   * elsewhere near that time. Recorded as a list met afresh, so a close call is not held against it.
   */
  private remnants(key: MangaKey): void {
    for (const service of SERVICE_IDS) this.heldAfresh(service, key);
  }

  private forget(key: MangaKey, stillInLibrary = false): void {
    for (let i = this.edits.length - 1; i >= 0; i--) if (this.edits[i]?.manga === key) this.edits.splice(i, 1);
    for (const side of ['library', ...SERVICE_IDS]) if (!(side === 'library' && stillInLibrary)) this.allowDown.delete(`${side}:${key}`);
    // An entry the Undo could not take off a service yet is on its way off: whatever it held may go, once.
    for (const side of SERVICE_IDS) this.allowDown.set(`${side}:${key}`, 0);
  }

  // --- per-command invariants -----------------------------------------------------------------------------------

  /** (c) Progress on each side never went down but by an explicit lowering (LocalEdit/RemoteEdit/Undo). */
  private checkProgress(label: string, before: Observation, after: Observation, conflicts: readonly { seriesId: string; field: string; lost: unknown }[]): void {
    const drop = (side: Side, key: MangaKey, from: number, to: number) => {
      if (to >= from) return;
      // A count that lost a conflict (in the sync log) and still stood on a list not yet told: replaced from there.
      const ids = new Set(after.library.filter((s) => s.manga === key).map((s) => s.seriesId));
      if (side !== 'library' && conflicts.some((c) => c.field === 'progress' && ids.has(c.seriesId) && Math.floor(Number(c.lost)) === Math.floor(from))) return;
      // Down to what the latest explicit edit set (or, when clocks cannot order two of them, to either one).
      const truth = this.truth(key, 'progress');
      if (truth && truth.edit.kind !== 'read' && [truth.edit.value, ...truth.alternatives].some((v) => Math.floor(Number(v)) === Math.floor(to))) return;
      // (A list disconnected since is no side of the sync: what it held when its links went is met afresh only once it
      // is signed in again, so the latest edit is judged without it meanwhile.)
      const offline = (e: Edit) => e.afresh === true && e.side !== 'library' && after.connections[e.side] === null;
      const synced = truth?.edit.afresh === true ? this.truth(key, 'progress', offline) : null;
      if (synced && synced.edit.kind !== 'read' && [synced.edit.value, ...synced.alternatives].some((v) => Math.floor(Number(v)) === Math.floor(to))) return;
      // (Or, the latest being a read, to an explicit lowering made elsewhere that the stamps cannot order before it:
      // a count set back there on purpose wins over a read stamped before it, as an edit does.)
      const lowering = (v: unknown) => this.edits.some((e) => e.manga === key && e.field === 'progress' && e.kind !== 'read' && e.side !== 'library' && Math.floor(Number(e.value)) === Math.floor(Number(v)) && Math.floor(Number(e.value)) < Math.floor(Number(e.before ?? Infinity)));
      if (truth && truth.edit.kind === 'read' && truth.alternatives.some((v) => Math.floor(Number(v)) === Math.floor(to) && lowering(v))) return;
      const allowance = this.allowDown.get(`${side}:${key}`);
      if (allowance !== undefined && to >= Math.floor(allowance)) {
        this.allowDown.delete(`${side}:${key}`);
        return;
      }
      this.fail('c', `${label}: progress of ${key} on ${side} went down from ${from} to ${to} with no explicit edit lowering it`);
    };
    for (const series of after.library) {
      const old = before.library.find((s) => s.seriesId === series.seriesId)?.entry;
      if (series.manga && series.entry && old) drop('library', series.manga, old.progress, series.entry.progress);
    }
    for (const service of SERVICE_IDS) {
      if (before.accounts[service] !== after.accounts[service]) continue;
      for (const [key, view] of after.services[service]) {
        const old = before.services[service].get(key);
        // Kitsu's own count on completion (its fill, which nobody set there) going back to the library's count once
        // the entry is no longer completed: the storage rule the README states, not chapters lost.
        const count = mangaByKey(key).chapters.kitsu;
        const filled = service === 'kitsu' && old !== undefined && view.status !== 'completed' && count !== null && Math.floor(old.progress) === count &&
          !this.edits.some((e) => e.side === 'kitsu' && e.manga === key && e.field === 'progress' && Math.floor(Number(e.value)) === count) &&
          after.library.some((s) => s.manga === key && s.entry && Math.floor(s.entry.progress) === Math.floor(view.progress));
        if (filled) continue;
        if (old) drop(service, key, old.progress, view.progress);
      }
    }
  }

  /** (g) An entry the user deleted on a service does not come back there unless the user adds it again. */
  private checkDeletions(label: string, after: Observation): void {
    for (const [where, account] of this.deleted) {
      if (this.recreationAllowed.has(where)) continue;
      const [service, key] = where.split(':') as [ServiceId, MangaKey];
      if (after.accounts[service] !== account) continue;
      const back = after.services[service].get(key);
      // Re-created by a write within FRESH_MS of a pull (one that lists what changed cannot list what is gone, and
      // the entry is not read again while the last pull is that recent): the limit the README states.
      const pulls = this.service(service).log.filter((r) => r.account === account && r.outcome === 'ok' && r.method === 'listEntries');
      if (back && Date.now() - Math.max(0, ...pulls.map((r) => r.at)) < FRESH_MS) continue;
      if (back) this.fail('g', `${label}: ${key} deleted by the user on ${service} was put back there (progress ${back.progress}, status ${back.status})`);
    }
  }

  // --- the truth per field --------------------------------------------------------------------------------------

  /** When another device later touched the same service entry, the engine sees that entry's later updatedAt. */
  private effectiveStamp(edit: Edit): number {
    if (edit.side === 'library') return edit.stamp;
    // (Only until a write of the engine's replaced the value there: a later change of that entry is no longer c's.)
    const side = edit.side;
    const id = mediaId(side, edit.manga);
    const replaced = this.service(side).log.find((r) =>
      r.method === 'saveEntries' && r.outcome === 'ok' && r.account === edit.account && r.at >= (edit.madeAt ?? Infinity) &&
      (r.writes ?? []).some((w) => w.mediaId === id && edit.field in w && !this.sameOn(side, edit.field, w[edit.field], edit.value, edit.manga)))?.at ?? Infinity;
    const later = this.remoteOps.filter((op) => op.service === edit.side && op.manga === edit.manga && op.account === edit.account && op.seq > edit.seq && op.at < replaced);
    return Math.max(edit.stamp, ...later.map((op) => op.stamp));
  }

  /**
   * Earlier edits that `edit` competed with: on another side, still there when it was made (no later edit on their
   * own side), not already on `edit`'s side, and of a different value. `forOrder`: the edits the engine may order
   * either way against `edit` (a wider set, for which may win) rather than those `edit` made lose (for the log).
   */
  private competitors(edit: Edit, forOrder = false): Edit[] {
    const history = this.edits.filter((e) => e.manga === edit.manga && e.field === edit.field && e.seq < edit.seq);
    return history.filter(
      (c) =>
        c.afresh === true ? c.side !== edit.side && !history.some((d) => d.seq > c.seq && d.side === c.side) && !this.sameOn(edit.side, edit.field, c.value, edit.value) :
        c.side !== edit.side &&
        !history.some((d) => d.seq > c.seq && d.side === c.side) &&
        // (Nor replaced in the library by the user's own later act there, a read held to nothing: it passed c.)
        !(c.side === 'library' && this.libraryActs.some((a) => a.manga === c.manga && a.field === c.field && a.seq > c.seq && a.seq < edit.seq)) &&
        // Nor replaced on a third side that held c's value when it was edited: that edit followed c, it did not compete.
        // (A service met afresh after a disconnect replaced nothing: its record holds what was there.)
        // (Unless that side held the value already when c was made and its edit is not stamped clearly after c: it
        // replaced its own value then, and the engine may order c after it.)
        !history.some(
          (d) =>
            // (another account's list on `edit`'s service is another list: a third side too)
            d.seq > c.seq && (d.side !== edit.side || (d.side !== 'library' && d.account !== edit.account)) && d.side !== c.side && d.afresh !== true &&
            // (a score held there in that list's form, judged on its scale of the moment: one changed since tells
            // the two apart now, not then)
            (this.sameOn(d.side, edit.field, c.value, d.before) || d.replacesHeld?.includes(c.seq) === true) &&
            !(d.side !== 'library' && c.held !== undefined && d.side in c.held && this.sameOn(d.side, edit.field, c.value, c.held[d.side]) && d.stamp - this.effectiveStamp(c) <= STAMP_MARGIN_MS) &&
            // (For the order: only if that value can have come from c, the engine having looked at c's list between c
            // and d; before that, the same value on the third side came from elsewhere — today's date a read set
            // there, as on the list where c was added — and the engine orders c by its stamp alone.)
            (!forOrder || c.side === 'library' || this.lookedBetween(c.side, c.manga, c.madeAt, d.madeAt)),
        ) &&
        // Had `edit`'s side taken c's value at any point before its own edits since c, the two did not compete.
        // (Unless it held that value already when c was made: holding it after is no sign that it saw c, and stamps
        // too close to order leave either of the two a fair winner.)
        // (Kitsu's last chapter, held there before c took the count past it, is such a value too.)
        ((c.held !== undefined &&
          (this.sameOn(edit.side, edit.field, c.value, c.held[edit.side], edit.manga) || this.kitsuCompletedForm(edit.side, edit.field, c.value, c.held[edit.side], edit.manga)) &&
          edit.stamp - this.effectiveStamp(c) <= STAMP_MARGIN_MS) ||
        ![...history, edit].some(
          (d) =>
            d.seq > c.seq &&
            d.side === edit.side &&
            // (on the same account: another account's list is another list)
            (d.side === 'library' || d.account === edit.account) &&
            // (an entry added anew held nothing before it, which is not c's empty value)
            d.renewed !== true &&
            // (the library can have taken a service's value only once it had met that entry: the same value before
            // is a coincidence, such as two defaults)
            (d.side !== 'library' || c.side === 'library' || d.agreedWith === undefined || d.agreedWith.includes(c.side)) &&
            // (nor can another list have, unless the engine looked at c's list between c and d: before that, the same
            // value there came from elsewhere, such as the library's defaults on a read. The engine, which orders the
            // two by their stamps alone, may then let either win; yet nothing was lost when d's side held c's value
            // as it was changed, so this counts for which edit may win, not for what must be logged as lost)
            (!forOrder || d.side === 'library' || c.side === 'library' || this.lookedBetween(c.side, c.manga, c.madeAt, d.madeAt)) &&
            // (nor, for the order, once d's side was met afresh since c: its links gone, the engine orders the two by
            // their stamps alone)
            (!forOrder || d.side === 'library' || !history.some((a) => a.afresh === true && a.side === d.side && a.seq > c.seq)) &&
            // (nor, for the order, a value that d's side held by its own doing since c — an entry added there with that
            // status, or with the same notes another list was given — and not from c: the engine orders the two by
            // their stamps alone)
            (!forOrder || d.side === 'library' ||
              !history.some((e) => e.side === d.side && e.kind === 'remote' && e.seq > c.seq && e.seq < d.seq && this.sameOn(d.side, edit.field, e.value, d.before, edit.manga))) &&
            // (nor, for the order, the library's own act stamped too close to c to tell them apart: whether it had met
            // c by then is not known — a sync the worker died in may have read c's list and not merged it — and the
            // engine, meeting c after, orders the two by their stamps on two clocks)
            (!forOrder || d.side !== 'library' || c.side === 'library' || d.stamp - this.effectiveStamp(c) > STAMP_MARGIN_MS) &&
            // (a score c's coarse side shows as the one `edit`'s side held is c's value there)
            // (a score held there in that list's form, judged on its scale of the moment: `replacesHeld`)
            (this.sameOn(edit.side, edit.field, c.value, d.before, edit.manga) || d.replacesHeld?.includes(c.seq) === true || this.kitsuCompletedForm(edit.side, edit.field, c.value, d.before, edit.manga) || (edit.field === 'score' && c.side !== 'library' && (this.sameOn(c.side, edit.field, c.value, d.before) || this.shownAlike(c.side, edit.field, d.before, c.value)))),
        )) &&
        // A read in the library after c looked at the service first (rule 2): c was seen then — unless that look failed.
        // (For the order, only a list the library had agreed with by then: one met for the first time — the read's own
        // entry new, its writes looking there — meets the read as lists first joined do, by their stamps.)
        !(edit.side === 'library' && c.side !== 'library' && this.edits.some((d) => d.manga === c.manga && d.kind === 'read' && d.seq > c.seq && d.seq <= edit.seq && (d.seen ?? []).includes(c.side as ServiceId) &&
          (!forOrder || (d.agreedWith ?? []).includes(c.side as ServiceId)))) &&
        !(this.sameOn(edit.side, edit.field, c.value, edit.value) && this.sameOn(c.side, edit.field, c.value, edit.value)) &&
        // A score c's coarse side shows as `edit`'s value (one Kitsu face, one smiley) lost nothing to it.
        !(edit.field === 'score' && c.side !== 'library' && (this.sameOn(c.side, edit.field, c.value, edit.value) || this.shownAlike(c.side, edit.field, c.value, edit.value))),
    );
  }

  /**
   * What `edit`'s side held of the field when the engine last looked there before it: the value before the run of
   * edits made there since that look (the engine never saw those in between).
   */
  private beforeSeen(edit: Edit): unknown {
    if (edit.side === 'library') return edit.before;
    let before = edit.before;
    const earlier = this.edits.filter((e) => e.seq < edit.seq && e.side === edit.side && e.manga === edit.manga && e.field === edit.field && e.account === edit.account);
    for (let i = earlier.length - 1; i >= 0; i--) {
      const prev = earlier[i];
      if (!prev || this.lookedBetween(edit.side, edit.manga, prev.madeAt, edit.madeAt)) break;
      before = prev.before;
    }
    return before;
  }

  /** Whether the engine saw `key`'s entry on `service` (its list, or that entry, answered ok) between two moments. */
  private lookedBetween(service: ServiceId, key: MangaKey, from: number | undefined, to: number | undefined): boolean {
    if (from === undefined || to === undefined) return true;
    const id = mediaId(service, key);
    return this.service(service).log.some((r) => showedEntry(r, id) && r.at >= from && r.at <= to);
  }

  /**
   * The latest edit of a field, and the values it cannot be told apart from: competing edits whose stamps (each on
   * its own side's clock, as the engine compares them) are within STAMP_MARGIN_MS of it or later. Clocks are
   * skewed per service by up to ±5 minutes, so "latest" means latest by the stamps the engine can see; edits the
   * stamps cannot order are not checked.
   */
  private truth(key: MangaKey, field: EntryField, leaveOut?: (e: Edit) => boolean): { edit: Edit; alternatives: unknown[]; unsure: boolean } | null {
    const history = this.edits.filter((e) => e.manga === key && e.field === field && !leaveOut?.(e));
    const edit = history[history.length - 1];
    if (!edit) return null;
    // A service's progress moving forward (a phone reading on) meets a further count elsewhere that it never saw
    // (a chapter read here, another list) as two reads do: the further one may win, whatever the clocks say.
    // (Volumes read alike: the engine keeps the further count of either.)
    // (Forward from what the engine last saw there: a count moved on and partly back before it looked is a move on.)
    const forwardThere = (field === 'progress' || field === 'progressVolumes') && edit.kind === 'remote' && Number(edit.value) > Number(this.beforeSeen(edit) ?? 0);
    // A chapter read means "at least this far": a service further along that it has not looked at yet may still win
    // it (rule 2), when the read goes out.
    const readHere = (field === 'progress' || field === 'progressVolumes') && edit.kind === 'read';
    const close = this.competitors(edit, true).filter(
      (c) => edit.stamp - this.effectiveStamp(c) <= STAMP_MARGIN_MS || ((forwardThere || readHere) && Number(c.value) > Number(edit.value)),
    );
    // What a read derived (its status, dates, volumes) yields with its count: where the count may still yield to a
    // service further along, so may they.
    if (edit.kind === 'read' && field !== 'progress' && close.length === 0) {
      const count = this.truth(key, 'progress');
      if (count?.unsure && count.edit.kind === 'read') return { edit, alternatives: this.competitors(edit, true).map((c) => c.value), unsure: true };
    }
    // A chapter read here that deferred to a count on this list the engine never saw there (the read could not look
    // at it) is, to the engine, the library's own further count: this list's later move on from what the engine last
    // saw meets it as two counts going on, and the further one may win.
    const deferredFurther = forwardThere
      ? this.libraryActs.filter((a) => a.manga === key && a.field === field && a.deferred !== undefined && a.seq < edit.seq &&
        !(a.deferred.seen ?? []).includes(edit.side as ServiceId) && Number(a.deferred.value) > Number(edit.value)).map((a) => a.deferred?.value)
      : [];
    const alternatives = [...close.map((c) => c.value), ...deferredFurther];
    return { edit, alternatives, unsure: edit.unsure || alternatives.length > 0 };
  }

  // --- the end of a history -------------------------------------------------------------------------------------

  /**
   * The quiet period: failures stop, a revoked sign-in is renewed (the user reconnects), a minute passes with only
   * alarms at work (h), a few more minutes, then "Sync now" until every service reports ok (at most three times).
   */
  async quietPeriod(): Promise<void> {
    this.world.disarmKill();
    const connections = await this.world.connections();
    for (const service of SERVICE_IDS) {
      this.service(service).clearFailures();
      const account = connections[service];
      if (account !== null && (this.service(service).isRevoked(account) || this.signInCut.has(service))) await this.reconnect(service, false);
    }
    const start = Date.now();
    const interrupted = this.interruptedSync;
    await this.advance(RESUME_WINDOW_MS);
    await this.checkResumed(start, interrupted);
    await this.advance(3 * 60_000);
    for (let i = 0; i < 3; i++) {
      const marks = SERVICE_IDS.map((s) => this.service(s).log.length);
      const outcome = await this.world.sync(false);
      if (TRACE) {
        console.info(`quiet period: Sync → ${outcome.kind}\n${this.callsSince(marks)}${table(await this.observe())}`);
      }
      if (outcome.kind === 'error') this.fail('f', `quiet period: Sync threw ${describe(outcome.error)}`);
      if (outcome.kind === 'ok' && outcome.value.allOk) break;
    }
  }

  /** (h) Within a minute of the outage ending, with no user action, the interrupted sync ran and short-outage changes went out. */
  private async checkResumed(start: number, interrupted: boolean): Promise<void> {
    const connections = await this.world.connections();
    for (const s of await this.world.library()) if (s.manga) this.mangaOfSeries.set(s.seriesId, s.manga);
    for (const item of await this.world.outbox()) {
      if (connections[item.service] === null || item.state === 'failed') continue;
      if (item.attempts <= SHORT_OUTAGE_ATTEMPTS) {
        const seconds = Math.round((item.nextAttemptAt - Date.now()) / 1000);
        this.fail('h', `change of ${item.fields.join(', ')} to ${item.service} for ${this.mangaOf(item.seriesId)} still ${item.state} ${RESUME_WINDOW_MS / 1000} s after the outage ended (attempts ${item.attempts}, last error "${item.lastError ?? ''}", next try in ${seconds} s)`);
      }
    }
    if (!interrupted) return;
    for (const service of SERVICE_IDS) {
      if (connections[service] === null) continue;
      const pulled = this.service(service).log.some((r) => r.method === 'listEntries' && r.at >= start && r.outcome === 'ok');
      if (!pulled) this.fail('h', `the sync interrupted by the worker's death did not resume on ${service} within ${RESUME_WINDOW_MS / 1000} s`);
    }
  }

  /** Services whose last sign-in the worker died in (the user saw it fail). */
  private readonly signInCut = new Set<ServiceId>();

  private mangaOfSeries = new Map<string, string>();
  private mangaOf(seriesId: string): string {
    return this.mangaOfSeries.get(seriesId) ?? seriesId;
  }

  /** After the quiet period: a, d, dlog, e, g, then b (which runs the engine once more). */
  async finalChecks(): Promise<void> {
    const library = await this.world.library();
    for (const s of library) if (s.manga) this.mangaOfSeries.set(s.seriesId, s.manga);
    const observation = await this.observe();
    const outbox = await this.world.outbox();
    const failedFields = (service: ServiceId, seriesId: string): Set<string> =>
      new Set(outbox.filter((i) => i.service === service && i.seriesId === seriesId && i.state === 'failed').flatMap((i) => Object.keys(i.refused ?? {})));

    this.checkDeletions('after the quiet period', observation);
    this.checkConvergence(library, observation, failedFields);
    this.checkLatestEditWins(library, observation, failedFields);
    await this.checkLosersLogged(library);
    this.checkOutbox(observation, outbox);
    await this.checkIdempotence();
  }

  /** The manga is more than one series in the library: which one should hold what is not the model's to say. */
  private split(library: SeriesView[], key: MangaKey): boolean {
    return library.filter((s) => s.manga === key && s.entry).length > 1;
  }

  /** The services a series is linked on and the user has not deleted it from. */
  private linked(series: SeriesView, observation: Observation): { service: ServiceId; account: string }[] {
    const out: { service: ServiceId; account: string }[] = [];
    for (const service of SERVICE_IDS) {
      const account = observation.connections[service];
      if (account === null || !series.manga) continue;
      if (series.ids[service] === undefined && !series.bindings[service]) continue;
      if (this.deleted.get(`${service}:${series.manga}`) === account) continue;
      out.push({ service, account });
    }
    return out;
  }

  /**
   * Kitsu completes an entry at its chapter count on any save that does not move its status (API-FACTS §C): a
   * status other than completed there, and the empty finish date that goes with it, are not something it keeps.
   */
  private completedAtCount(series: SeriesView, service: ServiceId, field: EntryField): boolean {
    const entry = series.entry;
    const count = series.manga ? mangaByKey(series.manga).chapters.kitsu : null;
    const atCount = service === 'kitsu' && entry !== null && count !== null && Math.floor(entry.progress) >= count && entry.status !== 'completed';
    // (its completion dates an empty start too: `||=` on a status change)
    return atCount && (field === 'status' || field === 'completedAt' || (field === 'startedAt' && entry.startedAt === null));
  }

  /** The library's values of the fields a service syncs, less refused ones and "unknown" nulls. */
  private libraryWrite(series: SeriesView, service: ServiceId, refused: Set<string>): Partial<EntryFields> {
    const entry = series.entry;
    const write: Partial<EntryFields> = {};
    if (!entry) return write;
    for (const field of this.world.syncedFields(service)) {
      if (refused.has(field) || (NULL_IS_UNKNOWN.has(field) && entry[field] === null)) continue;
      // Kitsu keeps a completed entry at its own chapter count whatever it is sent (its server rules, API-FACTS §C):
      // the library's number of chapters is not something it can hold, and is not owed to it.
      if (service === 'kitsu' && field === 'progress' && entry.status === 'completed') continue;
      // …and completes an entry at that count on any save that does not move its status: reading at the last
      // chapter is not something it keeps either (nor, then, an empty finish date).
      if (this.completedAtCount(series, service, field)) continue;
      Object.assign(write, { [field]: entry[field] });
    }
    return write;
  }

  /**
   * What the service would hold in `field` for `write`. Kitsu's status and progress rules depend on the status
   * changing in the same save (completed fills progress to its count), so those are judged as a create; any other
   * field as a save of that field alone onto the entry as it is (a create would fill the dates with "now").
   */
  private wouldStore(service: ServiceId, key: MangaKey, write: Partial<EntryFields>, account: string, field: EntryField) {
    const id = mediaId(service, key);
    if (service !== 'kitsu') return this.service(service).simulate(id, write, 'current', account);
    if (field === 'status' || field === 'progress') return this.service(service).simulate(id, write, 'fresh', account);
    return this.service(service).simulate(id, { [field]: write[field] }, 'current', account);
  }

  /**
   * Whether the ids the copies hold lead to one another through what the services publish: AniList links its id
   * and MAL's (`idMal`, both ways by look-up); Kitsu finds its id from either through its mappings, when connected;
   * nothing leads from a Kitsu id (or a MangaDex one) to the others.
   */
  private joinable(copies: SeriesView[], observation: Observation): boolean {
    const reach = (ids: CrossIds): Set<string> => {
      const out = new Set(Object.keys(ids).filter((k) => k !== 'mangadex'));
      if (out.has('anilist') || out.has('mal')) {
        out.add('anilist');
        out.add('mal');
        if (observation.connections.kitsu !== null) out.add('kitsu');
      }
      return out;
    };
    const reached = copies.map((c) => reach(c.ids));
    return reached.some((a, i) => reached.some((b, j) => j > i && [...a].some((k) => b.has(k))));
  }

  /** (a) Every linked service stores what it would store for the library's value (refusals shown in the outbox aside). */
  private checkConvergence(library: SeriesView[], observation: Observation, failedFields: (s: ServiceId, id: string) => Set<string>): void {
    for (const key of MANGA_KEYS) {
      const copies = library.filter((s) => s.manga === key && s.entry);
      // Only ids join two entries into one series; the services link A–C to each other, nobody links D.
      if (copies.length > 1 && mangaByKey(key).crossLinked && this.joinable(copies, observation)) {
        this.fail('a', `${key} is ${copies.length} series in the library (${copies.map((s) => JSON.stringify(s.ids)).join(' / ')})`);
      }
    }
    for (const series of library) {
      if (!series.manga || !series.entry || this.split(library, series.manga)) continue;
      for (const { service, account } of this.linked(series, observation)) {
        const stored = observation.services[service].get(series.manga);
        // A refused create (shown as failed in the outbox) leaves nothing there, as it should.
        if (!stored && failedFields(service, series.seriesId).size > 0) continue;
        if (!stored) {
          this.fail('a', `${series.manga} is in the library (progress ${series.entry.progress}) but not on ${service}`);
          continue;
        }
        const write = this.libraryWrite(series, service, failedFields(service, series.seriesId));
        for (const field of Object.keys(write) as EntryField[]) {
          const expected = this.wouldStore(service, series.manga, write, account, field);
          // A count beyond the service's chapter count, which already holds its last chapter (Kitsu, counting the
          // series shorter): as far as it can go, nothing to send and nothing to refuse (the README states it).
          const chapters = mangaByKey(series.manga).chapters[service];
          const atCap = field === 'progress' && chapters !== null && Math.floor(series.entry.progress) > chapters && Math.floor(stored.progress) === chapters;
          if (!expected.ok && atCap) continue;
          if (!expected.ok) {
            this.fail('a', `${series.manga} ${field}: ${service} refuses the library's values (${expected.message}) and no failed change in the outbox shows it`);
            continue;
          }
          // Holding the library's value itself is fine too (finer than what a write would store: no write needed).
          if (!sameIn(field, expected.fields[field], stored[field]) && !sameIn(field, series.entry[field], stored[field]) && !this.shownAlike(service, field, series.entry[field], stored[field])) {
            this.fail('a', `${series.manga} ${field}: library ${show(series.entry[field])} → ${service} should hold ${show(expected.fields[field])}, holds ${show(stored[field])}`);
          }
        }
      }
    }
  }

  /** (d) Per field, the latest edit's value is what the library holds and what each linked service stores for it. */
  private checkLatestEditWins(library: SeriesView[], observation: Observation, failedFields: (s: ServiceId, id: string) => Set<string>): void {
    for (const key of MANGA_KEYS) {
      if (this.split(library, key)) continue;
      for (const field of ENTRY_FIELDS) {
        const truth = this.truth(key, field);
        if (!truth || truth.unsure) continue;
        const { edit } = truth;
        if (edit.side !== 'library' && observation.connections[edit.side] !== edit.account) continue;
        const origin = `latest edit ${show(edit.value)} (${edit.kind} on ${edit.side}, stamp ${new Date(edit.stamp).toISOString()})`;
        for (const series of library) {
          if (series.manga !== key || !series.entry) continue;
          // A score made on a coarse scale (Kitsu's faces, AniList's smileys) that the library's finer one already
          // shows there carried nothing new: the library keeps its finer value (rule 3, no oscillation).
          // The same score set on a coarser list (or one that list shows alike: 50 and 60 are three of five stars),
          // stamped no earlier than the latest edit as far as the stamps can tell (whole seconds, skewed clocks): that
          // list's form of it may win (the limit the README states).
          const held = series.entry[field];
          const tiedCoarser = field === 'score' && this.edits.some((e) =>
            e.manga === key && e.field === 'score' && e.side !== 'library' && e.side !== edit.side && edit.stamp - e.stamp <= STAMP_MARGIN_MS &&
            (this.sameOn(e.side, field, e.value, edit.value) || this.shownAlike(e.side, field, e.value, edit.value)) && this.sameOn(e.side, field, held, e.value) &&
            sameIn(field, observation.services[e.side].get(key)?.score ?? null, held));
          // A chapter count another device set on a list that keeps whole chapters (AniList, MyAnimeList, Kitsu), where
          // the library's finer count (5.5) is what that list shows (5): the list's value is no news to the engine,
          // which cannot tell a lowering to 5 from the same count.
          const wholeThere = field === 'progress' && edit.kind === 'remote' && edit.side !== 'library' && this.sameOn(edit.side, field, held, edit.value);
          const alike =
            tiedCoarser || wholeThere ||
            (field === 'score' && edit.side !== 'library' && (this.sameOn(edit.side, field, series.entry[field], edit.value) || this.shownAlike(edit.side, field, series.entry[field], edit.value)));
          if (!sameIn(field, series.entry[field], edit.value) && !alike) this.fail('d', `${key} ${field}: library holds ${show(series.entry[field])}, ${origin}`);
          // Kept finer in the library, the services follow the library's value: (a) checks that.
          if (alike && !sameIn(field, series.entry[field], edit.value)) continue;
          for (const { service, account } of this.linked(series, observation)) {
            if (!this.world.syncedFields(service).includes(field) || failedFields(service, series.seriesId).has(field)) continue;
            if (field === 'progressVolumes' && edit.value === null) continue;
            if (this.completedAtCount(series, service, field)) continue;
            const stored = observation.services[service].get(key);
            if (!stored) continue;
            const write = { ...this.libraryWrite(series, service, failedFields(service, series.seriesId)), [field]: edit.value };
            const expected = this.wouldStore(service, key, write, account, field);
            if (expected.ok && !sameIn(field, expected.fields[field], stored[field]) && !sameIn(field, edit.value, stored[field]) && !this.shownAlike(service, field, edit.value, stored[field])) {
              this.fail('d', `${key} ${field}: ${service} holds ${show(stored[field])}, should hold ${show(expected.fields[field])} for the ${origin}`);
            }
          }
        }
      }
    }
  }

  /** (dlog) Of two concurrent edits of a field that the stamps order, the earlier one's value is logged as lost. */
  private async checkLosersLogged(library: SeriesView[]): Promise<void> {
    if (!this.checks.has('dlog')) return;
    const conflicts = await this.world.conflicts();
    const connections = await this.world.connections();
    const seriesOf = (key: MangaKey) => new Set(library.filter((s) => s.manga === key).map((s) => s.seriesId));
    const known = new Set(library.map((s) => s.seriesId));
    for (const edit of this.edits) {
      for (const loser of this.competitors(edit)) {
        if (loser.unsure || edit.stamp - this.effectiveStamp(loser) <= STAMP_MARGIN_MS) continue;
        if (edit.metBeside?.includes(loser.side as ServiceId)) continue;
        // A read is not concurrent with what the services hold: the engine must look there before writing (rule 2).
        if (edit.kind === 'read' && loser.side !== 'library') continue;
        // A chapter read is not lost to further progress: those chapters are in it.
        const counted = edit.field === 'progress' || edit.field === 'progressVolumes';
        if (loser.kind === 'read' && counted && Math.floor(Number(edit.value)) >= Math.floor(Number(loser.value))) continue;
        // Nor is another device's reading on (its count moving forward) lost to a count at least as far.
        // (Forward from what the engine last saw there: a count moved on and partly back before it looked is a move on.)
        const readOn = loser.kind === 'remote' && counted && Math.floor(Number(loser.value)) > Math.floor(Number(this.beforeSeen(loser) ?? 0));
        if (readOn && Math.floor(Number(edit.value)) >= Math.floor(Number(loser.value))) continue;
        // Nor is a further count lost to a smaller one on an entry added since: the two meet as lists first joined,
        // where the further count is kept (no chapter read on either is lost) and the smaller is what is logged.
        if (counted && edit.kind === 'remote' && edit.before === null && Math.floor(Number(loser.value)) > Math.floor(Number(edit.value))) continue;
        // Nor is a smaller count a later read saw there and went past (a read only moves forward, rule 2).
        const passed = (d: Edit) => d.kind === 'read' && d.seq > loser.seq && (d.seen ?? []).includes(loser.side as ServiceId) && Math.floor(Number(d.value)) >= Math.floor(Number(loser.value));
        const passedAct = (a: (typeof this.libraryActs)[number]) =>
          a.read !== undefined && a.manga === edit.manga && a.field === edit.field && a.seq > loser.seq && a.read.seen.includes(loser.side as ServiceId) && Math.floor(a.read.value) >= Math.floor(Number(loser.value));
        if (counted && loser.side !== 'library' && (this.edits.some((d) => d.manga === edit.manga && d.field === edit.field && passed(d)) || this.libraryActs.some(passedAct))) continue;
        // Nor is a count moving on that a further one made clearly later on another list passed before the edit (two
        // readers going on: the further holds its chapters): what the edit replaced was that one.
        const passedLater = (d: Edit) =>
          d.manga === edit.manga && d.field === edit.field && d.seq > loser.seq && d.seq < edit.seq && d.side !== loser.side && !d.unsure &&
          Math.floor(Number(d.value)) >= Math.floor(Number(loser.value)) && this.effectiveStamp(d) - this.effectiveStamp(loser) > STAMP_MARGIN_MS;
        if (counted && (readOn || loser.kind === 'read') && this.edits.some(passedLater)) continue;
        // …or that the library passed before the edit, whatever the clocks (a further count elsewhere won it: two
        // readers going on, the further one holds the other's chapters). An edit anywhere that lowers the count after
        // that replaced the library's further count, which held the loser's chapters: the loser was not its to lose.
        const passedHere = () => this.libraryCounts.some((c) => c.manga === edit.manga && c.seq >= loser.seq && c.seq < edit.seq && Math.floor(c.progress) >= Math.floor(Number(loser.value)));
        if (edit.field === 'progress' && (readOn || loser.kind === 'read') && passedHere()) continue;
        // The library held the loser's value and the user's own act there replaced it (a read, an edit) before the
        // engine took `edit`: superseded there, it never met `edit` in a merge.
        const replacedHere = (d: { manga: MangaKey; field: EntryField; seq: number; before: unknown }) =>
          d.manga === edit.manga && d.field === edit.field && d.seq > loser.seq && d.seq > edit.seq && this.sameOn('library', edit.field, loser.value, d.before);
        // (An act beside a sync may have been saved over what the lists that sync read brought in meanwhile.)
        const besideHere = (d: Edit) => d.manga === edit.manga && d.field === edit.field && d.seq > loser.seq && d.metBeside?.includes(loser.side as ServiceId) === true;
        if (this.edits.some((d) => d.side === 'library' && (replacedHere(d) || besideHere(d))) || this.libraryActs.some(replacedHere)) continue;
        // A score a service held in the same form as the later edit's (its scale then could not tell them apart): the
        // engine met no difference, so nothing was lost then; a later change of that scale is no edit of the score.
        if (edit.tiedOn?.includes(loser.side as ServiceId) && sameIn(edit.field, edit.held?.[loser.side], loser.value)) continue;
        // A score the edit's own list already held (in its form, on its scale then): replaced there, not concurrent.
        if (edit.replacesHeld?.includes(loser.seq)) continue;
        // The loser still won (a value overwritten by an older one): (d) reports that; here only the log counts.
        const holders = library.filter((s) => s.manga === edit.manga && s.entry);
        // Another device's reading on, or a chapter read here, is in a count the library reached since, whatever edit
        // came between.
        if ((readOn || (loser.kind === 'read' && counted)) && holders.length > 0 && holders.every((s) => Math.floor(Number(s.entry?.[edit.field] ?? 0)) >= Math.floor(Number(loser.value)))) continue;
        // (A score the library holds finer, which the loser's own list shows as the loser's value, lost nothing there.)
        const stillShown = (s: SeriesView) => edit.field === 'score' && loser.side !== 'library' && this.sameOn(loser.side, edit.field, s.entry?.[edit.field], loser.value);
        if (holders.length !== 1 || holders.some((s) => s.entry && (this.sameOn('library', edit.field, s.entry[edit.field], loser.value) || stillShown(s)))) continue;
        // Nor is a value lost to one that was itself replaced since: the loser's pair with what replaced it is checked
        // instead (a later edit on the winner's side followed it; one elsewhere competes with the loser too).
        const winnerHeld = holders.some((s) => s.entry && (this.sameOn('library', edit.field, s.entry[edit.field], edit.value) || this.sameOn(edit.side, edit.field, s.entry[edit.field], edit.value)));
        if (!winnerHeld && this.edits.some((d) => d.manga === edit.manga && d.field === edit.field && d.seq > edit.seq && d.side !== loser.side)) continue;
        // Nor when a later edit on a third list replaced the loser's value there (with the winner's, or any other):
        // the loser was agreed there and changed on that list alone, which is no conflict (the later edit is what it
        // lost to; that edit's pair with the winner is checked on its own).
        const replacedThere = (d: Edit) =>
          d.manga === edit.manga && d.field === edit.field && d.seq > edit.seq && d.side !== edit.side && d.side !== loser.side && d.side !== 'library' &&
          this.sameOn(d.side, edit.field, d.before, loser.value);
        if (this.edits.some(replacedThere)) continue;
        // …or on the winner's own list, once it held the loser's value: the loser reached it after `edit` (a list met
        // afresh, then given the loser's value by a sync), so it lost nothing to `edit`; the later edit there replaced
        // it knowingly.
        const replacedOnWinnerSide = (d: Edit) =>
          d.manga === edit.manga && d.field === edit.field && d.seq > edit.seq && d.side === edit.side && d.side !== 'library' && this.sameOn(d.side, edit.field, d.before, loser.value);
        if (this.edits.some(replacedOnWinnerSide)) continue;
        // …or on the loser's own list, by a later edit there made before the engine had looked at the winner's: the
        // two never met in a merge; that later edit met the winner (and is checked on its own).
        // (In the library, by an act whose command the engine looked at the winner's list in at the earliest: the act
        // is saved before that command's looks — an edit's own, a sync's beside it — so it replaced the loser first.)
        const replacedOnLoserSide = (d: Edit) =>
          d.manga === edit.manga && d.field === edit.field && d.seq > edit.seq && d.side === loser.side && edit.side !== 'library' &&
          (loser.side !== 'library'
            ? // (A look at the winner's list while the two lists were linked to different series of the manga — not yet
              // joined as the change on the loser's list came — met nothing of the loser's either.)
              !this.lookedBetween(edit.side, edit.manga, edit.madeAt, d.madeAt) || this.apartAt(edit.manga, edit.side, loser.side, d.madeAt)
            : d.madeAt !== undefined && this.sameOn('library', edit.field, d.before, loser.value) && !this.lookedBetween(edit.side, edit.manga, edit.madeAt, d.madeAt - 1));
        if (this.edits.some(replacedOnLoserSide)) continue;
        if (loser.side !== 'library' && this.service(loser.side).account !== loser.account) continue;
        // Made on a service the extension is not connected to (with that account): it never saw the edit, which won or
        // lost nothing.
        if (loser.side !== 'library' && connections[loser.side] !== loser.account) continue;
        if (edit.side !== 'library' && connections[edit.side] !== edit.account) continue;
        if (edit.side !== 'library' && this.service(edit.side).account !== edit.account) continue;
        const ids = seriesOf(edit.manga);
        const logged = conflicts.some(
          (c) => c.field === edit.field && (ids.has(c.seriesId) || !known.has(c.seriesId)) && (same(c.lost, loser.value) || this.sameOn(loser.side, edit.field, c.lost, loser.value)),
        );
        if (!logged) {
          this.fail('dlog', `${edit.manga} ${edit.field}: ${show(loser.value)} (${loser.kind} on ${loser.side}) lost to ${show(edit.value)} (${edit.kind} on ${edit.side}) but the sync log has no conflict recording it`);
        }
      }
    }
  }

  /** (e) Only refusals stay in the outbox, and each is one the service really refuses (not collateral of a batch). */
  private checkOutbox(observation: Observation, outbox: Awaited<ReturnType<World['outbox']>>): void {
    for (const item of outbox) {
      const key = this.mangaOf(item.seriesId);
      if (observation.connections[item.service] === null) continue;
      if (item.state !== 'failed') {
        this.fail('e', `${key}: change of ${item.fields.join(', ')} to ${item.service} still ${item.state} after the quiet period (${item.lastError ?? 'never tried'})`);
        continue;
      }
      // An injected 400 is a refusal like any other; a refusal naming another entry's field is not this item's.
      if (item.lastError?.includes('Bad Request')) continue;
      const refused = item.refused ?? {};
      const alone = this.service(item.service).simulate(item.mediaId, refused, 'current', observation.connections[item.service] ?? undefined);
      if (alone.ok) this.fail('e', `${key}: change ${show(refused)} to ${item.service} shown as refused (${item.lastError ?? ''}) but ${item.service} accepts it`);
    }
  }

  /** (b) One more runSync() with nothing changed makes zero write calls. */
  private async checkIdempotence(): Promise<void> {
    const marks = SERVICE_IDS.map((s) => this.service(s).log.length);
    const outcome = await this.world.runSyncOnce();
    if (outcome.kind === 'error') this.fail('f', `runSync() threw ${describe(outcome.error)}`);
    SERVICE_IDS.forEach((service, i) => {
      const writes = this.service(service).log.slice(marks[i]).filter((r) => r.kind === 'write');
      if (writes.length > 0) {
        const what = writes.map((w) => `${w.method}→${w.outcome} ${JSON.stringify(w.writes?.map((x) => ({ ...x, ...(x.notes ? { notes: `${x.notes.length} chars` } : {}) })))}`).join('; ');
        this.fail('b', `a sync with nothing changed made ${writes.length} write call(s) to ${service}: ${what}`);
      }
    });
  }
}

/** MODEL_TRACE=1 prints each command and the state after it (for replays). */
const TRACE = Boolean(process.env.MODEL_TRACE);

/** What each side held of a field of a manga in an observation (the library: its first series of it). */
function heldBy(o: Observation, key: MangaKey, field: EntryField): Partial<Record<Side, unknown>> {
  const held: Partial<Record<Side, unknown>> = { library: o.library.find((s) => s.manga === key && s.entry)?.entry?.[field] ?? null };
  // (A service without the entry holds nothing, not an empty value: it is left out.)
  for (const service of SERVICE_IDS) {
    const view = o.services[service].get(key);
    if (view) held[service] = view[field] ?? null;
  }
  return held;
}

function table(o: Observation): string {
  const cell = (v: Partial<EntryFields> | null | undefined) =>
    v ? `${v.status ?? '?'} ${v.progress ?? '?'} s${show(v.score)} v${show(v.progressVolumes)} r${v.rereads ?? '?'} ${v.startedAt ? 'S' : '-'}${v.completedAt ? 'C' : '-'}${v.private ? 'P' : ''}` : '—';
  return MANGA_KEYS.map((key) => {
    const lib = o.library.filter((s) => s.manga === key).map((s) => cell(s.entry)).join(' | ') || '—';
    return `  ${key}: library ${lib}; ${SERVICE_IDS.map((s) => `${s}[${o.accounts[s]}${o.connections[s] ? '' : ' off'}] ${cell(o.services[s].get(key))}`).join('; ')}`;
  }).join('\n');
}

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
