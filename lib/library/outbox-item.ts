/**
 * An outbox item as stored (schema, and the older shape it still reads), when a failed one is tried again, and how
 * its values compare. The outbox itself (outbox.ts) queues, completes and fails items.
 */
import { z } from 'zod/mini';
import { ENTRY_FIELDS, SERVICE_IDS, type EntryField, type EntryFields, type ServiceId } from '../model';
import { OUTBOX_STATES, type OutboxItem } from './db';
import { entryFieldsSchema, entrySchema } from './entries';

const fieldsSchema = z.array(z.enum(ENTRY_FIELDS));

const itemSchema = z.object({
  id: z.string().check(z.minLength(1)),
  service: z.enum(SERVICE_IDS),
  seriesId: z.string().check(z.minLength(1)),
  mediaId: z.string().check(z.minLength(1)),
  fields: fieldsSchema,
  fresh: z._default(z.boolean(), false),
  peek: z.optional(z.boolean()),
  createdAt: z.number(),
  updatedAt: z.number(),
  version: z.int().check(z.minimum(1)),
  attempts: z.int().check(z.minimum(0)),
  nextAttemptAt: z.number(),
  state: z.enum(OUTBOX_STATES),
  lastError: z.nullable(z.string()),
  refused: z._default(z.nullable(z.partial(entryFieldsSchema)), null),
  userRetry: z._default(z.boolean(), false),
  remove: z._default(z.boolean(), false),
  midway: z._default(fieldsSchema, []),
  midwayCounts: z.optional(z.object({ progress: z.optional(z.number()), progressVolumes: z.optional(z.number()) })),
  authAt: z.optional(z.number()),
  restore: z.optional(entrySchema),
}) satisfies z.ZodMiniType<OutboxItem>;

/** Items stored before intents carried values (`write`) instead of field names: the fields are its keys. */
export function parseItem(raw: unknown): OutboxItem | null {
  let record = raw;
  if (typeof raw === 'object' && raw !== null && !('fields' in raw) && 'write' in raw && typeof raw.write === 'object' && raw.write !== null) {
    const fields = Object.keys(raw.write).filter((key): key is EntryField => (ENTRY_FIELDS as readonly string[]).includes(key));
    record = { ...raw, fields };
  }
  const parsed = itemSchema.safeParse(record);
  return parsed.success ? parsed.data : null;
}

/**
 * Waits after the `attempts`-th transient failure in a row: seconds first, so a short outage costs seconds, then
 * longer, so a long one is not hammered — 2 s, 5 s, 12.5 s, 31 s, 78 s, 3 min, 8 min, 20 min, then every hour.
 */
export const RETRY_BASE_MS = 2_000;
const RETRY_FACTOR = 2.5;
/** …up to an hour, so a long outage still gets a try every hour without anyone pressing "Sync now". */
export const RETRY_CAP_MS = 60 * 60_000;
/** ±20%: retries of many items spread out instead of arriving at the service together. */
const RETRY_JITTER = 0.2;

export const outboxId = (service: ServiceId, seriesId: string) => `${service}:${seriesId}`;

/**
 * How long to wait after the `attempts`-th transient failure in a row. The cap applies before the jitter (so
 * retries stay spread out at the cap) and again after it (so no retry is ever more than an hour away).
 */
export function retryDelayMs(attempts: number, random: () => number = Math.random): number {
  const nominal = Math.min(RETRY_CAP_MS, RETRY_BASE_MS * RETRY_FACTOR ** Math.max(0, attempts - 1));
  const jittered = nominal * (1 + RETRY_JITTER * (2 * random() - 1));
  return Math.round(Math.min(RETRY_CAP_MS, jittered));
}

/** Whether every field of `refused` would be sent with the same value again. */
export function sameAsRefused(refused: Partial<EntryFields> | null, values: Partial<EntryFields> | undefined): boolean {
  if (refused === null || values === undefined) return false;
  const wanted: Record<string, unknown> = values;
  const entries = Object.entries(refused);
  return entries.length > 0 && Object.keys(wanted).every((key) => key in refused) && entries.every(([key, value]) => sameValue(value, wanted[key]));
}

/** Structural equality of field values (numbers, strings, booleans, null, calendar dates). */
export function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  const left = Object.entries(a);
  const right: Record<string, unknown> = { ...b };
  return left.length === Object.keys(right).length && left.every(([key, value]) => sameValue(value, right[key]));
}
