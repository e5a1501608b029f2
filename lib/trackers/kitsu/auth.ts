/**
 * Kitsu sign-in (API-FACTS §C "Token"): Kitsu has no redirect flow, only Doorkeeper's password grant at
 * `POST https://kitsu.app/api/oauth/token`, and refresh tokens. The password goes out in that one request and
 * is dropped: it is never stored, logged, or put in a message or a returned object (DESIGN.md "What a user gets").
 */
import type { Credentials } from '../../auth/credentials';
import type { RefreshGrant, Session } from '../../auth/session';
import { createServiceHttp } from '../http';
import type { ClientConfig, ConnectInput, ConnectOutcome } from '../module';
import type { CallResult } from '../tracker';
import { createKitsuTracker, kitsuLimiter } from './client';
import { classifyKitsuToken } from './errors';
import { tokenResponse, type TokenResponse } from './schemas';
import { t } from '../../i18n/t';

export const KITSU_TOKEN_URL = 'https://kitsu.app/api/oauth/token';

/** API-FACTS §C: the public client constants Kitsu's own apps send; used when no client is configured. */
export const KITSU_PUBLIC_CLIENT = {
  id: 'dd031b32d2f56c990b1425efe6c42ad847e7fe3ab46bf1299f05ecd856bdb7dd',
  secret: '54d7307928f63414defd96399fc31ba847961ceaecef3a5fd93144e960c0e151',
} as const;

interface ClientAuth {
  client_id: string;
  client_secret?: string;
}

/**
 * Client credentials for the token endpoint. Kitsu makes them optional for the password grant but checks them
 * when sent (`invalid_client`, 401); a refresh must name the client the tokens were issued to.
 */
function clientAuth(clientId: string, clientSecret: string | null): ClientAuth {
  const id = clientId.trim() || KITSU_PUBLIC_CLIENT.id;
  const secret = clientSecret?.trim() || (id === KITSU_PUBLIC_CLIENT.id ? KITSU_PUBLIC_CLIENT.secret : '');
  return secret ? { client_id: id, client_secret: secret } : { client_id: id };
}

function requestToken(config: Pick<ClientConfig, 'fetch' | 'limiter'>, form: Record<string, string>): Promise<CallResult<TokenResponse>> {
  const http = createServiceHttp({
    serviceName: 'Kitsu',
    limiter: config.limiter ?? kitsuLimiter(),
    fetch: config.fetch,
    // No retries: each password attempt counts against Kitsu's 15-a-minute login throttle, and a refresh the
    // server may already have carried out (rotating the refresh token) must not be replayed blindly.
    retryLimit: 0,
    classify: classifyKitsuToken,
  });
  return http.json(tokenResponse, KITSU_TOKEN_URL, {
    method: 'post',
    headers: { accept: 'application/json', 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(form).toString(),
  });
}

/** API-FACTS §C: expiry = `created_at + expires_in` (seconds); without `created_at`, counted from now. */
function toCredentials(token: TokenResponse, clientId: string, previousRefreshToken: string | null): Credentials {
  const issuedAtMs = token.created_at !== undefined ? token.created_at * 1000 : Date.now();
  return {
    accessToken: token.access_token,
    // Doorkeeper rotates refresh tokens; should a response ever omit one, the old one is still the best we have.
    refreshToken: token.refresh_token ?? previousRefreshToken,
    expiresAt: issuedAtMs + token.expires_in * 1000,
    clientId,
  };
}

/** A session that just hands out one token, for the viewer lookup right after sign-in. */
const fixedSession = (token: string): Session => ({
  accessToken: () => Promise.resolve(token),
  refresh: () => Promise.resolve(false),
});

/** Password grant, then the viewer (name and rating system). Never throws. */
export async function connect(input: ConnectInput): Promise<ConnectOutcome> {
  const username = input.login?.username.trim() ?? '';
  const password = input.login?.password ?? '';
  if (username === '' || password === '') return { kind: 'permanent', message: t('kitsuEnterLogin') };
  const client = clientAuth(input.clientId, input.clientSecret);
  const token = await requestToken(input, { grant_type: 'password', username, password, ...client });
  if (token.kind !== 'ok') return token;
  const credentials = toCredentials(token.value, client.client_id, null);
  const tracker = createKitsuTracker({
    session: fixedSession(credentials.accessToken),
    clientId: client.client_id,
    account: null,
    fetch: input.fetch,
    limiter: input.limiter,
  });
  const viewer = await tracker.viewer();
  if (viewer.kind !== 'ok') return viewer;
  return { kind: 'ok', credentials, viewer: viewer.value };
}

/**
 * `grant_type=refresh_token` with the client the tokens belong to. Resolves to the new pair, or null when Kitsu
 * refused (revoked or unknown refresh token, wrong client): the user must sign in again. Throws when Kitsu could
 * not be asked (offline, 5xx, throttled), so the session reports "try later" instead of signing the user out.
 */
export function refreshGrant(config: ClientConfig): RefreshGrant {
  return async (credentials) => {
    if (!credentials.refreshToken) return null;
    const sameClient = credentials.clientId === config.clientId;
    const client = clientAuth(credentials.clientId, sameClient ? config.clientSecret : null);
    const token = await requestToken(config, { grant_type: 'refresh_token', refresh_token: credentials.refreshToken, ...client });
    if (token.kind === 'ok') return toCredentials(token.value, client.client_id, credentials.refreshToken);
    if (token.kind === 'permanent' || token.kind === 'auth') return null;
    throw new Error(token.message);
  };
}
