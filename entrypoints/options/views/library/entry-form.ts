import type { RequestMap } from '../../../../lib/protocol/messages';
import { EMPTY_ENTRY, type CalendarDate, type EntryFields, type Status } from '../../../../lib/model';
import { score100FromInput, scoreInScale, type UserScale } from './score-scale';
import { t, type MessageKey } from '../../../../lib/i18n/t';

export type EntryChanges = RequestMap['updateEntry']['changes'];

/** The editor's fields as typed: text for numbers and dates, so "12." mid-typing is not lost. */
export interface EntryForm {
  status: Status;
  progress: string;
  progressVolumes: string;
  score: string;
  startedAt: string;
  completedAt: string;
  rereads: string;
  notes: string;
  private: boolean;
}


const pad = (n: number) => String(n).padStart(2, '0');

/** A full date → "2024-03-05" for `<input type="date">`; a partial one (year only) cannot be shown there. */
export function dateInputValue(date: CalendarDate | null): string {
  if (!date || date.month === null || date.day === null) return '';
  return `${String(date.year).padStart(4, '0')}-${pad(date.month)}-${pad(date.day)}`;
}

export function calendarDateFromInput(value: string): CalendarDate | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return null;
  return { year: Number(match[1]), month: Number(match[2]), day: Number(match[3]) };
}

export function formFromEntry(entry: EntryFields | null, scale: UserScale): EntryForm {
  const e = entry ?? EMPTY_ENTRY;
  const score = scoreInScale(e.score, scale);
  return {
    status: e.status,
    progress: String(e.progress),
    progressVolumes: e.progressVolumes === null ? '' : String(e.progressVolumes),
    score: score === null ? '' : String(score),
    startedAt: dateInputValue(e.startedAt),
    completedAt: dateInputValue(e.completedAt),
    rereads: String(e.rereads),
    notes: e.notes,
    private: e.private,
  };
}

type Parsed<T> = { ok: true; value: T } | { ok: false; error: string };

/** `what` is the field's label in the editor, so an error names the field as the user sees it. */
function parseNumber(text: string, what: MessageKey, { integer, optional }: { integer: boolean; optional: boolean }): Parsed<number | null> {
  const trimmed = text.trim();
  if (trimmed === '') return optional ? { ok: true, value: null } : { ok: false, error: t('libraryCannotBeEmpty', t(what)) };
  const value = Number(trimmed);
  if (!Number.isFinite(value) || value < 0) return { ok: false, error: t('libraryNotANumber', t(what)) };
  if (integer && !Number.isInteger(value)) return { ok: false, error: t('libraryNotWhole', t(what)) };
  return { ok: true, value };
}

/**
 * The edit to send: only the fields that differ from what the editor opened with, as canonical values (the score
 * converted from the user's scale to 0–100). A new entry always carries its status, so the library knows it.
 * Numbers are compared by value, so retyping "12" as "12.0" is no change.
 */
export function changesFromForm(initial: EntryForm, form: EntryForm, scale: UserScale, isNew: boolean): Parsed<EntryChanges> {
  const changes: EntryChanges = {};
  const numbers = [
    ['progress', 'libraryChaptersRead', { integer: false, optional: false }],
    ['progressVolumes', 'libraryVolumesRead', { integer: true, optional: true }],
    ['rereads', 'libraryRereads', { integer: true, optional: false }],
  ] as const;
  if (form.status !== initial.status || isNew) changes.status = form.status;
  for (const [field, what, rules] of numbers) {
    if (form[field] === initial[field]) continue;
    const parsed = parseNumber(form[field], what, rules);
    if (!parsed.ok) return parsed;
    const before = parseNumber(initial[field], what, rules);
    if (before.ok && before.value === parsed.value) continue;
    if (field === 'progressVolumes') changes.progressVolumes = parsed.value;
    else changes[field] = parsed.value ?? 0;
  }
  if (form.score !== initial.score) {
    const parsed = score100FromInput(form.score, scale);
    if (!parsed.ok) return parsed;
    const before = score100FromInput(initial.score, scale);
    if (!before.ok || before.score !== parsed.score) changes.score = parsed.score;
  }
  if (form.startedAt !== initial.startedAt) changes.startedAt = calendarDateFromInput(form.startedAt);
  if (form.completedAt !== initial.completedAt) changes.completedAt = calendarDateFromInput(form.completedAt);
  if (form.notes !== initial.notes) changes.notes = form.notes;
  if (form.private !== initial.private) changes.private = form.private;
  return { ok: true, value: changes };
}
