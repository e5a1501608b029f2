import { deleteDB } from 'idb';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { browser } from 'wxt/browser';
import { DB_NAME } from '../../../lib/library/db';
import { addServer, listServers, registerServerScripts, removeServer, serverKindFor } from '../../../lib/servers/self-hosted';
import { normaliseOrigin } from '../../../lib/servers/origin';

/** fake-browser has no `scripting` and no `permissions`: these stand in for Chromium's, with real bookkeeping. */
let granted: Set<string>;
let registered: Map<string, { id: string; js?: string[]; matches?: string[]; persistAcrossSessions?: boolean }>;
let unregistrations: string[];

beforeEach(() => {
  granted = new Set();
  unregistrations = [];
  registered = new Map([['someone-else', { id: 'someone-else', matches: ['https://x.example/*'] }]]);
  Object.assign(browser, {
    permissions: {
      ...browser.permissions,
      contains: (p: { origins?: string[] }) => Promise.resolve((p.origins ?? []).every((o) => granted.has(o))),
      remove: (p: { origins?: string[] }) => {
        for (const o of p.origins ?? []) granted.delete(o);
        return Promise.resolve(true);
      },
    },
  });
  Object.assign(browser, {
    scripting: {
      getRegisteredContentScripts: () => Promise.resolve([...registered.values()]),
      unregisterContentScripts: ({ ids }: { ids: string[] }) => {
        unregistrations.push(...ids);
        for (const id of ids) registered.delete(id);
        return Promise.resolve();
      },
      registerContentScripts: (scripts: { id: string }[]) => {
        for (const script of scripts) {
          if (registered.has(script.id)) return Promise.reject(new Error(`Duplicate script ID '${script.id}'`));
          registered.set(script.id, script);
        }
        return Promise.resolve();
      },
    },
  });
});

afterEach(async () => {
  vi.restoreAllMocks();
  await deleteDB(DB_NAME);
});

describe('self-hosted servers', () => {
  it.each([
    ['https://komga.example.org/', 'https://komga.example.org'],
    [' https://komga.example.org:8443/book/1/read?page=2 ', 'https://komga.example.org:8443'],
    ['http://192.168.1.20:25600', 'http://192.168.1.20:25600'],
  ])('normalises %j to the origin %s', (input, origin) => {
    expect(normaliseOrigin(input)).toBe(origin);
  });

  it.each([
    ['komga.example.org', /address of your server/],
    ['ftp://komga.example.org', /https:\/\/ or http:\/\//],
    ['https://me:secret@komga.example.org', /user name and password/],
    ['https://*.example.org', /./],
  ])('refuses %j', (input, message) => {
    expect(() => normaliseOrigin(input)).toThrow(message);
  });

  it('adds a server only once its origin is granted, and registers the reader script on exactly that origin', async () => {
    await expect(addServer('komga', 'https://komga.home.test')).rejects.toThrow('Access to https://komga.home.test was not granted');
    expect(await listServers()).toEqual([]);
    granted.add('https://komga.home.test/*');
    await addServer('komga', 'https://komga.home.test/book/1/read', 1000);
    expect(await listServers()).toEqual([{ kind: 'komga', origin: 'https://komga.home.test', addedAt: 1000 }]);
    expect(registered.get('server:https://komga.home.test')).toEqual({
      id: 'server:https://komga.home.test',
      js: ['content-scripts/server.js'],
      matches: ['https://komga.home.test/*'],
      runAt: 'document_idle',
      persistAcrossSessions: true,
    });
    // Another extension's registration is not ours to touch.
    expect(registered.has('someone-else')).toBe(true);
    expect(await serverKindFor('https://komga.home.test/book/2/read?page=1')).toBe('komga');
    expect(await serverKindFor('https://komga.home.test.evil.example/book/2/read')).toBeNull();
  });

  it('leaves a registration that is already right alone at start-up (tabs being restored must not miss it)', async () => {
    granted.add('https://komga.home.test/*');
    await addServer('komga', 'https://komga.home.test');
    await registerServerScripts();
    await registerServerScripts();
    expect(unregistrations).toEqual([]);
    expect([...registered.keys()].sort()).toEqual(['server:https://komga.home.test', 'someone-else']);
  });

  it('adds a server again once access is allowed anew (after an import), keeping when it was first added', async () => {
    granted.add('https://komga.home.test/*');
    await addServer('komga', 'https://komga.home.test', 1000);
    granted.clear();
    await registerServerScripts();
    expect(registered.has('server:https://komga.home.test')).toBe(false);

    granted.add('https://komga.home.test/*');
    await addServer('komga', 'https://komga.home.test', 9000);
    expect(await listServers()).toEqual([{ kind: 'komga', origin: 'https://komga.home.test', addedAt: 1000 }]);
    expect(registered.get('server:https://komga.home.test')?.matches).toEqual(['https://komga.home.test/*']);
  });

  it('refuses an unknown server type', async () => {
    granted.add('https://x.home.test/*');
    await expect(addServer('plex', 'https://x.home.test')).rejects.toThrow('Unknown server type.');
  });

  it('drops the registration when the permission is taken back, and removing gives the permission back', async () => {
    granted.add('https://kavita.home.test/*').add('https://komga.home.test/*');
    await addServer('kavita', 'https://kavita.home.test');
    await addServer('komga', 'https://komga.home.test');
    expect([...registered.keys()].sort()).toEqual(['server:https://kavita.home.test', 'server:https://komga.home.test', 'someone-else']);
    granted.delete('https://kavita.home.test/*');
    await registerServerScripts();
    expect([...registered.keys()].sort()).toEqual(['server:https://komga.home.test', 'someone-else']);
    await removeServer('https://komga.home.test');
    expect(granted.has('https://komga.home.test/*')).toBe(false);
    expect([...registered.keys()]).toEqual(['someone-else']);
    expect((await listServers()).map((s) => s.origin)).toEqual(['https://kavita.home.test']);
  });
});
