/**
 * Kitsu library entries ↔ the canonical model: the one table per vocabulary (STYLE.md). Facts from API-FACTS §C
 * "Attributes" and §E; score scales from `score.ts` (`SCALES.kitsu`, chosen by the user's rating system).
 */
import type { Status } from '../../model';
import { fromScale, SCALES, toScale, type KitsuRatingSystem } from '../score';
import { candidateFromMedia } from '../search';
import type { CalendarDate, EntryWrite, MangaCandidate, RemoteEntry, RemoteMedia } from '../tracker';
import { ratingSystemSchema, type KitsuStatus, type LibraryEntryResource, type MangaResource } from './schemas';

/**
 * Status ↔ (Kitsu `status`, `reconsuming`). Kitsu has no rereading status: a reread is `current` with
 * `reconsuming: true`. Every canonical status appears exactly once, and every Kitsu status once with
 * `reconsuming: false`, so both directions read the same rows.
 */
export const STATUS_TABLE: readonly { status: Status; kitsu: KitsuStatus; reconsuming: boolean }[] = [
  { status: 'reading', kitsu: 'current', reconsuming: false },
  { status: 'rereading', kitsu: 'current', reconsuming: true },
  { status: 'planning', kitsu: 'planned', reconsuming: false },
  { status: 'completed', kitsu: 'completed', reconsuming: false },
  { status: 'on_hold', kitsu: 'on_hold', reconsuming: false },
  { status: 'dropped', kitsu: 'dropped', reconsuming: false },
];

/**
 * A Kitsu entry's status. `reconsuming` only means rereading on a `current` entry; a reread put on hold or
 * dropped is on hold or dropped, as the canonical model has no "paused reread".
 */
export function fromKitsuStatus(status: KitsuStatus, reconsuming: boolean): Status {
  const row =
    STATUS_TABLE.find((r) => r.kitsu === status && r.reconsuming === reconsuming) ??
    STATUS_TABLE.find((r) => r.kitsu === status && !r.reconsuming);
  // Unreachable while the table lists every Kitsu status; the schema only lets those through.
  if (!row) throw new Error(`Kitsu status "${status}" is missing from STATUS_TABLE`);
  return row.status;
}

export function toKitsuStatus(status: Status): { status: KitsuStatus; reconsuming: boolean } {
  const row = STATUS_TABLE.find((r) => r.status === status);
  if (!row) throw new Error(`status "${status}" is missing from STATUS_TABLE`);
  return { status: row.kitsu, reconsuming: row.reconsuming };
}

/** kitsu-server validates `reconsumeCount ≤ 50` ("just... go outside", 422); more rereads are written as 50. */
export const MAX_RECONSUME_COUNT = 50;

/** The viewer's `ratingSystem` (Viewer.scoreSetting); unknown or missing → `regular`, Kitsu's half-star scale. */
export function ratingSystemOf(setting: string | null | undefined): KitsuRatingSystem {
  const parsed = ratingSystemSchema.safeParse(setting);
  return parsed.success ? parsed.data : 'regular';
}

/** Canonical 0–100 → `ratingTwenty` on the user's scale (null = no rating). */
export function toRatingTwenty(score: number | null, system: KitsuRatingSystem): number | null {
  return toScale(score, SCALES.kitsu[system]);
}

/** `ratingTwenty` → canonical 0–100; values between the scale's steps (set on another system) still convert. */
export function fromRatingTwenty(value: number | null, system: KitsuRatingSystem): number | null {
  return fromScale(value, SCALES.kitsu[system]);
}

/**
 * Kitsu stores start and finish as instants. We write midnight UTC and read the UTC calendar date, so a date
 * survives a round trip. Dates Kitsu set itself ("now" on status change, API-FACTS §C) are read in UTC too.
 */
export function fromKitsuDate(value: string | null): CalendarDate | null {
  if (value === null) return null;
  const t = new Date(value);
  if (Number.isNaN(t.getTime())) return null;
  return { year: t.getUTCFullYear(), month: t.getUTCMonth() + 1, day: t.getUTCDate() };
}

/**
 * A calendar date → `YYYY-MM-DDT00:00:00.000Z`. Kitsu cannot store a partial date: an unknown month or day
 * becomes the first of the year or month (and reads back as that full date). `undefined` = not a writable date
 * (the attribute is then left out, rather than Kitsu silently clearing it).
 */
export function toKitsuDate(date: CalendarDate | null): string | null | undefined {
  if (date === null) return null;
  const { year, month, day } = date;
  const parts = [year, month ?? 1, day ?? 1];
  if (!parts.every(Number.isInteger) || year < 1000 || year > 9999) return undefined;
  const ms = Date.UTC(year, (month ?? 1) - 1, day ?? 1);
  const back = new Date(ms);
  // Reject impossible dates (month 13, 31 February) instead of letting Date roll them into the next month.
  if (back.getUTCMonth() !== (month ?? 1) - 1 || back.getUTCDate() !== (day ?? 1)) return undefined;
  return back.toISOString();
}

export const mangaUrl = (slug: string): string => `https://kitsu.app/manga/${encodeURIComponent(slug)}`;

/** A Kitsu manga as the tracker contract describes media. A count of 0 means unknown, like null. */
export function toRemoteMedia(manga: MangaResource): RemoteMedia {
  const { canonicalTitle, titles, abbreviatedTitles, chapterCount, volumeCount, slug } = manga.attributes;
  const others = [...Object.values(titles ?? {}), ...(abbreviatedTitles ?? [])].filter(
    (t): t is string => typeof t === 'string' && t !== '' && t !== canonicalTitle,
  );
  return {
    id: manga.id,
    title: canonicalTitle,
    alternativeTitles: [...new Set(others)],
    chapters: chapterCount || null,
    volumes: volumeCount || null,
    crossIds: { kitsu: manga.id },
    url: mangaUrl(slug),
  };
}

/** Kitsu lists light novels among its manga, with subtype `novel`; a manga search leaves them out. */
export const isKitsuNovel = (manga: MangaResource): boolean => manga.attributes.subtype === 'novel';

/** The year of a `startDate` (`2007-09-27`, or a bare `2007`); null when there is none to read. */
function startYear(date: string | null): number | null {
  const match = /^(\d{4})(?:-|$)/.exec(date ?? '');
  return match ? Number(match[1]) : null;
}

export function toMangaCandidate(manga: MangaResource): MangaCandidate {
  return candidateFromMedia(toRemoteMedia(manga), {
    year: startYear(manga.attributes.startDate),
    format: manga.attributes.subtype,
    // Kitsu keeps other services' ids in /mappings, not on the manga: only its own id is stated here.
    crossIds: { kitsu: manga.id },
  });
}

/**
 * A library entry in canonical terms. `progressVolumes` is always null: Kitsu's `volumesOwned` counts owned
 * volumes, not read ones (API-FACTS §C), so it is neither read nor written.
 */
export function toRemoteEntry(entry: LibraryEntryResource, manga: MangaResource, system: KitsuRatingSystem = 'regular'): RemoteEntry {
  const a = entry.attributes;
  return {
    entryId: entry.id,
    media: toRemoteMedia(manga),
    status: fromKitsuStatus(a.status, a.reconsuming),
    progress: a.progress,
    progressVolumes: null,
    score: fromRatingTwenty(a.ratingTwenty, system),
    startedAt: fromKitsuDate(a.startedAt),
    completedAt: fromKitsuDate(a.finishedAt),
    rereads: a.reconsumeCount,
    notes: a.notes ?? '',
    private: a.private,
    updatedAt: Date.parse(a.updatedAt),
  };
}

/** The attributes of a library-entry write; only those present are sent. `volumesOwned` is deliberately absent. */
export interface KitsuEntryAttributes {
  status?: KitsuStatus;
  reconsuming?: boolean;
  progress?: number;
  ratingTwenty?: number | null;
  startedAt?: string | null;
  finishedAt?: string | null;
  reconsumeCount?: number;
  notes?: string | null;
  private?: boolean;
}

const wholeNonNegative = (n: number): number | undefined => (Number.isFinite(n) ? Math.max(0, Math.floor(n)) : undefined);

/**
 * The fields present in `write`, as Kitsu attributes. Progress is the integer floor (chapter 12.5 → 12: Kitsu
 * counts whole chapters). `progressVolumes` is dropped (capabilities.volumes is false).
 */
export function toAttributes(write: EntryWrite, system: KitsuRatingSystem = 'regular'): KitsuEntryAttributes {
  const out: KitsuEntryAttributes = {};
  if (write.status !== undefined) Object.assign(out, toKitsuStatus(write.status));
  if (write.progress !== undefined) {
    const progress = wholeNonNegative(write.progress);
    if (progress !== undefined) out.progress = progress;
  }
  if (write.score !== undefined) out.ratingTwenty = toRatingTwenty(write.score, system);
  if (write.startedAt !== undefined) {
    const startedAt = toKitsuDate(write.startedAt);
    if (startedAt !== undefined) out.startedAt = startedAt;
  }
  if (write.completedAt !== undefined) {
    const finishedAt = toKitsuDate(write.completedAt);
    if (finishedAt !== undefined) out.finishedAt = finishedAt;
  }
  if (write.rereads !== undefined) {
    const rereads = wholeNonNegative(write.rereads);
    if (rereads !== undefined) out.reconsumeCount = Math.min(MAX_RECONSUME_COUNT, rereads);
  }
  // An empty note is stored as null, which is what Kitsu holds for an entry never given one.
  if (write.notes !== undefined) out.notes = write.notes === '' ? null : write.notes;
  if (write.private !== undefined) out.private = write.private;
  return out;
}
