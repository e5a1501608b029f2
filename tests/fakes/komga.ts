/**
 * Fake of a self-hosted Komga server on `komga.home.test` (SITES.md §B2): the comic reader page at
 * `/book/{bookId}/read?page=N` (komga-pages.ts) and the two API routes a reader adapter reads,
 * `GET /api/v1/books/{id}` and `GET /api/v1/series/{id}`, in the shapes of Komga's BookDto and SeriesDto.
 *
 * Login-less but honest session: opening a reader page starts a session (`Set-Cookie: KOMGA-SESSION=…`, the
 * cookie Komga's own login sets), and the API answers 401 to any request without a session this server issued.
 *
 * Seed (`POST /__control/seed/komga`; see `komgaSeedSchema`): { series: [{ id, title, links?, tags?, books: [...] }] }
 * replaces the default world: KOMGA_DEFAULT (Vagabond from the shared CATALOG, three books).
 */
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { CATALOG } from './catalog';
import { formatZodError } from './faults';
import { readerPage, notFoundPage } from './komga-pages';
import type { FakeClock, FakeContext, FakeRequest, FakeResponse, FakeService } from './types';

export const KOMGA_HOST = 'komga.home.test';
export const KOMGA_ORIGIN = `https://${KOMGA_HOST}`;
export const KOMGA_SESSION_COOKIE = 'KOMGA-SESSION';

/** Komga ids are short opaque strings (SITES.md §B2). */
const id = z.string().regex(/^[0-9A-Za-z]{1,32}$/, 'must be an opaque id of letters and digits');
const linkSchema = z.object({ label: z.string().min(1).max(100), url: z.string().regex(/^https?:\/\/\S+$/).max(1024) }).strict();

const bookSeedSchema = z
  .object({
    id,
    /** `metadata.number`: free text as Komga shows it ("12", "12.5", "Prologue"). */
    number: z.string().max(32),
    /** `metadata.numberSort`: the float Komga sorts by. */
    numberSort: z.number(),
    title: z.string().min(1).max(500),
    pages: z.number().int().min(1).max(1000),
    oneshot: z.boolean().default(false),
    links: z.array(linkSchema).default([]),
    tags: z.array(z.string()).default([]),
  })
  .strict();

const seriesSeedSchema = z
  .object({
    id,
    title: z.string().min(1).max(500),
    status: z.enum(['ONGOING', 'ENDED', 'HIATUS', 'ABANDONED']).default('ONGOING'),
    links: z.array(linkSchema).default([]),
    tags: z.array(z.string()).default([]),
    books: z.array(bookSeedSchema).min(1),
  })
  .strict();

export const komgaSeedSchema = z.object({ series: z.array(seriesSeedSchema).min(1) }).strict();

export type KomgaSeed = z.input<typeof komgaSeedSchema>;
export type KomgaSeries = z.output<typeof seriesSeedSchema>;
export type KomgaBook = z.output<typeof bookSeedSchema>;

const vagabond = CATALOG.find((manga) => manga.anilist === 30656);
if (vagabond === undefined) throw new Error('the catalogue lost Vagabond');

/**
 * The default world: one series of the shared catalogue whose links name its AniList and MyAnimeList entries
 * (a Komga user adds such links by hand; SITES.md §B2 "metadata.links on book and series"), three books.
 */
export const KOMGA_DEFAULT = {
  series: [
    {
      id: '0G4V4GB0ND001',
      title: vagabond.title.romaji,
      status: 'HIATUS',
      links: [
        { label: 'AniList', url: `https://anilist.co/manga/${String(vagabond.anilist)}` },
        { label: 'MyAnimeList', url: `https://myanimelist.net/manga/${String(vagabond.mal)}` },
        { label: 'Publisher', url: 'https://publisher.example/vagabond' },
      ],
      books: [
        { id: '0B00VAGA00001', number: '1', numberSort: 1, title: 'Chapter 1', pages: 5 },
        { id: '0B00VAGA00002', number: '2', numberSort: 2, title: 'Chapter 2', pages: 4 },
        { id: '0B00VAGA00003', number: '3', numberSort: 3, title: 'Chapter 3', pages: 3 },
      ],
    },
  ],
} satisfies KomgaSeed;

const LIBRARY_ID = '0L1BRARY00001';
const CREATED = '2025-01-15T08:00:00Z';

function buildSeries(seed: unknown): KomgaSeries[] {
  const parsed = komgaSeedSchema.safeParse(seed);
  if (!parsed.success) throw new Error(`invalid Komga seed: ${formatZodError(parsed.error)}`);
  const ids = new Set<string>();
  for (const item of [...parsed.data.series, ...parsed.data.series.flatMap((s) => s.books)]) {
    if (ids.has(item.id)) throw new Error(`invalid Komga seed: id ${item.id} used twice`);
    ids.add(item.id);
  }
  return parsed.data.series;
}

/** Komga's BookDto (SITES.md §B2 "API"): nothing is read through the fake, so `readProgress` is null. */
export function bookDto(series: KomgaSeries, book: KomgaBook): Record<string, unknown> {
  const name = book.oneshot ? series.title : `${series.title} ${book.number}`;
  return {
    id: book.id,
    seriesId: series.id,
    seriesTitle: series.title,
    libraryId: LIBRARY_ID,
    name,
    url: `/data/manga/${series.title}/${name}.cbz`,
    number: series.books.indexOf(book) + 1,
    created: CREATED,
    lastModified: CREATED,
    fileLastModified: CREATED,
    sizeBytes: book.pages * 512_000,
    size: `${String(Math.round((book.pages * 512_000) / 104_857.6) / 10)} MiB`,
    media: { status: 'READY', mediaType: 'application/zip', pagesCount: book.pages, comment: '', mediaProfile: 'DIVINA', epubDivinaCompatible: false, epubIsKepub: false },
    metadata: {
      title: book.title,
      titleLock: false,
      summary: '',
      summaryLock: false,
      number: book.number,
      numberLock: false,
      numberSort: book.numberSort,
      numberSortLock: false,
      releaseDate: null,
      releaseDateLock: false,
      authors: [],
      authorsLock: false,
      tags: book.tags,
      tagsLock: false,
      isbn: '',
      isbnLock: false,
      links: book.links,
      linksLock: false,
      created: CREATED,
      lastModified: CREATED,
    },
    readProgress: null,
    deleted: false,
    fileHash: '',
    oneshot: book.oneshot,
  };
}

/** Komga's SeriesDto, with the `links` and `alternateTitles` of recent versions (SITES.md §B2). */
export function seriesDto(series: KomgaSeries): Record<string, unknown> {
  return {
    id: series.id,
    libraryId: LIBRARY_ID,
    name: series.title,
    url: `/data/manga/${series.title}`,
    created: CREATED,
    lastModified: CREATED,
    fileLastModified: CREATED,
    booksCount: series.books.length,
    booksReadCount: 0,
    booksUnreadCount: series.books.length,
    booksInProgressCount: 0,
    metadata: {
      status: series.status,
      statusLock: false,
      title: series.title,
      titleLock: false,
      titleSort: series.title,
      titleSortLock: false,
      summary: '',
      summaryLock: false,
      readingDirection: 'RIGHT_TO_LEFT',
      readingDirectionLock: false,
      publisher: '',
      publisherLock: false,
      ageRating: null,
      ageRatingLock: false,
      language: 'ja',
      languageLock: false,
      genres: [],
      genresLock: false,
      tags: series.tags,
      tagsLock: false,
      totalBookCount: null,
      totalBookCountLock: false,
      sharingLabels: [],
      sharingLabelsLock: false,
      links: series.links,
      linksLock: false,
      alternateTitles: [],
      alternateTitlesLock: false,
      created: CREATED,
      lastModified: CREATED,
    },
    booksMetadata: { authors: [], tags: [], releaseDate: null, summary: '', summaryNumber: '', created: CREATED, lastModified: CREATED },
    deleted: false,
    oneshot: series.books.length === 1 && series.books[0]?.oneshot === true,
  };
}

/** The error body Komga's Spring Boot sends. */
function apiError(clock: FakeClock, status: number, error: string, path: string): FakeResponse {
  return { status, body: { timestamp: new Date(clock.now()).toISOString(), status, error, path } };
}

function sessionOf(req: FakeRequest): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [name, value] = part.trim().split('=');
    if (name === KOMGA_SESSION_COOKIE && value) return value;
  }
  return undefined;
}

export function createKomgaFake(ctx: FakeContext): FakeService {
  let series = buildSeries(KOMGA_DEFAULT);
  const sessions = new Set<string>();

  const findBook = (bookId: string) => {
    for (const s of series) {
      const index = s.books.findIndex((b) => b.id === bookId);
      const book = s.books[index];
      if (book !== undefined) return { series: s, book, next: s.books[index + 1] };
    }
    return undefined;
  };

  function handle(req: FakeRequest): FakeResponse {
    const path = req.url.pathname;
    if (req.method !== 'GET' && req.method !== 'HEAD') return apiError(ctx.clock, 405, 'Method Not Allowed', path);
    const session = sessionOf(req);
    const signedIn = session !== undefined && sessions.has(session);

    const api = /^\/api\/v1\/(books|series)\/([^/]+)$/.exec(path);
    if (api !== null || path.startsWith('/api/')) {
      if (!signedIn) return apiError(ctx.clock, 401, 'Unauthorized', path);
      const [, kind, wanted] = api ?? [];
      if (kind === 'books') {
        const found = findBook(wanted ?? '');
        if (found !== undefined) return { status: 200, body: bookDto(found.series, found.book) };
      } else if (kind === 'series') {
        const found = series.find((s) => s.id === wanted);
        if (found !== undefined) return { status: 200, body: seriesDto(found) };
      }
      return apiError(ctx.clock, 404, 'Not Found', path);
    }

    const reader = /^\/book\/([^/]+)\/read\/?$/.exec(path);
    const found = reader?.[1] === undefined ? undefined : findBook(reader[1]);
    if (found === undefined) return notFoundPage();
    const headers: Record<string, string> = {};
    if (!signedIn) {
      const issued = randomBytes(18).toString('base64url');
      sessions.add(issued);
      headers['set-cookie'] = `${KOMGA_SESSION_COOKIE}=${issued}; Path=/; Secure; HttpOnly; SameSite=Lax`;
    }
    const page = Number(req.url.searchParams.get('page') ?? '1');
    return readerPage(found.series, found.book, found.next, Number.isInteger(page) ? page : 1, headers);
  }

  return {
    name: 'komga',
    hosts: [KOMGA_HOST],
    handle,
    seed(data: unknown) {
      series = buildSeries(data);
      sessions.clear();
    },
    state: () => ({ series: structuredClone(series), sessions: sessions.size }),
    reset() {
      series = buildSeries(KOMGA_DEFAULT);
      sessions.clear();
    },
  };
}
