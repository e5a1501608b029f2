/**
 * The MangaDex fake's data: seed validation, the catalogue in MangaDex's own model, and the JSON entities the API
 * returns. Entity shapes follow `reference/mangadex-5.13.1.openapi.json` (Chapter, Manga, Relationship, Error) and
 * API-FACTS §D; tests/contract/mangadex.test.ts validates them against that spec, so drift fails a test.
 */
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { CATALOG, type CatalogManga } from './catalog';

/** 8-4-4-4-12 hex, the only id form MangaDex accepts (SITES §A "UUID shape"). */
export const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const uuid = z.string().regex(UUID_RE, 'must be a UUID (8-4-4-4-12 hex)').transform((s) => s.toLowerCase());

const chapterSeedSchema = z
  .object({
    id: uuid,
    /** String or null (oneshot); e.g. "15.1" (API-FACTS §D); the spec caps it at 8 characters. */
    chapter: z.string().min(1).max(8).nullable(),
    volume: z.string().min(1).nullable(),
    pages: z.number().int().min(0),
    title: z.string().max(255).nullable(),
    translatedLanguage: z.string().regex(/^[a-z]{2}(-[a-z]{2})?$/).default('en'),
    /** Set for chapters that only link to an official site (SITES §A "Needs care"). */
    externalUrl: z.string().regex(/^https?:\/\//).max(512).nullable().default(null),
  })
  .strict();

/** The catalogue shape (catalog.ts), with tracker ids optional for MangaDex-only titles, plus MangaDex extras. */
const mangaSeedSchema = z
  .object({
    mangadex: uuid,
    anilist: z.number().int().positive().nullable().default(null),
    mal: z.number().int().positive().nullable().default(null),
    kitsu: z.string().min(1).nullable().default(null),
    kitsuSlug: z.string().min(1).nullable().default(null),
    title: z.object({ romaji: z.string().min(1), english: z.string().nullable(), native: z.string().nullable() }).strict(),
    synonyms: z.array(z.string()).default([]),
    chapters: z.number().int().min(0).nullable().default(null),
    volumes: z.number().int().min(0).nullable().default(null),
    publishing: z.enum(['FINISHED', 'RELEASING', 'HIATUS']).default('RELEASING'),
    mangadexChapters: z.array(chapterSeedSchema).default([]),
    originalLanguage: z.string().regex(/^[a-z]{2}(-[a-z]{2})?$/).default('ja'),
    /** Replaces the links derived from the tracker ids (e.g. `{}` for a title nobody linked). */
    links: z.record(z.string(), z.string()).optional(),
  })
  .strict();

export const mangaDexSeedSchema = z
  .object({
    /** Start from the shared CATALOG (default) or from nothing. */
    includeCatalog: z.boolean().default(true),
    /** Extra titles; one with a catalogue title's UUID replaces that title. */
    manga: z.array(mangaSeedSchema).default([]),
    /** API-FACTS §D: "~5 req/s per IP". */
    rateLimitPerSecond: z.number().int().min(1).max(10_000).default(5),
    /** The real reader is client-rendered; > 0 makes the fixture page insert its reader DOM after this delay. */
    readerRenderDelayMs: z.number().int().min(0).max(60_000).default(0),
  })
  .strict();

export type MangaDexSeed = z.input<typeof mangaDexSeedSchema>;
type MangaSeed = z.output<typeof mangaSeedSchema>;

export interface MdChapter {
  id: string;
  mangaId: string;
  chapter: string | null;
  volume: string | null;
  title: string | null;
  pages: number;
  translatedLanguage: string;
  externalUrl: string | null;
  /** ISO 8601 with `+00:00`, as MangaDex writes timestamps. */
  createdAt: string;
}

export interface MdManga {
  id: string;
  title: Record<string, string>;
  altTitles: Record<string, string>[];
  links: Record<string, string>;
  originalLanguage: string;
  status: 'completed' | 'ongoing' | 'hiatus';
  lastChapter: string | null;
  lastVolume: string | null;
  createdAt: string;
  chapters: MdChapter[];
}

export interface MangaDexConfig {
  rateLimitPerSecond: number;
  readerRenderDelayMs: number;
}

export interface MangaDexData {
  config: MangaDexConfig;
  manga: MdManga[];
}

/** Fixed ids for the parts of the graph the fake does not model in depth. */
export const GROUP_ID = '5fed0576-8b94-4f9a-b6a7-08eecd69800d';
export const UPLOADER_ID = 'f8cc4f8a-e596-4618-ab05-ef6572980bbf';

/** Validate seed data (throws a readable Error) and build the fake's data from it. */
export function buildData(seed: unknown): MangaDexData {
  const parsed = mangaDexSeedSchema.safeParse(seed);
  if (!parsed.success) {
    const detail = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
    throw new Error(`invalid MangaDex seed: ${detail}`);
  }
  const { includeCatalog, manga, rateLimitPerSecond, readerRenderDelayMs } = parsed.data;
  const byId = new Map<string, MangaSeed>();
  if (includeCatalog) for (const entry of CATALOG) byId.set(entry.mangadex, mangaSeedSchema.parse(catalogSeed(entry)));
  const seen = new Set<string>();
  for (const entry of manga) {
    if (seen.has(entry.mangadex)) throw new Error(`invalid MangaDex seed: manga ${entry.mangadex} given twice`);
    seen.add(entry.mangadex);
    byId.set(entry.mangadex, entry);
  }
  const data: MangaDexData = { config: { rateLimitPerSecond, readerRenderDelayMs }, manga: [...byId.values()].map(toMdManga) };
  const chapterIds = new Set<string>();
  for (const chapter of data.manga.flatMap((m) => m.chapters)) {
    if (chapterIds.has(chapter.id)) throw new Error(`invalid MangaDex seed: chapter ${chapter.id} used twice`);
    chapterIds.add(chapter.id);
  }
  return data;
}

/** A catalogue entry as a seed: MangaDex keeps no format or start date here, and `mangadexLinks` are its `links`. */
function catalogSeed(m: CatalogManga): z.input<typeof mangaSeedSchema> {
  return {
    mangadex: m.mangadex,
    anilist: m.anilist,
    mal: m.mal,
    kitsu: m.kitsu,
    kitsuSlug: m.kitsuSlug,
    title: m.title,
    synonyms: m.synonyms,
    chapters: m.chapters,
    volumes: m.volumes,
    publishing: m.publishing,
    mangadexChapters: m.mangadexChapters,
    ...(m.mangadexLinks === undefined ? {} : { links: m.mangadexLinks }),
  };
}

/** The default state: the shared catalogue. */
export function defaultData(): MangaDexData {
  return buildData({});
}

function toMdManga(seed: MangaSeed, index: number): MdManga {
  const lang = seed.originalLanguage;
  const { romaji, english, native } = seed.title;
  // MangaDex keys a romanized title `{lang}-ro` (SITES §A); titles known in English under the romanized name are
  // keyed `en`. Both forms occur on the real site, so the catalogue exercises both.
  const englishDiffers = english !== null && english.toLowerCase() !== romaji.toLowerCase();
  const title = englishDiffers ? { [`${lang}-ro`]: romaji } : { en: english ?? romaji };
  const altTitles: Record<string, string>[] = [];
  if (englishDiffers) altTitles.push({ en: english });
  if (native !== null && native !== romaji) altTitles.push({ [lang]: native });
  for (const synonym of seed.synonyms) altTitles.push({ en: synonym });

  const created = isoDate(Date.UTC(2018, 0, 19) + index * 86_400_000);
  const chapters = seed.mangadexChapters.map(
    (c, i): MdChapter => ({
      ...c,
      mangaId: seed.mangadex,
      createdAt: isoDate(Date.UTC(2021, 4, 1) + index * 86_400_000 + i * 3_600_000),
    }),
  );
  const finished = seed.publishing === 'FINISHED';
  return {
    id: seed.mangadex,
    title,
    altTitles,
    links: seed.links ?? deriveLinks(seed),
    originalLanguage: lang,
    status: seed.publishing === 'FINISHED' ? 'completed' : seed.publishing === 'HIATUS' ? 'hiatus' : 'ongoing',
    lastChapter: finished && seed.chapters !== null ? String(seed.chapters) : null,
    lastVolume: finished && seed.volumes !== null ? String(seed.volumes) : null,
    createdAt: created,
    chapters,
  };
}

/**
 * `links` per API-FACTS §D: `al` AniList id, `mal` MAL id, `kt` Kitsu id **or slug**, `ap` Anime-Planet slug.
 * The real site has both `kt` forms; the fake uses the slug for Kitsu ids below 10000 (older entries) and the
 * numeric id otherwise, so client code meets both.
 */
function deriveLinks(seed: MangaSeed): Record<string, string> {
  const links: Record<string, string> = {};
  if (seed.anilist !== null) links.al = String(seed.anilist);
  if (seed.mal !== null) links.mal = String(seed.mal);
  if (seed.kitsu !== null) {
    links.kt = seed.kitsuSlug !== null && Number(seed.kitsu) < 10_000 ? seed.kitsuSlug : seed.kitsu;
  }
  if (seed.kitsuSlug !== null) links.ap = seed.kitsuSlug;
  return links;
}

/** MangaDex timestamps: `2021-05-01T00:00:00+00:00`. */
function isoDate(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, '+00:00');
}

/** Title shown on the site: `en`, else `{orig}-ro`, else the first. */
export function displayTitle(manga: MdManga): string {
  return manga.title.en ?? manga.title[`${manga.originalLanguage}-ro`] ?? Object.values(manga.title)[0] ?? '';
}

// ---- API entities -------------------------------------------------------------------------------------------

export function mangaAttributes(manga: MdManga): Record<string, unknown> {
  const languages = [...new Set(manga.chapters.map((c) => c.translatedLanguage))].sort();
  const latest = manga.chapters.at(-1);
  return {
    title: manga.title,
    altTitles: manga.altTitles,
    description: { en: `${displayTitle(manga)} (fixture of the Kuroibara Sync test suite).` },
    isLocked: false,
    links: manga.links,
    originalLanguage: manga.originalLanguage,
    lastVolume: manga.lastVolume,
    lastChapter: manga.lastChapter,
    publicationDemographic: null,
    status: manga.status,
    year: null,
    contentRating: 'safe',
    tags: [],
    state: 'published',
    chapterNumbersResetOnNewVolume: false,
    createdAt: manga.createdAt,
    updatedAt: manga.createdAt,
    version: 1,
    availableTranslatedLanguages: languages,
    ...(latest === undefined ? {} : { latestUploadedChapter: latest.id }),
  };
}

/** Derived ids stay valid UUIDs: the first two hex digits are replaced. */
const related = (id: string, prefix: string): string => `${prefix}${id.slice(2)}`;

export type MangaInclude = 'manga' | 'cover_art' | 'author' | 'artist' | 'tag' | 'creator';
export type ChapterInclude = 'manga' | 'scanlation_group' | 'user';

export function mangaEntity(manga: MdManga, includes: readonly MangaInclude[] = []): Record<string, unknown> {
  const coverId = related(manga.id, 'c0');
  const authorId = related(manga.id, 'a0');
  const expand = (type: MangaInclude, attributes: Record<string, unknown>): Record<string, unknown> =>
    includes.includes(type) ? { attributes } : {};
  return {
    id: manga.id,
    type: 'manga',
    attributes: mangaAttributes(manga),
    relationships: [
      { id: authorId, type: 'author', ...expand('author', { name: 'Fixture Author' }) },
      { id: authorId, type: 'artist', ...expand('artist', { name: 'Fixture Author' }) },
      {
        id: coverId,
        type: 'cover_art',
        ...expand('cover_art', { description: '', volume: null, fileName: `${coverId}.jpg`, locale: manga.originalLanguage }),
      },
    ],
  };
}

export function chapterEntity(chapter: MdChapter, manga: MdManga, includes: readonly ChapterInclude[] = []): Record<string, unknown> {
  const expand = (type: ChapterInclude, attributes: Record<string, unknown>): Record<string, unknown> =>
    includes.includes(type) ? { attributes } : {};
  return {
    id: chapter.id,
    type: 'chapter',
    attributes: {
      title: chapter.title,
      volume: chapter.volume,
      chapter: chapter.chapter,
      pages: chapter.pages,
      translatedLanguage: chapter.translatedLanguage,
      externalUrl: chapter.externalUrl,
      isUnavailable: false,
      publishAt: chapter.createdAt,
      readableAt: chapter.createdAt,
      createdAt: chapter.createdAt,
      updatedAt: chapter.createdAt,
      version: 1,
    },
    relationships: [
      { id: GROUP_ID, type: 'scanlation_group', ...expand('scanlation_group', { name: 'Fixture Scans', locked: false, official: false, verified: false, version: 1 }) },
      // Reference expansion (`includes[]=manga`) puts the manga's attributes here (API-FACTS §D).
      { id: manga.id, type: 'manga', ...expand('manga', mangaAttributes(manga)) },
      { id: UPLOADER_ID, type: 'user', ...expand('user', { username: 'fixture-uploader', roles: ['ROLE_MEMBER'], version: 1 }) },
    ],
  };
}

/** The error envelope of API-FACTS §D: `{result:"error", errors:[{id, status:int, title, detail}]}`. */
export function errorBody(status: number, title: string, detail: string): Record<string, unknown> {
  return { result: 'error', errors: [{ id: randomUUID(), status, title, detail, context: null }] };
}

export function isUuid(value: string): boolean {
  return UUID_RE.test(value);
}
