import { z } from 'zod';
import { CONNECTION_STATES, SERVICE_IDS, SERVICE_NAMES, type ServiceId } from '../model';
import type { ServiceStatus } from '../messages';
import { openDatabase, type ConnectionRecord } from './db';

const recordSchema = z.object({
  service: z.enum(SERVICE_IDS),
  state: z.enum(CONNECTION_STATES),
  userName: z.string().nullable(),
  lastCheckedAt: z.number().nullable(),
  lastError: z.string().nullable(),
});

/** Reads every service's connection; a service never connected is `disconnected`, a damaged record an error. */
export async function readConnectionStatuses(): Promise<ServiceStatus[]> {
  const db = await openDatabase();
  try {
    const records = await db.getAll('connections');
    return SERVICE_IDS.map((id) => toStatus(id, records.find((r) => r.service === id)));
  } finally {
    db.close();
  }
}

function toStatus(id: ServiceId, raw: unknown): ServiceStatus {
  const name = SERVICE_NAMES[id];
  if (raw === undefined) {
    return { id, name, state: 'disconnected', userName: null, lastCheckedAt: null, lastError: null };
  }
  const parsed = recordSchema.safeParse(raw);
  if (!parsed.success) {
    return {
      id, name, state: 'error', userName: null, lastCheckedAt: null,
      lastError: `${name}: the saved connection is damaged; disconnect and connect again.`,
    };
  }
  return { ...parsed.data, id, name };
}

/** Saves one service's connection record (one transaction). */
export async function saveConnection(record: ConnectionRecord): Promise<void> {
  const db = await openDatabase();
  try {
    await db.put('connections', recordSchema.parse(record));
  } finally {
    db.close();
  }
}
