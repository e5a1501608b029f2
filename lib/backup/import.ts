/**
 * Options → Backup → "Import backup": the preview (what would change, and the records left out with their
 * reasons) and the import itself. Applying checks the file again from scratch and plans against the library as it
 * is then, reading and writing in one transaction: nothing a page claims about an earlier preview is trusted,
 * and a worker stopped halfway leaves the library as it was. Changed entries then go to the services through
 * the outbox, as an edit in the Library tab does.
 */
import { openDatabase, withDb } from '../library/db';
import { getEntry } from '../library/entries';
import { getSeries } from '../library/series';
import { SERVICE_IDS, type ServiceId } from '../model';
import { serviceContext } from '../sync/context';
import { flushService } from '../sync/flush';
import { planPush } from '../sync/plan';
import { MAX_REJECTED_LISTED } from './limits';
import { planImport, type ImportPlan, type ImportSummary } from './plan';
import { parseBackup } from './schemas';
import { BACKUP_STORES, readSnapshot, writeImport } from './snapshot';

export interface ImportResult {
  summary: ImportSummary;
  /** Services the imported changes were queued for (connected ones that take pushes). */
  queued: ServiceId[];
  /** Self-hosted servers were added: their content scripts are to be registered. */
  serversChanged: boolean;
}

const planOptions = (now: number) => ({ now, newId: () => crypto.randomUUID(), listRejected: MAX_REJECTED_LISTED });

/** What importing `text` would change; writes nothing. Throws a BackupError for a file that is not a backup. */
export async function previewImport(text: string, now = Date.now()): Promise<ImportSummary> {
  const backup = parseBackup(text);
  return withDb(async (db) => {
    const tx = db.transaction(BACKUP_STORES);
    const local = await readSnapshot(tx);
    await tx.done;
    return planImport(backup, local, planOptions(now)).summary;
  });
}

/** Imports `text` into the library and queues the changed entries for the services. */
export async function applyImport(text: string, now = Date.now()): Promise<ImportResult> {
  const backup = parseBackup(text);
  const db = await openDatabase();
  let plan: ImportPlan;
  try {
    const tx = db.transaction(BACKUP_STORES, 'readwrite');
    // Planning is synchronous, so the transaction stays open from this read to the writes.
    plan = planImport(backup, await readSnapshot(tx), planOptions(now));
    await writeImport(tx, plan.writes);
  } finally {
    db.close();
  }
  return {
    summary: plan.summary,
    queued: await queueForServices(plan.changedEntries, now),
    serversChanged: plan.writes.settings.servers !== null,
  };
}

/**
 * Plans each changed entry against each connected service (the same planner a sync uses) and sends what is
 * due; what cannot go out now waits in the outbox, and the next sync plans anything missed here.
 */
async function queueForServices(seriesIds: readonly string[], now: number): Promise<ServiceId[]> {
  if (seriesIds.length === 0) return [];
  const queued = await Promise.all(
    SERVICE_IDS.map(async (service) => {
      const context = await serviceContext(service);
      if (!context) return null;
      let planned = false;
      for (const seriesId of seriesIds) {
        // Read fresh: planning can join two series into one (a lookup may prove them the same manga).
        const [series, entry] = await Promise.all([getSeries(seriesId), getEntry(seriesId)]);
        if (series && entry && (await planPush(context, series, entry, now))) planned = true;
      }
      if (planned) await flushService(context);
      return planned ? service : null;
    }),
  );
  return queued.filter((service): service is ServiceId => service !== null);
}
