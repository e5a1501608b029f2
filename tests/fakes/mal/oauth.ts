/**
 * myanimelist.net OAuth 2: the authorize page and the token endpoint (API-FACTS §B "Auth"). MAL runs
 * league/oauth2-server, whose error bodies are `{error, message, hint}`; the messages below are that library's.
 */
import type { FakeRequest, FakeResponse } from '../types';
import { html, isForm, malJson, redirect } from './http';
import { CODE_LIFETIME_MS, randomToken, type MalStore } from './store';
import type { MalClient } from './seed';

/** RFC 7636 §4.1: 43–128 characters of [A-Z a-z 0-9 - . _ ~]. */
const PKCE_VERIFIER = /^[A-Za-z0-9\-._~]{43,128}$/;

const MESSAGES = {
  invalid_request:
    'The request is missing a required parameter, includes an invalid parameter value, includes a parameter more than once, or is otherwise malformed.',
  invalid_grant:
    'The provided authorization grant (e.g., authorization code, resource owner credentials) or refresh token is invalid, expired, revoked, does not match the redirection URI used in the authorization request, or was issued to another client.',
  invalid_client: 'Client authentication failed',
  unsupported_grant_type: 'The authorization grant type is not supported by the authorization server.',
} as const;

function oauthError(error: keyof typeof MESSAGES, hint: string, message: string = MESSAGES[error]): FakeResponse {
  return malJson(error === 'invalid_client' ? 401 : 400, { error, message, hint });
}

/** API-FACTS §B: a refresh token that is unknown, revoked or expired gives this exact `invalid_request` body. */
function invalidRefresh(hint: string): FakeResponse {
  return oauthError('invalid_request', hint, 'The refresh token is invalid.');
}

export function handleAuthorize(store: MalStore, req: FakeRequest): FakeResponse {
  const q = req.url.searchParams;
  const client = store.clients.get(q.get('client_id') ?? '');
  // Unknown client or foreign redirect: never redirect (that would be an open redirector) — show an error page.
  if (client === undefined) return html(400, 'Bad Request', 'invalid_client: unknown client_id');
  const redirectUri = q.get('redirect_uri') ?? client.redirectUri;
  if (redirectUri !== client.redirectUri) return html(400, 'Bad Request', 'invalid_request: redirect_uri mismatch');

  const state = q.get('state');
  const back = (params: Record<string, string>): FakeResponse => {
    const url = new URL(redirectUri);
    for (const [k, v] of Object.entries(params)) url.searchParams.set(k, v);
    if (state !== null) url.searchParams.set('state', state);
    return redirect(url.toString());
  };

  if (q.get('response_type') !== 'code') {
    return back({ error: 'unsupported_response_type', error_description: 'response_type must be code' });
  }
  // API-FACTS §B: PKCE only `plain`; S256 and anything else is refused.
  const method = q.get('code_challenge_method') ?? 'plain';
  if (method !== 'plain') {
    return back({ error: 'invalid_request', error_description: 'Code challenge method must be `plain`' });
  }
  const challenge = q.get('code_challenge') ?? '';
  if (!PKCE_VERIFIER.test(challenge)) {
    return back({ error: 'invalid_request', error_description: 'Code challenge must follow the specifications of RFC-7636.' });
  }

  const session = store.authorize;
  const user = session.user === null ? undefined : store.userByName(session.user);
  if (user === undefined || session.action === 'hang') {
    // Nobody logged in, or the user never clicks: the page just sits there and the auth flow never returns.
    return html(200, 'Login - MyAnimeList.net', 'Log in to allow this application to access your account.');
  }
  if (session.action === 'deny') {
    return back({ error: 'access_denied', error_description: 'The resource owner or authorization server denied the request.' });
  }
  const code = randomToken(48);
  store.codes.set(code, {
    code,
    clientId: client.id,
    redirectUri,
    challenge,
    userId: user.id,
    expiresAt: store.now() + CODE_LIFETIME_MS,
    used: false,
    accessTokens: [],
  });
  return back({ code });
}

/** Client authentication for the token endpoint: a secret is demanded only from clients that have one. */
function authenticate(store: MalStore, form: URLSearchParams): MalClient | FakeResponse {
  const id = form.get('client_id');
  if (id === null || id === '') return oauthError('invalid_request', 'Check the `client_id` parameter');
  const client = store.clients.get(id);
  if (client === undefined) return oauthError('invalid_client', 'Unknown client');
  if (client.secret !== undefined && form.get('client_secret') !== client.secret) {
    return oauthError('invalid_client', 'Invalid client secret');
  }
  return client;
}

export function handleToken(store: MalStore, req: FakeRequest): FakeResponse {
  // API-FACTS §B: form-urlencoded only. A JSON body leaves the server with no parameters at all.
  const form = isForm(req) ? req.form() : new URLSearchParams();
  const grant = form.get('grant_type');
  if (grant === null) return oauthError('unsupported_grant_type', 'Check that all required parameters have been provided');
  if (grant === 'authorization_code') return codeGrant(store, form);
  if (grant === 'refresh_token') return refreshGrant(store, form);
  return oauthError('unsupported_grant_type', 'Check that all required parameters have been provided');
}

function tokenBody(tokens: { access_token: string; refresh_token: string; expires_in: number }): FakeResponse {
  return malJson(200, { token_type: 'Bearer', ...tokens });
}

function codeGrant(store: MalStore, form: URLSearchParams): FakeResponse {
  const client = authenticate(store, form);
  if ('status' in client) return client;
  const codeValue = form.get('code');
  if (codeValue === null || codeValue === '') return oauthError('invalid_request', 'Check the `code` parameter');
  const code = store.codes.get(codeValue);
  if (code === undefined) return oauthError('invalid_request', 'Cannot decrypt the authorization code');
  if (store.now() > code.expiresAt) return oauthError('invalid_grant', 'Authorization code has expired');
  if (code.used) {
    // Replay of a spent code: refuse, and revoke what the first use bought (RFC 6749 §4.1.2).
    for (const t of code.accessTokens) {
      const access = store.access.get(t);
      if (access !== undefined) access.revoked = true;
    }
    return oauthError('invalid_grant', 'Authorization code has been revoked');
  }
  if (code.clientId !== client.id) return oauthError('invalid_request', 'Authorization code was not issued to this client');
  const redirectUri = form.get('redirect_uri');
  if (redirectUri !== null && redirectUri !== code.redirectUri) return oauthError('invalid_request', 'Invalid redirect URI');
  const verifier = form.get('code_verifier');
  if (verifier === null || verifier === '') return oauthError('invalid_request', 'Check the `code_verifier` parameter');
  // API-FACTS §B: plain PKCE means the verifier must equal the challenge sent to authorize.
  if (verifier !== code.challenge) return oauthError('invalid_grant', 'Failed to verify `code_verifier`.');
  code.used = true;
  const tokens = store.issue(code.userId, client.id, store.accessLifetimeSec);
  code.accessTokens.push(tokens.access_token);
  return tokenBody(tokens);
}

function refreshGrant(store: MalStore, form: URLSearchParams): FakeResponse {
  const client = authenticate(store, form);
  if ('status' in client) return client;
  const value = form.get('refresh_token');
  if (value === null || value === '') return oauthError('invalid_request', 'Check the `refresh_token` parameter');
  const old = store.refresh.get(value);
  if (old === undefined) return invalidRefresh('Cannot decrypt the refresh token');
  if (old.clientId !== client.id) return invalidRefresh('Token is not linked to client');
  if (old.revoked) return invalidRefresh('Token has been revoked');
  if (store.now() >= old.expiresAt) return invalidRefresh('Token has expired');
  // API-FACTS §B: the response carries a new refresh token. league/oauth2-server rotates: the old refresh token
  // and the access token it came with are revoked at once, so a client must store the new pair atomically.
  old.revoked = true;
  const oldAccess = store.access.get(old.accessToken);
  if (oldAccess !== undefined) oldAccess.revoked = true;
  return tokenBody(store.issue(old.userId, client.id, store.accessLifetimeSec));
}
