/**
 * A reader page as the background keeps it: what a content script reported (checked and bounded here, so a hostile
 * page cannot flood storage) and, for a tab, where and when.
 */
import { z } from 'zod/mini';
import { MAX_CHAPTER, MAX_VOLUME } from '../sites/shared/chapter-number';

/** A string of `min`..`max` characters. */
export const text = (min: number, max: number) => z.string().check(z.minLength(min), z.maxLength(max));
/** An integer in `min`..`max`. */
export const intIn = (min: number, max: number) => z.int().check(z.minimum(min), z.maximum(max));
/** A chapter number (decimals allowed), within what any site numbers. */
const chapterNumber = z.number().check(z.minimum(0), z.maximum(MAX_CHAPTER));

/** A page a content script saw (see `DetectedPage` in lib/sites/types.ts). Bounded so a hostile page cannot flood storage. */
export const detectedPageSchema = z.strictObject({
  site: z.string().check(z.regex(/^[a-z0-9-]{1,40}$/)),
  seriesKey: text(1, 200),
  title: text(1, 500),
  chapterKey: z.nullable(text(1, 200)),
  chapter: z.nullable(chapterNumber),
  volume: z.nullable(z.number().check(z.minimum(0), z.maximum(MAX_VOLUME))),
  progress: z.nullable(
    z.object({ page: intIn(1, 10_000), pages: intIn(1, 10_000) }).check(z.refine((p) => p.page <= p.pages, 'page beyond the chapter')),
  ),
  externalIds: z.strictObject({
    anilist: z.optional(z.int().check(z.positive(), z.maximum(2 ** 31))),
    mal: z.optional(z.int().check(z.positive(), z.maximum(2 ** 31))),
    kitsu: z.optional(z.string().check(z.regex(/^[a-z0-9-]{1,100}$/i))),
  }),
});

export const tabPageSchema = z.extend(detectedPageSchema, { tabUrl: z.string().check(z.maxLength(2048)), detectedAt: z.number() });

export type TabPage = z.infer<typeof tabPageSchema>;
