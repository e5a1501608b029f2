/**
 * MyAnimeList ↔ canonical model: the one status table, scores via `SCALES.mal`, dates, totals, and the PATCH form
 * (DESIGN.md: one table per vocabulary, tested exhaustively in tests/unit/trackers/mal/mapping.test.ts).
 */
import type { Status } from '../../model';
import { fromScale, SCALES, toScale } from '../score';
import { candidateFromMedia } from '../search';
import type { CalendarDate, EntryWrite, MangaCandidate, RemoteEntry, RemoteMedia } from '../tracker';
import { MAL_DATE_PATTERN, type MalCandidate, type MalListStatus, type MalListStatusName, type MalManga } from './schemas';

/**
 * Canonical status → what MAL stores. Rereading is `completed` + `is_rereading=true`: the spec says of
 * `is_rereading` "If authorized user reads an manga again after completion, this field value is true. In this case,
 * MyAnimeList treats the manga as 'reading'", and MAL's own edit form only offers "Re-reading" on a completed entry.
 * So a reread keeps the entry counted as completed on the user's profile while MAL lists it under Reading. Every
 * other status clears the flag, so leaving a reread is one write.
 */
export const STATUS_TABLE: Readonly<Record<Status, { status: MalListStatusName; isRereading: boolean }>> = {
  reading: { status: 'reading', isRereading: false },
  completed: { status: 'completed', isRereading: false },
  on_hold: { status: 'on_hold', isRereading: false },
  dropped: { status: 'dropped', isRereading: false },
  planning: { status: 'plan_to_read', isRereading: false },
  rereading: { status: 'completed', isRereading: true },
};

/** The reverse of the table's plain rows (derived, so the two directions cannot disagree). */
const FROM_MAL = new Map<MalListStatusName, Status>(
  (Object.entries(STATUS_TABLE) as [Status, (typeof STATUS_TABLE)[Status]][])
    .filter(([, mal]) => !mal.isRereading)
    .map(([status, mal]) => [mal.status, status]),
);

/**
 * MAL status + flag → canonical. The flag wins whatever the status: other clients write rereads as
 * `reading` + `is_rereading=true`, and that is a reread too.
 */
export function fromMalStatus(status: MalListStatusName, isRereading: boolean): Status {
  if (isRereading) return 'rereading';
  const canonical = FROM_MAL.get(status);
  if (canonical === undefined) throw new Error(`MyAnimeList status ${status} is missing from STATUS_TABLE`);
  return canonical;
}

/** MAL 0–10 (0 = no score) → canonical 0–100 or null. */
export const fromMalScore = (score: number): number | null => fromScale(score, SCALES.mal);

/** Canonical 0–100 (null = none) → MAL 0–10; MAL clears a score with 0 (API-FACTS §B). */
export const toMalScore = (score100: number | null): number => toScale(score100, SCALES.mal) ?? 0;

/**
 * `YYYY-MM-DD`, `YYYY-MM` or `YYYY` → CalendarDate; parts MAL does not know stay null. Zero or impossible parts
 * (`2017-00-00`, `2017-13`) read as unknown rather than as a wrong date.
 */
export function parseMalDate(value: string | null | undefined): CalendarDate | null {
  const match = MAL_DATE_PATTERN.exec(value ?? '');
  if (match === null) return null;
  const year = Number(match[1]);
  if (year === 0) return null;
  const month = match[2] === undefined ? null : Number(match[2]);
  if (month === null || month < 1 || month > 12) return { year, month: null, day: null };
  const day = match[3] === undefined ? null : Number(match[3]);
  if (day === null || day < 1 || day > daysIn(year, month)) return { year, month, day: null };
  return { year, month, day };
}

function daysIn(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** CalendarDate → the form value MAL accepts; the empty string clears the date (API-FACTS §B). */
export function formatMalDate(date: CalendarDate | null): string {
  if (date === null) return '';
  const pad = (n: number, width: number) => String(n).padStart(width, '0');
  // A day without a month means nothing on MAL's form; the year alone is what is really known.
  if (date.month === null) return pad(date.year, 4);
  if (date.day === null) return `${pad(date.year, 4)}-${pad(date.month, 2)}`;
  return `${pad(date.year, 4)}-${pad(date.month, 2)}-${pad(date.day, 2)}`;
}

/** API-FACTS §B: `num_chapters`/`num_volumes` are 0 when unknown. */
const totalOrNull = (n: number | undefined): number | null => (n === undefined || n === 0 ? null : n);

export function toRemoteMedia(node: MalManga): RemoteMedia {
  const alt = node.alternative_titles;
  const titles = [...(alt?.synonyms ?? []), alt?.en ?? '', alt?.ja ?? ''].map((t) => t.trim());
  return {
    id: String(node.id),
    title: node.title,
    alternativeTitles: [...new Set(titles)].filter((t) => t !== '' && t !== node.title),
    chapters: totalOrNull(node.num_chapters),
    volumes: totalOrNull(node.num_volumes),
    crossIds: { mal: node.id },
    url: `https://myanimelist.net/manga/${node.id}`,
  };
}

/**
 * `media_type`s that are prose, not manga. The spec lists `novel`; MAL also answers `light_novel` for light
 * novels (3rd: public API v2 clients filter on it), so both are left out of a manga search.
 */
const NOVEL_TYPES: ReadonlySet<string> = new Set(['novel', 'light_novel']);

export const isMalNovel = (node: MalCandidate): boolean => NOVEL_TYPES.has(node.media_type ?? '');

export function toMangaCandidate(node: MalCandidate): MangaCandidate {
  return candidateFromMedia(toRemoteMedia(node), {
    year: parseMalDate(node.start_date)?.year ?? null,
    // The spec's "unknown" says nothing more than an absent type.
    format: node.media_type === undefined || node.media_type === 'unknown' ? null : node.media_type,
    crossIds: { mal: node.id },
  });
}

/** A list status as the canonical entry. MAL keys entries by manga, so the entry id is the manga id. */
export function toRemoteEntry(media: RemoteMedia, s: MalListStatus): RemoteEntry {
  return {
    entryId: media.id,
    media,
    status: fromMalStatus(s.status, s.is_rereading),
    progress: s.num_chapters_read,
    progressVolumes: s.num_volumes_read,
    score: fromMalScore(s.score),
    startedAt: parseMalDate(s.start_date),
    completedAt: parseMalDate(s.finish_date),
    rereads: s.num_times_reread ?? 0,
    notes: s.comments ?? '',
    // MAL has no per-entry privacy (capabilities.private is false).
    private: false,
    updatedAt: Date.parse(s.updated_at),
  };
}

/** Services get whole chapters and volumes (DESIGN.md "Core model": 12.5 locally is 12 on the service). */
const whole = (n: number): string => String(Math.max(0, Math.floor(n)));

/**
 * The `PATCH /manga/{id}/my_list_status` form for a write: only the fields present, because MAL changes exactly
 * the fields sent (API-FACTS §B). `private` is never sent: MAL has no such field.
 */
export function toPatchForm(write: EntryWrite): URLSearchParams {
  const form = new URLSearchParams();
  if (write.status !== undefined) {
    const mal = STATUS_TABLE[write.status];
    form.set('status', mal.status);
    form.set('is_rereading', String(mal.isRereading));
  }
  if (write.progress !== undefined) form.set('num_chapters_read', whole(write.progress));
  if (write.progressVolumes !== undefined) form.set('num_volumes_read', whole(write.progressVolumes ?? 0));
  if (write.score !== undefined) form.set('score', String(toMalScore(write.score)));
  // `start_date`/`finish_date` are missing from the spec but accepted (API-FACTS §B).
  if (write.startedAt !== undefined) form.set('start_date', formatMalDate(write.startedAt));
  if (write.completedAt !== undefined) form.set('finish_date', formatMalDate(write.completedAt));
  if (write.rereads !== undefined) form.set('num_times_reread', whole(write.rereads));
  if (write.notes !== undefined) form.set('comments', write.notes);
  return form;
}
