/**
 * The extension's IndexedDB database. The schema only moves forward through numbered migrations; a test opens
 * every historical version and upgrades it, so a user's data survives each release.
 */
import { openDB, type DBSchema, type IDBPDatabase, type IDBPTransaction, type StoreNames } from 'idb';
import type { ServiceId } from '../model';

export const DB_NAME = 'kuroibara-sync';

/** How the last real call to a service ended (the kinds of `CallResult`). */
export type CallOutcome = 'ok' | 'auth' | 'rateLimited' | 'transient' | 'permanent';

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

export interface SyncDB extends DBSchema {
  connections: { key: ServiceId; value: ConnectionRecord };
  settings: { key: string; value: { key: string; value: unknown } };
  /** Encrypted secrets; readable only with the key in `vaultKeys`. */
  vault: { key: string; value: VaultRecord };
  /** The vault's non-extractable AES-GCM key (a CryptoKey: IndexedDB stores it without exposing its bytes). */
  vaultKeys: { key: string; value: { id: string; key: CryptoKey } };
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
