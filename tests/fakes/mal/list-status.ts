/**
 * `PATCH`/`PUT /manga/{id}/my_list_status` (API-FACTS §B): a form body, creates or updates, and only the fields
 * that were sent change. Values outside the documented ranges are refused with 400 `invalid_content`.
 */
import { MAL_DATE, MAL_STATUSES, type MalStatus } from './seed';
import type { MalListStatus } from './store';

/** The spec's request-body properties plus the two dates API-FACTS §B says MAL accepts although the spec lacks them. */
export const PATCH_FIELDS = [
  'status',
  'is_rereading',
  'score',
  'num_volumes_read',
  'num_chapters_read',
  'priority',
  'num_times_reread',
  'reread_value',
  'tags',
  'comments',
  'start_date',
  'finish_date',
] as const;

/** Inclusive upper bounds from the spec's descriptions (`0-10`, `0-2`, `0-5`); counts are unbounded. */
const INT_FIELDS: Record<string, number> = {
  score: 10,
  num_volumes_read: Number.MAX_SAFE_INTEGER,
  num_chapters_read: Number.MAX_SAFE_INTEGER,
  priority: 2,
  num_times_reread: Number.MAX_SAFE_INTEGER,
  reread_value: 5,
};

export function emptyStatus(now: string): MalListStatus {
  return {
    // Not documented what an add without `status` becomes; MAL's own "Add to list" button starts at Reading.
    status: 'reading',
    score: 0,
    num_volumes_read: 0,
    num_chapters_read: 0,
    is_rereading: false,
    start_date: null,
    finish_date: null,
    priority: 0,
    num_times_reread: 0,
    reread_value: 0,
    tags: [],
    comments: '',
    updated_at: now,
  };
}

/**
 * The new list status, or the name of the first field that is unknown or out of range. Unknown fields are
 * refused (MAL would ignore them) so that a client typo cannot pass silently in tests.
 */
export function applyPatch(before: MalListStatus, form: URLSearchParams, now: string): MalListStatus | { invalid: string } {
  const next: MalListStatus = { ...before, tags: [...before.tags], updated_at: now };
  const known: readonly string[] = PATCH_FIELDS;
  for (const [key, value] of form) {
    if (!known.includes(key)) return { invalid: key };
    const max = INT_FIELDS[key];
    if (max !== undefined) {
      if (!/^\d+$/.test(value) || Number(value) > max) return { invalid: key };
      setInt(next, key, Number(value));
    } else if (key === 'status') {
      if (!(MAL_STATUSES as readonly string[]).includes(value)) return { invalid: key };
      next.status = value as MalStatus;
    } else if (key === 'is_rereading') {
      if (!['true', 'false', '1', '0'].includes(value)) return { invalid: key };
      next.is_rereading = value === 'true' || value === '1';
    } else if (key === 'tags') {
      next.tags = value.split(',').map((t) => t.trim()).filter((t) => t !== '');
    } else if (key === 'comments') {
      next.comments = value;
    } else if (key === 'start_date' || key === 'finish_date') {
      // API-FACTS §B: `YYYY-MM-DD`, also `YYYY-MM` / `YYYY`; an empty value clears the date.
      if (value !== '' && !validDate(value)) return { invalid: key };
      next[key] = value === '' ? null : value;
    }
  }
  return next;
}

function setInt(s: MalListStatus, key: string, value: number): void {
  if (key === 'score') s.score = value;
  else if (key === 'num_volumes_read') s.num_volumes_read = value;
  else if (key === 'num_chapters_read') s.num_chapters_read = value;
  else if (key === 'priority') s.priority = value;
  else if (key === 'num_times_reread') s.num_times_reread = value;
  else if (key === 'reread_value') s.reread_value = value;
}

function validDate(value: string): boolean {
  if (!MAL_DATE.test(value)) return false;
  const [y, m = '01', d = '01'] = value.split('-');
  const date = new Date(`${y}-${m}-${d}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(`${y}-${m}-${d}`);
}
