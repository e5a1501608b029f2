/**
 * The token vault: secrets encrypted at rest with AES-GCM under a non-extractable WebCrypto key kept in
 * IndexedDB. Only the background imports this module (lint keeps content scripts out); secrets never go to
 * storage.sync, exports, logs or error messages.
 */
import { z } from 'zod/mini';
import { openDatabase, withDb } from '../library/db';

const KEY_ID = 'vault-key-v1';

async function vaultKey(): Promise<CryptoKey> {
  return withDb(async (db) => {
    const existing = await db.get('vaultKeys', KEY_ID);
    if (existing) return existing.key;
    const key = await crypto.subtle.generateKey({ name: 'AES-GCM', length: 256 }, false, ['encrypt', 'decrypt']);
    // Two wakes racing to create the key: `add` fails for the loser, which then reads the winner's key.
    try {
      await db.add('vaultKeys', { id: KEY_ID, key });
      return key;
    } catch {
      const winner = await db.get('vaultKeys', KEY_ID);
      if (!winner) throw new Error('The token vault key could not be created.');
      return winner.key;
    }
  });
}

/** Encrypts and stores a JSON-serialisable secret under `name`. */
export async function putSecret(name: string, value: unknown): Promise<void> {
  const key = await vaultKey();
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const plaintext = new TextEncoder().encode(JSON.stringify(value));
  const ciphertext = await crypto.subtle.encrypt({ name: 'AES-GCM', iv }, key, plaintext);
  return withDb(async (db) => {
    await db.put('vault', { name, iv, ciphertext });
  });
}

/** Reads and decrypts a secret, validating it with `schema`; null when absent or unreadable. */
export async function getSecret<T>(name: string, schema: z.core.$ZodType<T>): Promise<T | null> {
  const db = await openDatabase();
  const record = await db.get('vault', name).finally(() => db.close());
  if (!record) return null;
  try {
    const plaintext = await crypto.subtle.decrypt({ name: 'AES-GCM', iv: record.iv }, await vaultKey(), record.ciphertext);
    const parsed = z.safeParse(schema, JSON.parse(new TextDecoder().decode(plaintext)));
    return parsed.success ? parsed.data : null;
  } catch {
    // A damaged record (or a lost key) reads as "no secret": the user reconnects; nothing crashes.
    return null;
  }
}

export async function deleteSecret(name: string): Promise<void> {
  return withDb(async (db) => {
    await db.delete('vault', name);
  });
}
