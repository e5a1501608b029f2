/**
 * One series per real manga across services (issue: identity). A service entry is matched to a series by an
 * existing binding, then by cross-service ids (AniList idMal, Kitsu mappings, MangaDex links) — never by a
 * title guess; with no match, a new series is created and stays unresolved on the other services until ids
 * link it.
 */
import { findBindingByMedia } from '../library/bindings';
import { findSeriesByIds, getSeries, putSeries } from '../library/series';
import type { CrossIds, Series, ServiceId } from '../model';
import type { RemoteMedia } from '../trackers/tracker';

/** The media's ids including the service's own id for it. */
export function idsOf(service: ServiceId, media: RemoteMedia): CrossIds {
  const ids: CrossIds = { ...media.crossIds };
  if (service === 'anilist' && /^\d+$/.test(media.id)) ids.anilist = Number(media.id);
  if (service === 'mal' && /^\d+$/.test(media.id)) ids.mal = Number(media.id);
  if (service === 'kitsu') ids.kitsu = media.id;
  return ids;
}

/** Adds what the service knows (ids, titles, totals) to a series without overwriting known ids. */
export function enrichSeries(series: Series, service: ServiceId, media: RemoteMedia, now: number): Series {
  const ids = { ...idsOf(service, media), ...series.ids };
  // The service is the authority on its own id.
  Object.assign(ids, { [service]: idsOf(service, media)[service] });
  const altTitles = [...new Set([...series.altTitles, media.title, ...media.alternativeTitles].filter((t) => t && t !== series.title))].slice(0, 30);
  const next: Series = {
    ...series,
    ids,
    altTitles,
    totalChapters: series.totalChapters ?? media.chapters,
    totalVolumes: series.totalVolumes ?? media.volumes,
  };
  return JSON.stringify(next) === JSON.stringify(series) ? series : { ...next, updatedAt: now };
}

export interface Resolved {
  series: Series;
  created: boolean;
}

export async function resolveSeries(service: ServiceId, media: RemoteMedia, now: number, newId: () => string = () => crypto.randomUUID()): Promise<Resolved> {
  const bound = await findBindingByMedia(service, media.id);
  const boundSeries = bound ? await getSeries(bound.seriesId) : null;
  if (boundSeries) return { series: boundSeries, created: false };

  const ids = idsOf(service, media);
  const candidates = await findSeriesByIds(ids);
  // Prefer a series that has this very service id; then one matching any other id, but never one that has a
  // different id for this service (that would be a different manga).
  const compatible = candidates.filter((s) => s.ids[service] === undefined || String(s.ids[service]) === String(ids[service]));
  const match = compatible.find((s) => s.ids[service] !== undefined) ?? compatible[0];
  if (match) return { series: match, created: false };

  const series: Series = {
    id: newId(),
    title: media.title,
    altTitles: media.alternativeTitles.filter((t) => t !== media.title).slice(0, 30),
    ids,
    totalChapters: media.chapters,
    totalVolumes: media.volumes,
    createdAt: now,
    updatedAt: now,
  };
  await putSeries(series);
  return { series, created: true };
}
