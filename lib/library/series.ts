/** The library's series: one record per real manga, found by any service's id (DESIGN.md "Core model"). */
import { z } from 'zod/mini';
import type { CrossIds, Series } from '../model';
import { keepValid, withDb } from './db';

const crossIdsSchema = z.object({
  anilist: z.optional(z.int().check(z.positive())),
  mal: z.optional(z.int().check(z.positive())),
  kitsu: z.optional(z.string().check(z.minLength(1))),
  mangadex: z.optional(z.string().check(z.minLength(1))),
}) satisfies z.ZodMiniType<CrossIds>;

export const seriesSchema = z.object({
  id: z.string().check(z.minLength(1)),
  title: z.string(),
  altTitles: z.array(z.string()),
  ids: crossIdsSchema,
  totalChapters: z.nullable(z.number().check(z.minimum(0))),
  totalVolumes: z.nullable(z.number().check(z.minimum(0))),
  createdAt: z.number(),
  updatedAt: z.number(),
}) satisfies z.ZodMiniType<Series>;

/** Saves a series; rejects (writing nothing) when it does not validate. */
export async function putSeries(series: Series): Promise<void> {
  const valid = seriesSchema.parse(series);
  return withDb(async (db) => {
    await db.put('series', valid);
  });
}

/**
 * Changes a series where it stands, read and written in one transaction: work beside it (another service's merge
 * learning an id from its answer) is never written over with an older copy, and a series deleted meanwhile (joined
 * into another) is not made again. Resolves to the series as stored afterwards; null when there is none (or the
 * stored one is damaged), nothing then written.
 */
export async function updateSeries(id: string, change: (current: Series) => Series): Promise<Series | null> {
  return withDb(async (db) => {
    const tx = db.transaction('series', 'readwrite');
    const parsed = seriesSchema.safeParse(await tx.store.get(id));
    const next = parsed.success ? change(parsed.data) : null;
    if (!parsed.success || next === null || next === parsed.data) {
      await tx.done;
      return parsed.success ? parsed.data : null;
    }
    const valid = seriesSchema.parse(next);
    await Promise.all([tx.store.put(valid), tx.done]);
    return valid;
  });
}

/** The series with this local id; null when there is none or the stored one is damaged. */
export async function getSeries(id: string): Promise<Series | null> {
  return withDb(async (db) => {
    const parsed = seriesSchema.safeParse(await db.get('series', id));
    return parsed.success ? parsed.data : null;
  });
}

export async function listSeries(): Promise<Series[]> {
  return withDb(async (db) => {
    return keepValid(seriesSchema, await db.getAll('series'));
  });
}

/**
 * Every series that shares at least one id with `ids`, each once. More than one result means the library holds
 * duplicates of one manga; the caller decides how to merge them.
 */
export async function findSeriesByIds(ids: CrossIds): Promise<Series[]> {
  return withDb(async (db) => {
    const store = db.transaction('series').store;
    const lookups: Promise<unknown[]>[] = [];
    if (ids.anilist !== undefined) lookups.push(store.index('byAnilist').getAll(ids.anilist));
    if (ids.mal !== undefined) lookups.push(store.index('byMal').getAll(ids.mal));
    if (ids.kitsu !== undefined) lookups.push(store.index('byKitsu').getAll(ids.kitsu));
    if (ids.mangadex !== undefined) lookups.push(store.index('byMangadex').getAll(ids.mangadex));
    const found = new Map<string, Series>();
    for (const series of keepValid(seriesSchema, (await Promise.all(lookups)).flat())) {
      if (!found.has(series.id)) found.set(series.id, series);
    }
    return [...found.values()];
  });
}

/**
 * Deletes a series with its entry and bindings, in one transaction: a binding left behind would keep its media
 * claimed (the `byMedia` index is unique), so the manga could never be bound to a series again. Outbox items are
 * kept: they are changes the user already made, owed to the service whatever happens locally.
 */
export async function deleteSeries(id: string): Promise<void> {
  return withDb(async (db) => {
    const tx = db.transaction(['series', 'entries', 'bindings'], 'readwrite');
    const bindings = tx.objectStore('bindings');
    const keys = await bindings.index('bySeries').getAllKeys(id);
    await Promise.all([
      tx.objectStore('series').delete(id),
      tx.objectStore('entries').delete(id),
      ...keys.map((key) => bindings.delete(key)),
      tx.done,
    ]);
  });
}
