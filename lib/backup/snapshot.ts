/**
 * What a backup holds, read from the library in one transaction (an export is never half of one state and
 * half of the next), and the writes of an import, made in the transaction that read: all or nothing.
 * Never the vault, connections, outbox, sync log or cache: those stores are not even opened here.
 */
import type { IDBPTransaction } from 'idb';
import { z } from 'zod/mini';
import { bindingSchema } from '../library/bindings';
import { keepValid, type SiteLink, type SyncDB } from '../library/db';
import { entrySchema } from '../library/entries';
import { seriesSchema } from '../library/series';
import { siteLinkSchema } from '../library/site-links';
import { SERVICE_IDS, type Binding, type LibraryEntry, type Series, type ServiceId } from '../model';
import { DEFAULT_READING_SETTINGS, READING_SETTINGS_KEY, readingSettingsSchema, type ReadingSettings } from '../settings/reading';
import { serverSchema, SERVERS_KEY, type SelfHostedServer } from '../servers/self-hosted';
import { DEFAULT_SERVICE_SETTINGS, serviceSettingsKey, serviceSettingsSchema, type ServiceSettings } from '../settings/services';
import type { BackupSettings } from './schemas';

/** The stores a backup reads and an import writes. */
export const BACKUP_STORES = ['series', 'entries', 'bindings', 'siteLinks', 'settings'] as const;
type BackupStore = (typeof BACKUP_STORES)[number];

/** The library as a backup sees it: every valid record, and the settings in force (defaults when none saved). */
export interface LibrarySnapshot {
  series: Series[];
  entries: LibraryEntry[];
  bindings: Binding[];
  siteLinks: SiteLink[];
  settings: {
    services: Record<ServiceId, ServiceSettings>;
    reading: ReadingSettings;
    servers: SelfHostedServer[];
  };
}

/** Records an import stores, each already checked; settings sections that are null stay as they are. */
export interface ImportWrites {
  series: Series[];
  entries: LibraryEntry[];
  bindings: Binding[];
  siteLinks: SiteLink[];
  settings: BackupSettings;
}

export async function readSnapshot(tx: IDBPTransaction<SyncDB, BackupStore[], IDBTransactionMode>): Promise<LibrarySnapshot> {
  const [series, entries, bindings, siteLinks, settings] = await Promise.all([
    tx.objectStore('series').getAll(),
    tx.objectStore('entries').getAll(),
    tx.objectStore('bindings').getAll(),
    tx.objectStore('siteLinks').getAll(),
    tx.objectStore('settings').getAll(),
  ]);
  const stored = new Map(settings.map((record) => [record.key, record.value]));
  const setting = <T,>(schema: z.core.$ZodType<T>, key: string, fallback: T): T => {
    const parsed = z.safeParse(schema, stored.get(key));
    return parsed.success ? parsed.data : fallback;
  };
  return {
    series: keepValid(seriesSchema, series),
    entries: keepValid(entrySchema, entries),
    bindings: keepValid(bindingSchema, bindings),
    siteLinks: keepValid(siteLinkSchema, siteLinks),
    settings: {
      services: Object.fromEntries(
        SERVICE_IDS.map((service) => [service, setting(serviceSettingsSchema, serviceSettingsKey(service), DEFAULT_SERVICE_SETTINGS)]),
      ) as Record<ServiceId, ServiceSettings>,
      reading: setting(readingSettingsSchema, READING_SETTINGS_KEY, DEFAULT_READING_SETTINGS),
      servers: setting(z.array(serverSchema), SERVERS_KEY, []),
    },
  };
}

/**
 * Stores an import's records and commits. They were all checked already: each backup record against the file's
 * schemas (stricter than the library's own), each library record as it was read.
 */
export async function writeImport(tx: IDBPTransaction<SyncDB, BackupStore[], 'readwrite'>, writes: ImportWrites): Promise<void> {
  const { services, reading, servers } = writes.settings;
  const settings = tx.objectStore('settings');
  await Promise.all([
    ...writes.series.map((record) => tx.objectStore('series').put(record)),
    ...writes.entries.map((record) => tx.objectStore('entries').put(record)),
    ...writes.bindings.map((record) => tx.objectStore('bindings').put(record)),
    ...writes.siteLinks.map((record) => tx.objectStore('siteLinks').put(record)),
    ...Object.entries(services).map(([service, value]) => settings.put({ key: serviceSettingsKey(service as ServiceId), value })),
    ...(reading ? [settings.put({ key: READING_SETTINGS_KEY, value: reading })] : []),
    ...(servers ? [settings.put({ key: SERVERS_KEY, value: servers })] : []),
    tx.done,
  ]);
}
