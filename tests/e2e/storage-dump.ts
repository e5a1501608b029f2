/** Everything the extension keeps, as text: every storage area and every IndexedDB store (binary as latin1). */
import type { Worker } from '@playwright/test';

export function dumpExtensionStorage(serviceWorker: Worker): Promise<string> {
  return serviceWorker.evaluate(async () => {
    const replacer = (_key: string, value: unknown) => {
      if (value instanceof ArrayBuffer) return String.fromCharCode(...new Uint8Array(value));
      if (ArrayBuffer.isView(value)) return String.fromCharCode(...new Uint8Array(value.buffer, value.byteOffset, value.byteLength));
      return value;
    };
    const parts: string[] = [];
    for (const area of ['local', 'sync', 'session'] as const) parts.push(JSON.stringify(await chrome.storage[area].get(null), replacer));
    for (const info of await indexedDB.databases()) {
      if (!info.name) continue;
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const open = indexedDB.open(info.name!);
        open.onsuccess = () => resolve(open.result);
        open.onerror = () => reject(new Error(String(open.error)));
      });
      for (const store of Array.from(db.objectStoreNames)) {
        const values = await new Promise<unknown[]>((resolve, reject) => {
          const request = db.transaction(store).objectStore(store).getAll();
          request.onsuccess = () => resolve(request.result as unknown[]);
          request.onerror = () => reject(new Error(String(request.error)));
        });
        parts.push(`${info.name}/${store}: ${JSON.stringify(values, replacer)}`);
      }
      db.close();
    }
    return parts.join('\n');
  });
}

/** Every token-like string a fake issued: values under keys named like "token", from its state snapshot. */
export function issuedTokens(state: unknown): string[] {
  const found: string[] = [];
  const walk = (value: unknown, key: string) => {
    if (typeof value === 'string') {
      if (/token/i.test(key) && value.length >= 16) found.push(value);
    } else if (Array.isArray(value)) value.forEach((item) => walk(item, key));
    else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) walk(v, /token/i.test(key) ? key : k);
  };
  walk(state, '');
  return found;
}
