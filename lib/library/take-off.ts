/**
 * Taking a series' entry off (Undo of the read that created it, Remove everywhere): out of the library, and a
 * removal queued for each service whose list holds it, in one transaction. A worker stopped at any instruction
 * leaves either everything as it was or the entry gone with every removal waiting (the retry alarm sends them) —
 * never the library still holding an entry whose removals go out, which takes it off some lists while a sync
 * beside it puts it back on others.
 */
import type { ServiceId } from '../model';
import { bindingSchema } from './bindings';
import { withDb } from './db';
import { entrySchema } from './entries';
import { outboxId, parseItem, removalItem } from './outbox';

export interface TakenOff {
  /** Services whose list holds the entry: a removal waits for each. */
  queued: ServiceId[];
  /** Services whose list does not (never created there, or removed there by the user): whatever waited is dropped. */
  dropped: ServiceId[];
}

export interface TakeOffOptions {
  /** The removals keep the library's entry as it was, to bring back if the service's copy changed meanwhile (Undo). */
  keepCopy?: boolean;
  /** The links to services that do not hold the entry go too (Remove everywhere: the series is leaving). */
  unlinkDropped?: boolean;
}

export async function takeEntryOff(seriesId: string, services: readonly ServiceId[], now: number, options: TakeOffOptions = {}): Promise<TakenOff> {
  return withDb(async (db) => {
    const tx = db.transaction(['entries', 'bindings', 'outbox'], 'readwrite');
    const entries = tx.objectStore('entries');
    const bindings = tx.objectStore('bindings');
    const outbox = tx.objectStore('outbox');
    const found = entrySchema.safeParse(await entries.get(seriesId));
    const restore = options.keepCopy && found.success ? found.data : undefined;
    const taken: TakenOff = { queued: [], dropped: [] };
    for (const service of services) {
      const parsed = bindingSchema.safeParse(await bindings.get([service, seriesId]));
      const binding = parsed.success ? parsed.data : null;
      const id = outboxId(service, seriesId);
      if (binding?.base && binding.removedAt === null) {
        await outbox.put(removalItem(parseItem(await outbox.get(id)), service, seriesId, binding.mediaId, now, restore));
        taken.queued.push(service);
      } else {
        await outbox.delete(id);
        if (options.unlinkDropped && binding) await bindings.delete([service, seriesId]);
        taken.dropped.push(service);
      }
    }
    await entries.delete(seriesId);
    await tx.done;
    return taken;
  });
}
