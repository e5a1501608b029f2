/** Matching's memory: which library series a reader site's series is, per (site, series key). */
import { z } from 'zod/mini';
import { type SiteLink, withDb } from './db';

export const siteLinkSchema = z.object({
  site: z.string().check(z.minLength(1)),
  seriesKey: z.string().check(z.minLength(1)),
  seriesId: z.string().check(z.minLength(1)),
  how: z.enum(['ids', 'search', 'user']),
  at: z.number(),
}) satisfies z.ZodMiniType<SiteLink>;

export async function getSiteLink(site: string, seriesKey: string): Promise<SiteLink | null> {
  return withDb(async (db) => {
    const parsed = siteLinkSchema.safeParse(await db.get('siteLinks', [site, seriesKey]));
    return parsed.success ? parsed.data : null;
  });
}

/** Saves a link; a user's choice is never replaced by an automatic one. */
export async function putSiteLink(link: SiteLink): Promise<void> {
  const valid = siteLinkSchema.parse(link);
  return withDb(async (db) => {
    const tx = db.transaction('siteLinks', 'readwrite');
    const existing = siteLinkSchema.safeParse(await tx.store.get([link.site, link.seriesKey]));
    if (existing.success && existing.data.how === 'user' && valid.how !== 'user') {
      await tx.done;
      return;
    }
    await Promise.all([tx.store.put(valid), tx.done]);
  });
}

export async function deleteSiteLink(site: string, seriesKey: string): Promise<void> {
  return withDb(async (db) => {
    await db.delete('siteLinks', [site, seriesKey]);
  });
}
