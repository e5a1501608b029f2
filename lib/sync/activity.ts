/** The Activity tab: the sync log (newest first) and what waits in the outbox. */
import { listOutbox } from '../library/outbox';
import { listSeries } from '../library/series';
import { readLog } from '../library/sync-log';
import type { ActivityRecord, OutboxSummary } from '../messages';
import type { EntryField } from '../model';

export async function activity(limit: number): Promise<{ log: ActivityRecord[]; outbox: OutboxSummary[] }> {
  const [records, items, series] = await Promise.all([readLog({ limit }), listOutbox(), listSeries()]);
  const titles = new Map(series.map((s) => [s.id, s.title]));
  return {
    log: records.map((r) => ({ id: r.id, at: r.at, kind: r.kind, service: r.service, direction: r.direction, message: r.message, details: r.details })),
    outbox: items.map((item) => ({
      id: item.id,
      service: item.service,
      seriesId: item.seriesId,
      title: titles.get(item.seriesId) ?? item.seriesId,
      fields: Object.keys(item.write) as EntryField[],
      state: item.state,
      attempts: item.attempts,
      nextAttemptAt: item.nextAttemptAt,
      lastError: item.lastError,
    })),
  };
}
