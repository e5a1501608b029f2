/**
 * Seed data of the MyAnimeList fake, validated with zod so a test with a typo fails at `seed()` with a readable
 * message instead of producing a fake that quietly behaves differently.
 */
import { z } from 'zod';

/** API-FACTS §B: the five list statuses `PATCH my_list_status` accepts. */
export const MAL_STATUSES = ['reading', 'completed', 'on_hold', 'dropped', 'plan_to_read'] as const;
export type MalStatus = (typeof MAL_STATUSES)[number];

/** API-FACTS §B: dates may be `2017-10-23`, `2017-10` or `2017`. */
export const MAL_DATE = /^\d{4}(-\d{2}(-\d{2})?)?$/;

const count = z.number().int().min(0);

export const MalClientSeed = z.object({
  id: z.string().min(1),
  /** Only "web" apps get a secret; "other" apps are public clients (API-FACTS §B "client_secret"). */
  secret: z.string().min(1).optional(),
  /** The single redirect URL registered for the app; authorize compares it exactly. */
  redirectUri: z.url(),
});

export const MalListEntrySeed = z.object({
  mangaId: z.number().int().positive(),
  status: z.enum(MAL_STATUSES),
  score: z.number().int().min(0).max(10).optional(),
  num_chapters_read: count.optional(),
  num_volumes_read: count.optional(),
  is_rereading: z.boolean().optional(),
  num_times_reread: count.optional(),
  priority: z.number().int().min(0).max(2).optional(),
  reread_value: z.number().int().min(0).max(5).optional(),
  tags: z.array(z.string()).optional(),
  start_date: z.string().regex(MAL_DATE).optional(),
  finish_date: z.string().regex(MAL_DATE).optional(),
  comments: z.string().optional(),
  /** Any ISO 8601 instant; stored and served as MAL's `+00:00` seconds form (API-FACTS §E). */
  updated_at: z.iso.datetime({ offset: true }).optional(),
});

export const MalUserSeed = z.object({
  id: z.number().int().positive(),
  name: z.string().min(1),
  picture: z.url().optional(),
  joined_at: z.iso.datetime({ offset: true }).optional(),
  /** A ready access token, so a test can skip the OAuth dance. */
  token: z.string().min(1).optional(),
  refreshToken: z.string().min(1).optional(),
  /** Client the seeded tokens belong to; defaults to the first seeded client. */
  clientId: z.string().min(1).optional(),
  list: z.array(MalListEntrySeed).default([]),
});

export const MalMangaSeed = z.object({
  id: z.number().int().positive(),
  title: z.string().min(1),
  alternative_titles: z
    .object({ synonyms: z.array(z.string()).default([]), en: z.string().default(''), ja: z.string().default('') })
    .optional(),
  /** API-FACTS §B: 0 when unknown. */
  num_chapters: count.default(0),
  num_volumes: count.default(0),
  status: z.enum(['finished', 'currently_publishing', 'not_yet_published', 'on_hiatus']).default('finished'),
  media_type: z.string().default('manga'),
  start_date: z.string().regex(MAL_DATE).optional(),
  /** `gray`/`black` entries are hidden from lists unless `nsfw=true` (API-FACTS §B). */
  nsfw: z.enum(['white', 'gray', 'black']).default('white'),
});

export const MalAuthorizeSeed = z.object({
  /** Who is logged in to myanimelist.net in the browser; `null` = nobody, so the login page is shown. */
  user: z.string().min(1).nullable(),
  action: z.enum(['approve', 'deny', 'hang']),
});

export const MalThrottleSeed = z.object({
  /** Requests allowed per window on api.myanimelist.net before 403 "DoS detected" (API-FACTS §B). */
  limit: z.number().int().positive(),
  windowMs: z.number().int().positive(),
});

export const MalSeed = z.object({
  clients: z.array(MalClientSeed).default([]),
  users: z.array(MalUserSeed).default([]),
  manga: z.array(MalMangaSeed).default([]),
  authorize: MalAuthorizeSeed.optional(),
  throttle: MalThrottleSeed.optional(),
  /** API-FACTS §B: observed `expires_in` is 2678400 (31 days); docs say 1 h. Lower it to test expiry. */
  accessTokenLifetimeSec: z.number().int().positive().default(2_678_400),
  /** Docs say refresh tokens live one month; not observed, so configurable. */
  refreshTokenLifetimeSec: z.number().int().positive().default(2_678_400),
});

export type MalClient = z.infer<typeof MalClientSeed>;
export type MalListEntryInput = z.input<typeof MalListEntrySeed>;
export type MalUserInput = z.input<typeof MalUserSeed>;
export type MalMangaInput = z.input<typeof MalMangaSeed>;
export type MalManga = z.infer<typeof MalMangaSeed>;
export type MalAuthorize = z.infer<typeof MalAuthorizeSeed>;
export type MalThrottle = z.infer<typeof MalThrottleSeed>;
/** What `seed()` accepts (before defaults). */
export type MalSeedInput = z.input<typeof MalSeed>;
export type MalSeedData = z.infer<typeof MalSeed>;

export function parseMalSeed(data: unknown): MalSeedData {
  const parsed = MalSeed.safeParse(data);
  if (!parsed.success) throw new Error(`mal fake: invalid seed\n${z.prettifyError(parsed.error)}`);
  return parsed.data;
}
