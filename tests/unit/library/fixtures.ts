/** Small valid records for the library's repository tests. */
import { ENTRY_FIELDS, type Binding, type EntryField, type EntryFields, type LibraryEntry, type ServiceId } from '../../../lib/model';

export const FIELDS: EntryFields = {
  status: 'reading', progress: 12.5, progressVolumes: null, score: 85, startedAt: { year: 2024, month: 3, day: null },
  completedAt: null, rereads: 0, notes: '', private: false,
};

export function entry(seriesId: string, changes: Partial<EntryFields> = {}): LibraryEntry {
  const changedAt = Object.fromEntries(ENTRY_FIELDS.map((field) => [field, 1_000])) as Record<EntryField, number>;
  return { ...FIELDS, ...changes, seriesId, changedAt, readFields: [] };
}

export function binding(service: ServiceId, seriesId: string, mediaId: string): Binding {
  return { service, seriesId, mediaId, entryId: null, base: null, baseRemoteUpdatedAt: null, syncedAt: null, asked: {}, removedAt: null, totals: null };
}
