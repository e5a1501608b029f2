/**
 * zod schemas for everything MyAnimeList sends us (API-FACTS §B, `mal-v2.openapi.json`). Objects strip unknown
 * keys, so new fields on MAL's side never break parsing; a missing or mistyped field we rely on does.
 */
import { z } from 'zod/mini';
import { t } from '../../i18n/t';

/** API-FACTS §B: the five statuses a list entry can have (rereading is a flag beside them, not a status). */
export const MAL_LIST_STATUSES = ['reading', 'completed', 'on_hold', 'dropped', 'plan_to_read'] as const;
export type MalListStatusName = (typeof MAL_LIST_STATUSES)[number];

/**
 * API-FACTS §B: dates come as `2017-10-23`, `2017-10` or `2017`. Zeros (`2017-00-00`, the old API's "unknown")
 * pass here and are read as unknown parts by the mapping.
 */
export const MAL_DATE_PATTERN = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/;
const malDate = z.string().check(z.regex(MAL_DATE_PATTERN, { error: () => t('schemaMalDate') }));

const count = z.int().check(z.minimum(0));

/** `GET /users/@me` (spec `User`); we read only who it is. */
export const malUserSchema = z.object({
  id: z.int().check(z.positive()),
  name: z.string().check(z.minLength(1)),
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
  score: z.int().check(z.minimum(0), z.maximum(10)),
  /** API-FACTS §E: ISO 8601 with `+00:00`, whole seconds. */
  updated_at: z.iso.datetime({ offset: true }),
  /** Absent (or null) when not set. */
  start_date: z.nullish(malDate),
  finish_date: z.nullish(malDate),
  num_times_reread: z.optional(count),
  comments: z.optional(z.string()),
});
export type MalListStatus = z.infer<typeof malListStatusSchema>;

/** A manga node with the fields we ask for. API-FACTS §B: `num_chapters`/`num_volumes` are 0 when unknown. */
export const malMangaSchema = z.object({
  id: z.int().check(z.positive()),
  title: z.string(),
  alternative_titles: z.nullish(
    z.object({
      synonyms: z.nullish(z.array(z.string())),
      en: z.nullish(z.string()),
      ja: z.nullish(z.string()),
    }),
  ),
  num_chapters: z.optional(count),
  num_volumes: z.optional(count),
});
export type MalManga = z.infer<typeof malMangaSchema>;

/** `GET /manga/{id}`: `my_list_status` is absent when the manga is not on the list (API-FACTS §B). */
export const malMangaDetailsSchema = z.extend(malMangaSchema, {
  my_list_status: z.optional(malListStatusSchema),
});

/** `paging.next` is a full URL, absent on the last page (API-FACTS §B). */
const paging = z.object({ next: z.optional(z.string()) });

/** `GET /users/@me/mangalist`: `{data:[{node, list_status}], paging}`; we always ask for `list_status`. */
export const malListPageSchema = z.object({
  data: z.array(z.object({ node: malMangaSchema, list_status: malListStatusSchema })),
  paging,
});

/**
 * A `GET /manga?q=` node with the search fields (`MangaForList`). `media_type` and `start_date` are read as plain
 * text: the spec lists `media_type` values in prose and MAL sends more than it lists (`light_novel`), and a date
 * in an unexpected form must cost only the year, not the whole search.
 */
export const malCandidateSchema = z.extend(malMangaSchema, {
  media_type: z.optional(z.string()),
  start_date: z.nullish(z.string()),
});
export type MalCandidate = z.infer<typeof malCandidateSchema>;

/** `GET /manga?q=&fields=…`: `{data:[{node}], paging}`. */
export const malCandidatePageSchema = z.object({
  data: z.array(z.object({ node: malCandidateSchema })),
  paging,
});

/** API-FACTS §B "Token response": `{token_type:"Bearer", expires_in, access_token, refresh_token}`. */
export const malTokenSchema = z.object({
  token_type: z.string().check(z.refine((type) => type.toLowerCase() === 'bearer', { error: () => t('schemaExpectedBearer') })),
  expires_in: z.number().check(z.positive()),
  access_token: z.string().check(z.minLength(1)),
  refresh_token: z.string().check(z.minLength(1)),
});
export type MalToken = z.infer<typeof malTokenSchema>;

/** API-FACTS §B "Token errors" (league/oauth2-server): `{error, message, hint}`. */
export const malTokenErrorSchema = z.object({
  error: z.string().check(z.minLength(1)),
  message: z.optional(z.string()),
  hint: z.optional(z.string()),
});

/** API-FACTS §B "Errors": `{"error":"invalid_token","message":"token is invalid"}`, `{"message":"Invalid content","error":"invalid_content"}`. */
export const malApiErrorSchema = z.object({
  error: z.string().check(z.minLength(1)),
  message: z.optional(z.string()),
});
export type MalApiError = z.infer<typeof malApiErrorSchema>;
