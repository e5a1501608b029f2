/** A service's entry in canonical terms, as the merge and the base snapshot use it. */
import type { EntryFields } from '../model';
import type { RemoteEntry } from '../trackers/tracker';
import type { RemoteState } from './merge';

export function remoteFields(entry: RemoteEntry): EntryFields {
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
