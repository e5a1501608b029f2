/**
 * zod schemas for everything AniList sends back, one per document in `documents.ts`, plus the OAuth token answer
 * and the JWT claims. AniList's SDL makes almost every field nullable, so the schemas accept null wherever the
 * schema allows it and `mapping.ts` decides what a null means; what the extension cannot work without (ids,
 * status) is required, and its absence is an "unexpected response".
 */
import { z } from 'zod';
import type { AniListScoreFormat } from '../score';

/** `MediaListStatus` (API-FACTS §A Schema facts). */
export const MEDIA_LIST_STATUSES = ['CURRENT', 'PLANNING', 'COMPLETED', 'DROPPED', 'PAUSED', 'REPEATING'] as const;
export type MediaListStatus = (typeof MEDIA_LIST_STATUSES)[number];

/** `ScoreFormat`: the same names as the scales in `score.ts`, which converts between them. */
export const SCORE_FORMATS = ['POINT_100', 'POINT_10_DECIMAL', 'POINT_10', 'POINT_5', 'POINT_3'] as const satisfies readonly AniListScoreFormat[];

const int = z.number().int();

export const fuzzyDateSchema = z.object({ year: int.nullable(), month: int.nullable(), day: int.nullable() });
export type FuzzyDate = z.infer<typeof fuzzyDateSchema>;

/** The `Media` selection (`MEDIA_FIELDS` in documents.ts). */
export const mediaSchema = z.object({
  id: int.positive(),
  idMal: int.nullable(),
  title: z.object({
    romaji: z.string().nullable(),
    english: z.string().nullable(),
    native: z.string().nullable(),
    userPreferred: z.string().nullable(),
  }),
  synonyms: z.array(z.string().nullable()).nullable(),
  chapters: int.nullable(),
  volumes: int.nullable(),
  siteUrl: z.string().nullable(),
});
export type AniListMedia = z.infer<typeof mediaSchema>;

/** The `MediaList` selection (`ENTRY_FIELDS` in documents.ts); `score` is read as POINT_100. */
export const mediaListSchema = z.object({
  id: int.positive(),
  mediaId: int.positive(),
  status: z.enum(MEDIA_LIST_STATUSES),
  score: z.number().nullable(),
  progress: int.nullable(),
  progressVolumes: int.nullable(),
  repeat: int.nullable(),
  private: z.boolean().nullable(),
  notes: z.string().nullable(),
  startedAt: fuzzyDateSchema.nullable(),
  completedAt: fuzzyDateSchema.nullable(),
  /** Unix seconds (API-FACTS §E). */
  updatedAt: int.nullable(),
  media: mediaSchema.nullable(),
});
export type AniListMediaList = z.infer<typeof mediaListSchema>;

/** One GraphQL error object as AniList writes it (API-FACTS §A Errors). */
export const graphqlErrorSchema = z.object({
  message: z.string(),
  status: int.optional(),
  /** Laravel-style `field → messages`, present when `message` is "validation". */
  validation: z.record(z.string(), z.array(z.string())).optional(),
});
export type GraphQLErrorObject = z.infer<typeof graphqlErrorSchema>;

/** A body that reports errors, whatever else it carries. */
export const errorBodySchema = z.object({ errors: z.array(graphqlErrorSchema).min(1) });

/** The GraphQL envelope around `data`; `errors` appear only on the not-found path the client reads as null. */
const envelope = <T extends z.ZodType>(data: T) => z.object({ data, errors: z.array(graphqlErrorSchema).optional() });

export const viewerResponse = envelope(
  z.object({
    Viewer: z.object({
      id: int.positive(),
      name: z.string().min(1),
      mediaListOptions: z.object({ scoreFormat: z.enum(SCORE_FORMATS).nullable() }).nullable(),
    }),
  }),
);

export const collectionResponse = envelope(
  z.object({
    MediaListCollection: z.object({
      hasNextChunk: z.boolean().nullable(),
      lists: z.array(z.object({ entries: z.array(mediaListSchema.nullable()).nullable() }).nullable()).nullable(),
    }),
  }),
);

export const recentEntriesResponse = envelope(
  z.object({
    Page: z.object({
      pageInfo: z.object({ hasNextPage: z.boolean().nullable() }),
      mediaList: z.array(mediaListSchema.nullable()),
    }),
  }),
);

/** Nullable: AniList answers "Not Found." with `data: {MediaList: null}` (API-FACTS §A Errors). */
export const entryResponse = envelope(z.object({ MediaList: mediaListSchema.nullable() }));

export const mediaResponse = envelope(z.object({ Media: mediaSchema.nullable() }));

export const searchResponse = envelope(z.object({ Page: z.object({ media: z.array(mediaSchema.nullable()) }) }));

/** Aliases `m0`, `m1`, … each holding the saved entry. */
export const saveEntriesResponse = envelope(z.record(z.string(), mediaListSchema));

/** Nullable: an entry deleted meanwhile answers "Not Found.", which is what the caller wanted anyway. */
export const deleteResponse = envelope(z.object({ DeleteMediaListEntry: z.object({ deleted: z.boolean().nullable() }).nullable() }));

/** `POST /api/v2/oauth/token` (API-FACTS §A Auth; `refresh_token` is always null on AniList). */
export const tokenResponse = z.object({
  access_token: z.string().min(1),
  token_type: z.string().refine((t) => t.toLowerCase() === 'bearer', 'token_type must be Bearer'),
  expires_in: z.number().positive().nullish(),
});

/** Laravel Passport's error body on the token endpoint. */
export const oauthErrorSchema = z.object({
  error: z.string(),
  error_description: z.string().optional(),
  hint: z.string().optional(),
});

/** The JWT claims the extension reads: `exp` in unix seconds (API-FACTS §A Auth). */
export const jwtClaimsSchema = z.object({ exp: z.number().int().positive() });
