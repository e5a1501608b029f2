/**
 * The commands of a history (fast-check `fc.commands`): what the user does in the extension, what another device
 * does on a service, what the network and the browser do. Every command may be cut short by the worker dying.
 * Values are drawn so they hit the interesting edges: a manga's last chapter (20, 300, Kitsu's 327), decimal
 * chapters, limits of AniList (notes 6000, repeat 1000) and Kitsu (progress beyond its count), cleared dates.
 */
import fc from 'fast-check';
import { SERVICE_IDS, STATUSES, type CalendarDate, type EntryFields, type ServiceId } from '../../lib/model';
import { SCALES } from '../../lib/trackers/score';
import type { Harness } from './invariants';
import { FAILURE_KINDS, MANGA_KEYS, type FailureKind, type MangaKey } from './services';
import type { BesideSync, HistoryParams, PageIds } from './world';

export type Model = Record<string, never>;
export type ModelCommand = fc.AsyncCommand<Model, Harness>;

/** Long strings print as their length, so a counterexample stays readable. */
function brief(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => (typeof v === 'string' && v.length > 24 ? `${v[0] ?? ''}×${v.length}` : v));
}

abstract class Command implements ModelCommand {
  check(): boolean {
    return true;
  }
  abstract run(model: Model, harness: Harness): Promise<void>;
  abstract toString(): string;
}

const during = (beside: BesideSync | undefined) => (beside ? ` during ${beside.full ? 'FullResync' : 'Sync'}@${beside.afterSteps}` : '');

export class LocalEdit extends Command {
  constructor(readonly manga: MangaKey, readonly changes: Partial<EntryFields>, readonly beside?: BesideSync) {
    super();
  }
  run(_m: Model, h: Harness) {
    return h.localEdit(this.manga, this.changes, this.beside);
  }
  toString() {
    return `LocalEdit(${this.manga}, ${brief(this.changes)})${during(this.beside)}`;
  }
}

type Chapter = { rel: number } | { abs: number };
const chapterText = (c: Chapter) => ('rel' in c ? `progress${c.rel >= 0 ? '+' : ''}${c.rel}` : String(c.abs));

export class Read extends Command {
  constructor(readonly manga: MangaKey, readonly chapter: Chapter, readonly ids: PageIds, readonly manual: boolean, readonly beside?: BesideSync) {
    super();
  }
  run(_m: Model, h: Harness) {
    return h.read(this.manga, this.chapter, this.ids, this.manual, this.beside);
  }
  toString() {
    return `${this.manual ? 'ManualRead' : 'AutoRead'}(${this.manga}, ${chapterText(this.chapter)}${this.ids === 'all' ? '' : `, ids:${this.ids}`})${during(this.beside)}`;
  }
}

export class Undo extends Command {
  constructor(readonly manga: MangaKey) {
    super();
  }
  run(_m: Model, h: Harness) {
    return h.undo(this.manga);
  }
  toString() {
    return `Undo(${this.manga})`;
  }
}

export class Remote extends Command {
  constructor(readonly service: ServiceId, readonly manga: MangaKey, readonly op: 'edit' | 'add' | 'delete', readonly changes: Partial<EntryFields>) {
    super();
  }
  run(_m: Model, h: Harness) {
    return h.remote(this.service, this.manga, this.op, this.changes);
  }
  toString() {
    const name = { edit: 'RemoteEdit', add: 'RemoteAdd', delete: 'RemoteDelete' }[this.op];
    return `${name}(${this.service}, ${this.manga}${this.op === 'delete' ? '' : `, ${brief(this.changes)}`})`;
  }
}

export class FailureBurst extends Command {
  constructor(readonly service: ServiceId, readonly kind: FailureKind, readonly count: number, readonly retryAfterMs: number) {
    super();
  }
  run(_m: Model, h: Harness) {
    h.failures(this.service, this.kind, this.count, this.retryAfterMs);
    return Promise.resolve();
  }
  toString() {
    return `FailureBurst(${this.service}, ${this.kind}${this.kind === 'rateLimited' ? `/${this.retryAfterMs}ms` : ''}, ${this.count})`;
  }
}

export class Kill extends Command {
  constructor(readonly step: number, readonly afterAnswer: boolean) {
    super();
  }
  run(_m: Model, h: Harness) {
    h.kill(this.step, this.afterAnswer);
    return Promise.resolve();
  }
  toString() {
    return `Kill(${this.step}${this.afterAnswer ? ', after answer' : ''})`;
  }
}

export class Sync extends Command {
  /** `amidMs`: the worker's timers run this long during the sync (a retry due meanwhile sends beside it). */
  constructor(readonly full: boolean, readonly amidMs = 0) {
    super();
  }
  run(_m: Model, h: Harness) {
    return this.amidMs > 0 ? h.syncAmid(this.full, this.amidMs) : h.sync(this.full);
  }
  toString() {
    const name = this.full ? 'FullResync' : 'Sync';
    return this.amidMs > 0 ? `${name}(amid ${this.amidMs} ms)` : name;
  }
}

export class Connection extends Command {
  constructor(readonly service: ServiceId, readonly op: 'disconnect' | 'reconnect' | 'otherAccount') {
    super();
  }
  run(_m: Model, h: Harness) {
    return this.op === 'disconnect' ? h.disconnect(this.service) : h.reconnect(this.service, this.op === 'otherAccount');
  }
  toString() {
    return this.op === 'disconnect' ? `Disconnect(${this.service})` : `Reconnect(${this.service}${this.op === 'otherAccount' ? ', other account' : ''})`;
  }
}

export class AdvanceClock extends Command {
  constructor(readonly ms: number) {
    super();
  }
  run(_m: Model, h: Harness) {
    return h.advance(this.ms);
  }
  toString() {
    return `AdvanceClock(${this.ms >= 60_000 ? `${Math.round(this.ms / 6000) / 10} min` : `${Math.round(this.ms / 100) / 10} s`})`;
  }
}

class ScoreSetting extends Command {
  constructor(readonly service: 'anilist' | 'kitsu', readonly setting: string) {
    super();
  }
  run(_m: Model, h: Harness) {
    return h.changeScoreSetting(this.service, this.setting);
  }
  toString() {
    return `ScoreSetting(${this.service}, ${this.setting})`;
  }
}

// --- values ----------------------------------------------------------------------------------------------------

const manga = fc.constantFrom(...MANGA_KEYS);
const service = fc.constantFrom(...SERVICE_IDS);
const date: fc.Arbitrary<CalendarDate | null> = fc.option(
  fc.record({
    year: fc.integer({ min: 2019, max: 2026 }),
    month: fc.option(fc.integer({ min: 1, max: 12 }), { nil: null, freq: 6 }),
    day: fc.option(fc.integer({ min: 1, max: 28 }), { nil: null, freq: 5 }),
  }),
  { nil: null, freq: 3 },
);
const progress = fc.oneof(
  { weight: 6, arbitrary: fc.integer({ min: 0, max: 30 }) },
  { weight: 2, arbitrary: fc.constantFrom(299, 300, 301, 326, 327, 328, 60) },
  { weight: 1, arbitrary: fc.integer({ min: 0, max: 30 }).map((n) => n + 0.5) },
);
const score = fc.option(fc.integer({ min: 0, max: 100 }), { nil: null, freq: 5 });
const rereads = (max: number) => fc.oneof({ weight: 5, arbitrary: fc.integer({ min: 0, max: 3 }) }, { weight: 1, arbitrary: fc.integer({ min: 990, max }) });
/** The Library editor allows notes up to 6000 characters; MAL and Kitsu take longer ones (AniList refuses them). */
const notes = (max: number) =>
  fc.oneof({ weight: 4, arbitrary: fc.constantFrom('', 'good so far', 'reread the arc') }, { weight: 1, arbitrary: fc.constantFrom(6000, max).map((n) => 'x'.repeat(n)) });

const nonEmpty = <T extends object>(arb: fc.Arbitrary<T>) => arb.filter((v) => Object.keys(v).length > 0);

/** A Library editor edit: any subset of fields, each a value the editor accepts (progress may go down). */
const localChanges: fc.Arbitrary<Partial<EntryFields>> = nonEmpty(
  fc.record(
    {
      status: fc.constantFrom(...STATUSES),
      progress,
      progressVolumes: fc.option(fc.integer({ min: 0, max: 35 }), { nil: null, freq: 4 }),
      score,
      startedAt: date,
      completedAt: date,
      rereads: rereads(1000),
      notes: notes(6000),
      private: fc.boolean(),
    },
    { requiredKeys: [] },
  ),
);

/** What another device's app or website writes (the service applies its own rules and refusals). */
const remoteChanges: fc.Arbitrary<Partial<EntryFields>> = nonEmpty(
  fc.record(
    {
      status: fc.constantFrom(...STATUSES),
      progress,
      progressVolumes: fc.integer({ min: 0, max: 35 }),
      score,
      startedAt: date,
      completedAt: date,
      rereads: rereads(1200),
      notes: notes(6001),
      private: fc.boolean(),
    },
    { requiredKeys: [] },
  ),
);

const chapter: fc.Arbitrary<Chapter> = fc.oneof(
  { weight: 5, arbitrary: fc.integer({ min: -3, max: 12 }).map((rel) => ({ rel })) },
  { weight: 1, arbitrary: fc.constantFrom(1, 20, 300, 327).map((abs) => ({ abs })) },
);
const pageIds = fc.constantFrom<PageIds>('all', 'all', 'all', 'anilist', 'mal', 'kitsu');

/** A sync the act runs beside, and how far it has gone when the act starts (worker steps: early, in its pulls, later). */
const besideSync: fc.Arbitrary<BesideSync> = fc.record({
  full: fc.boolean(),
  afterSteps: fc.oneof(fc.integer({ min: 1, max: 12 }), fc.integer({ min: 13, max: 80 })),
});

const clockStep = fc.oneof(
  fc.integer({ min: 1_000, max: 60_000 }),
  fc.integer({ min: 60_000, max: 10 * 60_000 }),
  fc.integer({ min: 10 * 60_000, max: 2 * 3_600_000 }),
);

/** Each command kind by name (MODEL_COMMANDS picks some), with its weight in a history. */
export const COMMANDS: Record<string, { weight: number; arbitrary: fc.Arbitrary<ModelCommand> }> = {
  LocalEdit: { weight: 3, arbitrary: fc.tuple(manga, localChanges).map(([m, c]) => new LocalEdit(m, c)) },
  AutoRead: { weight: 4, arbitrary: fc.tuple(manga, chapter, pageIds).map(([m, c, ids]) => new Read(m, c, ids, false)) },
  ManualRead: { weight: 1, arbitrary: fc.tuple(manga, chapter, pageIds).map(([m, c, ids]) => new Read(m, c, ids, true)) },
  Undo: { weight: 1, arbitrary: manga.map((m) => new Undo(m)) },
  RemoteEdit: { weight: 3, arbitrary: fc.tuple(service, manga, remoteChanges).map(([s, m, c]) => new Remote(s, m, 'edit', c)) },
  // Adding a manga on a service's site always sets a status.
  RemoteAdd: {
    weight: 2,
    arbitrary: fc.tuple(service, manga, remoteChanges, fc.constantFrom(...STATUSES)).map(([s, m, c, status]) => new Remote(s, m, 'add', { status, ...c })),
  },
  RemoteDelete: { weight: 1, arbitrary: fc.tuple(service, manga).map(([s, m]) => new Remote(s, m, 'delete', {})) },
  FailureBurst: {
    weight: 2,
    arbitrary: fc
      .tuple(service, fc.constantFrom(...FAILURE_KINDS), fc.integer({ min: 1, max: 5 }), fc.integer({ min: 1_000, max: 60_000 }))
      .map(([s, kind, n, retry]) => new FailureBurst(s, kind, n, retry)),
  },
  Kill: {
    weight: 2,
    arbitrary: fc
      .tuple(fc.oneof({ weight: 3, arbitrary: fc.integer({ min: 1, max: 40 }) }, { weight: 1, arbitrary: fc.integer({ min: 41, max: 300 }) }), fc.boolean())
      .map(([k, after]) => new Kill(k, after)),
  },
  Sync: { weight: 3, arbitrary: fc.constant(new Sync(false)) },
  FullResync: { weight: 1, arbitrary: fc.constant(new Sync(true)) },
  // The user reads or edits while a sync runs (one series is synced or edited at a time: nothing is lost to it).
  AutoReadDuringSync: { weight: 1, arbitrary: fc.tuple(manga, chapter, pageIds, besideSync).map(([m, c, ids, b]) => new Read(m, c, ids, false, b)) },
  LocalEditDuringSync: { weight: 1, arbitrary: fc.tuple(manga, localChanges, besideSync).map(([m, c, b]) => new LocalEdit(m, c, b)) },
  // A sync while the retry timer or the countdown comes due: both send beside the sync's own pull and flush.
  SyncAmidTimers: { weight: 1, arbitrary: fc.tuple(fc.boolean(), fc.integer({ min: 500, max: 6_000 })).map(([full, ms]) => new Sync(full, ms)) },
  Disconnect: { weight: 1, arbitrary: service.map((s) => new Connection(s, 'disconnect')) },
  Reconnect: {
    weight: 1,
    arbitrary: fc.tuple(service, fc.boolean()).map(([s, other]) => new Connection(s, other ? 'otherAccount' : 'reconnect')),
  },
  AdvanceClock: { weight: 3, arbitrary: clockStep.map((ms) => new AdvanceClock(ms)) },
  ScoreSetting: {
    weight: 1,
    arbitrary: fc.oneof(
      fc.constantFrom(...Object.keys(SCALES.anilist)).map((f) => new ScoreSetting('anilist', f)),
      fc.constantFrom(...Object.keys(SCALES.kitsu)).map((f) => new ScoreSetting('kitsu', f)),
    ),
  },
};

/** The command arbitrary of a history: the kinds named in `only` (all when empty), weighted. */
export function historyCommands(only: readonly string[], maxCommands: number, replayPath?: string) {
  const chosen = Object.entries(COMMANDS).filter(([name]) => only.length === 0 || only.includes(name));
  if (chosen.length === 0) throw new Error(`MODEL_COMMANDS names no command; known: ${Object.keys(COMMANDS).join(', ')}`);
  const weighted = chosen.flatMap(([, c]) => Array.from({ length: c.weight }, () => c.arbitrary));
  return fc.commands(weighted, { maxCommands, size: 'max', ...(replayPath ? { replayPath } : {}) });
}

const offset = fc.oneof({ weight: 1, arbitrary: fc.constant(0) }, { weight: 2, arbitrary: fc.integer({ min: -300_000, max: 300_000 }) });

/** The settings of one history: clock skews, score settings, MAL's chapter cap hypothesis, the countdown. */
export const historyParams: fc.Arbitrary<HistoryParams & { randomSeed: number }> = fc.record({
  offsets: fc.record({ anilist: offset, mal: offset, kitsu: offset }),
  anilistFormat: fc.constantFrom('POINT_100', 'POINT_10_DECIMAL', 'POINT_10', 'POINT_5', 'POINT_3'),
  kitsuSystem: fc.constantFrom('simple', 'regular', 'advanced'),
  malCapsChapters: fc.boolean(),
  countdownSeconds: fc.constantFrom(0 as const, 5 as const),
  randomSeed: fc.integer(),
});
