import { changeCounts, counted, fieldLabel, formatCalendarDate, statusLabel } from '../../../../components/entry-format';
import type { ActivityRecord, OutboxSummary } from '../../../../lib/protocol/messages';
import { ENTRY_FIELDS, SERVICE_NAMES, STATUSES, type CalendarDate, type EntryField, type Status } from '../../../../lib/model';
import { t } from '../../../../lib/i18n/t';

export const formatTime = (ms: number) => new Date(ms).toLocaleString();

/** Where a pending change stands, in words. */
export function outboxStateText(item: OutboxSummary, now: number): string {
  const name = SERVICE_NAMES[item.service];
  switch (item.state) {
    case 'waitingAuth':
      return t('activityOutboxWaitingAuth', name);
    case 'failed':
      return t('activityOutboxFailed', item.lastError ?? t('activityOutboxRefused', name));
    case 'pending':
      return item.nextAttemptAt > now ? t('activityOutboxNextTry', formatTime(item.nextAttemptAt)) : t('activityOutboxWaiting');
  }
}

const isEntryField = (value: unknown): value is EntryField => typeof value === 'string' && (ENTRY_FIELDS as readonly string[]).includes(value);
const isStatus = (value: unknown): value is Status => (STATUSES as readonly unknown[]).includes(value);
const isCalendarDate = (value: unknown): value is CalendarDate => typeof value === 'object' && value !== null && 'year' in value;

/** A field's value as people read it: "Completed", "80/100", "2024-03-05", "none". */
export function formatFieldValue(field: EntryField | null, value: unknown): string {
  if (value === null || value === undefined || value === '') return t('valueNone');
  if (field === 'status' && isStatus(value)) return statusLabel(value);
  if (field === 'score' && typeof value === 'number') return t('scoreOutOf', value, 100);
  if (field === 'progress' && typeof value === 'number') return t('activityValueChapter', value);
  if (field === 'progressVolumes' && typeof value === 'number') return t('activityValueVolume', value);
  if (isCalendarDate(value)) return formatCalendarDate(value);
  if (typeof value === 'boolean') return value ? t('activityValueYes') : t('activityValueNo');
  if (typeof value === 'string') return t('activityValueQuoted', value.length > 80 ? `${value.slice(0, 79)}…` : value);
  return typeof value === 'number' ? String(value) : JSON.stringify(value);
}

/** A conflict record's field and the value kept and lost, when its details carry them. */
export function conflictOf(record: ActivityRecord): { field: string; kept: string; lost: string } | null {
  const { field, kept, lost } = record.details;
  if (record.kind !== 'conflict' || !('kept' in record.details) || !('lost' in record.details)) return null;
  const known = isEntryField(field) ? field : null;
  return {
    field: known ? fieldLabel(known) : typeof field === 'string' ? field : t('activityValueUnknownField'),
    kept: formatFieldValue(known, kept),
    lost: formatFieldValue(known, lost),
  };
}

/** A run's counts in words: "4 requests · 2 changes in · 1 change out · 1 conflict · full resync". */
export function runFacts(record: ActivityRecord): string[] {
  const facts: string[] = [];
  const count = (key: string) => {
    const value = record.details[key];
    return typeof value === 'number' ? value : null;
  };
  const requests = count('requests');
  const changesIn = count('changesIn');
  const changesOut = count('changesOut');
  const conflicts = count('conflicts');
  if (requests !== null) facts.push(counted(requests, 'activityRequestsOne', 'activityRequestsMany'));
  if (changesIn !== null && changesOut !== null && conflicts !== null) facts.push(...changeCounts({ changesIn, changesOut, conflicts }));
  if (record.details.full === true) facts.push(t('activityFactFullResync'));
  if (record.details.direction === 'push') facts.push(t('activityFactSendOnly'));
  if (record.details.direction === 'pull') facts.push(t('activityFactReceiveOnly'));
  return facts;
}
