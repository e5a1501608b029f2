/**
 * Works out what each service should receive for one series (the push half of a sync, also used right after
 * a local edit) and queues it in the durable outbox.
 */
import { absorbSeries } from '../library/absorb-series';
import { findBindingByMedia, getBinding } from '../library/bindings';
import { cacheGet, cachePut } from '../library/cache';
import { enqueueWrite } from '../library/outbox';
import { findSeriesByIds, getSeries, putSeries } from '../library/series';
import type { LibraryEntry, Series } from '../model';
import type { RemoteEntry } from '../trackers/tracker';
import { mergeEntry } from './merge';
import { remoteState } from './remote';
import type { ServiceContext } from './context';

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
 * Records the service's id on the series. If another series already holds that id (it came from that
 * service's own list, before any id linked the two), the ids prove they are one manga: join them.
 */
async function adoptMediaId(context: ServiceContext, series: Series, id: string, now: number): Promise<void> {
  const typed = context.service === 'kitsu' ? id : Number(id);
  const bound = await findBindingByMedia(context.service, id);
  const twins = (await findSeriesByIds({ [context.service]: typed })).map((s) => s.id);
  for (const other of new Set([bound?.seriesId, ...twins])) {
    if (other && other !== series.id) await absorbSeries(series.id, other, now);
  }
  const current = (await getSeries(series.id)) ?? series;
  await putSeries({ ...current, ids: { ...current.ids, [context.service]: typed }, updatedAt: now });
}

/**
 * Queues what `context.service` lacks of the library entry. `seen` is the service's entry as read in this run;
 * otherwise the base snapshot stands in for it (an incremental pull returns only what changed there).
 */
export async function planPush(
  context: ServiceContext, series: Series, local: LibraryEntry, seen: RemoteEntry | undefined, now: number,
  queue: { holdUntil?: number; replace?: boolean } = {},
): Promise<boolean> {
  if (context.direction === 'pull') return false;
  const binding = await getBinding(context.service, series.id);
  const mediaId = binding?.mediaId ?? (await mediaIdFor(context, series, now));
  if (!mediaId) return false;
  const remote = seen
    ? remoteState(seen)
    : binding?.base
      ? { fields: binding.base, updatedAt: binding.baseRemoteUpdatedAt ?? 0 }
      : null;
  const { push } = mergeEntry({
    local,
    base: binding?.base ?? null,
    remote,
    fields: context.fields,
    direction: context.direction,
    scale: context.scale,
    seriesId: series.id,
  });
  if (Object.keys(push).length === 0 && !queue.replace) return false;
  return (await enqueueWrite(context.service, series.id, mediaId, push, now, queue)) !== null;
}

