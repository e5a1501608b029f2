/** The Activity tab: the sync log (newest first), what waits in the outbox, and entries removed on a service. */
import { listBindings } from '../library/bindings';
import { listOutbox } from '../library/outbox';
import { listSeries } from '../library/series';
import { readLog } from '../library/sync-log';
import type { LogKind } from '../library/db';
import type { EntryField, EntryFields, ServiceId } from '../model';

export interface ActivityRecord {
  id: number;
  at: number;
  kind: LogKind;
  service: ServiceId | null;
  direction: 'pull' | 'push' | null;
  message: string;
  details: Record<string, unknown>;
}

export interface OutboxSummary {
  id: string;
  service: ServiceId;
  seriesId: string;
  title: string;
  fields: EntryField[];
  state: 'pending' | 'waitingAuth' | 'failed';
  attempts: number;
  nextAttemptAt: number;
  lastError: string | null;
  /** For a refused change: the values the service refused. */
  refused: Partial<EntryFields> | null;
}

/** A linked entry the user removed on a service: nothing is sent there until they choose. */
export interface RemovedEntry {
  service: ServiceId;
  seriesId: string;
  title: string;
  removedAt: number;
}

export async function activity(limit: number): Promise<{ log: ActivityRecord[]; outbox: OutboxSummary[]; removed: RemovedEntry[] }> {
  const [records, items, series, bindings] = await Promise.all([readLog({ limit }), listOutbox(), listSeries(), listBindings()]);
  const titles = new Map(series.map((s) => [s.id, s.title]));
  return {
    log: records.map((r) => ({ id: r.id, at: r.at, kind: r.kind, service: r.service, direction: r.direction, message: r.message, details: r.details })),
    outbox: items.map((item) => ({
      id: item.id,
      service: item.service,
      seriesId: item.seriesId,
      title: titles.get(item.seriesId) ?? item.seriesId,
      fields: item.fields,
      state: item.state,
      attempts: item.attempts,
      nextAttemptAt: item.nextAttemptAt,
      lastError: item.lastError,
      refused: item.refused,
    })),
    removed: bindings
      .filter((binding) => binding.removedAt !== null)
      .map((binding) => ({
        service: binding.service,
        seriesId: binding.seriesId,
        title: titles.get(binding.seriesId) ?? binding.seriesId,
        removedAt: binding.removedAt ?? 0,
      })),
  };
}
