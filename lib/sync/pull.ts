/**
 * Taking a service's list into the library: each entry found a series (or a new one), merged, made the base, and
 * the pull cursor moved on the service's own clock. A sync run pulls this way; a flush carrying the user's edits
 * first "peeks" — reads what changed since the last pull, one small page — so an edit made there meanwhile meets
 * the user's in a merge instead of being written over unseen.
 */
import { readConnection, saveConnection } from '../library/connections';
import type { RemoteEntry } from '../trackers/tracker';
import { serviceContext, type ServiceContext } from './context';
import { scaleFor } from './scales';
import { requestStamp } from './stamps';
import { readCursor, settleScale, writeCursor } from './state';
import { updateSeries } from '../library/series';
import { enrichSeries, resolveSeries } from './identity';
import { reconcile } from './reconcile';

/** Pulls re-read a minute before the newest change seen, on the service's clock: an entry saved in the same
 * second as the last one seen, or a service whose clock steps back a little, is still read. */
export const SINCE_OVERLAP_MS = 60_000;

export interface Merged {
  /** Media ids of the entries listed. */
  listed: Set<string>;
  /** Entries from which the library took something. */
  changesIn: number;
  /** Conflicts settled (each already in the sync log with its losing value, written with its merge). */
  conflicts: number;
  /** The newest `updatedAt` seen (the service's clock), or the cursor's when nothing newer was listed. */
  since: number | null;
}

/**
 * Merges listed entries into the library, one after another (merges touch shared series). `readAt`: when the list
 * was asked for (our clock); an entry written or read since is known better than the list shows it.
 */
export async function mergeListed(context: ServiceContext, entries: readonly RemoteEntry[], since: number | null, now: () => number, readAt: number): Promise<Merged> {
  const merged: Merged = { listed: new Set(), changesIn: 0, conflicts: 0, since };
  for (const remote of entries) {
    const { series: found } = await resolveSeries(context.service, remote.media, now());
    // (Read and written in one step: a flush beside the pull may be learning this series' ids from an answer.)
    const series = (await updateSeries(found.id, (current) => enrichSeries(current, context.service, remote.media, now()))) ?? found;
    merged.listed.add(remote.media.id);
    const seen = await reconcile(context, series.id, remote, now(), readAt);
    if (seen.taken > 0) merged.changesIn += 1;
    merged.conflicts += seen.log.length;
    merged.since = Math.max(merged.since ?? 0, remote.updatedAt);
  }
  return merged;
}

export type Peeked = { kind: 'ok' } | { kind: 'unknown' } | { kind: 'failed'; failure: Exclude<Awaited<ReturnType<ServiceContext['tracker']['listEntries']>>, { kind: 'ok' }> };

/**
 * Reads and merges what changed on the service since its last pull. `unknown`: never pulled, so there is no
 * cursor to read from (the entries are read one by one instead).
 */
export async function peekChanges(context: ServiceContext, now: () => number): Promise<Peeked> {
  const cursor = await readCursor(context.service);
  if (cursor.since === null) return { kind: 'unknown' };
  const readAt = requestStamp(now());
  const result = await context.tracker.listEntries({ since: cursor.since - SINCE_OVERLAP_MS });
  if (result.kind !== 'ok') return { kind: 'failed', failure: result };
  const merged = await mergeListed(context, result.value, cursor.since, now, readAt);
  // Read again: a sync may have moved the cursor meanwhile; neither goes back.
  const latest = await readCursor(context.service);
  await writeCursor(context.service, { ...latest, since: Math.max(latest.since ?? 0, merged.since ?? 0), peekedAt: now() });
  return { kind: 'ok' };
}

/** A whole list is read at least this often: deletions on a service show only in a whole list. */
const FULL_PULL_EVERY_MS = 24 * 60 * 60_000;

/** Re-reads the account's score setting: a changed score format or rating system applies from this run on. */
async function refreshScale(context: ServiceContext): Promise<void> {
  if (context.service === 'mal') return;
  const viewer = await context.tracker.viewer();
  if (viewer.kind !== 'ok') return;
  const record = await readConnection(context.service);
  if (record && record.scoreSetting !== viewer.value.scoreSetting) {
    await saveConnection({ ...record, scoreSetting: viewer.value.scoreSetting });
    // The client converts scores with the setting it was made with (Kitsu rounds to the rating system's steps):
    // one made anew converts this run's writes on the new scale, not the old.
    const renewed = await serviceContext(context.service, context.direction, context.requests);
    if (renewed) context.tracker = renewed.tracker;
  }
  context.scale = scaleFor(context.service, viewer.value.scoreSetting);
  await settleScale(context.service, context.scale.name);
}

export interface Pulled {
  context: ServiceContext;
  entries: RemoteEntry[];
  full: boolean;
  /** When the list was asked for (our clock). */
  readAt: number;
}

/** Reads the service's list (whole, or what changed) and, with `scale`, the account's score setting beside it. */
export async function pull(context: ServiceContext, force: boolean, now: number, scale = true): Promise<Pulled | { context: ServiceContext; failure: string }> {
  const cursor = await readCursor(context.service);
  const full = force || cursor.since === null || cursor.fullAt === null || now - cursor.fullAt >= FULL_PULL_EVERY_MS;
  const readAt = requestStamp(now);
  const [result] = await Promise.all([
    context.tracker.listEntries(full || cursor.since === null ? {} : { since: cursor.since - SINCE_OVERLAP_MS }),
    scale ? refreshScale(context) : null,
  ]);
  if (result.kind !== 'ok') return { context, failure: result.message };
  return { context, entries: result.value, full, readAt };
}
