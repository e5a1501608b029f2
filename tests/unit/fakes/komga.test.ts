import { Window } from 'happy-dom';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { komga as komgaAdapter } from '../../../lib/sites/komga';
import type { ServerApi } from '../../../lib/sites/types';
import { startAllFakes } from '../../fakes';
import { fakeFetch } from '../../fakes/client';
import { createKomgaFake, KOMGA_DEFAULT, KOMGA_HOST, KOMGA_SESSION_COOKIE } from '../../fakes/komga';
import { startFakeInternet, type FakeInternet } from '../../fakes/server';

const series = KOMGA_DEFAULT.series[0]!;
const [book1, book2, book3] = [series.books[0]!, series.books[1]!, series.books[2]!];
const komga = (path: string, headers: Record<string, string> = {}) => fakeFetch(fi, `https://${KOMGA_HOST}${path}`, { headers });

let fi: FakeInternet;

/** Opens a reader page, as a browser would, and returns the session cookie it set. */
async function openSession(): Promise<string> {
  const res = await komga(`/book/${book1.id}/read?page=1`);
  const cookie = /^(KOMGA-SESSION=[\w-]+);/.exec(res.headers['set-cookie'] ?? '')?.[1];
  if (cookie === undefined) throw new Error(`no session cookie in ${JSON.stringify(res.headers)}`);
  return cookie;
}

// SITES.md §B2 "API": the fields a reader adapter reads, in Komga's types.
const link = z.object({ label: z.string(), url: z.string() });
const bookDto = z.object({
  id: z.string(),
  seriesId: z.string(),
  seriesTitle: z.string(),
  number: z.number().int(),
  media: z.object({ pagesCount: z.number().int() }).loose(),
  metadata: z.object({ number: z.string(), numberSort: z.number(), title: z.string(), tags: z.array(z.string()), links: z.array(link) }).loose(),
  readProgress: z.object({ page: z.number(), completed: z.boolean() }).loose().nullable(),
  oneshot: z.boolean(),
});
const seriesDto = z.object({
  id: z.string(),
  name: z.string(),
  metadata: z.object({ title: z.string(), tags: z.array(z.string()), links: z.array(link), alternateTitles: z.array(z.unknown()) }).loose(),
});

beforeAll(async () => {
  fi = await startFakeInternet({ services: [createKomgaFake] });
});
afterAll(async () => {
  await fi.close();
});
beforeEach(() => {
  fi.reset();
});

describe('the whole fake internet', () => {
  it('serves Komga too, so Chromium resolves its host to the fake', async () => {
    const all = await startAllFakes();
    try {
      expect(all.hosts).toContain(KOMGA_HOST);
      expect(all.hostResolverRules()).toContain(`MAP ${KOMGA_HOST} 127.0.0.1:${String(all.port)}`);
    } finally {
      await all.close();
    }
  });
});

describe('Komga fake', () => {

  it('answers the API with 401 without a session, and with an unknown session', async () => {
    const attempts: Record<string, string>[] = [{}, { cookie: `${KOMGA_SESSION_COOKIE}=made-up` }];
    for (const headers of attempts) {
      const res = await komga(`/api/v1/books/${book1.id}`, headers);
      expect(res.status).toBe(401);
      expect(res.json()).toMatchObject({ status: 401, error: 'Unauthorized', path: `/api/v1/books/${book1.id}` });
      expect((await komga(`/api/v1/series/${series.id}`, headers)).status).toBe(401);
    }
  });

  it('starts a session on the reader page, once', async () => {
    const cookie = await openSession();
    expect((await komga(`/book/${book2.id}/read`, { cookie })).headers['set-cookie']).toBeUndefined();
    expect(fi.services.komga?.state()).toMatchObject({ sessions: 1 });
  });

  it('serves a book in the BookDto shape, linked to its series', async () => {
    const cookie = await openSession();
    const res = await komga(`/api/v1/books/${book2.id}`, { cookie });
    expect(res.status).toBe(200);
    const book = bookDto.parse(res.json());
    expect(book).toMatchObject({
      id: book2.id,
      seriesId: series.id,
      seriesTitle: 'Vagabond',
      number: 2,
      media: { pagesCount: book2.pages },
      metadata: { number: '2', numberSort: 2, title: 'Chapter 2', links: [] },
      readProgress: null,
      oneshot: false,
    });
  });

  it('serves the series in the SeriesDto shape with its AniList and MyAnimeList links', async () => {
    const cookie = await openSession();
    const seriesBody = seriesDto.parse((await komga(`/api/v1/series/${series.id}`, { cookie })).json());
    expect(seriesBody).toMatchObject({ id: series.id, name: 'Vagabond', metadata: { title: 'Vagabond' } });
    // The shared catalogue's Vagabond, so tracker fakes know the same ids.
    expect(seriesBody.metadata.links.map((l) => l.url)).toEqual([
      'https://anilist.co/manga/30656',
      'https://myanimelist.net/manga/656',
      'https://publisher.example/vagabond',
    ]);
  });

  it('answers 404 for unknown books, series and pages', async () => {
    const cookie = await openSession();
    expect((await komga('/api/v1/books/0NOSUCHBOOK00', { cookie })).status).toBe(404);
    expect((await komga('/api/v1/series/0NOSUCHSERIES', { cookie })).status).toBe(404);
    expect((await komga('/book/0NOSUCHBOOK00/read')).status).toBe(404);
  });

  it('serves a reader page with the Komga title, a page counter, page buttons and the next book', async () => {
    const res = await komga(`/book/${book1.id}/read?page=3`);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(res.text).toContain('<title>Komga - Vagabond - 1 - Chapter 1</title>');
    expect(res.text).toContain(`<span id="page-counter" aria-live="polite">3 / ${String(book1.pages)}</span>`);
    expect(res.text).toContain('aria-label="Next page"');
    expect(res.text).toContain('aria-label="Previous page"');
    expect(res.text).toContain('history.replaceState');
    expect(res.text).toContain(`<a id="next-book" href="/book/${book2.id}/read">Next book</a>`);
    // A page beyond the book shows its last page; the last book has no next book.
    const last = await komga(`/book/${book3.id}/read?page=99`);
    expect(last.text).toContain(`3 / ${String(book3.pages)}`);
    expect(last.text).not.toContain('id="next-book"');
  });

  it('takes a seeded world and forgets the sessions of the old one', async () => {
    const cookie = await openSession();
    fi.services.komga?.seed({
      series: [{ id: 'S1', title: 'Monster', links: [], books: [{ id: 'B1', number: '', numberSort: 1, title: 'Monster', pages: 2, oneshot: true }] }],
    });
    expect((await komga('/api/v1/books/B1', { cookie })).status).toBe(401);
    const fresh = /^(KOMGA-SESSION=[\w-]+);/.exec((await komga('/book/B1/read')).headers['set-cookie'] ?? '')?.[1] ?? '';
    expect(bookDto.parse((await komga('/api/v1/books/B1', { cookie: fresh })).json())).toMatchObject({ oneshot: true });
    // The book title holds the series title: the reader's title is the book title alone (SITES.md §B2).
    expect((await komga('/book/B1/read')).text).toContain('<title>Komga - Monster</title>');
    expect(() => fi.services.komga?.seed({ series: [{ id: 'S1', title: 'x', books: [{ id: 'S1', number: '1', numberSort: 1, title: 'x', pages: 1 }] }] })).toThrow(
      /used twice/,
    );
  });

  it('gives the Komga adapter what an E2E test expects: the book, its page and the series\' tracker ids', async () => {
    const cookie = await openSession();
    // The adapter's view of the server: same-origin GETs carrying the page's session cookie.
    const api: ServerApi = {
      async getJson(path, headers = {}) {
        const res = await komga(path, { ...headers, cookie });
        if (res.status !== 200) throw new Error(`The server answered ${String(res.status)}.`);
        return res.json();
      },
      storedItem: () => null,
    };
    const url = `https://${KOMGA_HOST}/book/${book2.id}/read?page=4`;
    const doc = new Window({ url }).document;
    doc.write((await komga(new URL(url).pathname + new URL(url).search, { cookie })).text);
    expect(await komgaAdapter.load!(doc as unknown as Document, new URL(url), api)).toEqual({
      site: 'komga',
      seriesKey: series.id,
      title: 'Vagabond',
      chapterKey: book2.id,
      chapter: 2,
      volume: null,
      progress: { page: 4, pages: 4 },
      externalIds: { anilist: 30656, mal: 656 },
    });
  });
});
