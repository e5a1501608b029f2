import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { CATALOG } from '../../fakes/catalog';
import { fakeFetch, type FakeFetchInit } from '../../fakes/client';
import { createMangaDexFake } from '../../fakes/mangadex';
import { startFakeInternet, type FakeInternet } from '../../fakes/server';

const UA = { 'user-agent': 'KuroibaraSync-tests/0.1' };
const [berserk, , , , frieren, chainsaw] = CATALOG;
if (berserk === undefined || frieren === undefined || chainsaw === undefined) throw new Error('catalogue changed');
const berserkCh1 = berserk.mangadexChapters[0];
const oneshot = chainsaw.mangadexChapters[0];
if (berserkCh1 === undefined || oneshot === undefined) throw new Error('catalogue changed');
const UNKNOWN = '00000000-0000-4000-8000-000000000000';

let fi: FakeInternet;
const api = (path: string, init: FakeFetchInit = { headers: UA }) => fakeFetch(fi, `https://api.mangadex.org${path}`, init);
const site = (path: string) => fakeFetch(fi, `https://mangadex.org${path}`);

const errorEnvelope = z.object({
  result: z.literal('error'),
  errors: z.array(z.object({ id: z.string(), status: z.number().int(), title: z.string(), detail: z.string() })).min(1),
});
const chapterEnvelope = z.object({
  result: z.literal('ok'),
  response: z.literal('entity'),
  data: z.object({
    id: z.string(),
    type: z.literal('chapter'),
    attributes: z.object({ chapter: z.string().nullable(), volume: z.string().nullable(), pages: z.number() }).loose(),
    relationships: z.array(z.object({ id: z.string(), type: z.string(), attributes: z.record(z.string(), z.unknown()).optional() })),
  }),
});

beforeAll(async () => {
  fi = await startFakeInternet({ services: [createMangaDexFake] });
});
afterAll(async () => {
  await fi.close();
});
beforeEach(() => {
  fi.reset();
  // A frozen clock keeps the 5-per-second window deterministic; tests that need more requests advance it.
  fi.clock.set(Date.UTC(2026, 0, 1, 12));
});

describe('api.mangadex.org', () => {
  it('answers GET /chapter/{id}?includes[]=manga with the expanded manga and its tracker links', async () => {
    const res = await api(`/chapter/${berserkCh1.id}?includes[]=manga`);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/json');
    const body = chapterEnvelope.parse(res.json());
    expect(body.data.id).toBe(berserkCh1.id);
    expect(body.data.attributes).toMatchObject({ chapter: '1', volume: '1', pages: 12, translatedLanguage: 'en', title: 'The Black Swordsman' });
    const manga = body.data.relationships.find((r) => r.type === 'manga');
    expect(manga?.id).toBe(berserk.mangadex);
    expect(manga?.attributes).toMatchObject({
      title: { en: 'Berserk' },
      originalLanguage: 'ja',
      // Old Kitsu entries are linked by slug, new ones by id (API-FACTS §D: kt is an id or a slug).
      links: { al: '30002', mal: '2', kt: 'berserk' },
    });
    expect(body.data.relationships.find((r) => r.type === 'scanlation_group')?.attributes).toBeUndefined();
  });

  it('leaves relationships unexpanded without includes, and keys romanized titles {lang}-ro', async () => {
    const plain = chapterEnvelope.parse((await api(`/chapter/${berserkCh1.id}`)).json());
    expect(plain.data.relationships.find((r) => r.type === 'manga')?.attributes).toBeUndefined();

    const frierenCh = frieren.mangadexChapters[0];
    const res = chapterEnvelope.parse((await api(`/chapter/${frierenCh?.id ?? ''}?includes[]=manga`)).json());
    const manga = z
      .object({ title: z.record(z.string(), z.string()), altTitles: z.array(z.record(z.string(), z.string())), links: z.record(z.string(), z.string()) })
      .parse(res.data.relationships.find((r) => r.type === 'manga')?.attributes);
    expect(manga.title).toEqual({ 'ja-ro': 'Sousou no Frieren' });
    expect(manga.altTitles).toContainEqual({ en: "Frieren: Beyond Journey's End" });
    expect(manga.altTitles).toContainEqual({ ja: '葬送のフリーレン' });
    expect(manga.links).toEqual({ al: '118586', mal: '126287', kt: '44037', ap: 'sousou-no-frieren' });
  });

  it('gives a oneshot a null chapter number', async () => {
    const res = chapterEnvelope.parse((await api(`/chapter/${oneshot.id}`)).json());
    expect(res.data.attributes.chapter).toBeNull();
    expect(res.data.attributes.volume).toBeNull();
  });

  it('answers GET /manga/{id} with attributes.links', async () => {
    const res = await api(`/manga/${berserk.mangadex}`);
    expect(res.status).toBe(200);
    expect(res.json()).toMatchObject({
      result: 'ok',
      response: 'entity',
      data: { id: berserk.mangadex, type: 'manga', attributes: { links: { al: '30002', mal: '2', kt: 'berserk' } } },
    });
  });

  it('lists a feed with limit, offset and translatedLanguage[]', async () => {
    const res = await api(`/manga/${berserk.mangadex}/feed?limit=1&offset=1&translatedLanguage[]=en&order[chapter]=asc`);
    expect(res.status).toBe(200);
    const body = z
      .object({ result: z.literal('ok'), response: z.literal('collection'), data: z.array(z.object({ id: z.string() })), limit: z.number(), offset: z.number(), total: z.number() })
      .parse(res.json());
    expect(body).toMatchObject({ limit: 1, offset: 1, total: 2 });
    expect(body.data.map((c) => c.id)).toEqual([berserk.mangadexChapters[1]?.id]);

    const none = z.object({ total: z.number() }).parse((await api(`/manga/${berserk.mangadex}/feed?translatedLanguage[]=fr`)).json());
    expect(none.total).toBe(0);
    expect((await api(`/manga/${berserk.mangadex}/feed?limit=501`)).status).toBe(400);
  });

  it('answers 404 for unknown ids and 400 for malformed UUIDs, in the error envelope', async () => {
    const missing = await api(`/chapter/${UNKNOWN}`);
    expect(missing.status).toBe(404);
    expect(errorEnvelope.parse(missing.json()).errors[0]?.status).toBe(404);
    expect((await api(`/manga/${UNKNOWN}`)).status).toBe(404);

    const malformed = await api('/chapter/not-a-uuid');
    expect(malformed.status).toBe(400);
    expect(errorEnvelope.parse(malformed.json()).errors[0]?.status).toBe(400);

    const badInclude = await api(`/chapter/${berserkCh1.id}?includes[]=cover_art`);
    expect(badInclude.status).toBe(400);
  });

  it('refuses requests without a User-Agent', async () => {
    const res = await api(`/chapter/${berserkCh1.id}`, { headers: {} });
    expect(res.status).toBe(400);
    expect(errorEnvelope.parse(res.json()).errors[0]?.detail).toMatch(/User-Agent/);
  });

  it('rate-limits at 5 requests per second with X-RateLimit headers, and recovers a second later', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) statuses.push((await api(`/chapter/${berserkCh1.id}`)).status);
    expect(statuses).toEqual([200, 200, 200, 200, 200]);

    const limited = await api(`/chapter/${berserkCh1.id}`);
    expect(limited.status).toBe(429);
    expect(limited.headers['x-ratelimit-limit']).toBe('5');
    expect(limited.headers['x-ratelimit-remaining']).toBe('0');
    const retryAt = Number(limited.headers['x-ratelimit-retry-after']);
    expect(retryAt).toBe(Math.ceil((fi.clock.now() + 1000) / 1000));
    expect(errorEnvelope.parse(limited.json()).errors[0]?.status).toBe(429);

    fi.clock.advance(1000);
    const again = await api(`/chapter/${berserkCh1.id}`);
    expect(again.status).toBe(200);
    expect(again.headers['x-ratelimit-remaining']).toBe('4');
  });

  it('takes the rate limit and extra titles from a seed, and rejects junk seeds', async () => {
    const extra = {
      mangadex: '11111111-2222-4333-8444-555555555555',
      title: { romaji: 'Fixture Only', english: null, native: null },
      mangadexChapters: [{ id: '66666666-7777-4888-9999-aaaaaaaaaaaa', chapter: '3', volume: null, pages: 2, title: null }],
    };
    fi.services.mangadex?.seed({ rateLimitPerSecond: 2, manga: [extra] });
    const res = await api(`/chapter/${extra.mangadexChapters[0]?.id ?? ''}?includes[]=manga`);
    expect(res.status).toBe(200);
    expect(chapterEnvelope.parse(res.json()).data.relationships.find((r) => r.type === 'manga')?.attributes).toMatchObject({ links: {} });
    expect((await api(`/chapter/${berserkCh1.id}`)).status).toBe(200);
    expect((await api(`/chapter/${berserkCh1.id}`)).status).toBe(429);

    expect(() => fi.services.mangadex?.seed({ manga: [{ ...extra, mangadex: 'nope' }] })).toThrow(/UUID/);
    expect(() => fi.services.mangadex?.seed({ rateLimitPerSecond: 0 })).toThrow(/rateLimitPerSecond/);
    expect(() => fi.services.mangadex?.seed({ bogus: true })).toThrow(/invalid MangaDex seed/);
  });
});

describe('mangadex.org fixture pages', () => {
  it('serves the reader with the documented selectors', async () => {
    const res = await site(`/chapter/${berserkCh1.id}`);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    const html = res.text;
    expect(html).toMatch(new RegExp(`<a class="reader--header-manga" href="/title/${berserk.mangadex}">Berserk</a>`));
    expect(html).toContain('<div class="reader--meta chapter">Vol. 1 Ch. 1</div>');
    expect(html).toContain('<div class="reader--meta page">Pg. 1 / 12</div>');
    expect(html).toMatch(/<div class="md--reader-progress"[^>]*><span class="page-number">1<\/span><div class="md--progress-bar"><\/div><span class="page-number">12<\/span><\/div>/);
    expect(html.match(/<img /g)).toHaveLength(12);
    expect(html).toContain('<div class="md--reader-pages"');
    expect(html).toContain('feather-chevron-right');
    expect(html).toContain("event.key === 'ArrowRight'");
    // Nothing external: images are data URIs.
    expect(html).not.toMatch(/src="https?:/);
  });

  it('opens the reader at a page suffix and labels a oneshot', async () => {
    const paged = await site(`/chapter/${berserkCh1.id}/5`);
    expect(paged.text).toContain('<div class="reader--meta page">Pg. 5 / 12</div>');
    const single = await site(`/chapter/${oneshot.id}`);
    expect(single.text).toContain('<div class="reader--meta chapter">Oneshot</div>');
    const noVolume = await site(`/chapter/${CATALOG[1]?.mangadexChapters[0]?.id ?? ''}`);
    expect(noVolume.text).toContain('<div class="reader--meta chapter">Ch. 1100</div>');
  });

  it('serves the title page with tracker links', async () => {
    const res = await site(`/title/${berserk.mangadex}/berserk`);
    expect(res.status).toBe(200);
    expect(res.text).toContain('<a class="tag" href="https://anilist.co/manga/30002"');
    expect(res.text).toContain('<a class="tag" href="https://myanimelist.net/manga/2"');
    expect(res.text).toContain('<a class="tag" href="https://kitsu.app/manga/berserk"');
    expect(res.text).toContain('style="grid-area: synopsis"');
  });

  it('answers 404 pages for unknown chapters and titles', async () => {
    for (const path of [`/chapter/${UNKNOWN}`, '/chapter/nope', `/title/${UNKNOWN}`, '/title/random', '/nowhere']) {
      const res = await site(path);
      expect(res.status, path).toBe(404);
      expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    }
  });

  it('wraps the reader in a template when a render delay is seeded', async () => {
    fi.services.mangadex?.seed({ readerRenderDelayMs: 300 });
    const html = (await site(`/chapter/${berserkCh1.id}`)).text;
    expect(html).toContain('<template id="md-reader">');
    expect(html).toContain('setTimeout(start, 300)');
  });

  it('does not count site pages against the API rate limit', async () => {
    for (let i = 0; i < 8; i++) expect((await site(`/chapter/${berserkCh1.id}`)).status).toBe(200);
    expect((await api(`/chapter/${berserkCh1.id}`)).status).toBe(200);
  });
});
