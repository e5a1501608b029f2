import { z } from 'zod/mini';
import { deriveState } from './health';
import { SERVICE_IDS, SERVICE_NAMES, type ConnectionState, type ServiceId } from '../model';
import type { CallResult } from '../trackers/tracker';
import { type ConnectionRecord, withDb } from './db';
import { t } from '../i18n/t';

/** A service's connection as the popup and options page show it. */
export interface ServiceStatus {
  id: ServiceId;
  name: string;
  state: ConnectionState;
  userName: string | null;
  lastCheckedAt: number | null;
  lastError: string | null;
  /** When the access token ends, when known (shown as a warning 14 days before). */
  tokenExpiresAt: number | null;
  /** The service asked us to wait until then. */
  rateLimitedUntil: number | null;
}

const nullableNumber = z._default(z.nullable(z.number()), null);
const nullableString = z._default(z.nullable(z.string()), null);

/** Records written by older versions lack newer fields; defaults fill them in. */
const recordSchema = z.object({
  service: z.enum(SERVICE_IDS),
  userId: nullableString,
  userName: nullableString,
  scoreSetting: nullableString,
  connectedAt: nullableNumber,
  tokenExpiresAt: nullableNumber,
  lastCheckedAt: nullableNumber,
  lastOutcome: z._default(z.nullable(z.enum(['ok', 'auth', 'rateLimited', 'transient', 'unavailable', 'permanent'])), null),
  lastError: nullableString,
  rateLimitedUntil: nullableNumber,
});

type Parsed = { record: ConnectionRecord | null; damaged: boolean };

function parseRecord(raw: unknown): Parsed {
  if (raw === undefined) return { record: null, damaged: false };
  const parsed = recordSchema.safeParse(raw);
  return parsed.success ? { record: parsed.data, damaged: false } : { record: null, damaged: true };
}

export async function readConnection(service: ServiceId): Promise<ConnectionRecord | null> {
  return withDb(async (db) => {
    return parseRecord(await db.get('connections', service)).record;
  });
}

/** Reads every service's connection; a service never connected is `disconnected`, a damaged record an error. */
export async function readConnectionStatuses(now = Date.now()): Promise<ServiceStatus[]> {
  return withDb(async (db) => {
    const records = await db.getAll('connections');
    return SERVICE_IDS.map((id) => toStatus(id, parseRecord(records.find((r) => r.service === id)), now));
  });
}

function toStatus(id: ServiceId, { record, damaged }: Parsed, now: number): ServiceStatus {
  const name = SERVICE_NAMES[id];
  if (damaged) {
    return {
      id, name, state: 'error', userName: null, lastCheckedAt: null, tokenExpiresAt: null, rateLimitedUntil: null,
      lastError: t('connectionDamaged', name),
    };
  }
  return {
    id,
    name,
    state: deriveState(record, now),
    userName: record?.userName ?? null,
    lastCheckedAt: record?.lastCheckedAt ?? null,
    lastError: record?.lastError ?? null,
    tokenExpiresAt: record?.tokenExpiresAt ?? null,
    rateLimitedUntil: record?.rateLimitedUntil ?? null,
  };
}

/** Saves one service's connection record (one transaction). */
export async function saveConnection(record: ConnectionRecord): Promise<void> {
  return withDb(async (db) => {
    await db.put('connections', recordSchema.parse(record));
  });
}

export async function deleteConnection(service: ServiceId): Promise<void> {
  return withDb(async (db) => {
    await db.delete('connections', service);
  });
}

/** Records how a real call ended, for health display; a no-op for a service that is not connected. */
export async function recordOutcome(service: ServiceId, result: CallResult<unknown>, now = Date.now()): Promise<void> {
  return withDb(async (db) => {
    const tx = db.transaction('connections', 'readwrite');
    const { record } = parseRecord(await tx.store.get(service));
    if (record?.userId) {
      await tx.store.put({
        ...record,
        lastCheckedAt: now,
        lastOutcome: result.kind === 'transient' && result.unavailable === true ? 'unavailable' : result.kind,
        lastError: result.kind === 'ok' ? null : result.message,
        rateLimitedUntil: result.kind === 'rateLimited' ? now + result.retryAfterMs : null,
      });
    }
    await tx.done;
  });
}
