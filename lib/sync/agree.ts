/**
 * Bindings as the sync keeps them: what a service was last seen holding for a series (the base), what the
 * library last wrote there (`asked`), and one media id bound to one series only — ever.
 */
import { absorbSeries, currentSeriesId } from '../library/absorb-series';
import { deleteBinding, findBindingByMedia, putBinding } from '../library/bindings';
import type { JsonValue } from '../library/db';
import { getSeries } from '../library/series';
import { appendLog } from '../library/sync-log';
import { sameValue } from '../library/outbox';
import { ENTRY_FIELDS, type Binding, type EntryFields, type ServiceId } from '../model';
import type { RemoteEntry } from '../trackers/tracker';
import { remoteFields } from './remote';
import { t } from '../i18n/t';

/**
 * The binding once the service was seen holding `remote` (a pull, a fresh read, the answer to a write). `sent`
 * is what was just written: where the service stored something else, the library's value is remembered as asked,
 * so it is not sent again. What was asked before is kept only while the service still holds what it answered
 * then: once its value moves on by itself, the old request means nothing.
 */
export function agreedBinding(
  previous: Binding | null, seriesId: string, service: ServiceId, remote: RemoteEntry, now: number, sent: Partial<EntryFields> = {}, readAt: number | null = null,
): Binding {
  const base = remoteFields(remote);
  const asked: Partial<EntryFields> = {};
  const keep = (field: keyof EntryFields, value: unknown) => Object.assign(asked, { [field]: value });
  for (const field of ENTRY_FIELDS) {
    if (field in sent) {
      if (!sameValue(sent[field], base[field])) keep(field, sent[field]);
    } else if (previous?.base && field in previous.asked && sameValue(previous.base[field], base[field])) {
      keep(field, previous.asked[field]);
    }
  }
  return {
    seriesId,
    service,
    mediaId: remote.media.id,
    entryId: remote.entryId,
    base,
    baseRemoteUpdatedAt: remote.updatedAt,
    syncedAt: now,
    // Never back: a write's answer merged after a later read (a pull beside the flush) does not make that read's
    // snapshot look newer than what is known.
    readAt: readAt === null ? (previous?.readAt ?? null) : Math.max(readAt, previous?.readAt ?? readAt),
    asked,
    removedAt: null,
    totals: { chapters: remote.media.chapters, volumes: remote.media.volumes },
  };
}

/**
 * Saves a binding. A media id already bound to another series proves the two series are one manga (they came
 * from two lists before any id linked them): they are joined, never left to fight over one list entry, and
 * never a reason for a whole queue to stall.
 */
export async function saveBinding(binding: Binding, now: number): Promise<void> {
  // (The series may have been joined into another meanwhile — into the holder itself, by a merge of the same manga
  // beside this one: the binding goes to the series it became.)
  const seriesId = await currentSeriesId(binding.seriesId);
  const holder = await findBindingByMedia(binding.service, binding.mediaId);
  if (holder && holder.seriesId !== seriesId) {
    // A holder whose series is gone (joined into another while a merge of it was under way, which then saved its
    // link under the old id) holds nothing: its link goes, this one takes the media.
    if (await getSeries(holder.seriesId)) await joinSeries(seriesId, holder.seriesId, now);
    else await deleteBinding(holder.service, holder.seriesId);
  }
  await putBinding({ ...binding, seriesId });
}

/**
 * Joins two series found to be one manga (`sourceId` into `targetId`); where their entries disagreed, what was kept
 * and what lost goes to the sync log like any conflict.
 */
export async function joinSeries(targetId: string, sourceId: string, now: number): Promise<void> {
  const conflicts = await absorbSeries(targetId, sourceId, now);
  if (conflicts.length === 0) return;
  const title = (await getSeries(targetId))?.title ?? targetId;
  await appendLog(
    conflicts.map((conflict) => ({
      at: now,
      kind: 'conflict',
      service: null,
      direction: null,
      message: t('syncJoinedConflict', title, conflict.field),
      details: { seriesId: targetId, field: conflict.field, kept: conflict.kept as JsonValue, lost: conflict.lost as JsonValue },
    })),
  );
}
