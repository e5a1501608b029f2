/** Seed data of the Kitsu fake, validated with zod so junk fails loudly at `seed()`. */
import { z } from 'zod';

/** API-FACTS §C: library entry statuses, in kitsu-server's enum order (current: 1 … dropped: 5). */
export const KITSU_STATUSES = ['current', 'planned', 'completed', 'on_hold', 'dropped'] as const;
export type KitsuStatus = (typeof KITSU_STATUSES)[number];

/** Kitsu ids are numeric strings on the wire; seeds may give numbers. */
const kitsuId = z.union([z.string().regex(/^\d+$/), z.number().int().positive()]).transform(String);
const instant = z.iso.datetime({ offset: true });

export const KitsuEntrySeed = z.object({
  id: kitsuId.optional(),
  mangaId: kitsuId,
  status: z.enum(KITSU_STATUSES),
  progress: z.number().int().min(0).default(0),
  /** Owned volumes, not read ones (API-FACTS §C). */
  volumesOwned: z.number().int().min(0).default(0),
  ratingTwenty: z.number().int().min(2).max(20).nullable().default(null),
  reconsuming: z.boolean().default(false),
  reconsumeCount: z.number().int().min(0).max(50).default(0),
  notes: z.string().nullable().default(null),
  private: z.boolean().default(false),
  progressedAt: instant.nullable().optional(),
  startedAt: instant.nullable().optional(),
  finishedAt: instant.nullable().optional(),
  createdAt: instant.optional(),
  updatedAt: instant.optional(),
});

export const KitsuUserSeed = z.object({
  id: kitsuId,
  name: z.string().min(1),
  /** Defaults to the name, lower-cased and dashed. Login accepts the slug or the email (kitsu-server `find_for_auth`). */
  slug: z.string().min(1).optional(),
  email: z.email().optional(),
  password: z.string().min(1),
  /** API-FACTS §C: `simple` (kitsu-server's column default), `regular` or `advanced`. */
  ratingSystem: z.enum(['simple', 'regular', 'advanced']).default('simple'),
  /** A ready access token, so a test can skip the password grant. */
  token: z.string().min(1).optional(),
  refreshToken: z.string().min(1).optional(),
  list: z.array(KitsuEntrySeed).default([]),
});

export const KitsuMangaSeed = z.object({
  id: kitsuId,
  slug: z.string().min(1),
  canonicalTitle: z.string().min(1),
  titles: z.record(z.string(), z.string()).default({}),
  /** Synonyms and abbreviations (`["Spice & Wolf"]`). */
  abbreviatedTitles: z.array(z.string()).default([]),
  /** kitsu-server's `Manga` subtypes; light novels are manga with subtype `novel`. */
  subtype: z.enum(['doujin', 'manga', 'manhua', 'manhwa', 'novel', 'oel', 'oneshot']).default('manga'),
  /** First publication, a calendar date as Kitsu writes it (`2007-09-27`). */
  startDate: z.iso.date().nullable().default(null),
  /** `null` = unknown; progress is then capped at 5000 (kitsu-server `Manga#default_progress_limit`). */
  chapterCount: z.number().int().min(0).nullable().default(null),
  volumeCount: z.number().int().min(0).nullable().default(null),
  status: z.enum(['current', 'finished', 'tba', 'unreleased', 'upcoming']).default('finished'),
  mappings: z.object({ myanimelist: z.number().int().positive().optional(), anilist: z.number().int().positive().optional() }).default({}),
});

export const KitsuSeed = z.object({
  users: z.array(KitsuUserSeed).default([]),
  manga: z.array(KitsuMangaSeed).default([]),
  /** The one OAuth application the fake knows; defaults to the public constants of API-FACTS §C. */
  client: z.object({ id: z.string().min(1), secret: z.string().min(1) }).optional(),
});

export type KitsuEntryInput = z.input<typeof KitsuEntrySeed>;
export type KitsuUserInput = z.input<typeof KitsuUserSeed>;
export type KitsuMangaInput = z.input<typeof KitsuMangaSeed>;
export type KitsuManga = z.infer<typeof KitsuMangaSeed>;
export type KitsuSeedInput = z.input<typeof KitsuSeed>;
export type KitsuSeedData = z.infer<typeof KitsuSeed>;

export function parseKitsuSeed(data: unknown): KitsuSeedData {
  const parsed = KitsuSeed.safeParse(data);
  if (!parsed.success) throw new Error(`kitsu fake: invalid seed\n${z.prettifyError(parsed.error)}`);
  return parsed.data;
}
