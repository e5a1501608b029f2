/**
 * Connecting, disconnecting and checking services: the background's side of the Integrations card. Secrets go
 * to the vault, what the user may see goes to the connection record, and every real call's outcome is
 * recorded for the health display.
 */
import { deleteCredentials, saveCredentials, type Credentials } from '../auth/credentials';
import { launchAuthFlow, redirectUrl } from '../auth/identity';
import { createSession, type Session } from '../auth/session';
import { deleteSecret, getSecret, putSecret } from '../auth/vault';
import { BUILD_CLIENTS } from '../auth/build-clients';
import { deleteConnection, readConnection, recordOutcome, saveConnection } from '../library/connections';
import type { ServiceId } from '../model';
import { readServiceSettings } from '../settings/services';
import type { ClientConfig } from './module';
import { TRACKERS } from './registry';
import type { CallResult, Tracker, Viewer } from './tracker';
import { z } from 'zod/mini';
import { t } from '../i18n/t';
import { createSignal } from '../signal';

/** A service refused the sign-in on record: it needs reconnecting (the background shows it). */
export const signInRefused = createSignal<{ service: ServiceId }>();

const secretName = (service: ServiceId) => `client-secret:${service}`;

/** The client id and secret in force: the user's own from the options page, else the build's. */
export async function clientConfig(service: ServiceId): Promise<ClientConfig> {
  const settings = await readServiceSettings(service);
  const secret = (await getSecret(secretName(service), z.string())) ?? BUILD_CLIENTS[service].clientSecret;
  return { clientId: settings.clientId || BUILD_CLIENTS[service].clientId, clientSecret: secret || null };
}

/** Saves (or, with an empty string, removes) the user's client secret. It is never read back to a page. */
export async function setClientSecret(service: ServiceId, secret: string): Promise<void> {
  if (secret) await putSecret(secretName(service), secret);
  else await deleteSecret(secretName(service));
}

export async function hasClientSecret(service: ServiceId): Promise<boolean> {
  return Boolean((await getSecret(secretName(service), z.string())) ?? BUILD_CLIENTS[service].clientSecret);
}

export type ConnectResult = { ok: true; userName: string } | { ok: false; message: string };

/** Tokens that can be refreshed do not "expire" for the user; only AniList's year-long token does. */
function visibleExpiry(credentials: Credentials): number | null {
  return credentials.refreshToken ? null : credentials.expiresAt;
}

export async function connectService(service: ServiceId, login?: { username: string; password: string }): Promise<ConnectResult> {
  const module = TRACKERS[service];
  const config = await clientConfig(service);
  if (module.needsClientId && !config.clientId) {
    return { ok: false, message: t('trackerNeedsClientId', module.name) };
  }
  const outcome = await module.connect({
    ...config,
    redirectUrl: redirectUrl(),
    launch: (url) => launchAuthFlow(url, module.name),
    login,
  });
  if (outcome.kind !== 'ok') return { ok: false, message: outcome.message };
  await saveCredentials(service, outcome.credentials);
  await saveViewer(service, outcome.viewer, visibleExpiry(outcome.credentials), Date.now());
  return { ok: true, userName: outcome.viewer.name };
}

async function saveViewer(service: ServiceId, viewer: Viewer, tokenExpiresAt: number | null, now: number): Promise<void> {
  await saveConnection({
    service,
    userId: viewer.id,
    userName: viewer.name,
    scoreSetting: viewer.scoreSetting,
    connectedAt: now,
    tokenExpiresAt,
    lastCheckedAt: now,
    lastOutcome: 'ok',
    lastError: null,
    rateLimitedUntil: null,
  });
}

/** Forgets the service: its tokens are wiped from the vault and its connection record removed. */
export async function disconnectService(service: ServiceId): Promise<void> {
  await deleteCredentials(service);
  await deleteConnection(service);
}

/**
 * The service's client for public data only (look-ups, search), whether or not an account is connected: no
 * session, so every call goes anonymously. Outcomes are not recorded: they say nothing of a connection's health.
 */
export async function publicTrackerFor(service: ServiceId, options: { fetch?: typeof fetch } = {}): Promise<Tracker> {
  const module = TRACKERS[service];
  const config = await clientConfig(service);
  return module.createTracker({ session: NO_SESSION, clientId: config.clientId, account: null, fetch: options.fetch });
}

const NO_SESSION: Session = { accessToken: () => Promise.resolve(null), refresh: () => Promise.resolve(false) };

/** The service's client for the signed-in account, recording each call's outcome for health. */
export async function trackerFor(service: ServiceId, options: { fetch?: typeof fetch } = {}): Promise<Tracker | null> {
  const record = await readConnection(service);
  if (!record?.userId) return null;
  const module = TRACKERS[service];
  const config = await clientConfig(service);
  const tracker = module.createTracker({
    session: createSession(service, module.refreshGrant(config)),
    clientId: config.clientId,
    account: { userId: record.userId, scoreSetting: record.scoreSetting },
    fetch: options.fetch,
  });
  return withHealthRecording(service, tracker);
}

function withHealthRecording(service: ServiceId, tracker: Tracker): Tracker {
  const record = async <T>(call: Promise<CallResult<T>>): Promise<CallResult<T>> => {
    const result = await call;
    await recordOutcome(service, result);
    if (result.kind === 'auth') await signInRefused.emit({ service });
    return result;
  };
  const media = tracker.media?.bind(tracker);
  return {
    id: tracker.id,
    capabilities: tracker.capabilities,
    viewer: () => record(tracker.viewer()),
    listEntries: (options) => record(tracker.listEntries(options)),
    getEntry: (mediaId) => record(tracker.getEntry(mediaId)),
    saveEntries: (writes) => record(tracker.saveEntries(writes)),
    deleteEntry: (mediaId) => record(tracker.deleteEntry(mediaId)),
    searchManga: (query) => record(tracker.searchManga(query)),
    lookup: (ids) => record(tracker.lookup(ids)),
    ...(media ? { media: (mediaId: string) => record(media(mediaId)) } : {}),
  };
}

/** Asks each connected service who we are (the health check); keeps the display name current. */
export async function checkHealth(services: readonly ServiceId[]): Promise<void> {
  await Promise.all(
    services.map(async (service) => {
      const tracker = await trackerFor(service);
      if (!tracker) return;
      const result = await tracker.viewer();
      if (result.kind !== 'ok') return;
      const record = await readConnection(service);
      if (record && record.userName !== result.value.name) {
        await saveConnection({ ...record, userName: result.value.name, scoreSetting: result.value.scoreSetting });
      }
    }),
  );
}

