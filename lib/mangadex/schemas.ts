/** The parts of MangaDex's API responses the extension reads (mangadex-5.13.1 OpenAPI; API-FACTS §D). */
import { z } from 'zod';

const localized = z.record(z.string(), z.string());

export const mangaRelationshipSchema = z.object({
  id: z.string(),
  type: z.literal('manga'),
  attributes: z
    .object({
      title: localized,
      altTitles: z.array(localized).default([]),
      originalLanguage: z.string().optional(),
      /** Short keys: `al` AniList id, `mal` MAL id, `kt` Kitsu id or slug, … (values are strings). */
      links: z.record(z.string(), z.string()).nullable().default(null),
    })
    .optional(),
});

export const chapterResponseSchema = z.object({
  result: z.literal('ok'),
  data: z.object({
    id: z.string(),
    type: z.literal('chapter'),
    attributes: z.object({
      chapter: z.string().nullable(),
      volume: z.string().nullable(),
      title: z.string().nullable(),
      pages: z.number().int().nonnegative(),
    }),
    relationships: z.array(z.object({ id: z.string(), type: z.string() }).loose()),
  }),
});
