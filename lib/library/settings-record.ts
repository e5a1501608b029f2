/**
 * One record of the settings store, read and written through its schema: a record that is absent or no longer
 * validates (written by another version, damaged) reads as the fallback; nothing invalid is ever written.
 */
import { z } from 'zod/mini';
import { withDb } from './db';

export interface SettingsRecord<T> {
  read(): Promise<T>;
  save(value: T): Promise<void>;
  /** Applies `change` to the stored value in one transaction, so two quick edits cannot undo each other. */
  update(change: (current: T) => T): Promise<{ before: T; after: T }>;
}

export function settingsRecord<T>(key: string, schema: z.core.$ZodType<T>, fallback: T): SettingsRecord<T> {
  const parse = (stored: unknown): T => {
    const parsed = z.safeParse(schema, stored);
    return parsed.success ? parsed.data : fallback;
  };
  return {
    read: () => withDb(async (db) => parse((await db.get('settings', key))?.value)),
    async save(value) {
      const checked = z.parse(schema, value);
      await withDb((db) => db.put('settings', { key, value: checked }));
    },
    update: (change) =>
      withDb(async (db) => {
        const tx = db.transaction('settings', 'readwrite');
        const before = parse((await tx.store.get(key))?.value);
        const after = z.parse(schema, change(before));
        await Promise.all([tx.store.put({ key, value: after }), tx.done]);
        return { before, after };
      }),
  };
}
