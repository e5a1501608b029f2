/**
 * What each tracker folder (anilist/, mal/, kitsu/) exports: one `TrackerModule`. The registry lists them; a
 * test over the registry fails when a service lacks a piece (client, auth, schemas, mapping, card, tests).
 */
import type { Credentials } from '../auth/credentials';
import type { RefreshGrant, Session } from '../auth/session';
import type { ServiceId } from '../model';
import type { RateLimiter } from './rate-limiter';
import type { CallFailure, CallResult, StorageModel, Tracker, TrackerCapabilities, Viewer } from './tracker';
import { t } from '../i18n/t';

export interface TrackerDeps {
  session: Session;
  /** The client the tokens belong to (MAL public calls send it as X-MAL-CLIENT-ID). */
  clientId: string;
  /** The connected account as recorded at connect time; null before the first viewer call. */
  account: { userId: string; scoreSetting: string | null } | null;
  /** Defaults to the global fetch. */
  fetch?: typeof fetch;
  /** Defaults to the service's shared limiter; tests pass their own. */
  limiter?: RateLimiter;
}

export interface ClientConfig {
  clientId: string;
  /** Present only when the app registration has one. Never shown, logged or exported. */
  clientSecret: string | null;
  fetch?: typeof fetch;
  limiter?: RateLimiter;
}

export interface ConnectInput extends ClientConfig {
  /** Exactly `identity.getRedirectURL()`. */
  redirectUrl: string;
  /** Opens the provider's page and resolves to the URL it redirected to (identity.launchWebAuthFlow). */
  launch: (url: string) => Promise<URL>;
  /** Password-grant services (Kitsu) only. The password is used for this one request and then dropped. */
  login?: { username: string; password: string };
}

export type ConnectOutcome = { kind: 'ok'; credentials: Credentials; viewer: Viewer } | CallFailure;

export interface TrackerModule {
  id: ServiceId;
  name: string;
  capabilities: TrackerCapabilities;
  /** `oauth`: a browser sign-in window; `password`: a login form in the options page. */
  signIn: 'oauth' | 'password';
  /** The service needs a client id from the build or the user before it can connect. */
  needsClientId: boolean;
  /** Builds the service's client for a signed-in session. */
  createTracker(deps: TrackerDeps): Tracker;
  /** Signs in and reads the viewer. Never throws; a cancelled window is a `permanent` failure with a clear message. */
  connect(input: ConnectInput): Promise<ConnectOutcome>;
  /** How to exchange a refresh token, or null when the service has none (AniList). */
  refreshGrant(config: ClientConfig): RefreshGrant | null;
  /** What the service keeps of a write and what it refuses (its documented rules). */
  storage: StorageModel;
}

/**
 * Runs an authorized call: sends the current token; when the service rejects it as `auth`, refreshes once
 * (single flight across concurrent callers) and retries with the new token.
 */
export async function withSession<T>(
  session: Session,
  serviceName: string,
  call: (token: string) => Promise<CallResult<T>>,
): Promise<CallResult<T>> {
  let token: string | null;
  try {
    token = await session.accessToken();
  } catch {
    return { kind: 'transient', message: t('trackerRenewFailed', serviceName) };
  }
  if (!token) return { kind: 'auth', message: t('trackerNotConnected', serviceName) };
  const first = await call(token);
  if (first.kind !== 'auth') return first;
  let refreshed: boolean;
  try {
    refreshed = await session.refresh(token);
  } catch {
    return { kind: 'transient', message: t('trackerRenewFailed', serviceName) };
  }
  if (!refreshed) return first;
  const fresh = await session.accessToken();
  return fresh ? call(fresh) : first;
}
