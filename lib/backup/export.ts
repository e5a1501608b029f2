/**
 * Options → Backup → "Export backup": the library, its links and the settings as one versioned JSON file.
 * Built only from the stores a backup reads (lib/backup/snapshot.ts), record by record through the library's
 * schemas, so tokens, passwords, client secrets, the outbox, the sync log and the cache cannot end up in it.
 */
import { withDb } from '../library/db';
import { BACKUP_FORMAT, BACKUP_VERSION } from './schemas';
import { BACKUP_STORES, readSnapshot, type LibrarySnapshot } from './snapshot';

/** A backup file, version 1. */
export interface BackupFile {
  format: typeof BACKUP_FORMAT;
  version: typeof BACKUP_VERSION;
  /** When it was made (ISO 8601). */
  exportedAt: string;
  library: { series: LibrarySnapshot['series']; entries: LibrarySnapshot['entries'] };
  /** Which media each series is on each service, with the base snapshot last agreed with that service. */
  bindings: LibrarySnapshot['bindings'];
  /** Which library series each reader site's series is. */
  siteLinks: LibrarySnapshot['siteLinks'];
  /** Per-service settings (client ids, never client secrets), reading settings, self-hosted servers. */
  settings: LibrarySnapshot['settings'];
}

export function backupDocument(snapshot: LibrarySnapshot, now: number): BackupFile {
  return {
    format: BACKUP_FORMAT,
    version: BACKUP_VERSION,
    exportedAt: new Date(now).toISOString(),
    library: { series: snapshot.series, entries: snapshot.entries },
    bindings: snapshot.bindings,
    siteLinks: snapshot.siteLinks,
    settings: snapshot.settings,
  };
}

/** Reads the library (one transaction) and returns the backup file's name and text. */
export async function exportBackup(now = Date.now()): Promise<{ fileName: string; text: string }> {
  return withDb(async (db) => {
    const tx = db.transaction(BACKUP_STORES);
    const snapshot = await readSnapshot(tx);
    await tx.done;
    const document = backupDocument(snapshot, now);
    return { fileName: `kuroibara-sync-backup-${document.exportedAt.slice(0, 10)}.json`, text: JSON.stringify(document, null, 2) };
  });
}
