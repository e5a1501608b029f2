/**
 * Joins two series that turn out to be the same manga (a cross-service id proves it: e.g. a Kitsu entry read
 * before Kitsu's mappings linked it to the AniList/MAL series). One transaction, so a worker stopped halfway
 * leaves either two series or one, never a mix.
 */
import { ENTRY_FIELDS, type EntryField, type LibraryEntry, type Series } from '../model';
import { openDatabase } from './db';

/** Per field, the later change wins. */
function combineEntries(target: LibraryEntry | undefined, source: LibraryEntry | undefined, seriesId: string): LibraryEntry | undefined {
  if (!target || !source) return target ?? (source ? { ...source, seriesId } : undefined);
  const next: LibraryEntry = { ...target, changedAt: { ...target.changedAt } };
  for (const field of ENTRY_FIELDS) {
    if (source.changedAt[field] > target.changedAt[field]) {
      (next as unknown as Record<EntryField, unknown>)[field] = source[field];
      next.changedAt[field] = source.changedAt[field];
    }
  }
  return next;
}

/** Moves everything of `sourceId` onto `targetId` and deletes the source series. */
export async function absorbSeries(targetId: string, sourceId: string, now: number): Promise<void> {
  if (targetId === sourceId) return;
  const db = await openDatabase();
  try {
    const tx = db.transaction(['series', 'entries', 'bindings', 'outbox'], 'readwrite');
    const [target, source] = await Promise.all([tx.objectStore('series').get(targetId), tx.objectStore('series').get(sourceId)]);
    if (!target || !source) {
      await tx.done;
      return;
    }
    const merged: Series = {
      ...target,
      ids: { ...source.ids, ...target.ids },
      altTitles: [...new Set([...target.altTitles, source.title, ...source.altTitles])].filter((t) => t !== target.title).slice(0, 30),
      totalChapters: target.totalChapters ?? source.totalChapters,
      totalVolumes: target.totalVolumes ?? source.totalVolumes,
      updatedAt: now,
    };
    await tx.objectStore('series').put(merged);
    const entries = tx.objectStore('entries');
    const entry = combineEntries(await entries.get(targetId), await entries.get(sourceId), targetId);
    if (entry) await entries.put(entry);
    await entries.delete(sourceId);
    const bindings = tx.objectStore('bindings');
    for (const binding of await bindings.index('bySeries').getAll(sourceId)) {
      await bindings.delete([binding.service, sourceId]);
      // The target keeps its own binding for a service both had (its ids win, as above).
      if (!(await bindings.get([binding.service, targetId]))) await bindings.put({ ...binding, seriesId: targetId });
    }
    const outbox = tx.objectStore('outbox');
    for (const item of await outbox.getAll()) {
      if (item.seriesId !== sourceId) continue;
      await outbox.delete(item.id);
      const id = `${item.service}:${targetId}`;
      if (!(await outbox.get(id))) await outbox.put({ ...item, id, seriesId: targetId });
    }
    await tx.objectStore('series').delete(sourceId);
    await tx.done;
  } finally {
    db.close();
  }
}
