/**
 * Signing in to MyAnimeList: OAuth 2 authorization code with PKCE `plain` (the only method MAL supports, so the
 * challenge is the verifier itself), and the refresh grant whose refresh token rotates (API-FACTS §B "Auth").
 */
import type { Credentials } from '../../auth/credentials';
import { AuthFlowError } from '../../auth/identity';
import { createCodeVerifier, createState, stateMatches } from '../../auth/pkce';
import type { RefreshGrant, Session } from '../../auth/session';
import { createServiceHttp, type ServiceHttp } from '../http';
import type { ClientConfig, ConnectInput, ConnectOutcome } from '../module';
import type { CallFailure, CallResult } from '../tracker';
import { createMalTracker, malLimiter } from './client';
import { classifyMalTokenResponse, MAL_NAME } from './errors';
import { malTokenSchema, type MalToken } from './schemas';
import { t } from '../../i18n/t';

const MAL_AUTHORIZE_URL = 'https://myanimelist.net/v1/oauth2/authorize';
const MAL_TOKEN_URL = 'https://myanimelist.net/v1/oauth2/token';

const refused = (message: string): CallFailure => ({ kind: 'permanent', message });

/**
 * The token endpoint, never retried inside a call: an authorization code works once (a replay revokes what the
 * first use bought), and a refresh token rotates — retrying a refresh whose answer was lost would spend the new
 * token's predecessor twice and sign the user out. A failed exchange is left to the caller to repeat.
 */
function tokenHttp(config: ClientConfig): ServiceHttp {
  return createServiceHttp({
    serviceName: MAL_NAME,
    limiter: config.limiter ?? malLimiter(),
    fetch: config.fetch,
    retryLimit: 0,
    classify: classifyMalTokenResponse,
  });
}

function requestTokens(config: ClientConfig, grant: Record<string, string>): Promise<CallResult<MalToken>> {
  const form = new URLSearchParams({ client_id: config.clientId, ...grant });
  // Only "web" apps have a secret; "other" apps are public clients and send none (API-FACTS §B).
  if (config.clientSecret) form.set('client_secret', config.clientSecret);
  return tokenHttp(config).json(malTokenSchema, MAL_TOKEN_URL, { method: 'POST', body: form });
}

function toCredentials(token: MalToken, clientId: string, now: number): Credentials {
  // API-FACTS §B: docs say 1 h, observed 31 days — `expires_in` is the only truth.
  return { accessToken: token.access_token, refreshToken: token.refresh_token, expiresAt: now + token.expires_in * 1000, clientId };
}

/** The authorize URL for one attempt (API-FACTS §B "Authorize"). */
function malAuthorizeUrl(params: { clientId: string; redirectUrl: string; state: string; verifier: string }): string {
  const query = new URLSearchParams({
    response_type: 'code',
    client_id: params.clientId,
    state: params.state,
    redirect_uri: params.redirectUrl,
    // PKCE `plain`: the challenge is the verifier (API-FACTS §B "PKCE").
    code_challenge: params.verifier,
    code_challenge_method: 'plain',
  });
  return `${MAL_AUTHORIZE_URL}?${query.toString()}`;
}

/** The redirect's verdict: an authorization code, or why there is none. */
function readRedirect(returned: URL, state: string): string | CallFailure {
  const params = returned.searchParams;
  // Nothing in an answer to a request we did not make is trusted, error or code (CSRF / code injection).
  if (!stateMatches(state, params.get('state'))) {
    return refused(t('malStateMismatch', MAL_NAME));
  }
  const error = params.get('error');
  if (error === 'access_denied') return refused(t('malDeclined', MAL_NAME));
  if (error !== null) {
    const description = params.get('error_description');
    return refused(description ? t('malSignInFailedErrorDetail', MAL_NAME, error, description.slice(0, 160)) : t('malSignInFailedError', MAL_NAME, error));
  }
  const code = params.get('code');
  return code ? code : refused(t('malNoCode', MAL_NAME));
}

/** A session holding just-issued tokens before they are saved: connect reads the viewer with it. */
function freshSession(accessToken: string): Session {
  return { accessToken: () => Promise.resolve(accessToken), refresh: () => Promise.resolve(false) };
}

/** Sign-in window → code → tokens → viewer. Never throws; the credentials are returned, not stored. */
export async function connectMal(input: ConnectInput): Promise<ConnectOutcome> {
  if (!input.clientId) return refused(t('malNeedsClientId', MAL_NAME));
  const verifier = createCodeVerifier();
  const state = createState();
  let returned: URL;
  try {
    returned = await input.launch(malAuthorizeUrl({ clientId: input.clientId, redirectUrl: input.redirectUrl, state, verifier }));
  } catch (error) {
    // The identity wrapper's messages are already written for people (cancelled window, browser failure).
    if (error instanceof AuthFlowError) return refused(error.message);
    return refused(t('malWindowFailed', MAL_NAME));
  }
  const code = readRedirect(returned, state);
  if (typeof code !== 'string') return code;

  const exchanged = await requestTokens(input, {
    grant_type: 'authorization_code',
    code,
    code_verifier: verifier,
    redirect_uri: input.redirectUrl,
  });
  if (exchanged.kind !== 'ok') return exchanged;
  const credentials = toCredentials(exchanged.value, input.clientId, Date.now());

  const tracker = createMalTracker({
    session: freshSession(credentials.accessToken),
    clientId: input.clientId,
    account: null,
    fetch: input.fetch,
    limiter: input.limiter,
  });
  const viewer = await tracker.viewer();
  return viewer.kind === 'ok' ? { kind: 'ok', credentials, viewer: viewer.value } : viewer;
}

/**
 * `grant_type=refresh_token` (API-FACTS §B "Refresh"). The answer carries a new refresh token and the old pair
 * stops working at once, so the session saves the whole new pair before anyone retries. Resolves null when MAL
 * refuses (`invalid_request` "The refresh token is invalid.", `invalid_grant`, `invalid_client`) or answers in a
 * shape we cannot read (the old pair is then most likely spent already): the user must sign in again. Throws
 * when MAL could not be asked (offline, 5xx, throttled): the session reports that as transient and keeps the old
 * tokens.
 */
export function malRefreshGrant(config: ClientConfig): RefreshGrant {
  return async (credentials) => {
    // The tokens belong to the client that was used to sign in, which may since have been changed in the options.
    const client = credentials.clientId === config.clientId ? config : { ...config, clientId: credentials.clientId, clientSecret: null };
    if (!credentials.refreshToken) return null;
    const result = await requestTokens(client, { grant_type: 'refresh_token', refresh_token: credentials.refreshToken });
    if (result.kind === 'ok') return toCredentials(result.value, credentials.clientId, Date.now());
    if (result.kind === 'permanent' || result.kind === 'auth') return null;
    throw new Error(result.message);
  };
}
