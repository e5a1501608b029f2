/**
 * AniList ↔ canonical model: one table for status, one rule each for dates and scores (STYLE.md: one mapping
 * table per vocabulary, so two directions can never disagree). Pure functions, tested exhaustively.
 */
import { STATUSES, type Status } from '../../model';
import type { CalendarDate, EntryWrite, MangaCandidate, RemoteEntry, RemoteMedia } from '../tracker';
import type { AniListMangaCandidate, AniListMedia, AniListMediaList, FuzzyDate, MediaListStatus } from './schemas';
import { t } from '../../i18n/t';

/**
 * THE status table, keyed by canonical status so the compiler proves every status has an AniList value.
 * REPEATING is "rereading" in both directions (one table, so the two directions cannot disagree: STYLE.md).
 */
export const STATUS_TABLE = {
  reading: 'CURRENT',
  planning: 'PLANNING',
  completed: 'COMPLETED',
  dropped: 'DROPPED',
  on_hold: 'PAUSED',
  rereading: 'REPEATING',
} as const satisfies Record<Status, MediaListStatus>;

// The reverse is derived from the table; the mapping test proves it covers every MediaListStatus exactly once.
const FROM_ANILIST = Object.fromEntries(STATUSES.map((status) => [STATUS_TABLE[status], status])) as Record<MediaListStatus, Status>;

export const toAniListStatus = (status: Status): MediaListStatus => STATUS_TABLE[status];
export const fromAniListStatus = (status: MediaListStatus): Status => FROM_ANILIST[status];

/** A date without a year says nothing a calendar can hold (AniList sends `{year: null, …}` for "not set"). */
export function fromFuzzyDate(date: FuzzyDate | null): CalendarDate | null {
  if (date?.year == null) return null;
  return { year: date.year, month: date.month, day: date.day };
}

/** null clears the date: AniList takes a FuzzyDateInput of nulls as "no date". */
export function toFuzzyDate(date: CalendarDate | null): FuzzyDate {
  return date === null ? { year: null, month: null, day: null } : { year: date.year, month: date.month, day: date.day };
}

/**
 * Scores are read as `score(format: POINT_100)` and written as `scoreRaw` (0–100), so the user's own ScoreFormat
 * never enters a conversion here (API-FACTS §A Schema facts). 0 means "no score" both ways.
 */
export function fromAniListScore(point100: number | null): number | null {
  return point100 === null || point100 <= 0 ? null : Math.round(point100);
}

export function toScoreRaw(score: number | null): number {
  return score === null ? 0 : Math.round(score);
}

/** AniList ids (media, users, list entries) are positive integers; anything else cannot name one. */
export function parseAniListId(id: string): number | null {
  if (!/^\d+$/.test(id)) return null;
  const value = Number(id);
  return Number.isSafeInteger(value) && value > 0 ? value : null;
}

export function toRemoteMedia(media: AniListMedia): RemoteMedia {
  const { romaji, english, native, userPreferred } = media.title;
  const title = userPreferred ?? romaji ?? english ?? native ?? t('aniListUntitled', media.id);
  const names = [romaji, english, native, ...(media.synonyms ?? [])].filter((name): name is string => name !== null && name.trim() !== '');
  return {
    id: String(media.id),
    title,
    alternativeTitles: [...new Set(names)].filter((name) => name !== title),
    chapters: media.chapters,
    volumes: media.volumes,
    crossIds: media.idMal === null ? { anilist: media.id } : { anilist: media.id, mal: media.idMal },
    url: media.siteUrl ?? `https://anilist.co/manga/${media.id}`,
  };
}

/** AniList files light novels under `type: MANGA` with format NOVEL; a manga search leaves them out. */
export const isAniListNovel = (media: AniListMangaCandidate): boolean => media.format === 'NOVEL';

export function toMangaCandidate(media: AniListMangaCandidate): MangaCandidate {
  const { romaji, english, native } = media.title;
  const title = romaji ?? english ?? native ?? t('aniListUntitled', media.id);
  const names = [romaji, english, native, ...(media.synonyms ?? [])].flatMap((name) => (name === null || name.trim() === '' ? [] : [name.trim()]));
  return {
    mediaId: String(media.id),
    title,
    altTitles: [...new Set(names)].filter((name) => name !== title),
    totalChapters: media.chapters,
    totalVolumes: media.volumes,
    year: media.startDate?.year ?? null,
    format: media.format,
    url: media.siteUrl ?? `https://anilist.co/manga/${media.id}`,
    crossIds: media.idMal === null ? { anilist: media.id } : { anilist: media.id, mal: media.idMal },
  };
}

/** An entry whose media AniList no longer returns (removed or merged) still has to appear on the list. */
function placeholderMedia(mediaId: number): AniListMedia {
  return {
    id: mediaId,
    idMal: null,
    title: { romaji: null, english: null, native: null, userPreferred: null },
    synonyms: null,
    chapters: null,
    volumes: null,
    siteUrl: null,
  };
}

export function toRemoteEntry(entry: AniListMediaList): RemoteEntry {
  return {
    entryId: String(entry.id),
    media: toRemoteMedia(entry.media ?? placeholderMedia(entry.mediaId)),
    status: fromAniListStatus(entry.status),
    progress: entry.progress ?? 0,
    progressVolumes: entry.progressVolumes ?? 0,
    score: fromAniListScore(entry.score),
    startedAt: fromFuzzyDate(entry.startedAt),
    completedAt: fromFuzzyDate(entry.completedAt),
    rereads: entry.repeat ?? 0,
    notes: entry.notes ?? '',
    private: entry.private ?? false,
    // AniList counts in unix seconds (API-FACTS §E); the model counts in ms.
    updatedAt: (entry.updatedAt ?? 0) * 1000,
  };
}

/** The `SaveMediaListEntry` arguments the extension sends; absent = left as AniList has it. */
export interface SaveVariables {
  mediaId: number;
  status?: MediaListStatus;
  /** 0–100; 0 removes the score. */
  scoreRaw?: number;
  progress?: number;
  progressVolumes?: number;
  repeat?: number;
  private?: boolean;
  notes?: string;
  startedAt?: FuzzyDate;
  completedAt?: FuzzyDate;
}

/**
 * Only the fields present in `write` become arguments. Counts are integers on AniList while chapters may be
 * decimals locally (12.5), so they go out as the integer floor (DESIGN.md Core model). null = not an AniList id.
 */
export function toSaveVariables(write: EntryWrite): SaveVariables | null {
  const mediaId = parseAniListId(write.mediaId);
  if (mediaId === null) return null;
  const vars: SaveVariables = { mediaId };
  if (write.status !== undefined) vars.status = toAniListStatus(write.status);
  if (write.score !== undefined) vars.scoreRaw = toScoreRaw(write.score);
  if (write.progress !== undefined) vars.progress = Math.floor(write.progress);
  if (write.progressVolumes !== undefined) vars.progressVolumes = Math.floor(write.progressVolumes ?? 0);
  if (write.rereads !== undefined) vars.repeat = Math.floor(write.rereads);
  if (write.private !== undefined) vars.private = write.private;
  if (write.notes !== undefined) vars.notes = write.notes;
  if (write.startedAt !== undefined) vars.startedAt = toFuzzyDate(write.startedAt);
  if (write.completedAt !== undefined) vars.completedAt = toFuzzyDate(write.completedAt);
  return vars;
}
