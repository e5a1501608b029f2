/**
 * Works out which fields each service should receive for one series (the push half of a sync, also used right
 * after a local edit) and queues that intent in the durable outbox.
 */
import { findBindingByMedia, getBinding } from '../library/bindings';
import { cacheGet, cachePut } from '../library/cache';
import { getEntry } from '../library/entries';
import { discardItem, enqueueIntent, getItem, outboxId } from '../library/outbox';
import { findSeriesByIds, updateSeries } from '../library/series';
import type { Binding, EntryField, EntryFields, LibraryEntry, Series } from '../model';
import { publicTrackerFor } from '../trackers/accounts';
import { joinSeries } from './agree';
import { mergeEntry } from './merge';
import { countingFetch, type ServiceContext } from './context';

/** A failed or empty lookup is not retried for a day; a found one is remembered for a month. */
const LOOKUP_MISS_TTL = 24 * 60 * 60 * 1000;
const LOOKUP_HIT_TTL = 30 * 24 * 60 * 60 * 1000;

/** The service's media id for a series: known, or looked up by the series' other ids (cached). */
async function mediaIdFor(context: ServiceContext, series: Series, now: number): Promise<string | null> {
  const known = series.ids[context.service];
  // MangaDex's `kt` link may be a Kitsu slug rather than the numeric id Kitsu's API needs: look that one up.
  if (known !== undefined && (context.service !== 'kitsu' || /^\d+$/.test(String(known)))) return String(known);
  const hasIds = Object.keys(series.ids).length > 0;
  if (!hasIds) return null;
  if (context.service === 'mal' && series.ids.anilist !== undefined) return malIdViaAniList(context, series, series.ids.anilist, now);
  const cacheKey = `lookup:${context.service}:${JSON.stringify(series.ids)}`;
  const cached = await cacheGet(cacheKey, now);
  if (cached !== undefined) return typeof cached === 'string' ? cached : null;
  const found = await context.tracker.lookup(series.ids);
  if (found.kind !== 'ok') return null;
  const id = found.value?.id ?? null;
  await cachePut(cacheKey, id, id ? LOOKUP_HIT_TTL : LOOKUP_MISS_TTL, now);
  if (id) await adoptMediaId(context, series, id, now);
  return id;
}

/**
 * MyAnimeList has no look-up by another service's id; AniList publishes MyAnimeList's id of each manga (`idMal`)
 * to anyone, connected or not. So a series known by its AniList id alone (a MangaDex page linking only AniList)
 * is found on MyAnimeList through AniList's public data, one request per series, remembered like any look-up.
 */
async function malIdViaAniList(context: ServiceContext, series: Series, anilistId: number, now: number): Promise<string | null> {
  const cacheKey = `idMal:${anilistId}`;
  const cached = await cacheGet(cacheKey, now);
  let id = cached === undefined ? undefined : typeof cached === 'string' ? cached : null;
  if (id === undefined) {
    const anilist = await publicTrackerFor('anilist', { fetch: countingFetch(context.requests) });
    const found = await anilist.lookup({ anilist: anilistId });
    if (found.kind !== 'ok') return null;
    const mal = found.value?.crossIds.mal;
    id = mal === undefined ? null : String(mal);
    await cachePut(cacheKey, id, id ? LOOKUP_HIT_TTL : LOOKUP_MISS_TTL, now);
  }
  if (id) await adoptMediaId(context, series, id, now);
  return id;
}

/**
 * Records the service's id on the series. If another series already holds that id (it came from that
 * service's own list, before any id linked the two), the ids prove they are one manga: join them.
 */
async function adoptMediaId(context: ServiceContext, series: Series, id: string, now: number): Promise<void> {
  const typed = context.service === 'kitsu' ? id : Number(id);
  const bound = await findBindingByMedia(context.service, id);
  const twins = (await findSeriesByIds({ [context.service]: typed })).map((s) => s.id);
  for (const other of new Set([bound?.seriesId, ...twins])) {
    if (other && other !== series.id) await joinSeries(series.id, other, now);
  }
  await updateSeries(series.id, (current) => ({ ...current, ids: { ...current.ids, [context.service]: typed }, updatedAt: now }));
}

/**
 * What `context.service` lacks of the library entry, as values: against what was last agreed with it (the base,
 * as the last pull, fresh read or write left it) and what was last sent there. Everything it syncs, when the
 * series is not on its list yet.
 */
/**
 * Dates the library holds empty because the user cleared them here (not merely never known: a restored backup or a
 * list read says nothing of why a date is empty).
 */
export function clearedFields(local: LibraryEntry): EntryField[] {
  return (['startedAt', 'completedAt'] as const).filter((field) => local[field] === null && (local.editedFields ?? []).includes(field));
}

export function lackingOn(context: ServiceContext, local: LibraryEntry, binding: Binding | null): Partial<EntryFields> {
  const push = mergeEntry({
    local,
    base: binding?.base ?? null,
    asked: binding?.asked ?? {},
    remote: binding?.base ? { fields: binding.base, updatedAt: binding.baseRemoteUpdatedAt ?? 0 } : null,
    fields: context.fields,
    direction: context.direction,
    scale: context.scale,
    seriesId: local.seriesId,
  }).push;
  // A date cleared here that the service dated again by itself (Kitsu fills an empty date when a save moves the
  // status) is remembered as asked, but only while that status move lasts: once the service holds the library's
  // status — or this push gives it that status — a save of the empty date moves nothing and clears it for good (the
  // storage model sends it after the status, which would fill it again).
  const base = binding?.base;
  const count = binding?.totals?.chapters ?? null;
  const statusThen = push.status ?? base?.status;
  // (Not while the entry sits at the service's chapter count with another status than completed: any save that does
  // not move the status completes it there and dates it again, so the clearing cannot hold — the date is the
  // service's own, as the storage model has it.)
  const completedBySave = base != null && count !== null && statusThen !== 'completed' && Math.floor(push.progress ?? base.progress) === count;
  if (base && context.direction !== 'pull' && statusThen === local.status && !completedBySave) {
    for (const field of clearedFields(local)) {
      if (context.fields.includes(field) && base[field] !== null && binding.asked[field] === null) Object.assign(push, { [field]: null });
    }
  }
  // Likewise a chapter count the service filled when the entry was completed there (Kitsu) stands for the library's
  // smaller progress only while the entry is completed there: left (another device put it back to reading), the
  // library's own count goes. (A count the service holds as its cap for a larger one is no fill: nothing to send.)
  const asked = binding?.asked.progress;
  if (base && context.direction !== 'pull' && context.fields.includes('progress') && asked !== undefined && count !== null) {
    const filled = base.status !== 'completed' && local.status !== 'completed' && Math.floor(base.progress) === count;
    if (filled && Math.floor(local.progress) < count && Math.floor(asked) === Math.floor(local.progress)) push.progress = local.progress;
  }
  // And the completion a service gave an entry saved at its chapter count (Kitsu completes it on any save there) stands
  // for the library's other status only while the library's count is at that count: below it, the service can hold
  // the library's status, which goes with the count.
  const askedStatus = binding?.asked.status;
  if (base && context.direction !== 'pull' && context.fields.includes('status') && askedStatus !== undefined && count !== null) {
    const completedThere = base.status === 'completed' && local.status !== 'completed' && Math.floor(base.progress) === count && askedStatus === local.status;
    if (completedThere && Math.floor(local.progress) < count) Object.assign(push, { status: local.status, ...(context.fields.includes('progress') ? { progress: local.progress } : {}) });
  }
  return push;
}

/**
 * Queues what `context.service` lacks of the library entry, as an intent (which fields; the values are read when
 * it is sent). Compared with what was last agreed with the service (the base, as the last pull or write left
 * it) and with what was last sent there. Nothing is queued for an entry removed on the service: that waits for
 * the user's "Add back" or "Remove everywhere". Resolves to whether anything was queued.
 */
export async function planPush(
  context: ServiceContext, series: Series, local: LibraryEntry, now: number, queue: { holdUntil?: number; fresh?: boolean; peek?: boolean } = {},
): Promise<boolean> {
  if (context.direction === 'pull') return false;
  const binding = await getBinding(context.service, series.id);
  if (binding?.removedAt != null) return false;
  const mediaId = binding?.mediaId ?? (await mediaIdFor(context, series, now));
  if (!mediaId) return false;
  // A look-up may have joined another series into this one: plan from the entry as it is now.
  const entry = binding ? local : ((await getEntry(series.id)) ?? local);
  const push = lackingOn(context, entry, binding);
  const fields = Object.keys(push) as EntryField[];
  if (fields.length === 0) {
    // A write still in flight (sent, its answer never taken) leaves the base in doubt: the item stays and reads the
    // entry before it decides (the service may hold that write, which the library has since taken back).
    const queued = await getItem(outboxId(context.service, series.id));
    if (queued && queued.midway.length > 0 && !queued.remove) {
      await enqueueIntent(context.service, series.id, queued.mediaId, queued.fields, now, { ...queue, fresh: true });
      return true;
    }
    // The service already holds everything the library has: whatever was queued for it has nothing left to send
    // (an Undo during the countdown, an edit taken back, a refusal the user's change made moot).
    await discardItem(outboxId(context.service, series.id));
    return false;
  }
  const item = await enqueueIntent(context.service, series.id, mediaId, fields, now, { ...queue, values: push });
  return item !== null && item.state !== 'failed';
}
