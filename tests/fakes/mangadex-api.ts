/**
 * `api.mangadex.org` as the extension meets it: chapter and manga lookups, the manga feed, MangaDex's error
 * envelope, its rate limit and its User-Agent rule (API-FACTS §D, SITES "Cross-cutting facts" 5).
 *
 * No answer carries CORS headers: MangaDex serves no CORS to other sites' pages, so a content script's or page's
 * fetch fails here as it does there, and the extension must call the API from its background with host permissions.
 */
import {
  chapterEntity,
  errorBody,
  isUuid,
  mangaEntity,
  type ChapterInclude,
  type MangaDexData,
  type MangaInclude,
  type MdChapter,
  type MdManga,
} from './mangadex-data';
import type { FakeClock, FakeRequest, FakeResponse } from './types';

const CHAPTER_INCLUDES: readonly ChapterInclude[] = ['manga', 'scanlation_group', 'user'];
const MANGA_INCLUDES: readonly MangaInclude[] = ['manga', 'cover_art', 'author', 'artist', 'tag', 'creator'];
const FEED_ORDER_KEYS = ['createdAt', 'updatedAt', 'publishAt', 'readableAt', 'volume', 'chapter'] as const;
/** Feed query pattern for language codes (spec: `^[a-zA-Z\-]{2,5}$`). */
const LANGUAGE_RE = /^[a-zA-Z-]{2,5}$/;
/** MangaDex refuses to page past 10,000 results (offset + limit). */
const MAX_WINDOW = 10_000;

class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    detail: string,
  ) {
    super(detail);
  }
}

export interface MangaDexApi {
  handle(req: FakeRequest): FakeResponse;
  /** Forget the requests counted by the rate limiter. */
  resetLimiter(): void;
  /** Requests inside the current one-second window (for state()). */
  windowCount(): number;
}

export function createMangaDexApi(clock: FakeClock, data: () => MangaDexData): MangaDexApi {
  /** Fake-clock times of the requests served in the last second (sliding window). */
  let recent: number[] = [];

  const prune = (now: number): void => {
    recent = recent.filter((t) => t > now - 1000);
  };

  return {
    resetLimiter() {
      recent = [];
    },
    windowCount() {
      prune(clock.now());
      return recent.length;
    },
    handle(req) {
      const now = clock.now();
      const limit = data().config.rateLimitPerSecond;
      prune(now);
      // ~5 req/s per IP; limited answers carry X-RateLimit-Limit/-Remaining/-Retry-After (unix s) (API-FACTS §D).
      const retryAfter = (): string => String(Math.ceil(((recent[0] ?? now) + 1000) / 1000));
      if (recent.length >= limit) {
        return {
          status: 429,
          headers: { 'X-RateLimit-Limit': String(limit), 'X-RateLimit-Remaining': '0', 'X-RateLimit-Retry-After': retryAfter() },
          body: errorBody(429, 'Too Many Requests', 'You have been rate limited, slow down.'),
        };
      }
      recent.push(now);
      const rateHeaders = {
        'X-RateLimit-Limit': String(limit),
        'X-RateLimit-Remaining': String(limit - recent.length),
        'X-RateLimit-Retry-After': retryAfter(),
      };
      try {
        const body = route(req, data());
        return { status: 200, headers: rateHeaders, body };
      } catch (error) {
        if (!(error instanceof ApiError)) throw error;
        return { status: error.status, headers: rateHeaders, body: errorBody(error.status, error.title, error.message) };
      }
    },
  };
}

function route(req: FakeRequest, data: MangaDexData): Record<string, unknown> {
  // MangaDex requires a real User-Agent and refuses a Via header (SITES "Cross-cutting facts" 5). Browsers always
  // send a User-Agent, so this bites only Node-side code.
  if ((req.headers['user-agent'] ?? '').trim() === '') {
    throw new ApiError(400, 'Bad Request', 'A User-Agent header is required.');
  }
  if (req.headers.via !== undefined) throw new ApiError(400, 'Bad Request', 'Requests through proxies (Via header) are refused.');

  const segments = req.url.pathname.split('/').filter(Boolean);
  const [resource, id, sub, extra] = segments;
  const known =
    extra === undefined &&
    id !== undefined &&
    ((resource === 'chapter' && sub === undefined) || (resource === 'manga' && (sub === undefined || sub === 'feed')));
  if (!known) throw new ApiError(404, 'Not Found', `No route found for "${req.method} ${req.url.pathname}".`);
  if (req.method !== 'GET') throw new ApiError(405, 'Method Not Allowed', `${req.method} is not allowed here.`);
  if (!isUuid(id)) throw new ApiError(400, 'Bad Request', `Error validating /id: "${id}" is not a valid uuid.`);
  const key = id.toLowerCase();

  if (resource === 'chapter') {
    const includes = includesParam(req.url.searchParams, CHAPTER_INCLUDES);
    const found = findChapter(data, key);
    if (found === undefined) throw new ApiError(404, 'Not Found', `Chapter with id "${key}" could not be found.`);
    return { result: 'ok', response: 'entity', data: chapterEntity(found.chapter, found.manga, includes) };
  }
  const manga = data.manga.find((m) => m.id === key);
  if (sub === 'feed') return feed(req.url.searchParams, manga);
  const includes = includesParam(req.url.searchParams, MANGA_INCLUDES);
  if (manga === undefined) throw new ApiError(404, 'Not Found', `Manga with id "${key}" could not be found.`);
  return { result: 'ok', response: 'entity', data: mangaEntity(manga, includes) };
}

function findChapter(data: MangaDexData, id: string): { chapter: MdChapter; manga: MdManga } | undefined {
  for (const manga of data.manga) {
    const chapter = manga.chapters.find((c) => c.id === id);
    if (chapter !== undefined) return { chapter, manga };
  }
  return undefined;
}

function includesParam<T extends string>(params: URLSearchParams, allowed: readonly T[]): T[] {
  const values = params.getAll('includes[]');
  const isAllowed = (value: string): value is T => (allowed as readonly string[]).includes(value);
  const bad = values.filter((v) => !isAllowed(v));
  if (bad.length > 0) {
    throw new ApiError(400, 'Bad Request', `Error validating /includes: "${bad.join('", "')}" is not one of ${allowed.join(', ')}.`);
  }
  return values.filter(isAllowed);
}

/** `GET /manga/{id}/feed`: a ChapterList. An unknown manga has an empty feed (the spec lists only 200 and 400). */
function feed(params: URLSearchParams, manga: MdManga | undefined): Record<string, unknown> {
  const limit = intParam(params, 'limit', 100, 1, 500);
  const offset = intParam(params, 'offset', 0, 0, MAX_WINDOW);
  if (offset + limit > MAX_WINDOW) {
    throw new ApiError(400, 'Bad Request', `offset + limit must be at most ${MAX_WINDOW}.`);
  }
  const languages = params.getAll('translatedLanguage[]');
  const badLanguage = languages.find((l) => !LANGUAGE_RE.test(l));
  if (badLanguage !== undefined) {
    throw new ApiError(400, 'Bad Request', `Error validating /translatedLanguage: "${badLanguage}" is not a language code.`);
  }
  const includeExternal = params.get('includeExternalUrl');
  if (includeExternal !== null && includeExternal !== '0' && includeExternal !== '1') {
    throw new ApiError(400, 'Bad Request', 'Error validating /includeExternalUrl: must be 0 or 1.');
  }
  const includes = includesParam(params, CHAPTER_INCLUDES);
  const order = orderParam(params);

  let chapters = manga?.chapters ?? [];
  if (languages.length > 0) chapters = chapters.filter((c) => languages.includes(c.translatedLanguage));
  if (includeExternal === '0') chapters = chapters.filter((c) => c.externalUrl === null);
  chapters = [...chapters].sort((a, b) => {
    for (const [field, direction] of order) {
      const diff = compareField(a, b, field);
      if (diff !== 0) return direction === 'asc' ? diff : -diff;
    }
    return 0;
  });
  return {
    result: 'ok',
    response: 'collection',
    data: manga === undefined ? [] : chapters.slice(offset, offset + limit).map((c) => chapterEntity(c, manga, includes)),
    limit,
    offset,
    total: chapters.length,
  };
}

function intParam(params: URLSearchParams, name: string, fallback: number, min: number, max: number): number {
  const raw = params.get(name);
  if (raw === null) return fallback;
  const value = Number(raw);
  if (!/^\d+$/.test(raw) || value < min || value > max) {
    throw new ApiError(400, 'Bad Request', `Error validating /${name}: must be an integer from ${min} to ${max}.`);
  }
  return value;
}

type OrderKey = (typeof FEED_ORDER_KEYS)[number];

function orderParam(params: URLSearchParams): [OrderKey, 'asc' | 'desc'][] {
  const order: [OrderKey, 'asc' | 'desc'][] = [];
  for (const [name, value] of params) {
    const match = /^order\[(\w+)\]$/.exec(name);
    if (match === null) continue;
    const field = FEED_ORDER_KEYS.find((k) => k === match[1]);
    if (field === undefined || (value !== 'asc' && value !== 'desc')) {
      throw new ApiError(400, 'Bad Request', `Error validating /order: ${name}=${value} is not allowed.`);
    }
    order.push([field, value]);
  }
  return order;
}

/** Chapter and volume numbers are strings ("10.5") or null; null sorts first, numbers numerically. */
function compareField(a: MdChapter, b: MdChapter, field: OrderKey): number {
  if (field === 'chapter' || field === 'volume') {
    const x = a[field];
    const y = b[field];
    if (x === y) return 0;
    if (x === null) return -1;
    if (y === null) return 1;
    const diff = Number(x) - Number(y);
    return Number.isNaN(diff) ? x.localeCompare(y) : diff;
  }
  // All four timestamps equal createdAt in the fake.
  return a.createdAt.localeCompare(b.createdAt);
}
