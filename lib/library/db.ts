/**
 * The extension's IndexedDB database. The schema only moves forward through numbered migrations; a test opens
 * every historical version and upgrades it, so a user's data survives each release.
 */
import { openDB, type DBSchema, type IDBPDatabase, type IDBPTransaction, type StoreNames } from 'idb';
import { z } from 'zod/mini';
import type { Binding, EntryField, EntryFields, LibraryEntry, Series, ServiceId } from '../model';

export const DB_NAME = 'kuroibara-sync';

/** How the last real call to a service ended (the kinds of `CallResult`). */
/** How the last real call ended: a `CallResult` kind, with `unavailable` for a service that has switched its API off. */
export type CallOutcome = 'ok' | 'auth' | 'rateLimited' | 'transient' | 'unavailable' | 'permanent';

/** One service's connection as last seen (no secrets: tokens live in the vault). */
export interface ConnectionRecord {
  service: ServiceId;
  /** The account on the service; null for a record from before the first sign-in. */
  userId: string | null;
  /** The account's display name on the service. */
  userName: string | null;
  /** AniList `scoreFormat`, Kitsu `ratingSystem`; null where the service has none. */
  scoreSetting: string | null;
  connectedAt: number | null;
  /** When the access token stops working, when known (AniList: one year after sign-in). */
  tokenExpiresAt: number | null;
  /** When a real call last told us how the connection stands (ms since epoch). */
  lastCheckedAt: number | null;
  lastOutcome: CallOutcome | null;
  /** A human message naming the service, when the last call failed. */
  lastError: string | null;
  /** The service asked us to wait until then. */
  rateLimitedUntil: number | null;
}

/** One encrypted secret (tokens, client secrets): AES-GCM ciphertext and its IV. */
export interface VaultRecord {
  name: string;
  iv: Uint8Array<ArrayBuffer>;
  ciphertext: ArrayBuffer;
}

/** Any value JSON can carry: what the sync log's details and the cache hold. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/** Where an outbox item stands. `waitingAuth` and `failed` wait for the user, never for a timer. */
export const OUTBOX_STATES = ['pending', 'waitingAuth', 'failed'] as const;
export type OutboxState = (typeof OUTBOX_STATES)[number];

/**
 * A change still owed to one service: at most one per (service, series), so a burst of reads becomes one write.
 * It names the fields to send, never their values: the values are read from the library when the item is sent,
 * so a change overtaken meanwhile (by another device, through a sync) is never sent, and a resend after the
 * worker died is harmless (DESIGN.md sync rule 6). It stays until the service holds the library's values, the
 * user discards it, or nothing is left to send.
 */
export interface OutboxItem {
  /** `${service}:${seriesId}`. */
  id: string;
  service: ServiceId;
  seriesId: string;
  /** The service's media id to write to. */
  mediaId: string;
  /** The fields the service must receive. */
  fields: EntryField[];
  /** Read the service's entry before writing (a chapter read: the service may be further along). */
  fresh: boolean;
  /**
   * The user's own edit: what changed on the service since its list was last read is read first (one small page
   * for all such edits), so an edit made there meanwhile meets this one in a merge, and the loser is logged.
   */
  peek?: boolean;
  /** When the service last refused the sign-in for it (`waitingAuth`): a sign-in after that releases it. */
  authAt?: number;
  createdAt: number;
  updatedAt: number;
  /** Bumped by every enqueue, so a completion can tell whether a newer intent arrived while it was sending. */
  version: number;
  /** Failed sends since the last new intent; drives the backoff. */
  attempts: number;
  /** Not to be sent before this time (ms). */
  nextAttemptAt: number;
  state: OutboxState;
  /** The last failure, for people (names the service). */
  lastError: string | null;
  /**
   * What the service refused for good (state `failed`), as sent. Planning the same values again leaves the item
   * refused, so a refusal is never re-sent on every sync; different values (the user changed something) go out.
   */
  refused: Partial<EntryFields> | null;
  /** The user pressed Retry on a refusal: send as is, even what the service's model says it would refuse. */
  userRetry: boolean;
  /**
   * The entry must go from the service's list (an Undo of the read that put it there, Remove everywhere): no fields
   * are sent, the entry is deleted. While it waits, the service's copy is not taken back into the library.
   */
  remove: boolean;
  /**
   * With `remove` from an Undo: the library's entry as it was when the removal was asked. Should the removal be
   * cancelled because the entry changed on the service meanwhile, the library gets this entry back and merges the
   * service's copy into it (a change made here after the read, not sent yet, is not lost to the service's copy).
   */
  restore?: LibraryEntry;
  /**
   * Fields whose value on the service is in doubt because of this item, not because of another device: a write in
   * flight (sent, its answer not taken: a stopped worker, a lost answer), a save in several steps stopped part-way
   * (Kitsu's status when progress moves alone), or the remains of an entry whose removal a new change cancelled. A
   * pull or read meanwhile counts what the service holds there as agreed, so nothing of it enters the library and
   * the library's values still go out; the entry is read again before anything is decided.
   */
  midway: EntryField[];
  /**
   * The furthest chapter and volume counts the writes in flight carried (`midway`): a count the service holds beyond
   * them is no write of ours but another device's, and is not taken for ours.
   */
  midwayCounts?: { progress?: number; progressVolumes?: number };
}

export const LOG_KINDS = ['run', 'change', 'conflict', 'error', 'removed'] as const;
export type LogKind = (typeof LOG_KINDS)[number];

/** One line of the sync log (Activity). `id` is assigned on append. */
export interface SyncLogRecord {
  id?: number;
  at: number;
  kind: LogKind;
  service: ServiceId | null;
  direction: 'pull' | 'push' | null;
  message: string;
  /** Structured facts, e.g. requests, changesIn, changesOut; for a conflict the field, the kept and the lost value. */
  details: Record<string, JsonValue>;
}

/**
 * A cached answer from a service (media metadata, search results). Only public data: never tokens, secrets or
 * anything the user would mind seeing in a plain IndexedDB dump; those live in the vault.
 */
export interface CacheRecord {
  key: string;
  value: JsonValue;
  expiresAt: number;
}

export interface SyncDB extends DBSchema {
  connections: { key: ServiceId; value: ConnectionRecord };
  settings: { key: string; value: { key: string; value: unknown } };
  /** Encrypted secrets; readable only with the key in `vaultKeys`. */
  vault: { key: string; value: VaultRecord };
  /** The vault's non-extractable AES-GCM key (a CryptoKey: IndexedDB stores it without exposing its bytes). */
  vaultKeys: { key: string; value: { id: string; key: CryptoKey } };
  /** Indexed by each cross-service id so a page's ids find the series whichever service they come from. */
  series: {
    key: string;
    value: Series;
    indexes: { byAnilist: number; byMal: number; byKitsu: string; byMangadex: string };
  };
  entries: { key: string; value: LibraryEntry };
  /** One per (service, series); a service's media is bound to at most one series. */
  bindings: {
    key: [ServiceId, string];
    value: Binding;
    indexes: { byMedia: [ServiceId, string]; bySeries: string };
  };
  outbox: { key: string; value: OutboxItem; indexes: { byService: ServiceId } };
  syncLog: { key: number; value: SyncLogRecord; indexes: { byAt: number } };
  cache: { key: string; value: CacheRecord };
  /** Which library series a reader site's series is (matching's memory, per site and series). */
  siteLinks: { key: [string, string]; value: SiteLink; indexes: { bySeries: string } };
}

/**
 * A reader site's series bound to a library series: made when matching found it (by ids or a confident title
 * search) or when the user picked or corrected it, and used before any search next time.
 */
export interface SiteLink {
  site: string;
  seriesKey: string;
  seriesId: string;
  /** How the link was made: the page's ids, a title search above the threshold, or the user's choice. */
  how: 'ids' | 'search' | 'user';
  at: number;
}

type UpgradeTx = IDBPTransaction<SyncDB, StoreNames<SyncDB>[], 'versionchange'>;
type Migration = (db: IDBPDatabase<SyncDB>, tx: UpgradeTx) => void;

/** Migration N upgrades a database at version N to N + 1. Append only; never edit a shipped migration. */
export const MIGRATIONS: readonly Migration[] = [
  (db) => {
    db.createObjectStore('connections', { keyPath: 'service' });
    db.createObjectStore('settings', { keyPath: 'key' });
  },
  (db) => {
    db.createObjectStore('vault', { keyPath: 'name' });
    db.createObjectStore('vaultKeys', { keyPath: 'id' });
  },
  (db) => {
    // Records without a given id are simply absent from that index (IndexedDB skips missing keys).
    const series = db.createObjectStore('series', { keyPath: 'id' });
    series.createIndex('byAnilist', 'ids.anilist');
    series.createIndex('byMal', 'ids.mal');
    series.createIndex('byKitsu', 'ids.kitsu');
    series.createIndex('byMangadex', 'ids.mangadex');
    db.createObjectStore('entries', { keyPath: 'seriesId' });
    const bindings = db.createObjectStore('bindings', { keyPath: ['service', 'seriesId'] });
    // Unique: one remote media bound to two series would sync the same list entry from two sides.
    bindings.createIndex('byMedia', ['service', 'mediaId'], { unique: true });
    bindings.createIndex('bySeries', 'seriesId');
    db.createObjectStore('outbox', { keyPath: 'id' }).createIndex('byService', 'service');
    db.createObjectStore('syncLog', { keyPath: 'id', autoIncrement: true }).createIndex('byAt', 'at');
    db.createObjectStore('cache', { keyPath: 'key' });
  },
  (db) => {
    db.createObjectStore('siteLinks', { keyPath: ['site', 'seriesKey'] }).createIndex('bySeries', 'seriesId');
  },
];

export const DB_VERSION = MIGRATIONS.length;

/** Opens (and upgrades) the database. Cheap enough to call per operation: the worker may die at any time. */
export function openDatabase(name = DB_NAME, version = DB_VERSION): Promise<IDBPDatabase<SyncDB>> {
  return openDB<SyncDB>(name, version, {
    upgrade(db, oldVersion, newVersion, tx) {
      for (let v = oldVersion; v < (newVersion ?? version); v++) MIGRATIONS[v]?.(db, tx);
    },
  });
}

/**
 * Runs `work` on the database opened for it alone, and closes it after, whatever `work` does. One open per
 * operation: the worker may be stopped between any two, and a connection left open blocks a later upgrade.
 */
export async function withDb<T>(work: (db: IDBPDatabase<SyncDB>) => Promise<T>): Promise<T> {
  const db = await openDatabase();
  try {
    return await work(db);
  } finally {
    db.close();
  }
}

/** The records that validate, parsed: a damaged record is left out of a list rather than failing all of it. */
export function keepValid<T>(schema: z.core.$ZodType<T>, records: readonly unknown[]): T[] {
  const valid: T[] = [];
  for (const record of records) {
    const parsed = z.safeParse(schema, record);
    if (parsed.success) valid.push(parsed.data);
  }
  return valid;
}
