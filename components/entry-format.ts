import type { CalendarDate, EntryField, Status } from '../lib/model';

/** Reading statuses as people say them. */
export const STATUS_LABELS: Record<Status, string> = {
  reading: 'Reading',
  completed: 'Completed',
  on_hold: 'On hold',
  dropped: 'Dropped',
  planning: 'Plan to read',
  rereading: 'Rereading',
};

/** Entry fields in words, for "Saved: chapters, score" and the outbox. */
export const FIELD_LABELS: Record<EntryField, string> = {
  status: 'status',
  progress: 'chapters',
  progressVolumes: 'volumes',
  score: 'score',
  startedAt: 'start date',
  completedAt: 'finish date',
  rereads: 'rereads',
  notes: 'notes',
  private: 'private',
};

const pad = (n: number) => String(n).padStart(2, '0');

/** "2024-03-05", "2024-03" or "2024": as much of the date as is known. */
export function formatCalendarDate(date: CalendarDate | null): string {
  if (!date) return 'none';
  if (date.month === null) return String(date.year);
  return date.day === null ? `${date.year}-${pad(date.month)}` : `${date.year}-${pad(date.month)}-${pad(date.day)}`;
}

/** "AniList, MyAnimeList and Kitsu". */
export function listInWords(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1] ?? ''}`;
}

/** "3 requests", "1 request". */
export function plural(count: number, one: string, many = `${one}s`): string {
  return `${count} ${count === 1 ? one : many}`;
}
