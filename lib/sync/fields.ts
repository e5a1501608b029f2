/**
 * Which fields travel to and from a service: what the service really has (its capabilities) and what the
 * user chose to sync (per-service settings). Kitsu has no "volumes read"; MAL has no private flag.
 */
import type { CalendarDate, EntryField, EntryFields } from '../model';
import type { ServiceSettings } from '../settings/services';
import { toScale, type ScoreScale } from '../trackers/score';
import type { TrackerCapabilities } from '../trackers/tracker';

export function syncedFields(capabilities: TrackerCapabilities, sync: ServiceSettings['sync']): EntryField[] {
  const fields: EntryField[] = [];
  if (sync.status) fields.push('status', ...(capabilities.rereads ? (['rereads'] as const) : []));
  if (sync.progress) fields.push('progress', ...(capabilities.volumes ? (['progressVolumes'] as const) : []));
  if (sync.score) fields.push('score');
  if (sync.datesNotes) {
    if (capabilities.dates) fields.push('startedAt', 'completedAt');
    if (capabilities.notes) fields.push('notes');
    if (capabilities.private) fields.push('private');
  }
  return fields;
}

const sameDate = (a: CalendarDate | null, b: CalendarDate | null) =>
  a === b || (a !== null && b !== null && a.year === b.year && a.month === b.month && a.day === b.day);

/**
 * Are two values the same as far as the service can tell? Progress is compared as the whole chapters the
 * service stores (12.5 and 12 are both 12 there); a score as the value on the service's scale.
 */
export function sameOnService<F extends EntryField>(field: F, a: EntryFields[F], b: EntryFields[F], scale: ScoreScale | null): boolean {
  switch (field) {
    case 'progress':
      return Math.floor(a as number) === Math.floor(b as number);
    case 'progressVolumes':
      // Every service keeps 0 for "no volumes": unknown here and 0 there say the same.
      return Math.floor((a as number | null) ?? 0) === Math.floor((b as number | null) ?? 0);
    case 'score':
      return scale ? toScale(a as number | null, scale) === toScale(b as number | null, scale) : a === b;
    case 'startedAt':
    case 'completedAt':
      return sameDate(a as CalendarDate | null, b as CalendarDate | null);
    default:
      return a === b;
  }
}
