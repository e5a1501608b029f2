import { ENTRY_FIELDS, type CalendarDate, type EntryField, type EntryFields, type Status } from '../lib/model';
import { t, type MessageKey } from '../lib/i18n/t';

const STATUS_KEYS = {
  reading: 'statusReading',
  completed: 'statusCompleted',
  on_hold: 'statusOnHold',
  dropped: 'statusDropped',
  planning: 'statusPlanning',
  rereading: 'statusRereading',
} as const satisfies Record<Status, string>;

const FIELD_KEYS = {
  status: 'fieldStatus',
  progress: 'fieldProgress',
  progressVolumes: 'fieldProgressVolumes',
  score: 'fieldScore',
  startedAt: 'fieldStartedAt',
  completedAt: 'fieldCompletedAt',
  rereads: 'fieldRereads',
  notes: 'fieldNotes',
  private: 'fieldPrivate',
} as const satisfies Record<EntryField, string>;

/** A reading status as people say it: "Plan to read". */
export const statusLabel = (status: Status): string => t(STATUS_KEYS[status]);

/** An entry field in words, for "Saved: chapters, score" and the outbox. */
export const fieldLabel = (field: EntryField): string => t(FIELD_KEYS[field]);

const pad = (n: number) => String(n).padStart(2, '0');

/** "2024-03-05", "2024-03" or "2024": as much of the date as is known. */
export function formatCalendarDate(date: CalendarDate | null): string {
  if (!date) return t('valueNone');
  if (date.month === null) return String(date.year);
  return date.day === null ? `${date.year}-${pad(date.month)}` : `${date.year}-${pad(date.month)}-${pad(date.day)}`;
}

/** "AniList, MyAnimeList and Kitsu". */
export function listInWords(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return t('listAnd', items.slice(0, -1).join(', '), items[items.length - 1] ?? '');
}

/** `count` with the message for one or for many: "1 request", "4 requests". */
export const counted = (count: number, one: MessageKey, many: MessageKey): string => t(count === 1 ? one : many, count);

/** What a sync run moved, in words: ["2 changes in", "1 change out", "0 conflicts"]. */
export function changeCounts(run: { changesIn: number; changesOut: number; conflicts: number }): string[] {
  return [
    counted(run.changesIn, 'activityChangesInOne', 'activityChangesInMany'),
    counted(run.changesOut, 'activityChangesOutOne', 'activityChangesOutMany'),
    counted(run.conflicts, 'activityConflictsOne', 'activityConflictsMany'),
  ];
}

/** `entry`'s values of the fields `changes` names: what an editor showed for the fields it saves. */
export function pickFields(entry: EntryFields, changes: Partial<EntryFields>): Partial<EntryFields> {
  return Object.fromEntries(ENTRY_FIELDS.filter((field) => field in changes).map((field) => [field, entry[field]]));
}
