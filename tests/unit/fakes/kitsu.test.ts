import { beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createKitsuFake, type KitsuFake, type KitsuSeedInput } from '../../fakes/kitsu';
import { callFake, frozenClock, type FakeReply, type FakeRequestInit } from '../../fakes/testing';
import type { FakeClock } from '../../fakes/types';

// ---- the fake is driven through `handle()` directly, no sockets ---------------------------------------------

let fake: KitsuFake;
let clock: FakeClock;

/** Paths like `/api/edge/...` are on kitsu.app; JSON bodies are sent as JSON:API unless told otherwise. */
const send = (method: string, url: string, init: FakeRequestInit = {}): Promise<FakeReply> =>
  callFake(fake, method, url.startsWith('/') ? `https://kitsu.app${url}` : url, {
    ...(init.json === undefined ? {} : { contentType: 'application/vnd.api+json' }),
    ...init,
  });

// ---- fixtures -----------------------------------------------------------------------------------------------

const T0 = Date.UTC(2024, 2, 1, 9, 0, 0); // on a minute boundary, so one login window starts here
const EDGE = '/api/edge';
const ENTRY = z.object({
  id: z.string(),
  type: z.literal('libraryEntries'),
  attributes: z.object({
    status: z.string(),
    progress: z.number(),
    updatedAt: z.string(),
    progressedAt: z.string().nullable(),
    startedAt: z.string().nullable(),
    finishedAt: z.string().nullable(),
  }).loose(),
  relationships: z.record(z.string(), z.object({ links: z.object({ related: z.string() }), data: z.unknown().optional() })),
});
const One = z.object({ data: ENTRY });
const Many = z.object({
  data: z.array(ENTRY),
  included: z.array(z.object({ id: z.string(), type: z.string(), attributes: z.record(z.string(), z.unknown()) })).optional(),
  meta: z.object({ count: z.number() }),
  links: z.object({ first: z.string(), next: z.string().optional(), prev: z.string().optional(), last: z.string() }),
});
const Errors = z.object({ errors: z.array(z.object({ title: z.string().optional(), detail: z.string().optional(), status: z.union([z.string(), z.number()]), source: z.object({ pointer: z.string() }).optional() })) });
const TokenBody = z.object({
  access_token: z.string(),
  created_at: z.number(),
  expires_in: z.number(),
  refresh_token: z.string(),
  scope: z.literal('public'),
  token_type: z.literal('bearer'),
});

const SEED: KitsuSeedInput = {
  users: [
    {
      id: 1,
      name: 'Reader',
      slug: 'reader',
      email: 'reader@example.org',
      password: 'hunter2',
      ratingSystem: 'advanced',
      token: 'reader-token',
      list: [
        { id: 100, mangaId: 24, status: 'current', progress: 300, updatedAt: '2024-02-01T00:00:00.000Z' },
        { id: 101, mangaId: 183, status: 'planned', updatedAt: '2024-02-10T00:00:00.000Z' },
        { id: 102, mangaId: 38, status: 'on_hold', progress: 1000, updatedAt: '2024-02-20T00:00:00.000Z', private: true },
      ],
    },
    { id: 2, name: 'Other', password: 'pw', token: 'other-token', list: [{ id: 200, mangaId: 24, status: 'completed' }, { id: 201, mangaId: 38, status: 'current', private: true }] },
  ],
};

beforeEach(() => {
  clock = frozenClock(T0);
  fake = createKitsuFake({ clock });
  fake.seed(SEED);
});

const login = (form: Record<string, string>, init: FakeRequestInit = {}): Promise<FakeReply> => send('POST', '/api/oauth/token', { ...init, form });
const newEntry = (mangaId: string, attributes: Record<string, unknown>, userId = '1') => ({
  data: {
    type: 'libraryEntries',
    attributes,
    relationships: { manga: { data: { type: 'manga', id: mangaId } }, user: { data: { type: 'users', id: userId } } },
  },
});
const patchBody = (id: string, attributes: Record<string, unknown>) => ({ data: { id, type: 'libraryEntries', attributes } });

// ---- OAuth ----------------------------------------------------------------------------------------------------

describe('Kitsu OAuth (API-FACTS §C Token)', () => {
  it('logs in with the slug or the email and issues 30-day bearer tokens', async () => {
    const res = await login({ grant_type: 'password', username: 'reader', password: 'hunter2' });
    expect(res.status).toBe(200);
    const body = TokenBody.parse(res.json());
    expect(body.expires_in).toBe(30 * 24 * 3600);
    expect(body.created_at).toBe(T0 / 1000);
    const me = await send('GET', `${EDGE}/users?filter[self]=true`, { token: body.access_token });
    expect(me.json()).toMatchObject({ data: [{ id: '1', attributes: { name: 'Reader', slug: 'reader', ratingSystem: 'advanced' } }] });
    // Also by email, as JSON, with the public client constants; Doorkeeper reuses the still-valid token.
    const byEmail = await send('POST', '/api/oauth/token', {
      json: {
        grant_type: 'password', username: 'READER@example.org', password: 'hunter2',
        client_id: 'dd031b32d2f56c990b1425efe6c42ad847e7fe3ab46bf1299f05ecd856bdb7dd',
        client_secret: '54d7307928f63414defd96399fc31ba847961ceaecef3a5fd93144e960c0e151',
      },
      contentType: 'application/json',
    });
    expect(byEmail.status).toBe(200);
    const again = await login({ grant_type: 'password', username: 'reader', password: 'hunter2' });
    expect(TokenBody.parse(again.json()).access_token).toBe(body.access_token);
  });

  it('refuses a wrong password with invalid_grant and issues nothing', async () => {
    const before = z.object({ tokens: z.array(z.unknown()) }).loose().parse(fake.state()).tokens.length;
    const res = await login({ grant_type: 'password', username: 'reader', password: 'wrong' });
    expect(res.status).toBe(400);
    expect(res.json()).toMatchObject({ error: 'invalid_grant', error_description: expect.any(String) as unknown });
    expect(z.object({ tokens: z.array(z.unknown()) }).loose().parse(fake.state()).tokens.length).toBe(before);
  });

  it('checks client credentials when sent, and required parameters', async () => {
    const bad = await login({ grant_type: 'password', username: 'reader', password: 'hunter2', client_id: 'nope', client_secret: 'x' });
    expect(bad.status).toBe(401);
    expect(bad.json()).toMatchObject({ error: 'invalid_client' });
    expect((await login({ grant_type: 'password', username: 'reader' })).json()).toMatchObject({ error: 'invalid_request' });
    expect((await login({ grant_type: 'client_credentials' })).json()).toMatchObject({ error: 'unsupported_grant_type' });
  });

  it('limits password logins to 15 per minute: the 16th gets 429 text/plain "Retry later"', async () => {
    for (let i = 0; i < 15; i++) {
      expect((await login({ grant_type: 'password', username: 'reader', password: i % 2 === 0 ? 'hunter2' : 'bad' })).status).not.toBe(429);
    }
    const limited = await login({ grant_type: 'password', username: 'reader', password: 'hunter2' });
    expect(limited.status).toBe(429);
    expect(limited.headers['content-type']).toBe('text/plain');
    expect(limited.text.trim()).toBe('Retry later');
    // Refreshing is not a password login and is not throttled.
    expect((await login({ grant_type: 'refresh_token', refresh_token: 'nope' })).status).toBe(400);
    clock.advance(60_000);
    expect((await login({ grant_type: 'password', username: 'reader', password: 'hunter2' })).status).toBe(200);
  });

  it('refreshes into a new pair and revokes the old access and refresh token', async () => {
    const first = TokenBody.parse((await login({ grant_type: 'password', username: 'reader', password: 'hunter2' })).json());
    clock.advance(31 * 24 * 3600 * 1000); // the access token has expired; the refresh token still works
    const expired = await send('GET', `${EDGE}/users?filter[self]=true`, { token: first.access_token });
    expect(expired.status).toBe(401);
    expect(expired.json()).toEqual({ errors: [{ title: 'Invalid token', status: '401' }] });

    const refreshed = TokenBody.parse((await login({ grant_type: 'refresh_token', refresh_token: first.refresh_token })).json());
    expect(refreshed.access_token).not.toBe(first.access_token);
    expect((await send('GET', `${EDGE}/users?filter[self]=true`, { token: refreshed.access_token })).json()).toMatchObject({ data: [{ id: '1' }] });
    expect((await login({ grant_type: 'refresh_token', refresh_token: first.refresh_token })).json()).toMatchObject({ error: 'invalid_grant' });
  });
});

// ---- JSON:API ---------------------------------------------------------------------------------------------------

describe('Kitsu JSON:API (API-FACTS §C)', () => {
  it('lets a user change their own rating system, and nobody else\'s', async () => {
    const body = (system: unknown, id = '1') => ({ json: { data: { id, type: 'users', attributes: { ratingSystem: system } } } });
    const saved = await send('PATCH', `${EDGE}/users/1`, { token: 'reader-token', ...body('simple') });
    expect(saved.status).toBe(200);
    expect((await send('GET', `${EDGE}/users?filter[self]=true`, { token: 'reader-token' })).json()).toMatchObject({ data: [{ attributes: { ratingSystem: 'simple' } }] });
    expect((await send('PATCH', `${EDGE}/users/1`, { token: 'other-token', ...body('advanced') })).status).toBe(403);
    expect((await send('PATCH', `${EDGE}/users/1`, { token: 'reader-token', ...body('stars') })).status).toBe(422);
    expect((await send('GET', `${EDGE}/users?filter[self]=true`, { token: 'reader-token' })).json()).toMatchObject({ data: [{ attributes: { ratingSystem: 'simple' } }] });
  });

  it('answers /users?filter[self]=true with data [] when anonymous or for an unknown token', async () => {
    for (const init of [{}, { token: 'never-issued' }]) {
      const res = await send('GET', `${EDGE}/users?filter[self]=true`, init);
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toBe('application/vnd.api+json');
      expect(res.json()).toMatchObject({ data: [] });
    }
  });

  it('answers 415 to writes without the JSON:API content type', async () => {
    for (const contentType of ['application/json', 'application/vnd.api+json; charset=utf-8']) {
      const post = await send('POST', `${EDGE}/library-entries`, { token: 'reader-token', json: newEntry('8', { status: 'current' }), contentType });
      expect(post.status).toBe(415);
      const patch = await send('PATCH', `${EDGE}/library-entries/100`, { token: 'reader-token', json: patchBody('100', { progress: 1 }), contentType });
      expect(patch.status).toBe(415);
    }
  });

  it('requires a filter, and caps page[limit] at 500', async () => {
    const none = await send('GET', `${EDGE}/library-entries`, { token: 'reader-token' });
    expect(none.status).toBe(400);
    expect(Errors.parse(none.json()).errors[0]?.detail).toBe('No filter provided');
    const big = await send('GET', `${EDGE}/library-entries?filter[userId]=1&page[limit]=501`);
    expect(big.status).toBe(400);
    expect(Errors.parse(big.json()).errors[0]).toMatchObject({ detail: 'Limit exceeds maximum page size of 500.', status: '400' });
    expect((await send('GET', `${EDGE}/library-entries?filter[userId]=1&page[limit]=500`)).status).toBe(200);
    expect((await send('GET', `${EDGE}/library-entries?filter[nope]=1`)).status).toBe(400);
  });

  it('pages with meta.count and no links.next on the last page; private entries only for their owner', async () => {
    const anon = Many.parse((await send('GET', `${EDGE}/library-entries?filter[userId]=1&page[limit]=1`)).json());
    expect(anon.meta.count).toBe(2);
    expect(anon.links.next).toBeDefined();
    const last = Many.parse((await send('GET', anon.links.next ?? '')).json());
    expect(last.links.next).toBeUndefined();
    expect([...anon.data, ...last.data].map((e) => e.id)).toEqual(['100', '101']);
    const own = Many.parse((await send('GET', `${EDGE}/library-entries?filter[userId]=1`, { token: 'reader-token' })).json());
    expect(own.meta.count).toBe(3);
  });

  it('filters by since (updatedAt ≥ since) and sorts by -updatedAt', async () => {
    const res = Many.parse(
      (await send('GET', `${EDGE}/library-entries?filter[userId]=1&filter[since]=2024-02-10T00:00:00.000Z&sort=-updatedAt`, { token: 'reader-token' })).json(),
    );
    expect(res.data.map((e) => e.id)).toEqual(['102', '101']);
  });

  it('includes manga only when asked, with titles and counts', async () => {
    const plain = Many.parse((await send('GET', `${EDGE}/library-entries?filter[userId]=1&filter[mangaId]=183`)).json());
    expect(plain.data[0]?.relationships.manga?.data).toBeUndefined();
    expect(plain.included).toBeUndefined();
    const res = Many.parse((await send('GET', `${EDGE}/library-entries?filter[userId]=1&filter[kind]=manga&include=manga`)).json());
    expect(res.data.find((e) => e.id === '101')?.relationships.manga?.data).toEqual({ type: 'manga', id: '183' });
    expect(res.included?.find((m) => m.id === '183')).toMatchObject({
      type: 'manga',
      attributes: { canonicalTitle: 'Vagabond', slug: 'vagabond', chapterCount: 327, volumeCount: 37, titles: { en_jp: 'Vagabond' } },
    });
  });

  it('creates with POST → 201, and refuses a second entry for the same manga with 422', async () => {
    clock.advance(1234);
    const res = await send('POST', `${EDGE}/library-entries`, { token: 'reader-token', json: newEntry('8', { status: 'current', progress: 3 }) });
    expect(res.status).toBe(201);
    const entry = One.parse(res.json()).data;
    expect(entry.attributes).toMatchObject({ status: 'current', progress: 3, updatedAt: '2024-03-01T09:00:01.234Z', startedAt: '2024-03-01T09:00:01.234Z' });
    const shown = One.parse((await send('GET', `${EDGE}/library-entries/${entry.id}`)).json());
    expect(shown.data.id).toBe(entry.id);

    const again = await send('POST', `${EDGE}/library-entries`, {
      token: 'reader-token',
      json: { data: { ...newEntry('8', { status: 'planned' }).data, type: 'library-entries' } },
    });
    expect(again.status).toBe(422);
    expect(Errors.parse(again.json()).errors[0]).toMatchObject({ title: 'has already been taken', status: '422' });
  });

  it('refuses progress beyond the chapter count with 422, a string status and a pointer', async () => {
    const res = await send('PATCH', `${EDGE}/library-entries/101`, { token: 'reader-token', json: patchBody('101', { progress: 328 }) });
    expect(res.status).toBe(422);
    expect(res.headers['content-type']).toBe('application/vnd.api+json');
    expect(res.json()).toEqual({
      errors: [
        { title: 'cannot exceed length of media', detail: 'progress - cannot exceed length of media', code: '100', source: { pointer: '/data/attributes/progress' }, status: '422' },
      ],
    });
    // Unknown chapter count: capped at 5000.
    const high = await send('PATCH', `${EDGE}/library-entries/100`, { token: 'reader-token', json: patchBody('100', { progress: 5001 }) });
    expect(Errors.parse(high.json()).errors[0]?.title).toBe('is rather unreasonably high');
    for (const attributes of [{ reconsumeCount: 51 }, { ratingTwenty: 1 }, { ratingTwenty: 21 }, { progress: -1 }]) {
      const bad = await send('PATCH', `${EDGE}/library-entries/100`, { token: 'reader-token', json: patchBody('100', attributes) });
      expect(bad.status, JSON.stringify(attributes)).toBe(422);
    }
  });

  it('completes an entry whose progress reaches the chapter count', async () => {
    clock.advance(5000);
    const res = await send('PATCH', `${EDGE}/library-entries/101`, { token: 'reader-token', json: patchBody('101', { progress: 327 }) });
    expect(res.status).toBe(200);
    const now = '2024-03-01T09:00:05.000Z';
    expect(One.parse(res.json()).data.attributes).toMatchObject({ status: 'completed', progress: 327, progressedAt: now, finishedAt: now, startedAt: now, updatedAt: now });
  });

  it('makes a planned entry current when only progress changes; fills progress when marked completed', async () => {
    const moved = One.parse((await send('PATCH', `${EDGE}/library-entries/101`, { token: 'reader-token', json: patchBody('101', { progress: 4 }) })).json());
    expect(moved.data.attributes).toMatchObject({ status: 'current', progress: 4 });
    const done = One.parse((await send('PATCH', `${EDGE}/library-entries/101`, { token: 'reader-token', json: patchBody('101', { status: 'completed' }) })).json());
    expect(done.data.attributes).toMatchObject({ status: 'completed', progress: 327 });
  });

  it('leaves updatedAt alone when nothing changes', async () => {
    clock.advance(10_000);
    const res = One.parse((await send('PATCH', `${EDGE}/library-entries/100`, { token: 'reader-token', json: patchBody('100', { progress: 300 }) })).json());
    expect(res.data.attributes.updatedAt).toBe('2024-02-01T00:00:00.000Z');
  });

  it('checks the PATCH body: data.id must match the URL and data.type must be present', async () => {
    const mismatch = await send('PATCH', `${EDGE}/library-entries/100`, { token: 'reader-token', json: patchBody('101', { progress: 1 }) });
    expect(mismatch.status).toBe(400);
    const noType = await send('PATCH', `${EDGE}/library-entries/100`, { token: 'reader-token', json: { data: { id: '100', attributes: { progress: 1 } } } });
    expect(noType.status).toBe(400);
    const stray = await send('PATCH', `${EDGE}/library-entries/100`, { token: 'reader-token', json: patchBody('100', { chapters: 1 }) });
    expect(stray.status).toBe(400);
  });

  it("refuses writes to another user's entry — 403, as kitsu-server's pundit-resources answers", async () => {
    const patch = await send('PATCH', `${EDGE}/library-entries/200`, { token: 'reader-token', json: patchBody('200', { progress: 1 }) });
    expect(patch.status).toBe(403);
    expect(Errors.parse(patch.json()).errors[0]).toMatchObject({ title: 'Update Forbidden', status: '403' });
    const post = await send('POST', `${EDGE}/library-entries`, { token: 'reader-token', json: newEntry('8', { status: 'current' }, '2') });
    expect(post.status).toBe(403);
    const anonymous = await send('POST', `${EDGE}/library-entries`, { json: newEntry('8', { status: 'current' }) });
    expect(anonymous.status).toBe(403);
    expect((await send('DELETE', `${EDGE}/library-entries/200`, { token: 'reader-token' })).status).toBe(403);
    // Another user's private entry does not even exist for us.
    expect((await send('PATCH', `${EDGE}/library-entries/201`, { token: 'reader-token', json: patchBody('201', { progress: 1 }) })).status).toBe(404);
  });

  it('deletes with 204, then 404', async () => {
    const res = await send('DELETE', `${EDGE}/library-entries/100`, { token: 'reader-token' });
    expect(res.status).toBe(204);
    expect(res.text).toBe('');
    expect((await send('GET', `${EDGE}/library-entries/100`)).status).toBe(404);
  });

  it('rejects expired tokens with 401 Invalid token on every endpoint', async () => {
    const { access_token } = fake.issueTokens('Reader');
    clock.advance(30 * 24 * 3600 * 1000);
    for (const path of [`${EDGE}/library-entries?filter[userId]=1`, `${EDGE}/manga/24`]) {
      const res = await send('GET', path, { token: access_token });
      expect(res.status).toBe(401);
      expect(res.json()).toEqual({ errors: [{ title: 'Invalid token', status: '401' }] });
    }
  });

  it('searches manga (page[limit] ≤ 20) and maps MAL/AniList ids with string externalId', async () => {
    const search = await send('GET', `${EDGE}/manga?filter[text]=frieren&page[limit]=20`);
    expect(search.json()).toMatchObject({ data: [{ id: '44037', type: 'manga', attributes: { slug: 'sousou-no-frieren', chapterCount: null } }] });
    expect((await send('GET', `${EDGE}/manga?filter[text]=frieren&page[limit]=21`)).status).toBe(400);
    const mapping = await send('GET', `${EDGE}/mappings?filter[externalSite]=myanimelist/manga&filter[externalId]=656&include=item`);
    expect(mapping.json()).toMatchObject({
      data: [{ type: 'mappings', attributes: { externalSite: 'myanimelist/manga', externalId: '656' }, relationships: { item: { data: { type: 'manga', id: '183' } } } }],
      included: [{ id: '183', type: 'manga' }],
    });
    const anilist = await send('GET', `${EDGE}/mappings?filter[externalSite]=anilist/manga&filter[externalId]=30002`);
    expect(anilist.json()).toMatchObject({ meta: { count: 1 } });
  });
  it('writes dates, notes and ratings as given, and honours sparse fieldsets', async () => {
    const res = await send('PATCH', `${EDGE}/library-entries/100`, {
      token: 'reader-token',
      json: patchBody('100', { startedAt: '2023-05-06T07:08:09Z', notes: 'n', ratingTwenty: 14, volumesOwned: 3 }),
    });
    expect(One.parse(res.json()).data.attributes).toMatchObject({ startedAt: '2023-05-06T07:08:09.000Z', notes: 'n', ratingTwenty: 14, rating: '3.5', volumesOwned: 3 });
    const cleared = await send('PATCH', `${EDGE}/library-entries/100`, { token: 'reader-token', json: patchBody('100', { ratingTwenty: null }) });
    expect(cleared.json()).toMatchObject({ data: { attributes: { ratingTwenty: null } } });
    const slim = await send('GET', `${EDGE}/library-entries/100?fields[libraryEntries]=progress,status`);
    expect(slim.json()).toMatchObject({ data: { attributes: { progress: 300, status: 'current' }, relationships: {} } });
    expect(Object.keys(z.object({ data: z.object({ attributes: z.record(z.string(), z.unknown()) }) }).parse(slim.json()).data.attributes)).toEqual(['status', 'progress']);
  });

  it('shows single manga and users, private attributes only to oneself', async () => {
    expect((await send('GET', `${EDGE}/manga/8`)).json()).toMatchObject({ data: { id: '8', attributes: { chapterCount: 162, canonicalTitle: 'Monster' } } });
    expect((await send('GET', `${EDGE}/manga/99999`)).status).toBe(404);
    expect((await send('GET', `${EDGE}/users/1`, { token: 'reader-token' })).json()).toMatchObject({ data: { attributes: { ratingSystem: 'advanced' } } });
    expect((await send('GET', `${EDGE}/users/1`, { token: 'other-token' })).json()).not.toHaveProperty('data.attributes.ratingSystem');
    expect((await send('GET', `${EDGE}/users?filter[slug]=other`)).json()).toMatchObject({ data: [{ id: '2' }] });
  });
});

describe('Kitsu fake control', () => {
  it('never shows passwords in state(), and reset() empties it', () => {
    expect(JSON.stringify(fake.state())).not.toContain('hunter2');
    fake.reset();
    expect(fake.state()).toMatchObject({ users: [], entries: [], tokens: [] });
  });

  it('rejects junk seeds with a readable message', () => {
    expect(() => fake.seed({ users: [{ id: 'abc', name: 'x', password: 'p' }] })).toThrow(/invalid seed/);
    expect(() => fake.seed({ users: [{ id: 3, name: 'x', password: 'p', list: [{ mangaId: 999, status: 'current' }] }] })).toThrow(/unknown manga/);
  });
});
