/**
 * `POST https://kitsu.app/api/oauth/token` (API-FACTS §C "Token"): Doorkeeper with the password and refresh
 * grants, kitsu-server's config (30-day tokens, refresh tokens, `reuse_access_token`, client auth optional for
 * the password grant) and its Rack::Attack login throttle.
 */
import type { FakeRequest, FakeResponse } from '../types';
import type { KitsuStore, KitsuToken } from './store';

const DESCRIPTIONS = {
  invalid_request: 'The request is missing a required parameter, includes an unsupported parameter value, or is otherwise malformed.',
  invalid_grant:
    'The provided authorization grant is invalid, expired, revoked, does not match the redirection URI used in the authorization request, or was issued to another client.',
  invalid_client: 'Client authentication failed due to unknown client, no client authentication included, or unsupported authentication method.',
  unsupported_grant_type: 'The authorization grant type is not supported by the authorization server.',
} as const;

function json(status: number, body: unknown): FakeResponse {
  return { status, headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' }, body: JSON.stringify(body) };
}

/** API-FACTS §C: `{error, error_description}`; invalid_client is 401, the rest 400. */
function oauthError(error: keyof typeof DESCRIPTIONS, description: string = DESCRIPTIONS[error]): FakeResponse {
  return json(error === 'invalid_client' ? 401 : 400, { error, error_description: description });
}

/** Doorkeeper reads query, form and JSON bodies alike. */
function params(req: FakeRequest): { all: URLSearchParams; form: URLSearchParams } {
  const type = (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  const all = new URLSearchParams(req.url.search);
  const form = type === 'application/x-www-form-urlencoded' ? req.form() : new URLSearchParams();
  for (const [k, v] of form) all.set(k, v);
  if (type === 'application/json') {
    try {
      const body = req.json();
      if (typeof body === 'object' && body !== null) {
        for (const [k, v] of Object.entries(body)) if (typeof v === 'string') all.set(k, v);
      }
    } catch {
      // Rails answers unparsable JSON with 400 too; treat it as "no parameters".
    }
  }
  return { all, form };
}

/** API-FACTS §C: 15 password logins per 60 s per IP, fixed epoch-aligned periods as Rack::Attack counts them. */
const LOGIN_LIMIT = 15;
const LOGIN_PERIOD_MS = 60_000;

function throttled(store: KitsuStore, req: FakeRequest, form: URLSearchParams): boolean {
  // Rack::Attack sees only query and form parameters (Rack::Request#params), not a JSON body: a JSON password
  // login is not counted, exactly as on the real server. The fake has no client IPs: one bucket for everyone.
  const grant = form.get('grant_type') ?? req.url.searchParams.get('grant_type');
  if (grant !== 'password') return false;
  const period = Math.floor(store.now() / LOGIN_PERIOD_MS);
  store.logins = store.logins[0] === period ? [period, store.logins[1] + 1] : [period, 1];
  return store.logins[1] > LOGIN_LIMIT;
}

function clientOf(req: FakeRequest, p: URLSearchParams): { id: string; secret: string | null } | null {
  const basic = /^Basic\s+(\S+)$/i.exec(req.headers.authorization ?? '');
  if (basic?.[1] !== undefined) {
    const [id = '', secret = ''] = Buffer.from(basic[1], 'base64').toString('utf8').split(':');
    return { id: decodeURIComponent(id), secret: decodeURIComponent(secret) };
  }
  const id = p.get('client_id');
  return id === null ? null : { id, secret: p.get('client_secret') };
}

function tokenBody(store: KitsuStore, t: KitsuToken): FakeResponse {
  return json(200, {
    access_token: t.accessToken,
    token_type: 'bearer',
    expires_in: Math.max(0, Math.round((t.expiresAt - store.now()) / 1000)),
    refresh_token: t.refreshToken,
    scope: 'public',
    created_at: Math.floor(t.createdAt / 1000),
  });
}

export function handleToken(store: KitsuStore, req: FakeRequest): FakeResponse {
  const { all, form } = params(req);
  if (throttled(store, req, form)) {
    return { status: 429, headers: { 'content-type': 'text/plain' }, body: 'Retry later\n' };
  }
  const client = clientOf(req, all);
  // Client credentials are optional here, but when sent they must be right (invalid_client, 401).
  if (client !== null && (client.id !== store.client.id || client.secret !== store.client.secret)) return oauthError('invalid_client');
  const grant = all.get('grant_type');
  if (grant === null || grant === '') return oauthError('invalid_request', 'Missing required parameter: grant_type.');
  if (grant === 'password') return passwordGrant(store, all, client?.id ?? null);
  if (grant === 'refresh_token') return refreshGrant(store, all, client?.id ?? null);
  return oauthError('unsupported_grant_type');
}

function passwordGrant(store: KitsuStore, p: URLSearchParams, clientId: string | null): FakeResponse {
  for (const name of ['username', 'password']) {
    if ((p.get(name) ?? '') === '') return oauthError('invalid_request', `Missing required parameter: ${name}.`);
  }
  // kitsu-server `User.find_for_auth`: the email or the slug.
  const user = store.userByLogin(p.get('username') ?? '');
  if (user === undefined || user.password !== p.get('password')) return oauthError('invalid_grant');
  // `reuse_access_token`: a still-valid token of the same user and client is handed out again.
  const reusable = store.tokens.find((t) => t.userId === user.id && t.clientId === clientId && store.accessible(t));
  return tokenBody(store, reusable ?? store.issue(user.id, clientId));
}

function refreshGrant(store: KitsuStore, p: URLSearchParams, clientId: string | null): FakeResponse {
  const value = p.get('refresh_token') ?? '';
  if (value === '') return oauthError('invalid_request', 'Missing required parameter: refresh_token.');
  const old = store.tokens.find((t) => t.refreshToken === value);
  // Refresh tokens do not expire; only revocation (a previous refresh) kills them.
  if (old === undefined || old.revoked) return oauthError('invalid_grant');
  if (old.clientId !== null && old.clientId !== clientId) return oauthError('invalid_grant');
  // Doorkeeper revokes the old record — access and refresh token together — as it issues the new pair.
  old.revoked = true;
  return tokenBody(store, store.issue(old.userId, old.clientId));
}

