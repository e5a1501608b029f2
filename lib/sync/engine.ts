/**
 * One sync run (DESIGN.md "Sync rules"): pull each service's list (changes since the last run, or all of it),
 * merge every entry into the library, plan what each service lacks, and flush the outbox. A run with nothing
 * changed makes zero write requests. Runs never overlap (Web Locks); everything lives in IndexedDB, so a worker
 * stopped mid-run loses nothing: the next run or outbox alarm picks up where it stopped.
 */
import { putBinding, getBinding } from '../library/bindings';
import { getEntry as getLibraryEntry, listEntries as listLibraryEntries, putEntry } from '../library/entries';
import { getSeries, putSeries } from '../library/series';
import type { JsonValue, SyncLogRecord } from '../library/db';
import { appendLog } from '../library/sync-log';
import type { SyncRunSummary } from '../messages';
import { SERVICE_IDS, SERVICE_NAMES, type ServiceId } from '../model';
import type { RemoteEntry } from '../trackers/tracker';
import { serviceContext, type ServiceContext } from './context';
import { flushService } from './flush';
import { enrichSeries, resolveSeries } from './identity';
import { mergeEntry, type Direction } from './merge';
import { planPush } from './plan';
import { remoteFields, remoteState } from './remote';
import { readLastPull, writeLastPull } from './state';
import { t } from '../i18n';

export interface SyncOptions {
  services?: readonly ServiceId[];
  forceFullSync?: boolean;
  direction?: Direction;
  /** Asked for by the user: queued changes waiting out a backoff are retried now too. */
  retryNow?: boolean;
  now?: () => number;
}

/** Pulls re-read a minute before the last pull, so a clock a little off on either side loses nothing. */
const SINCE_MARGIN_MS = 60_000;

interface Tally {
  changesIn: number;
  changesOut: number;
  conflicts: number;
  failure: string | null;
}

/** Runs `task` alone: a second sync asked for meanwhile waits for the first instead of racing it. */
function exclusively<T>(task: () => Promise<T>): Promise<T> {
  const locks = (globalThis.navigator as Navigator | undefined)?.locks;
  // lib.dom types request()'s result as the callback's return type (a promise of a promise); it resolves to T.
  return locks ? (locks.request('kuroibara-sync', task) as unknown as Promise<T>) : task();
}

export function runSync(options: SyncOptions = {}): Promise<SyncRunSummary[]> {
  return exclusively(() => runSyncNow(options));
}

async function runSyncNow(options: SyncOptions): Promise<SyncRunSummary[]> {
  const now = options.now ?? Date.now;
  const started = now();
  const contexts = (await Promise.all((options.services ?? SERVICE_IDS).map((s) => serviceContext(s, options.direction)))).filter(
    (c): c is ServiceContext => c !== null,
  );
  const tallies = new Map<ServiceId, Tally>();
  const tallyOf = (service: ServiceId): Tally => {
    let tally = tallies.get(service);
    if (!tally) tallies.set(service, (tally = { changesIn: 0, changesOut: 0, conflicts: 0, failure: null }));
    return tally;
  };
  const log: SyncLogRecord[] = [];
  const seen = new Map<string, RemoteEntry>();

  // 1. Pull: network in parallel, merging one service after another (merges touch shared series).
  const pulled = await Promise.all(
    contexts.map(async (context) => {
      if (context.direction === 'push') return { context, entries: [] as RemoteEntry[] };
      const last = options.forceFullSync ? null : await readLastPull(context.service);
      const result = await context.tracker.listEntries(last === null ? {} : { since: last - SINCE_MARGIN_MS });
      if (result.kind !== 'ok') {
        tallyOf(context.service).failure = result.message;
        return { context, entries: null };
      }
      return { context, entries: result.value };
    }),
  );
  for (const { context, entries } of pulled) {
    if (!entries) continue;
    const tally = tallyOf(context.service);
    for (const remote of entries) {
      const { series: found } = await resolveSeries(context.service, remote.media, now());
      const series = enrichSeries(found, context.service, remote.media, now());
      if (series !== found) await putSeries(series);
      seen.set(`${context.service}:${series.id}`, remote);
      const local = await getLibraryEntry(series.id);
      const binding = await getBinding(context.service, series.id);
      const result = mergeEntry({
        local,
        base: binding?.base ?? null,
        remote: remoteState(remote),
        fields: context.fields,
        direction: context.direction,
        scale: context.scale,
        seriesId: series.id,
      });
      if (result.local && JSON.stringify(result.local) !== JSON.stringify(local)) await putEntry(result.local);
      if (result.taken.length > 0) tally.changesIn += 1;
      for (const conflict of result.conflicts) {
        tally.conflicts += 1;
        log.push({
          at: now(),
          kind: 'conflict',
          service: context.service,
          direction: 'pull',
          message: t(conflict.winner === 'library' ? 'syncConflictKeptLibrary' : 'syncConflictKeptService', series.title, conflict.field, SERVICE_NAMES[context.service]),
          details: {
            seriesId: series.id,
            field: conflict.field,
            kept: (conflict.winner === 'library' ? conflict.libraryValue : conflict.serviceValue) as JsonValue,
            lost: (conflict.winner === 'library' ? conflict.serviceValue : conflict.libraryValue) as JsonValue,
          },
        });
      }
      // What the service holds now is the new base; what the library has beyond it is planned below.
      await putBinding({
        seriesId: series.id,
        service: context.service,
        mediaId: remote.media.id,
        entryId: remote.entryId,
        base: remoteFields(remote),
        baseRemoteUpdatedAt: remote.updatedAt,
        syncedAt: now(),
      });
    }
    await writeLastPull(context.service, started);
  }

  // 2. Plan: every library entry against every service that takes pushes.
  const pushers = contexts.filter((c) => c.direction !== 'pull');
  if (pushers.length > 0) {
    for (const { seriesId } of await listLibraryEntries()) {
      for (const context of pushers) {
        // Read fresh: planning can join two series into one (ids found by a lookup prove they are the same).
        const series = await getSeries(seriesId);
        const local = await getLibraryEntry(seriesId);
        if (!series || !local) break;
        if (await planPush(context, series, local, seen.get(`${context.service}:${series.id}`), now())) tallyOf(context.service).changesOut += 1;
      }
    }
  }

  // 3. Flush: services side by side, so one that is rate-limited or down holds no other back.
  const flushed = await Promise.all(pushers.map(async (context) => ({ context, report: await flushService(context.service, context.tracker, now, { retryNow: options.retryNow }) })));
  for (const { context, report } of flushed) {
    const tally = tallyOf(context.service);
    if (report.stoppedBy && !tally.failure) tally.failure = report.stoppedBy;
    if (report.failed > 0 && !tally.failure) tally.failure = t('syncNotSentYet', SERVICE_NAMES[context.service], report.failed);
  }

  const summaries: SyncRunSummary[] = contexts.map((context) => {
    const tally = tallyOf(context.service);
    const name = SERVICE_NAMES[context.service];
    return {
      service: context.service,
      ok: tally.failure === null,
      message: tally.failure ?? t('syncRunSummary', name, tally.changesIn, tally.changesOut, tally.conflicts),
      requests: context.requests.count,
      changesIn: tally.changesIn,
      changesOut: tally.changesOut,
      conflicts: tally.conflicts,
    };
  });
  for (const summary of summaries) {
    log.push({
      at: now(),
      kind: summary.ok ? 'run' : 'error',
      service: summary.service,
      direction: null,
      message: summary.message,
      details: {
        requests: summary.requests,
        changesIn: summary.changesIn,
        changesOut: summary.changesOut,
        conflicts: summary.conflicts,
        full: Boolean(options.forceFullSync),
        direction: contexts.find((c) => c.service === summary.service)?.direction ?? 'both',
      },
    });
  }
  await appendLog(log);
  return summaries;
}
