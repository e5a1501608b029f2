/**
 * zod schemas for everything AniList sends back, one per document in `documents.ts`, plus the OAuth token answer
 * and the JWT claims. AniList's SDL makes almost every field nullable, so the schemas accept null wherever the
 * schema allows it and `mapping.ts` decides what a null means; what the extension cannot work without (ids,
 * status) is required, and its absence is an "unexpected response".
 */
import { z } from 'zod/mini';
import type { AniListScoreFormat } from '../score';
import { t } from '../../i18n/t';

/** `MediaListStatus` (API-FACTS §A Schema facts). */
export const MEDIA_LIST_STATUSES = ['CURRENT', 'PLANNING', 'COMPLETED', 'DROPPED', 'PAUSED', 'REPEATING'] as const;
export type MediaListStatus = (typeof MEDIA_LIST_STATUSES)[number];

/** `ScoreFormat`: the same names as the scales in `score.ts`, which converts between them. */
export const SCORE_FORMATS = ['POINT_100', 'POINT_10_DECIMAL', 'POINT_10', 'POINT_5', 'POINT_3'] as const satisfies readonly AniListScoreFormat[];

const int = z.int();

export const fuzzyDateSchema = z.object({ year: z.nullable(int), month: z.nullable(int), day: z.nullable(int) });
export type FuzzyDate = z.infer<typeof fuzzyDateSchema>;

/** The `Media` selection (`MEDIA_FIELDS` in documents.ts). */
export const mediaSchema = z.object({
  id: z.int().check(z.positive()),
  idMal: z.nullable(int),
  title: z.object({
    romaji: z.nullable(z.string()),
    english: z.nullable(z.string()),
    native: z.nullable(z.string()),
    userPreferred: z.nullable(z.string()),
  }),
  synonyms: z.nullable(z.array(z.nullable(z.string()))),
  chapters: z.nullable(int),
  volumes: z.nullable(int),
  siteUrl: z.nullable(z.string()),
});
export type AniListMedia = z.infer<typeof mediaSchema>;

/** The `MediaList` selection (`ENTRY_FIELDS` in documents.ts); `score` is read as POINT_100. */
export const mediaListSchema = z.object({
  id: z.int().check(z.positive()),
  mediaId: z.int().check(z.positive()),
  status: z.enum(MEDIA_LIST_STATUSES),
  score: z.nullable(z.number()),
  progress: z.nullable(int),
  progressVolumes: z.nullable(int),
  repeat: z.nullable(int),
  private: z.nullable(z.boolean()),
  notes: z.nullable(z.string()),
  startedAt: z.nullable(fuzzyDateSchema),
  completedAt: z.nullable(fuzzyDateSchema),
  /** Unix seconds (API-FACTS §E). */
  updatedAt: z.nullable(int),
  media: z.nullable(mediaSchema),
});
export type AniListMediaList = z.infer<typeof mediaListSchema>;

/** One GraphQL error object as AniList writes it (API-FACTS §A Errors). */
export const graphqlErrorSchema = z.object({
  message: z.string(),
  status: z.optional(int),
  /** Laravel-style `field → messages`, present when `message` is "validation". */
  validation: z.optional(z.record(z.string(), z.array(z.string()))),
});
export type GraphQLErrorObject = z.infer<typeof graphqlErrorSchema>;

/** A body that reports errors, whatever else it carries. */
export const errorBodySchema = z.object({ errors: z.array(graphqlErrorSchema).check(z.minLength(1)) });

/** The GraphQL envelope around `data`; `errors` appear only on the not-found path the client reads as null. */
const envelope = <T extends z.ZodMiniType>(data: T) => z.object({ data, errors: z.optional(z.array(graphqlErrorSchema)) });

export const viewerResponse = envelope(
  z.object({
    Viewer: z.object({
      id: z.int().check(z.positive()),
      name: z.string().check(z.minLength(1)),
      mediaListOptions: z.nullable(z.object({ scoreFormat: z.nullable(z.enum(SCORE_FORMATS)) })),
    }),
  }),
);

export const collectionResponse = envelope(
  z.object({
    MediaListCollection: z.object({
      hasNextChunk: z.nullable(z.boolean()),
      lists: z.nullable(z.array(z.nullable(z.object({ entries: z.nullable(z.array(z.nullable(mediaListSchema))) })))),
    }),
  }),
);

export const recentEntriesResponse = envelope(
  z.object({
    Page: z.object({
      pageInfo: z.object({ hasNextPage: z.nullable(z.boolean()) }),
      mediaList: z.array(z.nullable(mediaListSchema)),
    }),
  }),
);

/** Nullable: AniList answers "Not Found." with `data: {MediaList: null}` (API-FACTS §A Errors). */
export const entryResponse = envelope(z.object({ MediaList: z.nullable(mediaListSchema) }));

export const mediaResponse = envelope(z.object({ Media: z.nullable(mediaSchema) }));


/**
 * The `SEARCH_MANGA` selection. `format` is read as text rather than the MediaFormat enum, so a format AniList adds
 * later cannot break every search; the mapping knows the one it must leave out (NOVEL).
 */
export const mangaCandidateSchema = z.object({
  id: z.int().check(z.positive()),
  idMal: z.nullable(int),
  title: z.object({ romaji: z.nullable(z.string()), english: z.nullable(z.string()), native: z.nullable(z.string()) }),
  synonyms: z.nullable(z.array(z.nullable(z.string()))),
  chapters: z.nullable(int),
  volumes: z.nullable(int),
  format: z.nullable(z.string()),
  startDate: z.nullable(z.object({ year: z.nullable(int) })),
  siteUrl: z.nullable(z.string()),
});
export type AniListMangaCandidate = z.infer<typeof mangaCandidateSchema>;

/** `Page` and its `media` are nullable in the SDL; a null list is read as no results. */
export const searchMangaResponse = envelope(
  z.object({ Page: z.object({ media: z.nullable(z.array(z.nullable(mangaCandidateSchema))) }) }),
);

/** Aliases `m0`, `m1`, … each holding the saved entry. */
export const saveEntriesResponse = envelope(z.record(z.string(), mediaListSchema));

/** Nullable: an entry deleted meanwhile answers "Not Found.", which is what the caller wanted anyway. */
export const deleteResponse = envelope(z.object({ DeleteMediaListEntry: z.nullable(z.object({ deleted: z.nullable(z.boolean()) })) }));

/** `POST /api/v2/oauth/token` (API-FACTS §A Auth; `refresh_token` is always null on AniList). */
export const tokenResponse = z.object({
  access_token: z.string().check(z.minLength(1)),
  token_type: z.string().check(z.refine((type) => type.toLowerCase() === 'bearer', { error: () => t('schemaBearerTokenType') })),
  expires_in: z.nullish(z.number().check(z.positive())),
});

/** Laravel Passport's error body on the token endpoint. */
export const oauthErrorSchema = z.object({
  error: z.string(),
  error_description: z.optional(z.string()),
  hint: z.optional(z.string()),
});

/** The JWT claims the extension reads: `exp` in unix seconds (API-FACTS §A Auth). */
export const jwtClaimsSchema = z.object({ exp: z.int().check(z.positive()) });
