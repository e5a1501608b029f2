/**
 * In-memory AniList, MyAnimeList and Kitsu for the model-based test of the sync core. Each implements the
 * `Tracker` contract directly (no HTTP) and stores what the real service stores (API-FACTS.md), in its own units:
 * AniList scores in the user's format and all-or-nothing batches, MyAnimeList's 0–10 scores and no private flag,
 * Kitsu's server rules (tests/fakes/kitsu/rules.ts). Every service has its own clock (skewed against the library's),
 * a request log, a queue of injected failures and "another device" operations that stamp the service's own
 * updatedAt. A call resolves to a CallResult and never throws — except `Killed`, when the worker making it died.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { CalendarDate, CrossIds, EntryField, EntryFields, ServiceId } from '../../lib/model';
import { fromKitsuDate, fromKitsuStatus, fromRatingTwenty, toAttributes } from '../../lib/trackers/kitsu/mapping';
import { ratingSystemOf } from '../../lib/trackers/kitsu/mapping';
import { fromScale, SCALES, toScale, type AniListScoreFormat, type KitsuRatingSystem, type ScoreScale } from '../../lib/trackers/score';
import type { CallResult, EntryWrite, MangaCandidate, RemoteEntry, RemoteMedia, Tracker, TrackerCapabilities, Viewer } from '../../lib/trackers/tracker';
import { beforeSave, validate } from '../fakes/kitsu/rules';
import type { KitsuManga } from '../fakes/kitsu/seed';
import { kitsuTime, type KitsuEntry } from '../fakes/kitsu/store';

/** Thrown by every call the worker makes after it died (and by the call it died in). */
export class Killed extends Error {
  override name = 'Killed';
  constructor() {
    super('the service worker was stopped');
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Catalogue: four manga known to all three services.
// ---------------------------------------------------------------------------------------------------------------

export const MANGA_KEYS = ['A', 'B', 'C', 'D'] as const;
export type MangaKey = (typeof MANGA_KEYS)[number];

export interface CatalogueManga {
  key: MangaKey;
  title: string;
  ids: { anilist: number; mal: number; kitsu: string; mangadex: string };
  /** Chapter and volume counts as each service states them (null = unknown; MAL's 0 is read as unknown). */
  chapters: Record<ServiceId, number | null>;
  volumes: Record<ServiceId, number | null>;
  /** AniList records the MAL id (idMal) and Kitsu has mappings to AniList and MAL. */
  crossLinked: boolean;
}

export const CATALOGUE: readonly CatalogueManga[] = [
  {
    key: 'A', title: 'Ongoing Story', ids: { anilist: 101, mal: 201, kitsu: '301', mangadex: 'md-a' },
    chapters: { anilist: null, mal: null, kitsu: null }, volumes: { anilist: null, mal: null, kitsu: null }, crossLinked: true,
  },
  {
    // The counts differ: AniList and MAL say 300, Kitsu 327 (API-FACTS §C: Kitsu fills progress to its own count).
    key: 'B', title: 'Long Saga', ids: { anilist: 102, mal: 202, kitsu: '302', mangadex: 'md-b' },
    chapters: { anilist: 300, mal: 300, kitsu: 327 }, volumes: { anilist: 30, mal: 30, kitsu: 32 }, crossLinked: true,
  },
  {
    key: 'C', title: 'Short Tale', ids: { anilist: 103, mal: 203, kitsu: '303', mangadex: 'md-c' },
    chapters: { anilist: 20, mal: 20, kitsu: 20 }, volumes: { anilist: 4, mal: 4, kitsu: 4 }, crossLinked: true,
  },
  {
    // Nobody links it to the others: only a page offering every id joins its three entries.
    key: 'D', title: 'Obscure One', ids: { anilist: 104, mal: 204, kitsu: '304', mangadex: 'md-d' },
    chapters: { anilist: null, mal: null, kitsu: 60 }, volumes: { anilist: null, mal: null, kitsu: null }, crossLinked: false,
  },
];

export const mangaByKey = (key: MangaKey): CatalogueManga => CATALOGUE.find((m) => m.key === key) ?? CATALOGUE[0]!;

/** The catalogue manga a service media id names. */
export function mangaByMediaId(service: ServiceId, mediaId: string): CatalogueManga | undefined {
  return CATALOGUE.find((m) => String(m.ids[service]) === mediaId);
}

// ---------------------------------------------------------------------------------------------------------------
// Shared base: clock, accounts, failures, request log, the Tracker face.
// ---------------------------------------------------------------------------------------------------------------

export const FAILURE_KINDS = ['transient', 'rateLimited', 'auth', 'permanent', 'lostAnswer'] as const;

/** The account an anonymous client asks as: no list of its own, never signed out. */
export const PUBLIC_ACCOUNT = 'public';
export type FailureKind = (typeof FAILURE_KINDS)[number];
export interface Failure {
  kind: FailureKind;
  /** rateLimited only. */
  retryAfterMs: number;
}

export interface LoggedRequest {
  method: Exclude<keyof Tracker, 'id' | 'capabilities'>;
  kind: 'read' | 'write';
  /** The library's clock when the call arrived. */
  at: number;
  account: string;
  outcome: CallResult<unknown>['kind'] | 'killed';
  writes?: EntryWrite[];
  /** getEntry: the entry asked for. */
  mediaId?: string;
  /** Which of two operations run at once made the call ('sync': the sync another act ran beside). */
  origin?: string;
}

/** The operation a call is made for, where two run at once (a read during a sync): what each looked at. */
export const callOrigin = new AsyncLocalStorage<string>();

/** Per call, whether the worker making it lives on, dies before the service sees it, or dies while it is answered. */
export type CallGate = () => 'go' | 'dieBefore' | 'dieAfter';

/** The outcome of storing a write: the canonical entry as now stored, or the service's refusal. */
export type Stored = { ok: true; fields: EntryFields } | { ok: false; message: string };

const sameJson = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** Canonical fields as a tracker write ("volumes unknown" is nothing to write, as the engine's flush has it). */
function toWrite(mediaId: string, fields: Partial<EntryFields>): EntryWrite {
  const { progressVolumes, ...rest } = fields;
  return { ...rest, mediaId, ...(progressVolumes != null ? { progressVolumes } : {}) };
}

export abstract class InMemoryService<E extends { updatedAt: number | string }> {
  abstract readonly id: ServiceId;
  abstract readonly name: string;
  abstract readonly capabilities: TrackerCapabilities;
  readonly log: LoggedRequest[] = [];
  /** The account another device (the user) uses: the one connected last. */
  account = 'acct1';
  private readonly lists = new Map<string, Map<string, E>>();
  private readonly revoked = new Set<string>();
  private failures: Failure[] = [];
  /** The write comes from the extension's client (which converts scores with the setting it read at sign-in). */
  protected asClient = false;
  private nextEntryId = 1;
  /** An entry removed and added again has a new id (AniList's list entry id, Kitsu's library entry id). */
  readonly renewsEntryIds: boolean = true;

  constructor(readonly clockOffsetMs: number, private readonly gate: CallGate) {}

  /** The service's own clock. */
  now(): number {
    return Date.now() + this.clockOffsetMs;
  }

  abstract scoreSetting(): string | null;
  /** Entry in canonical terms, as the tracker would return it. */
  protected abstract toFields(entry: E): EntryFields;
  /** Applies `write` onto `before` (undefined: a new entry) the way the service stores it, or refuses it. */
  protected abstract apply(before: E | undefined, mediaId: string, write: EntryWrite, now: number, entryId: string): { entry: E; changed: boolean } | { refused: string };
  protected abstract mediaCrossIds(manga: CatalogueManga): CrossIds;

  protected everyList(): Iterable<Map<string, E>> {
    return this.lists.values();
  }

  /** A write the service cannot even read (a status it does not know) is a 400, as over HTTP. */
  private applySafely(before: E | undefined, mediaId: string, write: EntryWrite, now: number, entryId: string): { entry: E; changed: boolean } | { refused: string } {
    try {
      return this.apply(before, mediaId, write, now, entryId);
    } catch (error) {
      return { refused: `${this.name}: 400 ${error instanceof Error ? error.message : String(error)}` };
    }
  }

  protected list(account = this.account): Map<string, E> {
    let list = this.lists.get(account);
    if (!list) this.lists.set(account, (list = new Map<string, E>()));
    return list;
  }

  // --- what the harness does ------------------------------------------------------------------------------------

  queueFailures(kind: FailureKind, count: number, retryAfterMs: number): void {
    for (let i = 0; i < count; i++) this.failures.push({ kind, retryAfterMs });
  }

  clearFailures(): void {
    this.failures = [];
  }

  /** The account's token stopped working (an `auth` answer): every call says so until the user signs in again. */
  isRevoked(account = this.account): boolean {
    return this.revoked.has(account);
  }

  /** Signing in (again) to `account`: a fresh token; the account's list is whatever it holds (empty when new). */
  signIn(account: string): void {
    this.account = account;
    this.revoked.delete(account);
    this.list(account);
  }

  /** The user's entry in canonical terms with the service's updatedAt (ms), or null. */
  view(mediaId: string, account = this.account): (EntryFields & { updatedAt: number }) | null {
    const entry = this.list(account).get(mediaId);
    return entry ? { ...this.toFields(entry), updatedAt: this.stamp(entry) } : null;
  }

  mediaIds(account = this.account): string[] {
    return [...this.list(account).keys()];
  }

  /**
   * What the service would store if `write` were saved now onto the entry as it is (`current`) or onto no entry
   * (`fresh`, a create: Kitsu's rules then treat the status as changed). Changes nothing.
   */
  simulate(mediaId: string, fields: Partial<EntryFields>, mode: 'current' | 'fresh', account = this.account): Stored {
    const before = mode === 'current' ? this.list(account).get(mediaId) : undefined;
    this.asClient = true;
    const result = this.applySafely(before, mediaId, toWrite(mediaId, fields), this.now(), 'sim');
    this.asClient = false;
    return 'refused' in result ? { ok: false, message: result.refused } : { ok: true, fields: this.toFields(result.entry) };
  }

  // --- another device -------------------------------------------------------------------------------------------

  /** Another device edits the entry (the service's own rules apply). False when absent or refused. */
  edit(mediaId: string, changes: Partial<EntryFields>): boolean {
    if (!this.list().has(mediaId)) return false;
    return this.store(this.account, toWrite(mediaId, changes)) === null;
  }

  /** Another device adds the manga (or edits it, when it is already there). */
  add(mediaId: string, fields: Partial<EntryFields>): boolean {
    return this.store(this.account, toWrite(mediaId, fields)) === null;
  }

  /** Another device removes the entry. */
  remove(mediaId: string): boolean {
    return this.list().delete(mediaId);
  }

  // --- storage --------------------------------------------------------------------------------------------------

  protected abstract stamp(entry: E): number;

  /** Validates and stores one write; null when stored, else the refusal. */
  protected store(account: string, write: EntryWrite): string | null {
    const check = this.prepare(account, write);
    if ('refused' in check) return check.refused;
    this.list(account).set(write.mediaId, check.entry);
    return null;
  }

  private prepare(account: string, write: EntryWrite): { entry: E } | { refused: string } {
    if (!mangaByMediaId(this.id, write.mediaId)) return { refused: `${this.name}: 404 no such manga ${write.mediaId}` };
    const before = this.list(account).get(write.mediaId);
    const result = this.applySafely(before, write.mediaId, write, this.now(), String(this.nextEntryId));
    if ('refused' in result) return result;
    if (!before) this.nextEntryId += 1;
    return { entry: result.changed || !before ? result.entry : before };
  }

  /** Saves every write or none (AniList's batch); MAL and Kitsu stop at the first refusal, earlier ones stay saved. */
  protected saveAll(account: string, writes: EntryWrite[], atomic: boolean): CallResult<RemoteEntry[]> {
    this.asClient = true;
    try {
      return this.saveAllNow(account, writes, atomic);
    } finally {
      this.asClient = false;
    }
  }

  private saveAllNow(account: string, writes: EntryWrite[], atomic: boolean): CallResult<RemoteEntry[]> {
    if (atomic) {
      for (const write of writes) {
        const check = this.prepare(account, write);
        if ('refused' in check) return { kind: 'permanent', message: check.refused };
      }
    }
    const saved: RemoteEntry[] = [];
    for (const write of writes) {
      const refused = this.store(account, write);
      if (refused !== null) return { kind: 'permanent', message: refused };
      const entry = this.remoteEntry(account, write.mediaId);
      if (entry) saved.push(entry);
    }
    return { kind: 'ok', value: saved };
  }

  protected media(manga: CatalogueManga): RemoteMedia {
    return {
      id: String(manga.ids[this.id]),
      title: manga.title,
      alternativeTitles: [],
      chapters: manga.chapters[this.id],
      volumes: manga.volumes[this.id],
      crossIds: this.mediaCrossIds(manga),
      url: `https://${this.id}.example/manga/${manga.ids[this.id]}`,
    };
  }

  private remoteEntry(account: string, mediaId: string): RemoteEntry | null {
    const entry = this.list(account).get(mediaId);
    const manga = mangaByMediaId(this.id, mediaId);
    if (!entry || !manga) return null;
    return { ...this.toFields(entry), entryId: this.entryIdOf(entry, mediaId), media: this.media(manga), updatedAt: this.stamp(entry) };
  }

  protected abstract entryIdOf(entry: E, mediaId: string): string;

  /** The manga another service's ids name, as far as this service knows them. */
  protected abstract lookupManga(ids: CrossIds): CatalogueManga | undefined;

  // --- the Tracker the sync core talks to -----------------------------------------------------------------------

  /** The service as the extension sees it when signed in to `account`. */
  tracker(account: string): Tracker {
    const call = <T>(method: LoggedRequest['method'], kind: 'read' | 'write', body: () => CallResult<T>, writes?: EntryWrite[], mediaId?: string) =>
      this.call(account, method, kind, body, writes, mediaId);
    return {
      id: this.id,
      capabilities: this.capabilities,
      viewer: () => call('viewer', 'read', (): CallResult<Viewer> => ({ kind: 'ok', value: { id: account, name: `${this.name} ${account}`, scoreSetting: this.scoreSetting() } })),
      listEntries: (options = {}) =>
        call('listEntries', 'read', (): CallResult<RemoteEntry[]> => {
          const since = options.since;
          const entries = [...this.list(account).keys()].map((id) => this.remoteEntry(account, id)).filter((e): e is RemoteEntry => e !== null);
          return { kind: 'ok', value: since === undefined ? entries : entries.filter((e) => e.updatedAt >= this.sinceFloor(since)) };
        }),
      getEntry: (mediaId) => call('getEntry', 'read', (): CallResult<RemoteEntry | null> => ({ kind: 'ok', value: this.remoteEntry(account, mediaId) }), undefined, mediaId),
      saveEntries: (writes) => call('saveEntries', 'write', () => this.saveAll(account, writes, this.capabilities.batchWrites), writes),
      deleteEntry: (mediaId) =>
        call('deleteEntry', 'write', (): CallResult<null> => {
          this.list(account).delete(mediaId);
          return { kind: 'ok', value: null };
        }),
      searchManga: (query) =>
        call('searchManga', 'read', (): CallResult<MangaCandidate[]> => {
          const q = query.trim().toLowerCase();
          if (q === '') return { kind: 'permanent', message: `${this.name}: empty search` };
          const found = CATALOGUE.filter((m) => m.title.toLowerCase().includes(q)).map((m): MangaCandidate => {
            const media = this.media(m);
            return {
              mediaId: media.id, title: media.title, altTitles: [], totalChapters: media.chapters, totalVolumes: media.volumes,
              year: 2020, format: 'manga', url: media.url, crossIds: { ...this.mediaCrossIds(m) },
            };
          });
          return { kind: 'ok', value: found };
        }),
      lookup: (ids) =>
        call('lookup', 'read', (): CallResult<RemoteMedia | null> => {
          const manga = this.lookupManga(ids);
          return { kind: 'ok', value: manga ? this.media(manga) : null };
        }),
      // As the real client: only Kitsu reads a manga's counts before creating its entry (lib/trackers/kitsu).
      ...(this.id === 'kitsu'
        ? {
          media: (mediaId: string) =>
            call('media', 'read', (): CallResult<RemoteMedia | null> => {
              const manga = mangaByMediaId(this.id, mediaId);
              return { kind: 'ok', value: manga ? this.media(manga) : null };
            }, undefined, mediaId),
        }
        : {}),
    };
  }

  /** AniList and MAL count in whole seconds: `since` is compared at that precision. */
  protected sinceFloor(since: number): number {
    return since;
  }

  private call<T>(account: string, method: LoggedRequest['method'], kind: 'read' | 'write', body: () => CallResult<T>, writes?: EntryWrite[], mediaId?: string): Promise<CallResult<T>> {
    const gate = this.gate();
    const origin = callOrigin.getStore();
    const record: LoggedRequest = {
      method, kind, at: Date.now(), account, outcome: 'killed', ...(writes ? { writes: structuredClone(writes) } : {}), ...(mediaId !== undefined ? { mediaId } : {}),
      ...(origin !== undefined ? { origin } : {}),
    };
    this.log.push(record);
    if (gate === 'dieBefore') return Promise.reject(new Killed());
    const result = this.answer(account, kind, body);
    record.outcome = result.kind;
    if (gate === 'dieAfter') {
      record.outcome = 'killed';
      return Promise.reject(new Killed());
    }
    return Promise.resolve(result);
  }

  private answer<T>(account: string, kind: 'read' | 'write', body: () => CallResult<T>): CallResult<T> {
    if (this.revoked.has(account)) return { kind: 'auth', message: `${this.name}: invalid token` };
    const failure = this.failures.shift();
    if (!failure) return body();
    switch (failure.kind) {
      case 'transient':
        return { kind: 'transient', message: `${this.name}: 503 Service Unavailable` };
      case 'rateLimited':
        return { kind: 'rateLimited', retryAfterMs: failure.retryAfterMs, message: `${this.name}: 429 Too Many Requests` };
      case 'auth':
        // A request without a token cannot hold an invalid one: the burst is for the signed-in calls that follow.
        if (account === PUBLIC_ACCOUNT) {
          this.failures.unshift(failure);
          return body();
        }
        this.revoked.add(account);
        return { kind: 'auth', message: `${this.name}: invalid token` };
      case 'permanent':
        return { kind: 'permanent', message: `${this.name}: 400 Bad Request` };
      case 'lostAnswer':
        // The service did the work; the answer never came back (a timeout after it was processed).
        if (kind === 'write') body();
        return { kind: 'transient', message: `${this.name}: timeout` };
    }
  }
}

// ---------------------------------------------------------------------------------------------------------------
// AniList and MyAnimeList: entries kept in canonical shape, the score in the service's own unit.
// ---------------------------------------------------------------------------------------------------------------

interface PlainEntry extends Omit<EntryFields, 'score' | 'progressVolumes'> {
  entryId: string;
  progressVolumes: number;
  /** In the service's unit (AniList: the user's format; MAL: 0–10, 0 = none). */
  rawScore: number | null;
  /** ms since epoch, whole seconds (AniList `updatedAt` unix s, MAL `updated_at` ISO without ms). */
  updatedAt: number;
}

const floorSeconds = (ms: number) => Math.floor(ms / 1000) * 1000;

abstract class PlainService extends InMemoryService<PlainEntry> {
  protected abstract scale(): ScoreScale;
  /** The service's own adjustments to a stored entry (caps, fields it does not have). */
  protected abstract normalise(entry: PlainEntry, mediaId: string): void;
  /** The service's validation of a write; a message naming the field when it refuses. */
  protected abstract refusal(write: EntryWrite): string | null;

  /** A score as the user can give it on the service's own site or app (the client's writes are not limited so). */
  protected givenByUser(score: number | null): number | null {
    return score;
  }

  protected toFields(e: PlainEntry): EntryFields {
    return {
      status: e.status, progress: e.progress, progressVolumes: e.progressVolumes, score: fromScale(e.rawScore, this.scale()),
      startedAt: e.startedAt, completedAt: e.completedAt, rereads: e.rereads, notes: e.notes, private: e.private,
    };
  }

  protected stamp(entry: PlainEntry): number {
    return entry.updatedAt;
  }

  protected entryIdOf(entry: PlainEntry, mediaId: string): string {
    return entry.entryId || mediaId;
  }

  protected override sinceFloor(since: number): number {
    return floorSeconds(since);
  }

  protected apply(before: PlainEntry | undefined, mediaId: string, write: EntryWrite, now: number, entryId: string) {
    const refused = this.refusal(write);
    if (refused !== null) return { refused };
    const next: PlainEntry = before
      ? { ...before }
      : {
        entryId, status: 'reading', progress: 0, progressVolumes: 0, rawScore: null, startedAt: null, completedAt: null,
        rereads: 0, notes: '', private: false, updatedAt: 0,
      };
    if (write.status !== undefined) next.status = write.status;
    if (write.progress !== undefined) next.progress = Math.max(0, Math.floor(write.progress));
    if (write.progressVolumes !== undefined) next.progressVolumes = Math.max(0, Math.floor(write.progressVolumes ?? 0));
    if (write.score !== undefined) next.rawScore = toScale(this.asClient ? write.score : this.givenByUser(write.score), this.scale());
    if (write.startedAt !== undefined) next.startedAt = write.startedAt;
    if (write.completedAt !== undefined) next.completedAt = write.completedAt;
    if (write.rereads !== undefined) next.rereads = Math.max(0, Math.floor(write.rereads));
    if (write.notes !== undefined) next.notes = write.notes;
    if (write.private !== undefined) next.private = write.private;
    this.normalise(next, mediaId);
    const changed = !before || !sameJson({ ...before, updatedAt: 0 }, { ...next, updatedAt: 0 });
    if (changed) next.updatedAt = floorSeconds(now);
    return { entry: next, changed };
  }
}

export class AniListService extends PlainService {
  readonly id = 'anilist';
  readonly name = 'AniList';
  readonly capabilities: TrackerCapabilities = { volumes: true, dates: true, notes: true, rereads: true, private: true, batchWrites: true, sameIdWhenAddedAgain: false };

  constructor(clockOffsetMs: number, gate: CallGate, public format: AniListScoreFormat) {
    super(clockOffsetMs, gate);
  }

  scoreSetting(): string {
    return this.format;
  }

  /**
   * The user picks another score format on AniList's site. AniList keeps every score as a 0–100 integer and only
   * shows it in the format (API-FACTS §A; the HTTP fake's scores.ts), and the client writes `scoreRaw` and reads
   * `score(format: POINT_100)`: what is stored does not change, only how coarse the user's own edits are.
   */
  changeFormat(format: AniListScoreFormat): void {
    this.format = format;
  }

  /** On AniList's site the user picks a score in their format (three smileys: 35, 60 or 85 stored). */
  protected override givenByUser(score: number | null): number | null {
    const format = SCALES.anilist[this.format];
    return fromScale(toScale(score, format), format);
  }

  /** Stored and read as the 0–100 raw score (scoreRaw), whatever the user's format. */
  protected scale(): ScoreScale {
    return SCALES.anilist.POINT_100;
  }

  protected normalise(): void {
    // AniList stores what it validated.
  }

  protected refusal(write: EntryWrite): string | null {
    // API-FACTS §A SaveMediaListEntry: repeat 0–1000, notes ≤ 6000 (validation error; the request is rolled back).
    if (write.rereads !== undefined && write.rereads > 1000) return 'AniList: validation: The repeat may not be greater than 1000.';
    if (write.notes !== undefined && write.notes.length > 6000) return 'AniList: validation: The notes may not be greater than 6000 characters.';
    return null;
  }

  protected mediaCrossIds(m: CatalogueManga): CrossIds {
    return m.crossLinked ? { anilist: m.ids.anilist, mal: m.ids.mal } : { anilist: m.ids.anilist };
  }

  protected lookupManga(ids: CrossIds): CatalogueManga | undefined {
    if (ids.anilist !== undefined) return mangaByMediaId('anilist', String(ids.anilist));
    return ids.mal === undefined ? undefined : CATALOGUE.find((m) => m.crossLinked && m.ids.mal === ids.mal);
  }
}

export class MalService extends PlainService {
  readonly id = 'mal';
  readonly name = 'MyAnimeList';
  readonly capabilities: TrackerCapabilities = { volumes: true, dates: true, notes: true, rereads: true, private: false, batchWrites: false, sameIdWhenAddedAgain: true };

  /** `capsChapters`: the hypothesis that MAL stores num_chapters_read above a known count as the count. */
  constructor(clockOffsetMs: number, gate: CallGate, readonly capsChapters: boolean) {
    super(clockOffsetMs, gate);
  }

  scoreSetting(): null {
    return null;
  }

  /**
   * A MAL list status has no id of its own (API-FACTS §B: `/manga/{id}/my_list_status`; the client's mapping uses the
   * manga id): an entry removed and added again is, by its id, the same entry.
   */
  protected override entryIdOf(_entry: PlainEntry, mediaId: string): string {
    return mediaId;
  }

  override readonly renewsEntryIds = false;

  protected scale(): ScoreScale {
    return SCALES.mal;
  }

  protected normalise(entry: PlainEntry, mediaId: string): void {
    // No private flag on MAL (capabilities.private false): it is never stored.
    entry.private = false;
    // MAL's form has YYYY, YYYY-MM or YYYY-MM-DD: a day without a month is the year alone.
    entry.startedAt = malDate(entry.startedAt);
    entry.completedAt = malDate(entry.completedAt);
    // 'rereading' is stored as reading + is_rereading, which reads back as rereading: nothing to do.
    const count = mangaByMediaId('mal', mediaId)?.chapters.mal ?? null;
    if (this.capsChapters && count !== null && count > 0 && entry.progress > count) entry.progress = count;
  }

  protected refusal(): string | null {
    return null;
  }

  protected mediaCrossIds(m: CatalogueManga): CrossIds {
    return { mal: m.ids.mal };
  }

  protected lookupManga(ids: CrossIds): CatalogueManga | undefined {
    return ids.mal === undefined ? undefined : mangaByMediaId('mal', String(ids.mal));
  }
}

const malDate = (d: CalendarDate | null): CalendarDate | null => (d === null || d.month !== null ? d : { year: d.year, month: null, day: null });

// ---------------------------------------------------------------------------------------------------------------
// Kitsu: real server rules on real Kitsu attributes (tests/fakes/kitsu/rules.ts), mapped with the production table.
// ---------------------------------------------------------------------------------------------------------------

function kitsuManga(m: CatalogueManga): KitsuManga {
  return {
    id: m.ids.kitsu, slug: m.ids.mangadex, canonicalTitle: m.title, titles: {}, abbreviatedTitles: [], subtype: 'manga',
    startDate: null, chapterCount: m.chapters.kitsu, volumeCount: m.volumes.kitsu, status: 'finished', mappings: {},
  };
}

export class KitsuService extends InMemoryService<KitsuEntry> {
  readonly id = 'kitsu';
  readonly name = 'Kitsu';
  // `volumesOwned` counts owned volumes, not read ones: no volumes read (API-FACTS §C).
  readonly capabilities: TrackerCapabilities = { volumes: false, dates: true, notes: true, rereads: true, private: true, batchWrites: false, sameIdWhenAddedAgain: false };

  constructor(clockOffsetMs: number, gate: CallGate, public system: KitsuRatingSystem) {
    super(clockOffsetMs, gate);
    this.clientSystem = system;
  }

  scoreSetting(): string {
    return this.system;
  }

  /**
   * The rating system the extension's client converts with: the one read when it signed in (the connection record's
   * scoreSetting). Kitsu stores the `ratingTwenty` it is sent; the client does the rounding (lib/trackers/kitsu).
   */
  private clientSystem: KitsuRatingSystem;

  /** The user picks another rating system: `ratingTwenty` values stay as stored (Kitsu keeps the 2–20 value). */
  changeSystem(system: KitsuRatingSystem): void {
    this.system = system;
  }

  override signIn(account: string): void {
    super.signIn(account);
    this.clientSystem = this.system;
  }

  /** The extension made a client with the rating system its connection record names (trackerFor). */
  useClientSetting(setting: string | null): void {
    this.clientSystem = ratingSystemOf(setting);
  }

  protected toFields(a: KitsuEntry): EntryFields {
    return {
      status: fromKitsuStatus(a.status, a.reconsuming), progress: a.progress, progressVolumes: null,
      score: fromRatingTwenty(a.ratingTwenty, this.system), startedAt: fromKitsuDate(a.startedAt), completedAt: fromKitsuDate(a.finishedAt),
      rereads: a.reconsumeCount, notes: a.notes ?? '', private: a.private,
    };
  }

  protected stamp(entry: KitsuEntry): number {
    return Date.parse(entry.updatedAt);
  }

  protected entryIdOf(entry: KitsuEntry): string {
    return entry.id;
  }

  protected apply(before: KitsuEntry | undefined, mediaId: string, write: EntryWrite, now: number, entryId: string) {
    const manga = mangaByMediaId('kitsu', mediaId);
    if (!manga) return { refused: `Kitsu: 422 media - must exist` };
    const attributes = toAttributes(write, this.asClient ? this.clientSystem : this.system);
    // As the real client does: kitsu-server needs a status to create an entry.
    if (!before && attributes.status === undefined) attributes.status = (attributes.progress ?? 0) > 0 ? 'current' : 'planned';
    const time = kitsuTime(now);
    const entry: KitsuEntry = before
      ? { ...before }
      : {
        id: entryId, userId: this.account, mangaId: mediaId, status: 'planned', progress: 0, volumesOwned: 0, reconsuming: false,
        reconsumeCount: 0, notes: null, private: false, reactionSkipped: 'unskipped', ratingTwenty: null, progressedAt: null,
        startedAt: null, finishedAt: null, createdAt: time, updatedAt: time,
      };
    Object.assign(entry, attributes);
    const errors = validate(entry, kitsuManga(manga), []);
    const first = errors[0];
    if (first) return { refused: `Kitsu: 422 ${first.detail ?? first.title}` };
    const changed = beforeSave(before, entry, kitsuManga(manga), now);
    if (before && changed) entry.updatedAt = time;
    return { entry, changed };
  }

  protected mediaCrossIds(m: CatalogueManga): CrossIds {
    return { kitsu: m.ids.kitsu };
  }

  protected lookupManga(ids: CrossIds): CatalogueManga | undefined {
    if (ids.kitsu !== undefined && /^\d+$/.test(ids.kitsu)) return mangaByMediaId('kitsu', ids.kitsu);
    // Mappings (API-FACTS §C): myanimelist/manga and anilist/manga, where Kitsu has them.
    return CATALOGUE.find((m) => m.crossLinked && ((ids.mal !== undefined && m.ids.mal === ids.mal) || (ids.anilist !== undefined && m.ids.anilist === ids.anilist)));
  }
}

export type AnyService = AniListService | MalService | KitsuService;
export type Services = { anilist: AniListService; mal: MalService; kitsu: KitsuService };

/** Compares two canonical values of `field` as this service would store them (its units, floors and dates). */
/**
 * Whether a call answered ok showed the engine entry `id` as the service then held it: a list read (whole or what
 * changed), a read of that entry, or the answer to a write of it.
 */
export function showedEntry(r: LoggedRequest, id: string): boolean {
  if (r.outcome !== 'ok') return false;
  if (r.method === 'listEntries') return true;
  if (r.method === 'getEntry') return r.mediaId === undefined || r.mediaId === id;
  if (r.method === 'saveEntries') return (r.writes ?? []).some((w) => w.mediaId === id);
  return false;
}

export function sameStored(service: AnyService, field: EntryField, a: unknown, b: unknown, manga?: MangaKey): boolean {
  // Per manga where it is known: what a service stores can depend on its chapter count (MAL's cap, Kitsu's limit).
  const id = (manga ? mangaByKey(manga) : CATALOGUE[0]!).ids[service.id].toString();
  const write = (value: unknown) => service.simulate(id, { [field]: value }, 'fresh');
  if (sameJson(a, b)) return true;
  // No volumes and 0 volumes are one value: every service keeps 0 for "none".
  if (field === 'progressVolumes') return Math.floor(Number(a ?? 0)) === Math.floor(Number(b ?? 0));
  // Only score and the dates may be null in a write; elsewhere null is "no entry" and differs from any value.
  if ((a === null || b === null) && field !== 'score' && field !== 'startedAt' && field !== 'completedAt') return false;
  const left = write(a);
  const right = write(b);
  return left.ok && right.ok && sameJson(left.fields[field], right.fields[field]);
}
