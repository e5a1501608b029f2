/**
 * kitsu-server's LibraryEntry model rules (API-FACTS §C "Server rules"; app/models/library_entry.rb, 2024-10):
 * attribute casting, validations (422 with `source.pointer`) and the `before_save` callbacks that move status,
 * progress and the dates.
 */
import type { ErrorObject } from './jsonapi';
import { KITSU_STATUSES, type KitsuManga, type KitsuStatus } from './seed';
import { kitsuTime, type KitsuEntry } from './store';

/** Attributes a client may write (LibraryEntryResource plus BaseResource's timestamps, which Rails lets through). */
const WRITABLE = [
  'status', 'progress', 'volumesOwned', 'reconsuming', 'reconsumeCount', 'notes', 'private', 'reactionSkipped',
  'progressedAt', 'startedAt', 'finishedAt', 'rating', 'ratingTwenty', 'createdAt', 'updatedAt',
] as const;

/** kitsu-server `Manga#default_progress_limit`; the cap when the chapter count is unknown (max(5000, 50)). */
const DEFAULT_PROGRESS_LIMIT = 5000;

function invalid(attribute: string, message: string): ErrorObject {
  return { title: message, detail: `${attribute} - ${message}`, code: '100', source: { pointer: `/data/attributes/${attribute}` }, status: '422' };
}

const asInt = (v: unknown): number | null =>
  typeof v === 'number' && Number.isInteger(v) ? v : typeof v === 'string' && /^-?\d+$/.test(v.trim()) ? Number(v) : null;

/** Rails casts unparseable times to nil. */
const asTime = (v: unknown): string | null => (typeof v === 'string' && !Number.isNaN(Date.parse(v)) ? kitsuTime(Date.parse(v)) : null);

/**
 * Writes `attributes` onto `entry`. Returns the first unknown attribute name (jsonapi-resources answers 400
 * "Param not allowed" before anything else) or the 422 errors of values that cannot be cast.
 */
export function assign(entry: KitsuEntry, attributes: Record<string, unknown>): { notAllowed: string } | ErrorObject[] {
  const known: readonly string[] = WRITABLE;
  const unknown = Object.keys(attributes).find((k) => !known.includes(k));
  if (unknown !== undefined) return { notAllowed: unknown };
  const errs: ErrorObject[] = [];
  for (const [key, value] of Object.entries(attributes)) {
    switch (key) {
      case 'status':
        if (typeof value === 'string' && (KITSU_STATUSES as readonly string[]).includes(value)) entry.status = value as KitsuStatus;
        else errs.push(invalid('status', value === null ? "can't be blank" : 'is not included in the list'));
        break;
      case 'progress':
      case 'volumesOwned':
      case 'reconsumeCount': {
        const n = asInt(value);
        if (n === null) errs.push(invalid(key, value === null ? "can't be blank" : 'is not a number'));
        else entry[key] = n;
        break;
      }
      case 'ratingTwenty':
      case 'rating': {
        // `rating` is the deprecated 0.5–5 scale; kitsu-server stores `value * 4` as ratingTwenty.
        const n = value === null || value === '' ? null : Number(value);
        if (n !== null && !Number.isFinite(n)) errs.push(invalid(key, 'is not a number'));
        else entry.ratingTwenty = n === null ? null : key === 'rating' ? Math.round(n * 4) : n;
        break;
      }
      case 'reconsuming':
      case 'private':
        if (typeof value === 'boolean') entry[key] = value;
        else errs.push(invalid(key, 'is not a boolean'));
        break;
      case 'notes':
        if (value === null || typeof value === 'string') entry.notes = value;
        else errs.push(invalid(key, 'is not a string'));
        break;
      case 'reactionSkipped':
        if (value === 'unskipped' || value === 'skipped' || value === 'ignored') entry.reactionSkipped = value;
        else errs.push(invalid(key, 'is not included in the list'));
        break;
      case 'progressedAt':
      case 'startedAt':
      case 'finishedAt':
        entry[key] = asTime(value);
        break;
      case 'createdAt':
      case 'updatedAt': {
        const t = asTime(value);
        if (t !== null) entry[key] = t;
        break;
      }
    }
  }
  return errs;
}

/** Model validations; an empty array means the entry may be saved. */
export function validate(entry: KitsuEntry, manga: KitsuManga, siblings: Iterable<KitsuEntry>): ErrorObject[] {
  const errs: ErrorObject[] = [];
  if (entry.progress < 0) errs.push(invalid('progress', 'must be greater than or equal to 0'));
  const cap = manga.chapterCount;
  if (cap !== null && cap !== 0) {
    if (entry.progress > cap) errs.push(invalid('progress', 'cannot exceed length of media'));
  } else if (entry.progress > DEFAULT_PROGRESS_LIMIT) {
    errs.push(invalid('progress', 'is rather unreasonably high'));
  }
  if (entry.reconsumeCount < 0) errs.push(invalid('reconsumeCount', 'must be greater than or equal to 0'));
  if (entry.reconsumeCount > 50) errs.push(invalid('reconsumeCount', 'just... go outside'));
  if (entry.ratingTwenty !== null && entry.ratingTwenty < 2) errs.push(invalid('ratingTwenty', 'must be greater than or equal to 2'));
  if (entry.ratingTwenty !== null && entry.ratingTwenty > 20) errs.push(invalid('ratingTwenty', 'must be less than or equal to 20'));
  for (const other of siblings) {
    // `validates :manga_id, uniqueness: { scope: :user_id }` — one entry per user per manga.
    if (other.id !== entry.id && other.userId === entry.userId && other.mangaId === entry.mangaId) {
      errs.push(invalid('mangaId', 'has already been taken'));
      break;
    }
  }
  return errs;
}

/**
 * The `before_save` block, in its order. `before` is the stored entry (undefined on create, where every set
 * attribute counts as changed). Returns whether anything changed, which decides whether `updatedAt` moves.
 */
export function beforeSave(before: KitsuEntry | undefined, entry: KitsuEntry, manga: KitsuManga, nowMs: number): boolean {
  const now = kitsuTime(nowMs);
  let statusChanged = before === undefined || before.status !== entry.status;
  const progressChanged = (): boolean => (before === undefined ? entry.progress !== 0 : before.progress !== entry.progress);
  const limit = manga.chapterCount;
  // Progress equal to the chapter count completes the entry. `self.status = :completed if !status_changed? && …`:
  // assigning the value it already has is no change in Rails' dirty tracking, so an entry already completed saves
  // as "status unchanged" (a date cleared on it stays cleared).
  if (!statusChanged && limit !== null && entry.progress === limit) {
    entry.status = 'completed';
    statusChanged = before === undefined || before.status !== 'completed';
  }
  // Marking completed fills progress up to the count.
  if (statusChanged && entry.status === 'completed' && limit !== null) entry.progress = limit;
  if (statusChanged || progressChanged()) entry.progressedAt = now;
  if (statusChanged) {
    if (entry.status === 'current' || entry.status === 'completed') entry.startedAt ??= now;
    if (entry.status === 'completed') entry.finishedAt ??= now;
  }
  // Progress moved without a status change: the entry becomes current.
  if (progressChanged() && !statusChanged) entry.status = 'current';

  if (before === undefined) return true;
  return (Object.keys(entry) as (keyof KitsuEntry)[]).some((k) => k !== 'updatedAt' && entry[k] !== before[k]);
}
