import { beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createMalFake, type MalFake, type MalSeedInput } from '../../fakes/mal';
import { callFake, frozenClock, type FakeReply, type FakeRequestInit } from '../../fakes/testing';
import type { FakeClock } from '../../fakes/types';

// ---- the fake is driven through `handle()` directly, no sockets ---------------------------------------------

let fake: MalFake;
let clock: FakeClock;

const send = (method: string, url: string, init: FakeRequestInit = {}): Promise<FakeReply> => callFake(fake, method, url, init);

// ---- fixtures -----------------------------------------------------------------------------------------------

const API = 'https://api.myanimelist.net/v2';
const EXT = 'https://abcdefghijklmnopabcdefghijklmnop.chromiumapp.org/mal';
const PUBLIC_CLIENT = 'kuroibara-public';
const WEB_CLIENT = 'kuroibara-web';
const VERIFIER = 'v'.repeat(20) + '-._~' + 'A1b2C3d4E5f6G7h8I9j0K'; // 45 unreserved characters
const T0 = Date.UTC(2024, 0, 15, 12, 0, 0);

const SEED: MalSeedInput = {
  clients: [
    { id: PUBLIC_CLIENT, redirectUri: EXT },
    { id: WEB_CLIENT, secret: 's3cret', redirectUri: 'https://example.org/callback' },
  ],
  users: [
    {
      id: 42,
      name: 'reader',
      token: 'reader-token',
      refreshToken: 'reader-refresh',
      list: [
        { mangaId: 2, status: 'reading', score: 9, num_chapters_read: 300, updated_at: '2024-01-10T00:00:00Z', comments: 'guts' },
        { mangaId: 13, status: 'plan_to_read', updated_at: '2024-01-12T00:00:00Z' },
        { mangaId: 656, status: 'on_hold', num_chapters_read: 200, start_date: '2019-05-01', updated_at: '2024-01-11T00:00:00Z' },
        { mangaId: 1, status: 'completed', score: 10, num_chapters_read: 162, updated_at: '2024-01-09T00:00:00Z' },
        { mangaId: 116778, status: 'dropped', updated_at: '2024-01-13T00:00:00Z' },
        { mangaId: 900001, status: 'reading', updated_at: '2024-01-14T00:00:00Z' },
      ],
    },
    { id: 43, name: 'other', list: [] },
  ],
  manga: [{ id: 900001, title: 'Spicy Test Manga', nsfw: 'gray', num_chapters: 12 }],
};

const Tokens = z.object({ token_type: z.literal('Bearer'), expires_in: z.number(), access_token: z.string(), refresh_token: z.string() });
const ListPage = z.object({
  data: z.array(z.object({ node: z.object({ id: z.number(), title: z.string() }).loose(), list_status: z.record(z.string(), z.unknown()).optional() })),
  paging: z.object({ next: z.string().optional(), previous: z.string().optional() }),
});
const bearer = (token: string): FakeRequestInit => ({ headers: { authorization: `Bearer ${token}` } });

beforeEach(() => {
  clock = frozenClock(T0);
  fake = createMalFake({ clock });
  fake.seed(SEED);
});

function authorizeUrl(params: Record<string, string>): string {
  const q = new URLSearchParams({
    response_type: 'code',
    client_id: PUBLIC_CLIENT,
    state: 'st4te',
    redirect_uri: EXT,
    code_challenge: VERIFIER,
    code_challenge_method: 'plain',
    ...params,
  });
  return `https://myanimelist.net/v1/oauth2/authorize?${q.toString()}`;
}

async function authorize(params: Record<string, string> = {}): Promise<URL> {
  const res = await send('GET', authorizeUrl(params));
  expect(res.status).toBe(302);
  return new URL(res.headers.location ?? '');
}

const token = (form: Record<string, string>): Promise<FakeReply> => send('POST', 'https://myanimelist.net/v1/oauth2/token', { form });

async function codeFor(): Promise<string> {
  return (await authorize()).searchParams.get('code') ?? '';
}

// ---- OAuth ----------------------------------------------------------------------------------------------------

describe('MAL OAuth (API-FACTS §B Auth)', () => {
  it('completes a plain-PKCE round trip and the token works on the API', async () => {
    const back = await authorize();
    expect(`${back.origin}${back.pathname}`).toBe(EXT);
    expect(back.searchParams.get('state')).toBe('st4te');
    const code = back.searchParams.get('code');
    expect(code).toBeTruthy();

    const res = await token({ client_id: PUBLIC_CLIENT, grant_type: 'authorization_code', code: code ?? '', code_verifier: VERIFIER, redirect_uri: EXT });
    expect(res.status).toBe(200);
    const tokens = Tokens.parse(res.json());
    expect(tokens.expires_in).toBe(2678400);

    const me = await send('GET', `${API}/users/@me`, bearer(tokens.access_token));
    expect(me.status).toBe(200);
    expect(me.json()).toMatchObject({ id: 42, name: 'reader' });
  });

  it('rejects a wrong code_verifier with invalid_grant and the documented hint', async () => {
    const res = await token({ client_id: PUBLIC_CLIENT, grant_type: 'authorization_code', code: await codeFor(), code_verifier: 'x'.repeat(43) });
    expect(res.status).toBe(400);
    expect(res.json()).toMatchObject({ error: 'invalid_grant', hint: 'Failed to verify `code_verifier`.' });
  });

  it('refuses S256 and bad challenges by redirecting with an error and no code', async () => {
    const s256 = await authorize({ code_challenge_method: 'S256' });
    expect(s256.searchParams.get('error')).toBe('invalid_request');
    expect(s256.searchParams.get('code')).toBeNull();
    expect(s256.searchParams.get('state')).toBe('st4te');
    const short = await authorize({ code_challenge: 'too-short' });
    expect(short.searchParams.get('error')).toBe('invalid_request');
    const bad = await authorize({ code_challenge: `${'a'.repeat(43)}!` });
    expect(bad.searchParams.get('error')).toBe('invalid_request');
  });

  it('never redirects for an unknown client or a foreign redirect_uri', async () => {
    const unknown = await send('GET', authorizeUrl({ client_id: 'nope' }));
    expect(unknown.status).toBe(400);
    expect(unknown.headers.location).toBeUndefined();
    const foreign = await send('GET', authorizeUrl({ redirect_uri: 'https://evil.example/cb' }));
    expect(foreign.status).toBe(400);
    expect(foreign.headers.location).toBeUndefined();
  });

  it('follows the configured browser session: deny, hang, logged out', async () => {
    fake.setAuthorize({ user: 'reader', action: 'deny' });
    const denied = await authorize();
    expect(denied.searchParams.get('error')).toBe('access_denied');
    expect(denied.searchParams.get('state')).toBe('st4te');

    fake.setAuthorize({ user: 'reader', action: 'hang' });
    const hang = await send('GET', authorizeUrl({}));
    expect(hang.status).toBe(200);
    expect(hang.headers['content-type']).toContain('text/html');
    expect(hang.headers.location).toBeUndefined();

    fake.setAuthorize({ user: null, action: 'approve' });
    expect((await send('GET', authorizeUrl({}))).status).toBe(200);
  });

  it('makes codes single-use and revokes what the first use bought', async () => {
    const code = await codeFor();
    const form = { client_id: PUBLIC_CLIENT, grant_type: 'authorization_code', code, code_verifier: VERIFIER };
    const first = Tokens.parse((await token(form)).json());
    const again = await token(form);
    expect(again.status).toBe(400);
    expect(again.json()).toMatchObject({ error: 'invalid_grant' });
    expect((await send('GET', `${API}/users/@me`, bearer(first.access_token))).status).toBe(401);
  });

  it('expires codes after ten minutes on the fake clock', async () => {
    const code = await codeFor();
    clock.advance(10 * 60 * 1000 + 1);
    const res = await token({ client_id: PUBLIC_CLIENT, grant_type: 'authorization_code', code, code_verifier: VERIFIER });
    expect(res.json()).toMatchObject({ error: 'invalid_grant', hint: 'Authorization code has expired' });
  });

  it('demands the secret from a web client and nothing but a form body', async () => {
    fake.setAuthorize({ user: 'reader', action: 'approve' });
    const res = await send('GET', authorizeUrl({ client_id: WEB_CLIENT, redirect_uri: 'https://example.org/callback' }));
    const code = new URL(res.headers.location ?? '').searchParams.get('code') ?? '';
    const noSecret = await token({ client_id: WEB_CLIENT, grant_type: 'authorization_code', code, code_verifier: VERIFIER });
    expect(noSecret.status).toBe(401);
    expect(noSecret.json()).toMatchObject({ error: 'invalid_client' });

    const json = await send('POST', 'https://myanimelist.net/v1/oauth2/token', {
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ client_id: WEB_CLIENT, client_secret: 's3cret', grant_type: 'authorization_code', code, code_verifier: VERIFIER }),
    });
    expect(json.status).toBe(400);

    const ok = await token({ client_id: WEB_CLIENT, client_secret: 's3cret', grant_type: 'authorization_code', code, code_verifier: VERIFIER });
    expect(ok.status).toBe(200);
  });

  it('rotates refresh tokens and rejects the old one', async () => {
    const first = await token({ client_id: PUBLIC_CLIENT, grant_type: 'refresh_token', refresh_token: 'reader-refresh' });
    expect(first.status).toBe(200);
    const next = Tokens.parse(first.json());
    expect(next.refresh_token).not.toBe('reader-refresh');

    const reuse = await token({ client_id: PUBLIC_CLIENT, grant_type: 'refresh_token', refresh_token: 'reader-refresh' });
    expect(reuse.status).toBe(400);
    expect(reuse.json()).toMatchObject({ error: 'invalid_request', message: 'The refresh token is invalid.' });
    // league/oauth2-server revokes the access token that came with the old refresh token.
    expect((await send('GET', `${API}/users/@me`, bearer('reader-token'))).status).toBe(401);
    expect((await send('GET', `${API}/users/@me`, bearer(next.access_token))).status).toBe(200);

    const second = await token({ client_id: PUBLIC_CLIENT, grant_type: 'refresh_token', refresh_token: next.refresh_token });
    expect(second.status).toBe(200);
  });

  it('expires access tokens on the fake clock, honouring the configured lifetime', async () => {
    fake.seed({ ...SEED, accessTokenLifetimeSec: 3600 });
    expect((await send('GET', `${API}/users/@me`, bearer('reader-token'))).status).toBe(200);
    clock.advance(3600 * 1000);
    const res = await send('GET', `${API}/users/@me`, bearer('reader-token'));
    expect(res.status).toBe(401);
    expect(res.json()).toEqual({ error: 'invalid_token', message: 'token is invalid' });
    const minted = fake.issueTokens('reader', PUBLIC_CLIENT, { expiresInSec: 60 });
    expect((await send('GET', `${API}/users/@me`, bearer(minted.access_token))).status).toBe(200);
    clock.advance(60_000);
    expect((await send('GET', `${API}/users/@me`, bearer(minted.access_token))).status).toBe(401);
  });
});

// ---- API -------------------------------------------------------------------------------------------------------

describe('MAL API v2 (API-FACTS §B Endpoints)', () => {
  const auth = bearer('reader-token');

  it('answers 401 invalid_token without, or with an unknown, token', async () => {
    for (const init of [{}, bearer('garbage')]) {
      const res = await send('GET', `${API}/users/@me/mangalist`, init);
      expect(res.status).toBe(401);
      expect(res.json()).toEqual({ error: 'invalid_token', message: 'token is invalid' });
    }
  });

  it('pages the list with full next/previous URLs and no next on the last page', async () => {
    const first = ListPage.parse((await send('GET', `${API}/users/@me/mangalist?limit=2&sort=manga_id`, auth)).json());
    expect(first.data.map((e) => e.node.id)).toEqual([1, 2]);
    expect(first.paging.previous).toBeUndefined();
    const next = new URL(first.paging.next ?? '');
    expect(next.origin + next.pathname).toBe(`${API}/users/@me/mangalist`);
    expect(next.searchParams.get('offset')).toBe('2');
    expect(next.searchParams.get('limit')).toBe('2');

    const ids: number[] = first.data.map((e) => e.node.id);
    let url: string | undefined = next.toString();
    let page = first;
    while (url !== undefined) {
      page = ListPage.parse((await send('GET', url, auth)).json());
      expect(page.paging.previous).toBeDefined();
      ids.push(...page.data.map((e) => e.node.id));
      url = page.paging.next;
    }
    // The gray-rated seed entry is hidden without nsfw=true.
    expect(ids).toEqual([1, 2, 13, 656, 116778]);
  });

  it('caps limit at 1000', async () => {
    expect((await send('GET', `${API}/users/@me/mangalist?limit=1000`, auth)).status).toBe(200);
    const res = await send('GET', `${API}/users/@me/mangalist?limit=1001`, auth);
    expect(res.status).toBe(400);
    expect(res.json()).toMatchObject({ error: 'invalid_parameter' });
  });

  it('returns list_status only when asked, and optional sub-fields only when named', async () => {
    const bare = ListPage.parse((await send('GET', `${API}/users/@me/mangalist?sort=manga_id&limit=1`, auth)).json());
    expect(bare.data[0]).toEqual({ node: expect.objectContaining({ id: 1 }) as unknown });
    expect(bare.data[0]?.list_status).toBeUndefined();

    const plain = ListPage.parse((await send('GET', `${API}/users/@me/mangalist?fields=list_status&sort=list_score`, auth)).json());
    expect(Object.keys(plain.data[0]?.list_status ?? {}).sort()).toEqual(
      ['is_rereading', 'num_chapters_read', 'num_volumes_read', 'score', 'status', 'updated_at'],
    );

    const rich = ListPage.parse(
      (await send('GET', `${API}/users/@me/mangalist?fields=list_status{start_date,finish_date,num_times_reread,comments},num_chapters`, auth)).json(),
    );
    const vagabond = rich.data.find((e) => e.node.id === 656);
    expect(vagabond?.node).toMatchObject({ num_chapters: 327 });
    expect(vagabond?.list_status).toMatchObject({ start_date: '2019-05-01', num_times_reread: 0, comments: '' });
    expect(vagabond?.list_status).not.toHaveProperty('finish_date'); // unset dates are left out
    expect(rich.data.find((e) => e.node.id === 2)?.node).toMatchObject({ num_chapters: 0 }); // unknown → 0
  });

  it('filters by status, sorts by list_updated_at and shows nsfw works on request', async () => {
    const reading = ListPage.parse((await send('GET', `${API}/users/@me/mangalist?status=reading&nsfw=true`, auth)).json());
    expect(reading.data.map((e) => e.node.id).sort()).toEqual([2, 900001]);
    const recent = ListPage.parse((await send('GET', `${API}/users/@me/mangalist?sort=list_updated_at`, auth)).json());
    expect(recent.data.map((e) => e.node.id)).toEqual([116778, 13, 656, 2, 1]);
    expect((await send('GET', `${API}/users/@me/mangalist?status=watching`, auth)).status).toBe(400);
    expect((await send('GET', `${API}/users/@me/mangalist?sort=score`, auth)).status).toBe(400);
  });

  it('refuses query parameters the operation does not declare', async () => {
    const res = await send('GET', `${API}/users/@me/mangalist?feilds=list_status`, auth);
    expect(res.status).toBe(400);
  });

  it('PATCH creates an entry, then changes only the fields sent, stamping updated_at from the clock', async () => {
    const created = await send('PATCH', `${API}/manga/126287/my_list_status`, { ...auth, form: { status: 'reading', num_chapters_read: '12' } });
    expect(created.status).toBe(200);
    expect(created.json()).toEqual({
      status: 'reading', is_rereading: false, num_volumes_read: 0, num_chapters_read: 12, score: 0,
      updated_at: '2024-01-15T12:00:00+00:00', priority: 0, num_times_reread: 0, reread_value: 0, tags: [], comments: '',
    });

    clock.advance(90_500);
    const updated = await send('PUT', `${API}/manga/126287/my_list_status`, { ...auth, form: { score: '8', start_date: '2023-10', tags: 'a, b' } });
    expect(updated.json()).toMatchObject({
      status: 'reading', num_chapters_read: 12, score: 8, start_date: '2023-10', tags: ['a', 'b'], updated_at: '2024-01-15T12:01:30+00:00',
    });
    const cleared = await send('PATCH', `${API}/manga/126287/my_list_status`, { ...auth, form: { start_date: '' } });
    expect(cleared.json()).not.toHaveProperty('start_date');

    const details = await send('GET', `${API}/manga/126287?fields=my_list_status{tags},num_chapters`, auth);
    expect(details.json()).toMatchObject({ id: 126287, num_chapters: 0, my_list_status: { score: 8, tags: ['a', 'b'] } });
  });

  it('refuses out-of-range values, unknown fields and non-form bodies', async () => {
    const url = `${API}/manga/2/my_list_status`;
    const bad: Record<string, string>[] = [{ score: '11' }, { priority: '3' }, { reread_value: '6' }, { status: 'watching' }, { num_chapters_read: '-1' }, { start_date: '2023-13-01' }, { progress: '3' }];
    for (const form of bad) {
      const res = await send('PATCH', url, { ...auth, form });
      expect(res.status, JSON.stringify(form)).toBe(400);
      expect(res.json()).toEqual({ message: 'Invalid content', error: 'invalid_content' });
    }
    const json = await send('PATCH', url, { headers: { authorization: 'Bearer reader-token', 'content-type': 'application/json' }, body: '{"score":5}' });
    expect(json.status).toBe(400);
    expect((await send('PATCH', `${API}/manga/999999/my_list_status`, { ...auth, form: { score: '1' } })).status).toBe(404);
  });

  it('DELETE answers 200 null, then 404 once the entry is gone', async () => {
    const gone = await send('DELETE', `${API}/manga/2/my_list_status`, auth);
    expect(gone.status).toBe(200);
    expect(gone.json()).toBeNull();
    expect((await send('DELETE', `${API}/manga/2/my_list_status`, auth)).status).toBe(404);
  });

  it('serves manga details to a client id, without my_list_status', async () => {
    const client = { headers: { 'x-mal-client-id': PUBLIC_CLIENT } };
    const res = await send('GET', `${API}/manga/656?fields=num_chapters,num_volumes,my_list_status,alternative_titles`, client);
    expect(res.status).toBe(200);
    expect(res.json()).toMatchObject({ id: 656, title: 'Vagabond', num_chapters: 327, num_volumes: 37 });
    expect(res.json()).not.toHaveProperty('my_list_status');
    expect((await send('GET', `${API}/manga/656`, { headers: { 'x-mal-client-id': 'unknown' } })).status).toBe(401);
    expect((await send('GET', `${API}/manga/656`)).status).toBe(401);
    const notListed = await send('GET', `${API}/manga/126287?fields=my_list_status`, auth);
    expect(notListed.json()).not.toHaveProperty('my_list_status');
  });

  it('searches titles with limit ≤ 100', async () => {
    const res = await send('GET', `${API}/manga?q=frieren&limit=5`, auth);
    expect(res.json()).toMatchObject({ data: [{ node: { id: 126287 } }], paging: {} });
    expect((await send('GET', `${API}/manga?q=frieren&limit=101`, auth)).status).toBe(400);
    expect((await send('GET', `${API}/manga?q=`, auth)).status).toBe(400);
  });

  it('throttles with 403 and an HTML "DoS detected" page, no rate-limit headers', async () => {
    fake.seed({ ...SEED, throttle: { limit: 3, windowMs: 1000 } });
    for (let i = 0; i < 3; i++) expect((await send('GET', `${API}/users/@me`, auth)).status).toBe(200);
    const blocked = await send('GET', `${API}/users/@me`, auth);
    expect(blocked.status).toBe(403);
    expect(blocked.headers['content-type']).toContain('text/html');
    expect(blocked.text).toContain('DoS detected');
    expect(Object.keys(blocked.headers).filter((h) => /rate|retry/i.test(h))).toEqual([]);
    clock.advance(1000);
    expect((await send('GET', `${API}/users/@me`, auth)).status).toBe(200);
  });
});

describe('MAL fake control', () => {
  it('rejects junk seeds with a readable message', () => {
    expect(() => fake.seed({ users: [{ id: 'x', name: '' }] })).toThrow(/invalid seed/);
    expect(() => fake.seed({ users: [{ id: 1, name: 'a', list: [{ mangaId: 77777, status: 'reading' }] }] })).toThrow(/unknown manga/);
  });

  it('shows lists and tokens in state(), and reset() empties it', async () => {
    await send('PATCH', `${API}/manga/126287/my_list_status`, { ...bearer('reader-token'), form: { status: 'reading' } });
    const State = z.object({
      users: z.array(z.object({ name: z.string(), list: z.array(z.object({ mangaId: z.number(), status: z.string() }).loose()) })),
      tokens: z.array(z.object({ token: z.string(), revoked: z.boolean(), expired: z.boolean() }).loose()),
    }).loose();
    const state = State.parse(fake.state());
    expect(state.users[0]?.list.find((e) => e.mangaId === 126287)?.status).toBe('reading');
    expect(state.tokens.map((t) => t.token)).toContain('reader-token');
    fake.reset();
    expect(State.parse(fake.state()).users).toEqual([]);
    expect((await send('GET', `${API}/users/@me`, bearer('reader-token'))).status).toBe(401);
  });
});
