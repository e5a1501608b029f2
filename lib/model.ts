/** Service-neutral domain types (DESIGN.md "Core model"). Ids here are persisted: never rename them. */

/** The trackers the extension keeps in step. */
export const SERVICE_IDS = ['anilist', 'mal', 'kitsu'] as const;
export type ServiceId = (typeof SERVICE_IDS)[number];

/** Names shown to people; also part of accessible names such as "Connect AniList". */
export const SERVICE_NAMES: Record<ServiceId, string> = {
  anilist: 'AniList',
  mal: 'MyAnimeList',
  kitsu: 'Kitsu',
};

/** The user's reading status for a series, whatever the service calls it. */
export const STATUSES = ['reading', 'completed', 'on_hold', 'dropped', 'planning', 'rereading'] as const;
export type Status = (typeof STATUSES)[number];

/**
 * The user's answer when a chapter older than the progress of a series on hold, dropped or planned is read:
 * `resume` reads on (status reading, progress kept), `reread` starts over (status rereading from that chapter).
 */
export const READ_CHOICES = ['resume', 'reread'] as const;
export type ReadChoice = (typeof READ_CHOICES)[number];

/**
 * How a connection stands, as shown to the user. `disconnected` is the only state without an account;
 * `expiring` means usable but the token ends soon; `expired` needs the user to reconnect.
 */
export const CONNECTION_STATES = ['disconnected', 'connected', 'expiring', 'expired', 'rate_limited', 'unavailable', 'offline', 'error'] as const;
export type ConnectionState = (typeof CONNECTION_STATES)[number];

/**
 * Host permissions each service needs. Chrome grants them at install; Firefox MV3 treats them as optional, so
 * the options page asks for them (from the user's click) before connecting.
 */
export const SERVICE_ORIGINS: Record<ServiceId, string[]> = {
  anilist: ['https://anilist.co/*', 'https://graphql.anilist.co/*'],
  mal: ['https://myanimelist.net/*', 'https://api.myanimelist.net/*'],
  kitsu: ['https://kitsu.app/*'],
};

/** A calendar date (no time zone); month and day may be unknown. */
export interface CalendarDate {
  year: number;
  month: number | null;
  day: number | null;
}

/** Cross-service ids of one manga, as far as anyone knows them. */
export interface CrossIds {
  anilist?: number;
  mal?: number;
  kitsu?: string;
  mangadex?: string;
}

/** The user's state for a series, in canonical terms (DESIGN.md "Core model"). */
export interface EntryFields {
  status: Status;
  /** Chapters read; decimals allowed locally (12.5), services get the integer floor. */
  progress: number;
  /** Volumes read; null when unknown. */
  progressVolumes: number | null;
  /** 0–100; null = no score. */
  score: number | null;
  startedAt: CalendarDate | null;
  completedAt: CalendarDate | null;
  rereads: number;
  notes: string;
  private: boolean;
}

/** What a series with no entry yet starts from (the Library editor, a first local change). */
export const EMPTY_ENTRY: EntryFields = {
  status: 'planning',
  progress: 0,
  progressVolumes: null,
  score: null,
  startedAt: null,
  completedAt: null,
  rereads: 0,
  notes: '',
  private: false,
};

export const ENTRY_FIELDS = ['status', 'progress', 'progressVolumes', 'score', 'startedAt', 'completedAt', 'rereads', 'notes', 'private'] as const;
export type EntryField = (typeof ENTRY_FIELDS)[number];

/**
 * A value a list holds where nobody gave one (an empty date, volume count, score or note; no rereads, every
 * service's default): met by another list's value before the two ever agreed, it says nothing against it.
 */
export function unsetValue(field: EntryField, value: unknown): boolean {
  if (value === null) return field === 'progressVolumes' || field === 'startedAt' || field === 'completedAt' || field === 'score';
  return (field === 'notes' && value === '') || (field === 'rereads' && value === 0);
}

/** One real manga, however many services know it. */
export interface Series {
  /** Local id (random UUID), stable for the life of the library. */
  id: string;
  title: string;
  altTitles: string[];
  ids: CrossIds;
  totalChapters: number | null;
  totalVolumes: number | null;
  createdAt: number;
  updatedAt: number;
}

/** The library's entry for a series: the canonical state, with when each field last changed (ms). */
export interface LibraryEntry extends EntryFields {
  seriesId: string;
  changedAt: Record<EntryField, number>;
  /**
   * Fields whose value was last set by a chapter read (not typed by the user). A read only ever means "at least
   * this far": when a service turns out to be further along, the service wins whatever the clocks say (DESIGN.md
   * sync rule 2), and what the read derived (status, dates, volumes) yields with it.
   */
  readFields: EntryField[];
  /**
   * Fields whose value was last set by the user's own edit here (the Library editor, an Undo), not by a read nor
   * taken from a service: only such a change may set a count back when two lists meet for the first time. A date
   * cleared on a service and taken from it counts too: it is the user's clearing, which services that date entries
   * by themselves must not undo.
   */
  editedFields?: EntryField[];
  /**
   * When, on this browser's clock, a value taken from a service last changed the library's (changedAt holds the
   * service's own time then). A service whose base predates it meets a changed library even where the value went
   * back to that base (5 → 6 → 5 through other lists): the later change still wins there.
   */
  movedAt?: Partial<Record<EntryField, number>>;
  /**
   * A count a chapter read moved on from the user's own edit here: when that edit was made (our clock). The read's
   * count stands on it — a list first met whose further count is older than the edit (the user set the count after
   * it, unseen) does not win over the read by being further alone.
   */
  editedAt?: Partial<Record<EntryField, number>>;
}

/**
 * A series as it stands on one service, with the base snapshot: the values last agreed with that service and
 * the service's own last-update time then. The base is what makes three-way merge possible.
 */
export interface Binding {
  seriesId: string;
  service: ServiceId;
  /** The service's media id (AniList media id, MAL manga id, Kitsu manga id). */
  mediaId: string;
  /** The service's list-entry id, once the entry exists there. */
  entryId: string | null;
  /** Values last agreed with the service, as the service stores them; null before the first agreement. */
  base: EntryFields | null;
  /** The service's updatedAt (ms) when the base was taken. */
  baseRemoteUpdatedAt: number | null;
  syncedAt: number | null;
  /**
   * When the request whose answer is the base was sent (our clock). A snapshot read by a request sent before it is
   * older, whatever the service's stamps say (a list read before a write landed, merged after it). Null: unknown
   * (records from older versions, bases not read from the service).
   */
  readAt?: number | null;
  /**
   * What we last wrote to the service and it accepted, per field, as canonical values: the service may store
   * something else (Kitsu fills progress to its chapter count on completion), and then `base` holds what it
   * stored while `asked` remembers that the library's value was already sent. A field is only sent again when
   * the library's value differs from both. Cleared per field when the service's value moves on by itself.
   */
  asked: Partial<EntryFields>;
  /**
   * When a full read of the service's list (or a fresh read of this entry) found the entry gone although it was
   * linked: removed on the service, by the user elsewhere. Nothing is sent there until the user chooses
   * "Add back" or "Remove everywhere"; null while the entry is there.
   */
  removedAt: number | null;
  /** The service's own chapter and volume totals for the manga (null = unknown): what its storage rules use. */
  totals: { chapters: number | null; volumes: number | null } | null;
}
