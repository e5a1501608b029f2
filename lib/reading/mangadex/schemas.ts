/** The parts of MangaDex's API responses the extension reads (mangadex-5.13.1 OpenAPI; API-FACTS §D). */
import { z } from 'zod/mini';

const localized = z.record(z.string(), z.string());

export const mangaRelationshipSchema = z.object({
  id: z.string(),
  type: z.literal('manga'),
  attributes: z.optional(
    z.object({
      title: localized,
      altTitles: z._default(z.array(localized), []),
      originalLanguage: z.optional(z.string()),
      /** Short keys: `al` AniList id, `mal` MAL id, `kt` Kitsu id or slug, … (values are strings). */
      links: z._default(z.nullable(z.record(z.string(), z.string())), null),
    }),
  ),
});

export const chapterResponseSchema = z.object({
  result: z.literal('ok'),
  data: z.object({
    id: z.string(),
    type: z.literal('chapter'),
    attributes: z.object({
      chapter: z.nullable(z.string()),
      volume: z.nullable(z.string()),
      title: z.nullable(z.string()),
      pages: z.int().check(z.nonnegative()),
    }),
    relationships: z.array(z.looseObject({ id: z.string(), type: z.string() })),
  }),
});
