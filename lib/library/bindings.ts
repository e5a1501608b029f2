/**
 * Bindings: which media on a service a series is, and the base snapshot last agreed with that service
 * (DESIGN.md "Sync rules" 1: the base is what makes three-way merge possible).
 */
import { z } from 'zod/mini';
import { SERVICE_IDS, type Binding, type ServiceId } from '../model';
import { keepValid, withDb } from './db';
import { entryFieldsSchema } from './entries';

export const bindingSchema = z.object({
  seriesId: z.string().check(z.minLength(1)),
  service: z.enum(SERVICE_IDS),
  mediaId: z.string().check(z.minLength(1)),
  entryId: z.nullable(z.string().check(z.minLength(1))),
  base: z.nullable(entryFieldsSchema),
  baseRemoteUpdatedAt: z.nullable(z.number()),
  syncedAt: z.nullable(z.number()),
  // Records written before these fields existed read as: nothing asked, not removed, totals unknown.
  asked: z._default(z.partial(entryFieldsSchema), {}),
  removedAt: z._default(z.nullable(z.number()), null),
  readAt: z._default(z.nullable(z.number()), null),
  totals: z._default(z.nullable(z.object({ chapters: z.nullable(z.number()), volumes: z.nullable(z.number()) })), null),
}) satisfies z.ZodMiniType<Binding>;

/**
 * Every key `[service, seriesId]` of one service: an array key sorts after any string, and a key sorts after its
 * own prefix, so `[service]` … `[service, []]` spans exactly that service's bindings.
 */
const serviceRange = (service: ServiceId) => IDBKeyRange.bound([service], [service, []]);

export async function getBinding(service: ServiceId, seriesId: string): Promise<Binding | null> {
  return withDb(async (db) => {
    const parsed = bindingSchema.safeParse(await db.get('bindings', [service, seriesId]));
    return parsed.success ? parsed.data : null;
  });
}

/** The binding of a service's media, whichever series it belongs to; null when the media is not bound. */
export async function findBindingByMedia(service: ServiceId, mediaId: string): Promise<Binding | null> {
  return withDb(async (db) => {
    const parsed = bindingSchema.safeParse(await db.getFromIndex('bindings', 'byMedia', [service, mediaId]));
    return parsed.success ? parsed.data : null;
  });
}

/**
 * Saves a binding. Rejects (writing nothing) when it does not validate, or with a `ConstraintError` when the
 * media is already bound to another series: one list entry synced from two series would fight itself.
 */
/** A binding as it may be stored (throws on one that may not). */
export function validBinding(binding: Binding): Binding {
  return bindingSchema.parse(binding);
}

/**
 * Changes a series' binding where it stands, read and written in one transaction: a binding moved meanwhile (its
 * series joined into another) or gone is left alone, never written back under the old series (which would bind one
 * media twice). Resolves to the binding written, or null.
 */
export async function updateBinding(service: ServiceId, seriesId: string, change: (binding: Binding) => Binding | null): Promise<Binding | null> {
  return withDb(async (db) => {
    const tx = db.transaction('bindings', 'readwrite');
    const parsed = bindingSchema.safeParse(await tx.store.get([service, seriesId]));
    const next = parsed.success ? change(parsed.data) : null;
    const valid = next === null ? null : bindingSchema.parse(next);
    await Promise.all([valid === null ? null : tx.store.put(valid), tx.done]);
    return valid;
  });
}

export async function putBinding(binding: Binding): Promise<void> {
  const valid = bindingSchema.parse(binding);
  return withDb(async (db) => {
    await db.put('bindings', valid);
  });
}

/** The valid bindings of one service, or of every service. */
export async function listBindings(service?: ServiceId): Promise<Binding[]> {
  return withDb(async (db) => {
    const records = await db.getAll('bindings', service === undefined ? undefined : serviceRange(service));
    return keepValid(bindingSchema, records);
  });
}

/** The valid bindings of one series, one per service it is on. */
export async function listBindingsForSeries(seriesId: string): Promise<Binding[]> {
  return withDb(async (db) => {
    return keepValid(bindingSchema, await db.getAllFromIndex('bindings', 'bySeries', seriesId));
  });
}

/**
 * Forgets every binding of a service (a full resync starts again from the service's list). Damaged records go
 * too: they are deleted by key, not parsed.
 */
export async function deleteBindings(service: ServiceId): Promise<void> {
  return withDb(async (db) => {
    await db.delete('bindings', serviceRange(service));
  });
}

/** Forgets one series' binding to a service (its entry there was removed). */
export async function deleteBinding(service: ServiceId, seriesId: string): Promise<void> {
  return withDb(async (db) => {
    await db.delete('bindings', [service, seriesId]);
  });
}
