/** Small bits of sync bookkeeping kept in the settings store: when each service was last pulled. */
import { z } from 'zod/mini';
import { openDatabase } from '../library/db';
import type { ServiceId } from '../model';

const key = (service: ServiceId) => `sync:lastPull:${service}`;

export async function readLastPull(service: ServiceId): Promise<number | null> {
  const db = await openDatabase();
  try {
    const parsed = z.number().safeParse((await db.get('settings', key(service)))?.value);
    return parsed.success ? parsed.data : null;
  } finally {
    db.close();
  }
}

export async function writeLastPull(service: ServiceId, at: number | null): Promise<void> {
  const db = await openDatabase();
  try {
    if (at === null) await db.delete('settings', key(service));
    else await db.put('settings', { key: key(service), value: at });
  } finally {
    db.close();
  }
}
