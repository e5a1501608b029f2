/**
 * The service-neutral tracker contract (STYLE.md: small interface, capability flags, closed result sets).
 * Every call resolves — never rejects — to a `CallResult`; each kind of failure has one handling path.
 */
import type { CalendarDate, CrossIds, EntryField, EntryFields, ServiceId, Status } from '../model';

export type { CalendarDate, CrossIds } from '../model';

/** How a call ended. `message` is for people: it names the service and never contains a token. */
export type CallResult<T> =
  | { kind: 'ok'; value: T }
  /** The credentials are missing, expired or revoked: the user must reconnect. Nothing queued is dropped. */
  | { kind: 'auth'; message: string }
  /** The service asked us to slow down; try again after `retryAfterMs` (ms from now). */
  | { kind: 'rateLimited'; retryAfterMs: number; message: string }
  /**
   * Worth retrying later as is: network down, timeout, 5xx. `unavailable`: the service itself says its API is
   * switched off for now (AniList's 403 "temporarily disabled"), an outage on its side that no sign-in fixes.
   */
  | { kind: 'transient'; message: string; unavailable?: true }
  /** Retrying the same request will not help: invalid data, unexpected response shape, 4xx. */
  | { kind: 'permanent'; message: string };

export type CallFailure = Exclude<CallResult<never>, { kind: 'ok' }>;

export const ok = <T>(value: T): CallResult<T> => ({ kind: 'ok', value });
/** A refusal for good, with the reason shown to the user. */
export const permanent = (message: string): CallResult<never> => ({ kind: 'permanent', message });

/** What a service can store; the sync engine sends each service only the fields it really has. */
export interface TrackerCapabilities {
  /** Tracks volumes read (Kitsu's `volumesOwned` means owned, so Kitsu does not). */
  volumes: boolean;
  /** Start and finish dates. */
  dates: boolean;
  notes: boolean;
  /** A reread count. */
  rereads: boolean;
  /** Entries hidden from the public profile. */
  private: boolean;
  /** Several entries saved in one request. */
  batchWrites: boolean;
  /**
   * An entry removed and added again keeps its id, and a write to an entry no longer there creates it (MyAnimeList:
   * a list status has no id of its own, and its PATCH creates or updates, API-FACTS §B): a write's answer cannot
   * show that it created the entry again.
   */
  sameIdWhenAddedAgain: boolean;
}

/** The signed-in account. */
export interface Viewer {
  /** The service's user id, as a string. */
  id: string;
  name: string;
  /** Service-specific score setting that conversions need (AniList `scoreFormat`, Kitsu `ratingSystem`). */
  scoreSetting: string | null;
}

/** A manga as a service describes it. */
export interface RemoteMedia {
  /** The service's own media id, as a string. */
  id: string;
  title: string;
  alternativeTitles: string[];
  /** Totals when known (null = unknown or still publishing). */
  chapters: number | null;
  volumes: number | null;
  crossIds: CrossIds;
  /** Link to the manga on the service. */
  url: string;
}

/**
 * One answer to a title search on one service: enough to tell look-alikes apart (titles, totals, year, format)
 * and to bind the series once a candidate is chosen. Only manga: novels never appear.
 */
export interface MangaCandidate {
  /** The service's own media id, as a string: what `getEntry` and `saveEntries` take. */
  mediaId: string;
  /** The service's main title for the manga. */
  title: string;
  /** Every other title and synonym the service lists, each once, never the main title. */
  altTitles: string[];
  /** Chapters in total; null when unknown or still publishing (MAL's 0 and Kitsu's 0 mean unknown too). */
  totalChapters: number | null;
  /** Volumes in total; null when unknown or still publishing. */
  totalVolumes: number | null;
  /** Year publication started, when the service knows it. */
  year: number | null;
  /**
   * The kind of manga in the service's own words, unconverted (AniList `MANGA`/`ONE_SHOT`, MAL `manga`/`manhwa`/
   * `one_shot`/…, Kitsu `manga`/`manhua`/`oneshot`/…); null when the service does not say.
   */
  format: string | null;
  /** The manga's page on the service. */
  url: string;
  /**
   * Ids of this manga that the service itself states: always its own, plus the others it records on the media
   * (AniList `idMal`). Nothing here is guessed.
   */
  crossIds: { anilist?: number; mal?: number; kitsu?: string };
}

/**
 * The user's list entry for one manga on one service, in canonical terms (EntryFields: progress in whole
 * chapters, volumes null where the service has no such field, score 0–100 or null).
 */
export interface RemoteEntry extends EntryFields {
  /** The list entry's own id on the service (AniList list-entry id, Kitsu library-entry id; MAL: the manga id). */
  entryId: string;
  media: RemoteMedia;
  /** The service's own last-update time, ms since epoch. */
  updatedAt: number;
}

/** A change to write. Only the fields present are written; the media id says which manga. */
export interface EntryWrite {
  mediaId: string;
  status?: Status;
  progress?: number;
  /** null clears it (services keep 0 for "none"). */
  progressVolumes?: number | null;
  score?: number | null;
  startedAt?: CalendarDate | null;
  completedAt?: CalendarDate | null;
  rereads?: number;
  notes?: string;
  private?: boolean;
}

/** A manga's totals as one service records them (null = unknown): what its storage rules depend on. */
export interface MediaTotals {
  chapters: number | null;
  volumes: number | null;
}

/** A field a service would refuse, and why, in words that name the service. */
export interface Refusal {
  field: EntryField;
  reason: string;
}

/** A write as it should go to a service, and the fields it would refuse. */
export interface StoragePlan {
  /**
   * The writes to send, in order, adjusted to what the service will keep anyway, so a write never fights its
   * rules. Usually one; two where one save cannot hold both values (Kitsu turns an entry "current" whenever its
   * progress moves, so an on-hold entry's progress and status go in two saves). Empty: nothing to send.
   */
  writes: Partial<EntryFields>[];
  refused: Refusal[];
  /**
   * Fields the service sets by itself on these writes (Kitsu dates the start on a status change): what it puts
   * there is its own, neither taken into the library nor fought. Any other field that moves was another device.
   */
  fills?: EntryField[];
}

/**
 * What a service does with a write (DESIGN.md sync rule 4), from its documented rules only: `target` is the
 * library's whole entry, `write` the fields to send, `current` the service's entry (null: not on its list) and
 * `totals` its own chapter and volume counts. Idempotence does not depend on it being right: what the service
 * answers becomes the base, and a value it accepted is not sent again (Binding.asked). `cleared`: fields the
 * library holds empty because the user cleared them (not merely never known), which the service must not fill.
 */
export type StorageModel = (input: {
  target: EntryFields; write: Partial<EntryFields>; current: EntryFields | null; totals: MediaTotals | null; cleared?: readonly EntryField[];
}) => StoragePlan;

/** A service with no storage rules worth modelling: it keeps what it is sent. */
export const keepsWhatItIsSent: StorageModel = ({ write }) => ({ writes: Object.keys(write).length > 0 ? [write] : [], refused: [] });

export interface Tracker {
  readonly id: ServiceId;
  readonly capabilities: TrackerCapabilities;
  /** The signed-in account; also the health check. */
  viewer(): Promise<CallResult<Viewer>>;
  /** Every manga entry of the user, or only those changed at or after `since` (ms since epoch). */
  listEntries(options?: { since?: number }): Promise<CallResult<RemoteEntry[]>>;
  /** The user's entry for one manga, or null when it is not on the list. */
  getEntry(mediaId: string): Promise<CallResult<RemoteEntry | null>>;
  /** Creates or updates entries; resolves to the entries as the service now stores them. */
  saveEntries(writes: EntryWrite[]): Promise<CallResult<RemoteEntry[]>>;
  /** Removes the user's entry for one manga (no-op success when it is not on the list). */
  deleteEntry(mediaId: string): Promise<CallResult<null>>;
  /**
   * Manga whose titles match `query`, in the service's order, at most `SEARCH_LIMIT` (search.ts), novels left
   * out. The query is trimmed and cut to `MAX_QUERY_LENGTH` characters; an empty one is a `permanent` failure
   * and sends nothing. Sends the token when connected; works without one where the service allows it.
   */
  searchManga(query: string): Promise<CallResult<MangaCandidate[]>>;
  /** The manga with another service's id (AniList `idMal`, Kitsu mappings), or null. */
  lookup(ids: CrossIds): Promise<CallResult<RemoteMedia | null>>;
  /**
   * The manga by this service's own id, or null. Only where the service's storage rules need its counts before an
   * entry exists (Kitsu refuses a whole new entry whose progress is beyond its chapter count): the flush reads them
   * before a create.
   */
  media?(mediaId: string): Promise<CallResult<RemoteMedia | null>>;
}
