import { FIELD_LABELS, STATUS_LABELS, formatCalendarDate, plural } from '../../../../components/entry-format';
import type { ActivityRecord, OutboxSummary } from '../../../../lib/messages';
import { ENTRY_FIELDS, SERVICE_NAMES, STATUSES, type CalendarDate, type EntryField } from '../../../../lib/model';

export const formatTime = (ms: number) => new Date(ms).toLocaleString();

/** Where a pending change stands, in words. */
export function outboxStateText(item: OutboxSummary, now: number): string {
  const name = SERVICE_NAMES[item.service];
  switch (item.state) {
    case 'waitingAuth':
      return `waiting for you to reconnect ${name}`;
    case 'failed':
      return `failed: ${item.lastError ?? `${name} refused the change`}`;
    case 'pending':
      return item.nextAttemptAt > now ? `waiting to send; next try at ${formatTime(item.nextAttemptAt)}` : 'waiting to send';
  }
}

const isEntryField = (value: unknown): value is EntryField => typeof value === 'string' && (ENTRY_FIELDS as readonly string[]).includes(value);
const isCalendarDate = (value: unknown): value is CalendarDate => typeof value === 'object' && value !== null && 'year' in value;

/** A field's value as people read it: "Completed", "80/100", "2024-03-05", "none". */
export function formatFieldValue(field: EntryField | null, value: unknown): string {
  if (value === null || value === undefined || value === '') return 'none';
  if (field === 'status' && (STATUSES as readonly unknown[]).includes(value)) return STATUS_LABELS[value as (typeof STATUSES)[number]];
  if (field === 'score' && typeof value === 'number') return `${value}/100`;
  if (field === 'progress' && typeof value === 'number') return `chapter ${value}`;
  if (field === 'progressVolumes' && typeof value === 'number') return `volume ${value}`;
  if (isCalendarDate(value)) return formatCalendarDate(value);
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  if (typeof value === 'string') return value.length > 80 ? `“${value.slice(0, 79)}…”` : `“${value}”`;
  return typeof value === 'number' ? String(value) : JSON.stringify(value);
}

/** A conflict record's field and the value kept and lost, when its details carry them. */
export function conflictOf(record: ActivityRecord): { field: string; kept: string; lost: string } | null {
  const { field, kept, lost } = record.details;
  if (record.kind !== 'conflict' || !('kept' in record.details) || !('lost' in record.details)) return null;
  const known = isEntryField(field) ? field : null;
  return { field: known ? FIELD_LABELS[known] : typeof field === 'string' ? field : 'value', kept: formatFieldValue(known, kept), lost: formatFieldValue(known, lost) };
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
  if (requests !== null) facts.push(plural(requests, 'request'));
  if (changesIn !== null) facts.push(`${plural(changesIn, 'change')} in`);
  if (changesOut !== null) facts.push(`${plural(changesOut, 'change')} out`);
  if (conflicts !== null) facts.push(plural(conflicts, 'conflict'));
  if (record.details.full === true) facts.push('full resync');
  if (record.details.direction === 'push') facts.push('send only');
  if (record.details.direction === 'pull') facts.push('receive only');
  return facts;
}
