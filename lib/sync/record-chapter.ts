/**
 * A chapter read on a reader page, turned into a library change: match the page's series by the ids it
 * offers (MangaDex links AniList/MAL/Kitsu ids; never a title guess), decide with the reading policy, then
 * save and send it to every connected service through the outbox.
 */
import { getEntry } from '../library/entries';
import { findSeriesByIds, putSeries } from '../library/series';
import type { TabPage } from '../messages';
import type { CalendarDate, CrossIds, Series } from '../model';
import { decideRead } from '../trackers/policy';
import { applyLocalChange } from './edit';

/** Chapters ahead of progress beyond which an automatic update asks first. */
const MAX_JUMP = 10;

export type RecordOutcome =
  | { kind: 'updated'; seriesId: string; message: string }
  | { kind: 'ask'; seriesId: string; message: string }
  | { kind: 'ignored'; seriesId: string | null; message: string };

function pageIds(page: TabPage): CrossIds {
  return { ...page.externalIds, ...(page.site === 'mangadex' ? { mangadex: page.seriesKey } : {}) };
}

function todayOf(now: number): CalendarDate {
  const d = new Date(now);
  return { year: d.getFullYear(), month: d.getMonth() + 1, day: d.getDate() };
}

/** The library's series for the page, created from the page's ids when the library has none yet. */
async function seriesFor(page: TabPage, now: number): Promise<Series | null> {
  const ids = pageIds(page);
  const [found] = await findSeriesByIds(ids);
  if (found) {
    const merged = { ...ids, ...found.ids };
    if (JSON.stringify(merged) !== JSON.stringify(found.ids)) await putSeries({ ...found, ids: merged, updatedAt: now });
    return { ...found, ids: merged };
  }
  // Only ids a tracker knows make a series we can send anywhere; a page without any waits for matching.
  if (ids.anilist === undefined && ids.mal === undefined && ids.kitsu === undefined) return null;
  const series: Series = { id: crypto.randomUUID(), title: page.title, altTitles: [], ids, totalChapters: null, totalVolumes: null, createdAt: now, updatedAt: now };
  await putSeries(series);
  return series;
}

export async function recordChapter(page: TabPage, options: { explicit: boolean; now?: number }): Promise<RecordOutcome> {
  const now = options.now ?? Date.now();
  if (page.chapter === null) return { kind: 'ignored', seriesId: null, message: 'This chapter has no number, so there is no progress to record.' };
  const series = await seriesFor(page, now);
  if (!series) {
    return { kind: 'ignored', seriesId: null, message: `${page.title} is not linked to AniList, MyAnimeList or Kitsu yet.` };
  }
  const entry = await getEntry(series.id);
  const decision = decideRead(entry, {
    chapter: page.chapter,
    volume: page.volume,
    totalChapters: series.totalChapters,
    today: todayOf(now),
    explicit: options.explicit,
    maxJump: MAX_JUMP,
  });
  if (decision.kind === 'ignore') return { kind: 'ignored', seriesId: series.id, message: decision.reason };
  if (decision.kind === 'ask') return { kind: 'ask', seriesId: series.id, message: decision.question };
  await applyLocalChange(series.id, decision.changes, now);
  return { kind: 'updated', seriesId: series.id, message: `${decision.summary} saved; sending to your services.` };
}
