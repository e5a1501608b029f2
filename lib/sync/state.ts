/**
 * Sync bookkeeping kept in the settings store, per service: where the next pull starts (a cursor on the
 * service's own clock), when its list was last read whole, when it was last pulled (on our clock, to know how
 * fresh the bases are), and the run in progress, so a run the browser stopped resumes by itself.
 */
import { z } from 'zod/mini';
import { deleteBindings, listBindings, updateBinding } from '../library/bindings';
import { withDb } from '../library/db';
import { discardService } from '../library/outbox';
import { SERVICE_IDS, type ServiceId } from '../model';

const cursorSchema = z.object({
  /** The newest `updatedAt` seen on the service's own clock (ms); null before the first pull. */
  since: z.nullable(z.number()),
  /** When the whole list was last read (our clock); deletions show only in a whole list. */
  fullAt: z.nullable(z.number()),
  /** When a pull last succeeded (our clock): bases older than this are still what the service holds. */
  pulledAt: z.nullable(z.number()),
  /**
   * When what changed there was last read for the user's edits (our clock). Not a pull: it cannot show removals,
   * so it leaves the bases as stale as they were (`pulledAt`).
   */
  peekedAt: z.optional(z.nullable(z.number())),
});
export type PullCursor = z.infer<typeof cursorSchema>;

const EMPTY_CURSOR: PullCursor = { since: null, fullAt: null, pulledAt: null };
const cursorKey = (service: ServiceId) => `sync:cursor:${service}`;
/** Written by versions that kept only the local time of the last pull. */
const legacyKey = (service: ServiceId) => `sync:lastPull:${service}`;

async function readSetting(key: string): Promise<unknown> {
  return withDb(async (db) => {
    return (await db.get('settings', key))?.value;
  });
}

async function writeSetting(key: string, value: unknown): Promise<void> {
  return withDb(async (db) => {
    if (value === undefined) await db.delete('settings', key);
    else await db.put('settings', { key, value });
  });
}

export async function readCursor(service: ServiceId): Promise<PullCursor> {
  const parsed = cursorSchema.safeParse(await readSetting(cursorKey(service)));
  if (parsed.success) return parsed.data;
  // A local-clock time is no cursor for the service's clock: start again with a whole list.
  return EMPTY_CURSOR;
}

export async function writeCursor(service: ServiceId, cursor: PullCursor): Promise<void> {
  await writeSetting(cursorKey(service), cursor);
}

/** What a run was asked to do, kept while it runs so an alarm can run it again if the browser stops it. */
export const jobSchema = z.object({
  startedAt: z.number(),
  services: z.array(z.enum(SERVICE_IDS)),
  forceFullSync: z.boolean(),
  direction: z.enum(['both', 'push', 'pull']),
});
export type SyncJob = z.infer<typeof jobSchema>;

const JOB_KEY = 'sync:job';

export async function readJob(): Promise<SyncJob | null> {
  const parsed = jobSchema.safeParse(await readSetting(JOB_KEY));
  return parsed.success ? parsed.data : null;
}

export async function writeJob(job: SyncJob | null): Promise<void> {
  await writeSetting(JOB_KEY, job ?? undefined);
}

/**
 * Forgets everything the library knows about a service's account: its links and their bases, what is queued
 * for it, and its pull cursor. Sync state belongs to one account: after a disconnect, or when another account
 * signs in, the next sync starts clean (DESIGN.md rule 8). The library's own entries stay.
 */
export async function forgetServiceState(service: ServiceId): Promise<void> {
  await Promise.all([
    deleteBindings(service),
    discardService(service),
    writeSetting(cursorKey(service), undefined),
    writeSetting(legacyKey(service), undefined),
    writeSetting(ownerKey(service), undefined),
    writeSetting(scaleKey(service), undefined),
  ]);
}

const ownerKey = (service: ServiceId) => `sync:account:${service}`;

/**
 * Makes sure a service's sync state belongs to `userId`, the account now connected: state left by another
 * account (links, bases, queued changes, cursor) is forgotten first, however that account was replaced.
 */
export async function claimServiceState(service: ServiceId, userId: string): Promise<void> {
  const owner = z.string().safeParse(await readSetting(ownerKey(service)));
  if (owner.success && owner.data === userId) return;
  if (owner.success) await forgetServiceState(service);
  await writeSetting(ownerKey(service), userId);
}

const scaleKey = (service: ServiceId) => `sync:scale:${service}`;

/**
 * Records the score scale the service's scores are now compared on. A score asked under another scale (Kitsu
 * faces before the user switched to the 1–10 system) says nothing of what to ask now: those are forgotten, so
 * the library's score is judged afresh on the new scale and sent where it shows differently.
 */
export async function settleScale(service: ServiceId, scaleName: string): Promise<void> {
  const was = await readSetting(scaleKey(service));
  if (was === scaleName) return;
  if (typeof was === 'string') {
    // Each binding changed where it stands: a flush landing meanwhile moves its base on, which a copy listed
    // before would write back over.
    for (const binding of await listBindings(service)) {
      if (!('score' in binding.asked)) continue;
      await updateBinding(service, binding.seriesId, (current) => {
        const asked = { ...current.asked };
        delete asked.score;
        return { ...current, asked };
      });
    }
  }
  await writeSetting(scaleKey(service), scaleName);
}
