/**
 * zod schemas for everything Kitsu sends (API-FACTS §C): JSON:API documents from `https://kitsu.app/api/edge`,
 * OAuth token responses and errors from `/api/oauth/token`. Only the fields the extension reads are declared;
 * unknown fields are dropped. Ids are strings on the wire (JSON:API).
 */
import { z } from 'zod/mini';
import { t } from '../../i18n/t';

/** An instant as Kitsu writes it (API-FACTS §E: ISO 8601 with ms and `Z`); anything `Date.parse` reads is accepted. */
export const isoInstant = z.string().check(z.refine((s) => !Number.isNaN(Date.parse(s)), { error: () => t('schemaNotDateTime') }));

/** A relationship's linkage; kitsu-server sends `data` only when the relationship was included. */
const linkage = (type: string) => z.object({ data: z.optional(z.nullable(z.object({ type: z.literal(type), id: z.string() }))) });

export const ratingSystemSchema = z.enum(['simple', 'regular', 'advanced']);

export const userResource = z.object({
  id: z.string(),
  type: z.literal('users'),
  attributes: z.object({
    name: z.string(),
    /** A private field: present only on oneself (kitsu-server UserResource PRIVATE_FIELDS). */
    ratingSystem: z.optional(ratingSystemSchema),
  }),
});

export const mangaResource = z.object({
  id: z.string(),
  type: z.literal('manga'),
  attributes: z.object({
    slug: z.string(),
    canonicalTitle: z.string(),
    /** Language code → title; real records carry `null` for languages without one. */
    titles: z._default(z.nullable(z.record(z.string(), z.nullable(z.string()))), {}),
    abbreviatedTitles: z.optional(z.nullable(z.array(z.string()))),
    /** `null` while publishing or unknown. */
    chapterCount: z._default(z.nullable(z.int()), null),
    volumeCount: z._default(z.nullable(z.int()), null),
    /** First publication as a calendar date (`2007-09-27`); text, so an odd value costs only the year. */
    startDate: z._default(z.nullable(z.string()), null),
    /** `manga`, `novel`, `manhua`, `manhwa`, `oneshot`, `oel`, `doujin` (kitsu-server's enum); text, so a new one parses. */
    subtype: z._default(z.nullable(z.string()), null),
  }),
});

export const KITSU_STATUSES = ['current', 'planned', 'completed', 'on_hold', 'dropped'] as const;
export type KitsuStatus = (typeof KITSU_STATUSES)[number];

export const libraryEntryResource = z.object({
  id: z.string(),
  type: z.literal('libraryEntries'),
  attributes: z.object({
    status: z.enum(KITSU_STATUSES),
    progress: z.int().check(z.minimum(0)),
    reconsuming: z._default(z.boolean(), false),
    reconsumeCount: z._default(z.int().check(z.minimum(0)), 0),
    notes: z._default(z.nullable(z.string()), null),
    private: z._default(z.boolean(), false),
    /** 2–20, or null when the user gave no rating. */
    ratingTwenty: z._default(z.nullable(z.number()), null),
    startedAt: z._default(z.nullable(isoInstant), null),
    finishedAt: z._default(z.nullable(isoInstant), null),
    updatedAt: isoInstant,
  }),
  relationships: z.optional(z.object({ manga: z.optional(linkage('manga')) })),
});

export const mappingResource = z.object({
  id: z.string(),
  type: z.literal('mappings'),
  attributes: z.object({ externalSite: z.string(), externalId: z.string() }),
  /** The mapped media: manga, or anime for anime sites (we only ask for manga sites). */
  relationships: z.optional(
    z.object({
      item: z.optional(z.object({ data: z.optional(z.nullable(z.object({ type: z.string(), id: z.string() }))) })),
    }),
  ),
});

/**
 * Something in `included` that is not a manga. The union below tries `mangaResource` first, and this refuses
 * the type `manga`, so a broken manga fails the parse instead of slipping through as "something else".
 */
const otherResource = z.object({ id: z.string(), type: z.string().check(z.refine((type) => type !== 'manga', { error: () => t('schemaMalformedManga') })) });
const included = z._default(z.array(z.union([mangaResource, otherResource])), []);

/** A page of a collection: `links.next` is absent on the last page, `meta.count` is the total (API-FACTS §C). */
const collection = <T extends z.ZodMiniType>(resource: T) =>
  z.object({
    data: z.array(resource),
    included,
    links: z.optional(z.object({ next: z.optional(z.string()) })),
    meta: z.optional(z.object({ count: z.int() })),
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
  access_token: z.string().check(z.minLength(1)),
  // API-FACTS §C: compare case-insensitively (Doorkeeper says "bearer", RFC 6749 examples say "Bearer").
  token_type: z.string().check(z.refine((type) => type.toLowerCase() === 'bearer', { error: () => t('schemaNotBearer') })),
  expires_in: z.number().check(z.positive()),
  /** Unix seconds; the expiry is `created_at + expires_in`. */
  created_at: z.optional(z.number()),
  refresh_token: z.optional(z.nullable(z.string().check(z.minLength(1)))),
});
export type TokenResponse = z.infer<typeof tokenResponse>;

/** Doorkeeper's errors: `invalid_grant` 400 (bad password), `invalid_client` 401, `invalid_request` 400, … */
export const tokenError = z.object({ error: z.string(), error_description: z.optional(z.string()) });

/**
 * JSON:API error objects. `status` is a string from jsonapi-resources ("422") but a number from kitsu-server's
 * own helper ("No filter provided"), so both are accepted.
 */
export const jsonApiErrors = z.object({
  errors: z
    .array(
      z.object({
        title: z.optional(z.string()),
        detail: z.optional(z.string()),
        code: z.optional(z.string()),
        status: z.optional(z.union([z.string(), z.number()])),
        source: z.optional(z.object({ pointer: z.optional(z.string()) })),
      }),
    )
    .check(z.minLength(1)),
});
export type JsonApiError = z.infer<typeof jsonApiErrors>['errors'][number];
