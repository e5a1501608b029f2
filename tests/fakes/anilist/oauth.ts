/**
 * AniList's OAuth endpoints on anilist.co (API-FACTS §A Auth). AniList runs Laravel Passport
 * (league/oauth2-server), so error bodies and status codes follow that library: `{error, error_description,
 * hint?, message}`, 400 for a malformed request or bad code, 401 for `invalid_client`.
 *
 * Who approves is a configurable "browser session" (`AuthorizeSession`): it stands in for the person in front of
 * the authorize page, so tests can approve, deny, or leave the page open forever (a closed window).
 */
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import type { FakeRequest, FakeResponse } from '../types';
import { nowSeconds, type AniListState, type ClientRecord, type UserRecord } from './model';
import { issueAccessToken } from './tokens';

/** Passport's authorization codes live 10 minutes. */
const CODE_LIFETIME_S = 600;

export function handleOAuth(state: AniListState, req: FakeRequest, nowMs: number): FakeResponse {
  const path = req.url.pathname.replace(/\/+$/, '');
  if (path === '/api/v2/oauth/authorize' && req.method === 'GET') return authorize(state, req.url.searchParams, nowMs);
  if (path === '/api/v2/oauth/token' && req.method === 'POST') return exchangeCode(state, req, nowMs);
  return html(404, 'Not Found · AniList', '<h1>404</h1><p>Page not found.</p>');
}

// ---------------------------------------------------------------------------------------------------------------
// GET /api/v2/oauth/authorize

function authorize(state: AniListState, params: URLSearchParams, nowMs: number): FakeResponse {
  const client = state.clients.get(params.get('client_id') ?? '');
  // Without a known client there is no trusted redirect URI, so the error is a page, never a redirect.
  if (client === undefined) return errorPage('Client authentication failed: unknown client_id.');
  const responseType = params.get('response_type');
  if (responseType !== 'token' && responseType !== 'code') {
    return errorPage('The authorization grant type is not supported by the authorization server (response_type).');
  }
  // The redirect URI must equal the registered one exactly (API-FACTS §A Auth); leaving it out means "the
  // registered one", as Passport allows for a client with a single redirect URI.
  const redirectParam = params.get('redirect_uri');
  if (redirectParam !== null && redirectParam !== client.redirectUri) {
    return errorPage('Client authentication failed: redirect_uri does not match the registered redirect URI.');
  }
  const user = sessionUser(state);
  if (user === null) return loginPage(client);
  if (state.authorize.action === 'hang') return approvalPage(client, user);

  const where = responseType === 'token' ? 'fragment' : 'query';
  const passState = params.get('state');
  const extra: Record<string, string> = passState === null ? {} : { state: passState };
  if (state.authorize.action === 'deny') {
    return redirect(client.redirectUri, where, {
      error: 'access_denied',
      error_description: 'The resource owner or authorization server denied the request.',
      hint: 'The user denied the request',
      message: 'The resource owner or authorization server denied the request.',
      ...extra,
    });
  }
  if (responseType === 'token') {
    // Implicit grant: the token travels in the fragment, so it never reaches a server log (API-FACTS §A Auth).
    const token = issueAccessToken(state, user.id, client.id, nowMs);
    return redirect(client.redirectUri, where, {
      access_token: token.token,
      token_type: 'Bearer',
      expires_in: String(token.exp - token.iat),
      ...extra,
    });
  }
  const code = randomBytes(24).toString('base64url');
  state.codes.set(code, {
    code,
    clientId: client.id,
    userId: user.id,
    redirectUri: redirectParam ?? client.redirectUri,
    expiresAt: nowSeconds(nowMs) + CODE_LIFETIME_S,
    used: false,
  });
  return redirect(client.redirectUri, where, { code, ...extra });
}

function sessionUser(state: AniListState): UserRecord | null {
  const name = state.authorize.user?.toLowerCase();
  if (name === undefined) return null;
  return [...state.users.values()].find((u) => u.name.toLowerCase() === name) ?? null;
}

function redirect(base: string, where: 'query' | 'fragment', params: Record<string, string>): FakeResponse {
  const url = new URL(base);
  if (where === 'query') for (const [k, v] of Object.entries(params)) url.searchParams.set(k, v);
  else url.hash = new URLSearchParams(params).toString();
  return { status: 302, headers: { Location: url.href, 'Cache-Control': 'no-store' }, body: '' };
}

// ---------------------------------------------------------------------------------------------------------------
// POST /api/v2/oauth/token

const field = z.union([z.string(), z.number()]).transform(String).optional();
const tokenRequestSchema = z.object({
  grant_type: field,
  client_id: field,
  client_secret: field,
  redirect_uri: field,
  code: field,
});

const DESCRIPTIONS = {
  invalid_request:
    'The request is missing a required parameter, includes an invalid parameter value, includes a parameter more than once, or is otherwise malformed.',
  invalid_client: 'Client authentication failed',
  invalid_grant:
    'The provided authorization grant (e.g., authorization code, resource owner credentials) or refresh token is invalid, expired, revoked, does not match the redirection URI used in the authorization request, or was issued to another client.',
  unsupported_grant_type: 'The authorization grant type is not supported by the authorization server.',
} as const;

function oauthError(error: keyof typeof DESCRIPTIONS, hint?: string): FakeResponse {
  // league/oauth2-server answers invalid_client with 401; everything else here is 400.
  const status = error === 'invalid_client' ? 401 : 400;
  const description = DESCRIPTIONS[error];
  return {
    status,
    headers: { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' },
    body: { error, error_description: description, ...(hint === undefined ? {} : { hint }), message: description },
  };
}

/** The token endpoint takes JSON (as AniList's docs show) or a classic form post. */
function readTokenRequest(req: FakeRequest): z.output<typeof tokenRequestSchema> | null {
  let raw: unknown;
  try {
    raw = (req.headers['content-type'] ?? '').includes('json') ? req.json() : Object.fromEntries(req.form());
  } catch {
    return null;
  }
  const parsed = tokenRequestSchema.safeParse(raw);
  return parsed.success ? parsed.data : null;
}

function exchangeCode(state: AniListState, req: FakeRequest, nowMs: number): FakeResponse {
  const body = readTokenRequest(req);
  if (body === null) return oauthError('invalid_request', 'The request body could not be read');
  if (body.grant_type === undefined) return oauthError('invalid_request', 'Check the `grant_type` parameter');
  // No refresh tokens on AniList (API-FACTS §A Auth), so authorization_code is the only grant worth answering.
  if (body.grant_type !== 'authorization_code') return oauthError('unsupported_grant_type');
  if (body.client_id === undefined) return oauthError('invalid_request', 'Check the `client_id` parameter');

  const client: ClientRecord | undefined = state.clients.get(body.client_id);
  if (client === undefined || client.secret === null || body.client_secret !== client.secret) {
    return oauthError('invalid_client');
  }
  if (body.redirect_uri !== undefined && body.redirect_uri !== client.redirectUri) return oauthError('invalid_client');
  if (body.code === undefined) return oauthError('invalid_request', 'Check the `code` parameter');

  const code = state.codes.get(body.code);
  if (code === undefined) return oauthError('invalid_grant', 'Cannot decrypt the authorization code');
  if (code.used) return oauthError('invalid_grant', 'Authorization code has been revoked');
  if (nowSeconds(nowMs) >= code.expiresAt) return oauthError('invalid_grant', 'Authorization code has expired');
  if (code.clientId !== client.id) return oauthError('invalid_grant', 'Authorization code was not issued to this client');
  if ((body.redirect_uri ?? client.redirectUri) !== code.redirectUri) {
    return oauthError('invalid_request', 'Invalid redirect URI');
  }
  // Single use: a replayed code fails even when the first exchange's answer was lost.
  code.used = true;
  const token = issueAccessToken(state, code.userId, client.id, nowMs);
  return {
    status: 200,
    headers: { 'Content-Type': 'application/json', 'Cache-Control': 'no-store', Pragma: 'no-cache' },
    body: { token_type: 'Bearer', expires_in: token.exp - token.iat, access_token: token.token, refresh_token: null },
  };
}

// ---------------------------------------------------------------------------------------------------------------
// HTML pages (what a person would see in the auth window)

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function html(status: number, title: string, body: string): FakeResponse {
  return {
    status,
    headers: { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' },
    body: `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head><body>${body}</body></html>`,
  };
}

function errorPage(message: string): FakeResponse {
  return html(400, 'Error · AniList', `<main><h1>Authorization error</h1><p role="alert">${escapeHtml(message)}</p></main>`);
}

/** Pages that never redirect: the user is not logged in, or is looking at the prompt and not answering. */
function loginPage(client: ClientRecord): FakeResponse {
  return html(
    200,
    'Login · AniList',
    `<main><h1>Log in to AniList</h1><p>${escapeHtml(client.name)} wants to access your AniList account.</p>` +
      '<form method="post" action="/login"><label>Email <input name="email" type="email"></label>' +
      '<label>Password <input name="password" type="password"></label><button type="submit">Login</button></form></main>',
  );
}

function approvalPage(client: ClientRecord, user: UserRecord): FakeResponse {
  return html(
    200,
    'Authorize · AniList',
    `<main><h1>Authorize ${escapeHtml(client.name)}</h1><p>Logged in as ${escapeHtml(user.name)}.</p>` +
      '<form method="post"><button type="submit" name="approve">Approve</button>' +
      '<button type="submit" name="cancel">Cancel</button></form></main>',
  );
}
