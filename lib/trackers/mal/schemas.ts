/**
 * zod schemas for everything MyAnimeList sends us (API-FACTS §B, `mal-v2.openapi.json`). Objects strip unknown
 * keys, so new fields on MAL's side never break parsing; a missing or mistyped field we rely on does.
 */
import { z } from 'zod';

/** API-FACTS §B: the five statuses a list entry can have (rereading is a flag beside them, not a status). */
export const MAL_LIST_STATUSES = ['reading', 'completed', 'on_hold', 'dropped', 'plan_to_read'] as const;
export type MalListStatusName = (typeof MAL_LIST_STATUSES)[number];

/**
 * API-FACTS §B: dates come as `2017-10-23`, `2017-10` or `2017`. Zeros (`2017-00-00`, the old API's "unknown")
 * pass here and are read as unknown parts by the mapping.
 */
export const MAL_DATE_PATTERN = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/;
const malDate = z.string().regex(MAL_DATE_PATTERN, 'expected a MyAnimeList date (YYYY, YYYY-MM or YYYY-MM-DD)');

const count = z.number().int().min(0);

/** `GET /users/@me` (spec `User`); we read only who it is. */
export const malUserSchema = z.object({
  id: z.number().int().positive(),
  name: z.string().min(1),
});

/**
 * `MangaListStatus` (list `list_status`, details `my_list_status`, PATCH answer). The first six fields are always
 * present; the optional ones only when named in `fields` (API-FACTS §B; PATCH answers carry all of them).
 */
export const malListStatusSchema = z.object({
  status: z.enum(MAL_LIST_STATUSES),
  is_rereading: z.boolean(),
  num_volumes_read: count,
  num_chapters_read: count,
  score: z.number().int().min(0).max(10),
  /** API-FACTS §E: ISO 8601 with `+00:00`, whole seconds. */
  updated_at: z.iso.datetime({ offset: true }),
  /** Absent (or null) when not set. */
  start_date: malDate.nullish(),
  finish_date: malDate.nullish(),
  num_times_reread: count.optional(),
  comments: z.string().optional(),
});
export type MalListStatus = z.infer<typeof malListStatusSchema>;

/** A manga node with the fields we ask for. API-FACTS §B: `num_chapters`/`num_volumes` are 0 when unknown. */
export const malMangaSchema = z.object({
  id: z.number().int().positive(),
  title: z.string(),
  alternative_titles: z
    .object({
      synonyms: z.array(z.string()).nullish(),
      en: z.string().nullish(),
      ja: z.string().nullish(),
    })
    .nullish(),
  num_chapters: count.optional(),
  num_volumes: count.optional(),
});
export type MalManga = z.infer<typeof malMangaSchema>;

/** `GET /manga/{id}`: `my_list_status` is absent when the manga is not on the list (API-FACTS §B). */
export const malMangaDetailsSchema = malMangaSchema.extend({
  my_list_status: malListStatusSchema.optional(),
});

/** `paging.next` is a full URL, absent on the last page (API-FACTS §B). */
const paging = z.object({ next: z.string().optional() });

/** `GET /users/@me/mangalist`: `{data:[{node, list_status}], paging}`; we always ask for `list_status`. */
export const malListPageSchema = z.object({
  data: z.array(z.object({ node: malMangaSchema, list_status: malListStatusSchema })),
  paging,
});

/** `GET /manga?q=`: `{data:[{node}], paging}`. */
export const malSearchPageSchema = z.object({
  data: z.array(z.object({ node: malMangaSchema })),
  paging,
});

/** API-FACTS §B "Token response": `{token_type:"Bearer", expires_in, access_token, refresh_token}`. */
export const malTokenSchema = z.object({
  token_type: z.string().refine((t) => t.toLowerCase() === 'bearer', 'expected a Bearer token'),
  expires_in: z.number().positive(),
  access_token: z.string().min(1),
  refresh_token: z.string().min(1),
});
export type MalToken = z.infer<typeof malTokenSchema>;

/** API-FACTS §B "Token errors" (league/oauth2-server): `{error, message, hint}`. */
export const malTokenErrorSchema = z.object({
  error: z.string().min(1),
  message: z.string().optional(),
  hint: z.string().optional(),
});

/** API-FACTS §B "Errors": `{"error":"invalid_token","message":"token is invalid"}`, `{"message":"Invalid content","error":"invalid_content"}`. */
export const malApiErrorSchema = z.object({
  error: z.string().min(1),
  message: z.string().optional(),
});
export type MalApiError = z.infer<typeof malApiErrorSchema>;
