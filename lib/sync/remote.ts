/** A service's entry in canonical terms, as the merge and the base snapshot use it. */
import type { EntryFields } from '../model';
import type { RemoteEntry } from '../trackers/tracker';
import type { RemoteState } from './merge';

/** Just the entry fields of a service's entry (or of any record that has them, such as a library entry). */
export function remoteFields(entry: EntryFields): EntryFields {
  return {
    status: entry.status,
    progress: entry.progress,
    progressVolumes: entry.progressVolumes,
    score: entry.score,
    startedAt: entry.startedAt,
    completedAt: entry.completedAt,
    rereads: entry.rereads,
    notes: entry.notes,
    private: entry.private,
  };
}

export const remoteState = (entry: RemoteEntry): RemoteState => ({ fields: remoteFields(entry), updatedAt: entry.updatedAt });
