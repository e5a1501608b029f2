/**
 * One sync run (DESIGN.md "Sync rules"): pull each service's list (changes since the last run on the service's
 * own clock, or all of it), merge every entry into the library, plan what each service lacks, and flush the
 * outbox. A run with nothing changed makes zero write requests.
 *
 * Runs never overlap (Web Locks), and every step is durable: the run is recorded and an alarm is set before it
 * starts, so a run the browser stops resumes by itself within a minute with no page open (rule 7); merging, planning
 * and sending are each safe to do twice. A service whose pull failed gets nothing pushed in that run (rule 8).
 */
import { listBindings } from '../library/bindings';
import { getEntry as getLibraryEntry, listEntries as listLibraryEntries } from '../library/entries';
import { getSeries, listSeries } from '../library/series';
import type { SyncLogRecord } from '../library/db';
import { updateBinding } from '../library/bindings';
import { appendLog } from '../library/sync-log';
import { ENTRY_FIELDS, SERVICE_IDS, SERVICE_NAMES, type LibraryEntry, type Series, type ServiceId } from '../model';
import { armResume, clearResume } from './alarms';
import { serviceContext, type ServiceContext } from './context';
import { flushService } from './flush';
import { removedRecord, staleWrites } from './prepare';
import type { Direction } from './merge';
import { withLock } from './locks';
import { planPush } from './plan';
import { mergeListed, pull, type Pulled } from './pull';
import { readCursor, readJob, writeCursor, writeJob, type SyncJob } from './state';
import { t } from '../i18n/t';

/** One service's part of a sync run, as the popup and options page report it. */
export interface SyncRunSummary {
  service: ServiceId;
  ok: boolean;
  message: string;
  requests: number;
  changesIn: number;
  changesOut: number;
  conflicts: number;
}

export interface SyncOptions {
  services?: readonly ServiceId[];
  forceFullSync?: boolean;
  direction?: Direction;
  /** Asked for by the user: queued changes waiting out a backoff are retried now too. */
  retryNow?: boolean;
  now?: () => number;
}

/**
 * A list this long may have been cut by the service (AniList serves at most the 11,000 most recently updated
 * entries, API-FACTS §A): entries missing from it are not taken as removed.
 */
const DELETION_CHECK_LIMIT = 10_000;
/**
 * Entries per request of a whole-list read (API-FACTS: AniList's `MediaListCollection` chunks of 500, MyAnimeList's
 * `limit` 1000, Kitsu's `page[limit]` 500): a push that would read more entries one by one than the list has pages
 * reads the list instead.
 */
const LIST_PAGE: Record<ServiceId, number> = { anilist: 500, mal: 1000, kitsu: 500 };
/** Planning passes over one series: each pass that finds a new id may join another series into it. */
const MAX_PLAN_PASSES = 3;

interface Tally {
  changesIn: number;
  changesOut: number;
  conflicts: number;
  failure: string | null;
}

/** Whether a run is going on in this worker (a stopped worker's run is over, whatever the stored job says). */
let running = false;

/** Runs `task` alone: a second sync asked for meanwhile waits for the first instead of racing it. */
const exclusively = <T>(task: () => Promise<T>): Promise<T> => withLock('kuroibara-sync', task);

export function runSync(options: SyncOptions = {}): Promise<SyncRunSummary[]> {
  return exclusively(async () => {
    const now = options.now ?? Date.now;
    const job: SyncJob = {
      startedAt: now(),
      services: [...(options.services ?? SERVICE_IDS)],
      forceFullSync: options.forceFullSync ?? false,
      direction: options.direction ?? 'both',
    };
    // Recorded before any work: if the browser stops the worker, the resume alarm runs the job again.
    await writeJob(job);
    await armResume(now());
    running = true;
    try {
      return await runSyncNow(options);
    } finally {
      running = false;
      await writeJob(null);
      await clearResume();
    }
  });
}

/** The resume alarm: runs a job the browser stopped; a run still going on in this worker only needs more time. */
export async function resumeSync(now = Date.now()): Promise<void> {
  // Armed again before anything else: the alarm that woke this worker is spent, and a worker stopped again before
  // the run re-arms it (at its first step, reading the job) would leave the job with nothing to resume it.
  await armResume(now);
  if (running) return;
  const job = await readJob();
  if (!job) {
    await clearResume();
    return;
  }
  await runSync({ services: job.services, forceFullSync: job.forceFullSync, direction: job.direction });
}

/** Whether a sync the browser stopped waits to be resumed (recorded, and not running in this worker). */
export async function stoppedSyncPending(): Promise<boolean> {
  return !running && (await readJob()) !== null;
}

async function runSyncNow(options: SyncOptions): Promise<SyncRunSummary[]> {
  const now = options.now ?? Date.now;
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

  /** Merges a pull into the library; a whole list also shows what was removed there. */
  const take = async (outcome: Pulled | { context: ServiceContext; failure: string }): Promise<boolean> => {
    const { context } = outcome;
    const tally = tallyOf(context.service);
    if ('failure' in outcome) {
      tally.failure = outcome.failure;
      return false;
    }
    const cursor = await readCursor(context.service);
    const merged = await mergeListed(context, outcome.entries, cursor.since, now, outcome.readAt);
    const { listed, since } = merged;
    tally.changesIn += merged.changesIn;
    tally.conflicts += merged.conflicts;
    if (outcome.full && outcome.entries.length < DELETION_CHECK_LIMIT) {
      // Linked and agreed with, yet gone from the whole list: removed there by the user. Reported, never undone.
      // (Not one agreed from a request sent since this list was asked for: a write beside the sync — a read, an edit —
      // that created the entry again or changed it after the list was read knows better than the list.)
      for (const binding of await listBindings(context.service)) {
        if (binding.base === null || binding.removedAt !== null || listed.has(binding.mediaId)) continue;
        if (binding.readAt != null && binding.readAt >= outcome.readAt) continue;
        await updateBinding(context.service, binding.seriesId, (stored) => ({ ...stored, removedAt: now() }));
        const title = (await getSeries(binding.seriesId))?.title ?? binding.seriesId;
        log.push(removedRecord(context.service, binding.seriesId, title, now()));
      }
    }
    await writeCursor(context.service, { ...cursor, since, fullAt: outcome.full ? now() : cursor.fullAt, pulledAt: now() });
    return true;
  };

  // 1. Pull: network in parallel, merging one service after another (merges touch shared series).
  const pulling = contexts.filter((c) => c.direction !== 'push');
  const pulled = await Promise.all(pulling.map((context) => pull(context, options.forceFullSync ?? false, now())));
  const unpulled = new Set<ServiceId>();
  const partly = new Set<ServiceId>();
  for (const outcome of pulled) {
    if (!(await take(outcome))) unpulled.add(outcome.context.service);
    else if (!('failure' in outcome) && !outcome.full) partly.add(outcome.context.service);
  }

  // 2. Plan: every library entry against every service that takes pushes and was heard from in this run.
  const pushers = contexts.filter((c) => c.direction !== 'pull' && !unpulled.has(c.service));
  const queued = new Map<ServiceId, Set<string>>(pushers.map((c) => [c.service, new Set<string>()]));
  if (pushers.length > 0) {
    for (const { seriesId } of await listLibraryEntries()) {
      // A look-up that finds a new id can join another series into this one, bringing its entry and links: the
      // services planned before it then plan again from the joined entry. Ids only grow, so this ends.
      for (let pass = 0; pass < MAX_PLAN_PASSES; pass += 1) {
        const idsBefore = JSON.stringify((await getSeries(seriesId))?.ids ?? null);
        for (const context of pushers) {
          // Read fresh: an earlier service's look-up may have changed the series or its entry.
          const series = await getSeries(seriesId);
          const local = await getLibraryEntry(seriesId);
          if (!series || !local) break;
          if (await planPush(context, series, local, now())) queued.get(context.service)?.add(seriesId);
        }
        if (JSON.stringify((await getSeries(seriesId))?.ids ?? null) === idsBefore) break;
      }
    }
  }

  // 2b. A pull of what changed cannot show removals, so a write to an entry not seen lately reads it first. Where
  // that would cost more requests than reading the whole list (a large push), the whole list is read instead.
  for (const context of pushers) {
    if (!partly.has(context.service)) continue;
    const stale = await staleWrites(context.service, now(), options.retryNow);
    if (stale === 0) continue;
    const linked = (await listBindings(context.service)).filter((b) => b.base !== null).length;
    if (stale <= Math.ceil(linked / LIST_PAGE[context.service])) continue;
    // Failing, the writes read their entries one by one as they would have.
    const whole = await pull(context, true, now(), false);
    if (!('failure' in whole)) await take(whole);
  }

  // 3. Flush: services side by side, so one that is rate-limited or down holds no other back.
  const flush = () => Promise.all(pushers.map(async (context) => ({ context, report: await flushService(context, now, { retryNow: options.retryNow }) })));
  const before = new Map((pushers.length > 0 ? await listSeries() : []).map((series) => [series.id, series.ids]));
  const valuesBefore = new Map((pushers.length > 0 ? await listLibraryEntries() : []).map((entry) => [entry.seriesId, entryValues(entry)]));
  const flushed = await flush();
  // A write's answer (or a read before it) can bring ids a look-up could not find (AniList's answer carries idMal)
  // or show a media bound to another series, which joins the two: the series that learnt some, or took another in,
  // plan once more, so the service they were missing on, or the joined entry's values, are not left for the next run.
  // So does a series whose entry the answers changed (a value another device set there since the list was read):
  // the other lists get it in this run, not in the next.
  const after = pushers.length > 0 ? await listSeries() : [];
  const present = new Set(after.map((series) => series.id));
  const joined = [...before].filter(([id]) => !present.has(id)).map(([, ids]) => ids);
  const sharesId = (ids: Series['ids'], other: Series['ids']) => SERVICE_IDS.some((s) => ids[s] !== undefined && ids[s] === other[s]);
  let again = false;
  for (const series of after) {
    const was = before.get(series.id);
    const seriesId = series.id;
    const local = await getLibraryEntry(seriesId);
    if (!local) continue;
    const sameIds = was && JSON.stringify(was) === JSON.stringify(series.ids) && !joined.some((ids) => sharesId(ids, series.ids));
    if (sameIds && valuesBefore.get(seriesId) === entryValues(local)) continue;
    for (const context of pushers) {
      if (await planPush(context, series, local, now())) {
        queued.get(context.service)?.add(seriesId);
        again = true;
      }
    }
  }
  if (again) flushed.push(...(await flush()));
  for (const [service, seriesIds] of queued) tallyOf(service).changesOut += seriesIds.size;
  for (const { context, report } of flushed) {
    const tally = tallyOf(context.service);
    if (report.stoppedBy && !tally.failure) tally.failure = report.stoppedBy;
    if (report.failed > 0 && !tally.failure) tally.failure = t('syncNotSentYet', SERVICE_NAMES[context.service], report.failed);
    if (report.refused > 0 && !tally.failure) tally.failure = t('syncRefusedSome', SERVICE_NAMES[context.service], report.refused);
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

/** An entry's values, comparable across reads (what a merge may change). */
function entryValues(entry: LibraryEntry): string {
  return JSON.stringify(ENTRY_FIELDS.map((field) => entry[field]));
}
