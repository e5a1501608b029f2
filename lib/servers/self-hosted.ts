/**
 * Self-hosted reader servers (Komga, Kavita, Suwayomi, Kuroibara) added by the user in Sites. Each origin is
 * granted through an optional host permission (asked for by the options page, since only a page with a user
 * gesture may ask) and gets the reader content script registered at run time on exactly that origin.
 * Registrations persist across browser restarts and are rebuilt from this list on start-up and on change.
 */
import { browser } from 'wxt/browser';
import { z } from 'zod/mini';
import { settingsRecord } from '../library/settings-record';
import { normaliseOrigin, originPattern, ServerError } from './origin';
import type { ReadingSettings } from '../settings/reading';
import { SITE_CATALOG } from '../sites/catalog';
import { t } from '../i18n/t';

/** Options → Sites: the site adapters, the reading settings and the user's own servers. */
export interface SitesState {
  adapters: { id: string; name: string; selfHosted: boolean; hosts: string[] }[];
  reading: ReadingSettings;
  servers: { kind: string; origin: string; granted: boolean }[];
}

export { originPattern };

export const SERVER_KINDS = SITE_CATALOG.filter((site) => site.selfHosted === true).map((site) => site.id);

export const serverSchema = z.strictObject({
  kind: z.string().check(z.regex(/^[a-z0-9-]{1,40}$/)),
  origin: z.string().check(z.maxLength(300)),
  addedAt: z.number(),
});
export type SelfHostedServer = z.infer<typeof serverSchema>;

/** Where the server list is kept in the settings store. */
export const SERVERS_KEY = 'servers';
/** Content-script registration ids start with this; anything else registered is not ours to touch. */
const SCRIPT_PREFIX = 'server:';
/** The built self-hosted content script (WXT names it after the `server.content` entrypoint). */
const READER_SCRIPT = 'content-scripts/server.js';

const record = settingsRecord<SelfHostedServer[]>(SERVERS_KEY, z.array(serverSchema), []);

export function listServers(): Promise<SelfHostedServer[]> {
  return record.read();
}

function saveServers(servers: SelfHostedServer[]): Promise<void> {
  return record.save(servers);
}

/** The server kind the user added for this page's origin, if any. */
export async function serverKindFor(pageUrl: string | undefined): Promise<string | null> {
  if (!pageUrl) return null;
  let origin: string;
  try {
    origin = new URL(pageUrl).origin;
  } catch {
    return null;
  }
  return (await listServers()).find((server) => server.origin === origin)?.kind ?? null;
}

/** Adds (or changes the kind of) a server whose origin permission the user has just granted. */
export async function addServer(kind: string, originInput: string, now = Date.now()): Promise<SelfHostedServer[]> {
  if (!SERVER_KINDS.includes(kind)) throw new ServerError(t('serverUnknownKind'));
  const origin = normaliseOrigin(originInput);
  if (!(await browser.permissions.contains({ origins: [originPattern(origin)] }))) {
    throw new ServerError(t('serverAccessNotGranted', origin));
  }
  const known = await listServers();
  // Adding a server again (access allowed anew after an import or a revocation) keeps when it was first added.
  const addedAt = known.find((server) => server.origin === origin)?.addedAt ?? now;
  const servers = known.filter((server) => server.origin !== origin);
  servers.push({ kind, origin, addedAt });
  await saveServers(servers);
  await registerServerScripts();
  return servers;
}

/** Forgets a server and gives its origin permission back. */
export async function removeServer(originInput: string): Promise<SelfHostedServer[]> {
  const origin = normaliseOrigin(originInput);
  const servers = (await listServers()).filter((server) => server.origin !== origin);
  await saveServers(servers);
  await registerServerScripts();
  await browser.permissions.remove({ origins: [originPattern(origin)] }).catch(() => false);
  return servers;
}

/**
 * Makes the registered content scripts exactly one per added server whose permission is still granted. Safe to
 * call at any time (start-up, install, a permission removed in the browser's own settings). Registrations that
 * are already right are left alone: at start-up the browser is restoring tabs, and a script unregistered for a
 * moment would miss them.
 */
export async function registerServerScripts(): Promise<void> {
  const servers = await listServers();
  const granted = await Promise.all(servers.map((server) => browser.permissions.contains({ origins: [originPattern(server.origin)] })));
  const wanted = new Map<string, string[]>(
    servers.filter((_, index) => granted[index]).map((server) => [`${SCRIPT_PREFIX}${server.origin}`, [originPattern(server.origin)]]),
  );
  const ours = (await browser.scripting.getRegisteredContentScripts()).filter((script) => script.id.startsWith(SCRIPT_PREFIX));
  const stale = ours.filter((script) => JSON.stringify(script.matches) !== JSON.stringify(wanted.get(script.id)) || script.js?.[0] !== READER_SCRIPT);
  if (stale.length > 0) await browser.scripting.unregisterContentScripts({ ids: stale.map((script) => script.id) });
  const kept = new Set(ours.filter((script) => !stale.includes(script)).map((script) => script.id));
  const missing = [...wanted].filter(([id]) => !kept.has(id));
  if (missing.length === 0) return;
  await browser.scripting.registerContentScripts(
    missing.map(([id, matches]) => ({ id, js: [READER_SCRIPT], matches, runAt: 'document_idle' as const, persistAcrossSessions: true })),
  );
}

/** Which added servers currently lack their permission (removed in the browser's settings). */
export async function serversWithoutPermission(): Promise<string[]> {
  const servers = await listServers();
  const granted = await Promise.all(servers.map((server) => browser.permissions.contains({ origins: [originPattern(server.origin)] })));
  return servers.filter((_, index) => !granted[index]).map((server) => server.origin);
}
