/**
 * zod schemas for everything Kitsu sends (API-FACTS §C): JSON:API documents from `https://kitsu.app/api/edge`,
 * OAuth token responses and errors from `/api/oauth/token`. Only the fields the extension reads are declared;
 * unknown fields are dropped. Ids are strings on the wire (JSON:API).
 */
import { z } from 'zod';

/** An instant as Kitsu writes it (API-FACTS §E: ISO 8601 with ms and `Z`); anything `Date.parse` reads is accepted. */
export const isoInstant = z.string().refine((s) => !Number.isNaN(Date.parse(s)), 'not a date-time');

/** A relationship's linkage; kitsu-server sends `data` only when the relationship was included. */
const linkage = (type: string) => z.object({ data: z.object({ type: z.literal(type), id: z.string() }).nullable().optional() });

export const ratingSystemSchema = z.enum(['simple', 'regular', 'advanced']);

export const userResource = z.object({
  id: z.string(),
  type: z.literal('users'),
  attributes: z.object({
    name: z.string(),
    /** A private field: present only on oneself (kitsu-server UserResource PRIVATE_FIELDS). */
    ratingSystem: ratingSystemSchema.optional(),
  }),
});

export const mangaResource = z.object({
  id: z.string(),
  type: z.literal('manga'),
  attributes: z.object({
    slug: z.string(),
    canonicalTitle: z.string(),
    /** Language code → title; real records carry `null` for languages without one. */
    titles: z.record(z.string(), z.string().nullable()).nullable().default({}),
    abbreviatedTitles: z.array(z.string()).nullable().optional(),
    /** `null` while publishing or unknown. */
    chapterCount: z.number().int().nullable().default(null),
    volumeCount: z.number().int().nullable().default(null),
  }),
});

export const KITSU_STATUSES = ['current', 'planned', 'completed', 'on_hold', 'dropped'] as const;
export type KitsuStatus = (typeof KITSU_STATUSES)[number];

export const libraryEntryResource = z.object({
  id: z.string(),
  type: z.literal('libraryEntries'),
  attributes: z.object({
    status: z.enum(KITSU_STATUSES),
    progress: z.number().int().min(0),
    reconsuming: z.boolean().default(false),
    reconsumeCount: z.number().int().min(0).default(0),
    notes: z.string().nullable().default(null),
    private: z.boolean().default(false),
    /** 2–20, or null when the user gave no rating. */
    ratingTwenty: z.number().nullable().default(null),
    startedAt: isoInstant.nullable().default(null),
    finishedAt: isoInstant.nullable().default(null),
    updatedAt: isoInstant,
  }),
  relationships: z.object({ manga: linkage('manga').optional() }).optional(),
});

export const mappingResource = z.object({
  id: z.string(),
  type: z.literal('mappings'),
  attributes: z.object({ externalSite: z.string(), externalId: z.string() }),
  /** The mapped media: manga, or anime for anime sites (we only ask for manga sites). */
  relationships: z.object({
    item: z.object({ data: z.object({ type: z.string(), id: z.string() }).nullable().optional() }).optional(),
  }).optional(),
});

/**
 * Something in `included` that is not a manga. The union below tries `mangaResource` first, and this refuses
 * the type `manga`, so a broken manga fails the parse instead of slipping through as "something else".
 */
const otherResource = z.object({ id: z.string(), type: z.string().refine((t) => t !== 'manga', 'malformed manga') });
const included = z.array(z.union([mangaResource, otherResource])).default([]);

/** A page of a collection: `links.next` is absent on the last page, `meta.count` is the total (API-FACTS §C). */
const collection = <T extends z.ZodType>(resource: T) =>
  z.object({
    data: z.array(resource),
    included,
    links: z.object({ next: z.string().optional() }).optional(),
    meta: z.object({ count: z.number().int() }).optional(),
  });

export const usersDocument = collection(userResource);
export const mangaDocument = collection(mangaResource);
export const libraryEntriesDocument = collection(libraryEntryResource);
export const mappingsDocument = collection(mappingResource);
/** POST 201 / PATCH 200: the one entry written. */
export const libraryEntryDocument = z.object({ data: libraryEntryResource, included });

export type MangaResource = z.infer<typeof mangaResource>;
export type LibraryEntryResource = z.infer<typeof libraryEntryResource>;
export type LibraryEntriesDocument = z.infer<typeof libraryEntriesDocument>;
export type IncludedResource = z.infer<typeof included>[number];

/** Sound because `otherResource` refuses the type `manga`. */
export const isManga = (r: IncludedResource): r is MangaResource => r.type === 'manga';

/** `POST /api/oauth/token` success (API-FACTS §C "Token response"). */
export const tokenResponse = z.object({
  access_token: z.string().min(1),
  // API-FACTS §C: compare case-insensitively (Doorkeeper says "bearer", RFC 6749 examples say "Bearer").
  token_type: z.string().refine((t) => t.toLowerCase() === 'bearer', 'not a bearer token'),
  expires_in: z.number().positive(),
  /** Unix seconds; the expiry is `created_at + expires_in`. */
  created_at: z.number().optional(),
  refresh_token: z.string().min(1).nullable().optional(),
});
export type TokenResponse = z.infer<typeof tokenResponse>;

/** Doorkeeper's errors: `invalid_grant` 400 (bad password), `invalid_client` 401, `invalid_request` 400, … */
export const tokenError = z.object({ error: z.string(), error_description: z.string().optional() });

/**
 * JSON:API error objects. `status` is a string from jsonapi-resources ("422") but a number from kitsu-server's
 * own helper ("No filter provided"), so both are accepted.
 */
export const jsonApiErrors = z.object({
  errors: z
    .array(
      z.object({
        title: z.string().optional(),
        detail: z.string().optional(),
        code: z.string().optional(),
        status: z.union([z.string(), z.number()]).optional(),
        source: z.object({ pointer: z.string().optional() }).optional(),
      }),
    )
    .min(1),
});
export type JsonApiError = z.infer<typeof jsonApiErrors>['errors'][number];
