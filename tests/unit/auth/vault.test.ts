import { deleteDB, openDB } from 'idb';
import { afterEach, describe, expect, it } from 'vitest';
import { deleteCredentials, readCredentials, saveCredentials } from '../../../lib/auth/credentials';
import { DB_NAME, openDatabase } from '../../../lib/library/db';

const TOKEN = 'eyJhbGciOiJSUzI1NiJ9.secret-access-token-value.sig';
const REFRESH = 'refresh-token-that-must-never-leak';

afterEach(async () => {
  await deleteDB(DB_NAME);
});

/** Every value in every store of the database, serialised, as an attacker reading the profile would see it. */
async function dumpDatabase(): Promise<string> {
  (await openDatabase()).close();
  const db = await openDB(DB_NAME);
  const out: unknown[] = [];
  for (const store of db.objectStoreNames) {
    for (const value of await db.getAll(store)) {
      out.push(JSON.stringify(value, (_k, v: unknown) => (v instanceof ArrayBuffer || ArrayBuffer.isView(v) ? Buffer.from(v as ArrayBuffer).toString('latin1') : v)));
    }
  }
  db.close();
  return out.join('\n');
}

describe('token vault', () => {
  it('round-trips credentials', async () => {
    const credentials = { accessToken: TOKEN, refreshToken: REFRESH, expiresAt: 1_900_000_000_000, clientId: 'abc' };
    await saveCredentials('mal', credentials);
    expect(await readCredentials('mal')).toEqual(credentials);
    expect(await readCredentials('kitsu')).toBeNull();
  });

  it('stores no plaintext token anywhere in IndexedDB', async () => {
    await saveCredentials('mal', { accessToken: TOKEN, refreshToken: REFRESH, expiresAt: null, clientId: 'abc' });
    const dump = await dumpDatabase();
    expect(dump.length).toBeGreaterThan(0);
    expect(dump).not.toContain(TOKEN);
    expect(dump).not.toContain('secret-access-token-value');
    expect(dump).not.toContain(REFRESH);
  });

  it('keeps the key non-extractable', async () => {
    await saveCredentials('anilist', { accessToken: TOKEN, refreshToken: null, expiresAt: null, clientId: '1' });
    const db = await openDatabase();
    const [record] = await db.getAll('vaultKeys');
    db.close();
    expect(record?.key.extractable).toBe(false);
    await expect(crypto.subtle.exportKey('raw', record!.key)).rejects.toThrow();
  });

  it('uses a fresh IV for every write, so equal tokens do not look equal at rest', async () => {
    await saveCredentials('mal', { accessToken: TOKEN, refreshToken: null, expiresAt: null, clientId: 'a' });
    await saveCredentials('kitsu', { accessToken: TOKEN, refreshToken: null, expiresAt: null, clientId: 'a' });
    const db = await openDatabase();
    const [a, b] = await db.getAll('vault');
    db.close();
    expect(Buffer.from(a!.ciphertext).equals(Buffer.from(b!.ciphertext))).toBe(false);
  });

  it('reads a tampered record as "not signed in" instead of crashing', async () => {
    await saveCredentials('mal', { accessToken: TOKEN, refreshToken: null, expiresAt: null, clientId: 'a' });
    const db = await openDatabase();
    const record = await db.get('vault', 'credentials:mal');
    await db.put('vault', { ...record!, ciphertext: new Uint8Array(32).buffer });
    db.close();
    expect(await readCredentials('mal')).toBeNull();
  });

  it('wipes credentials on disconnect', async () => {
    await saveCredentials('mal', { accessToken: TOKEN, refreshToken: REFRESH, expiresAt: null, clientId: 'a' });
    await deleteCredentials('mal');
    expect(await readCredentials('mal')).toBeNull();
    expect(await dumpDatabase()).not.toContain('credentials:mal');
  });
});
