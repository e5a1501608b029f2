/**
 * Signing in to AniList (API-FACTS §A Auth): the implicit grant with a client id — the documented choice for a
 * client that cannot keep a secret — or the authorization-code grant when the user configured a client secret.
 * Either way the result is one year-long JWT with no refresh token, so "expiring soon" is something to tell
 * the user about (`tokenExpiryWarning`), not something to fix silently.
 */
import type { Credentials } from '../../auth/credentials';
import { AuthFlowError } from '../../auth/identity';
import { EXPIRY_WARNING_MS } from '../../library/health';
import { createState, stateMatches } from '../../auth/pkce';
import type { Session } from '../../auth/session';
import { createServiceHttp } from '../http';
import type { ConnectInput, ConnectOutcome } from '../module';
import type { CallFailure, CallResult } from '../tracker';
import { aniListLimiter, createAniListTracker } from './client';
import { safeMessage } from './http-quirks';
import { jwtClaimsSchema, oauthErrorSchema, tokenResponse } from './schemas';
import { t } from '../../i18n/t';

const NAME = 'AniList';
export const AUTHORIZE_URL = 'https://anilist.co/api/v2/oauth/authorize';
export const TOKEN_URL = 'https://anilist.co/api/v2/oauth/token';

const fail = (message: string): CallFailure => ({ kind: 'permanent', message });

function base64UrlDecode(text: string): Uint8Array {
  const base64 = text.replace(/-/g, '+').replace(/_/g, '/');
  return Uint8Array.from(atob(base64.padEnd(Math.ceil(base64.length / 4) * 4, '=')), (c) => c.charCodeAt(0));
}

/** The JWT's `exp` in ms, or null when the token is not a JWT we can read (the signature is not ours to check). */
export function jwtExpiry(token: string): number | null {
  const parts = token.split('.');
  const payload = parts[1];
  if (parts.length !== 3 || payload === undefined) return null;
  try {
    const claims = jwtClaimsSchema.safeParse(JSON.parse(new TextDecoder().decode(base64UrlDecode(payload))));
    return claims.success ? claims.data.exp * 1000 : null;
  } catch {
    return null;
  }
}

/** The token's own `exp` is the truth; `expires_in` (seconds from now) is the fallback. */
function expiryOf(token: string, expiresIn: number | null | undefined, now: number): number | null {
  return jwtExpiry(token) ?? (expiresIn ? now + expiresIn * 1000 : null);
}

/**
 * 'expiring' within 14 days of the token's end, 'expired' after it, null otherwise (or when unknown). The token
 * cannot be refreshed, so the user has to reconnect; same threshold as the health display (lib/library/health.ts).
 */
export function tokenExpiryWarning(credentials: Pick<Credentials, 'expiresAt'>, now: number): 'expiring' | 'expired' | null {
  const { expiresAt } = credentials;
  if (expiresAt === null) return null;
  if (now >= expiresAt) return 'expired';
  return expiresAt - now <= EXPIRY_WARNING_MS ? 'expiring' : null;
}

function authorizeUrl(input: ConnectInput, state: string, codeGrant: boolean): string {
  const params = new URLSearchParams({ client_id: input.clientId, response_type: codeGrant ? 'code' : 'token' });
  // The redirect URI must match the registered one exactly for the code grant (API-FACTS §A Auth); the implicit
  // grant uses the registered one, so it is not sent.
  if (codeGrant) params.set('redirect_uri', input.redirectUrl);
  params.set('state', state);
  return `${AUTHORIZE_URL}?${params.toString()}`;
}

/** Parameters of the redirect: the implicit grant answers in the fragment, the code grant in the query. */
function redirectParams(url: URL): URLSearchParams {
  const params = new URLSearchParams(url.hash.replace(/^#/, ''));
  for (const [key, value] of url.searchParams) if (!params.has(key)) params.set(key, value);
  return params;
}

function launchFailure(error: unknown): string {
  // AuthFlowError messages are written for people already ("AniList sign-in was cancelled: …").
  if (error instanceof AuthFlowError) return error.message;
  return t('authFailed', NAME, safeMessage(error instanceof Error ? error.message : String(error)));
}

/** Token endpoint errors are Laravel Passport's `{error, error_description}`; during sign-in they are all final. */
function classifyTokenError(status: number, body: string): CallFailure | undefined {
  if (status < 400 || status === 429 || status >= 500) return undefined;
  let detail = `HTTP ${status}`;
  try {
    const parsed = oauthErrorSchema.safeParse(JSON.parse(body));
    if (parsed.success) detail = `${parsed.data.error}: ${parsed.data.error_description ?? parsed.data.hint ?? ''}`;
  } catch {
    // Not JSON: the status is all there is to say.
  }
  return fail(t('authRefused', NAME, safeMessage(detail)));
}

async function exchangeCode(input: ConnectInput, code: string): Promise<CallResult<Credentials>> {
  const http = createServiceHttp({
    serviceName: NAME,
    limiter: input.limiter ?? aniListLimiter(),
    fetch: input.fetch,
    classify: classifyTokenError,
    // A code works once: a retry after a lost answer would only fail with invalid_grant.
    retryLimit: 0,
  });
  const result = await http.json(tokenResponse, TOKEN_URL, {
    method: 'post',
    json: {
      grant_type: 'authorization_code',
      client_id: input.clientId,
      client_secret: input.clientSecret,
      redirect_uri: input.redirectUrl,
      code,
    },
    headers: { Accept: 'application/json' },
  });
  if (result.kind !== 'ok') return result;
  const token = result.value.access_token;
  return {
    kind: 'ok',
    value: { accessToken: token, refreshToken: null, expiresAt: expiryOf(token, result.value.expires_in, Date.now()), clientId: input.clientId },
  };
}

function implicitToken(input: ConnectInput, params: URLSearchParams): CallResult<Credentials> {
  const token = params.get('access_token');
  if (!token) return fail(t('authNoToken', NAME));
  const expiresIn = Number(params.get('expires_in'));
  return {
    kind: 'ok',
    value: {
      accessToken: token,
      refreshToken: null,
      expiresAt: expiryOf(token, Number.isFinite(expiresIn) && expiresIn > 0 ? expiresIn : null, Date.now()),
      clientId: input.clientId,
    },
  };
}

/** Signs in, then reads the viewer with the new token. Never throws; nothing is stored here (the caller does). */
export async function connectAniList(input: ConnectInput): Promise<ConnectOutcome> {
  const state = createState();
  const codeGrant = Boolean(input.clientSecret);
  let redirect: URL;
  try {
    redirect = await input.launch(authorizeUrl(input, state, codeGrant));
  } catch (error) {
    return fail(launchFailure(error));
  }
  const params = redirectParams(redirect);
  const returnedState = params.get('state');
  // AniList does not reliably carry `state` through the implicit grant, so its absence is tolerated there; a
  // different one is never. The code grant (Laravel Passport) always echoes it, so there it must be present.
  if ((returnedState !== null || codeGrant) && !stateMatches(state, returnedState)) {
    return fail(t('authStateMismatch', NAME));
  }
  const error = params.get('error');
  if (error !== null) {
    return fail(
      error === 'access_denied'
        ? t('authAniListDeclined', NAME)
        : t('authFailed', NAME, safeMessage(params.get('error_description') ?? error)),
    );
  }
  let credentials: CallResult<Credentials>;
  if (codeGrant) {
    const code = params.get('code');
    if (!code) return fail(t('authNoCode', NAME));
    credentials = await exchangeCode(input, code);
  } else {
    credentials = implicitToken(input, params);
  }
  if (credentials.kind !== 'ok') return credentials;

  const token = credentials.value.accessToken;
  const session: Session = { accessToken: () => Promise.resolve(token), refresh: () => Promise.resolve(false) };
  const viewer = await createAniListTracker({ session, clientId: input.clientId, account: null, fetch: input.fetch, limiter: input.limiter }).viewer();
  if (viewer.kind !== 'ok') return viewer;
  return { kind: 'ok', credentials: credentials.value, viewer: viewer.value };
}
