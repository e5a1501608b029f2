/**
 * How reading is tracked (issue: read detection modes, per site or global), kept in IndexedDB and validated on
 * every read and write. Content scripts get only the resolved settings for their own site.
 */
import { z } from 'zod/mini';
import { settingsRecord } from '../library/settings-record';

export const READ_MODES = ['automatic', 'ask', 'manual'] as const;
export type ReadMode = (typeof READ_MODES)[number];

const siteId = z.string().check(z.regex(/^[a-z0-9-]{1,40}$/));

/** One series the user asked not to track, shown in Sites so it can be tracked again. */
export const ignoredSeriesSchema = z.strictObject({
  site: siteId,
  seriesKey: z.string().check(z.minLength(1), z.maxLength(300)),
  title: z.string().check(z.maxLength(500)),
});
export type IgnoredSeries = z.infer<typeof ignoredSeriesSchema>;

export const readingSettingsSchema = z.strictObject({
  /** automatic: update after a short countdown; ask: show the notice and wait; manual: only the popup's button. */
  mode: z.enum(READ_MODES),
  /** Seconds on a chapter before it can count as read. */
  minSeconds: z.int().check(z.minimum(0), z.maximum(600)),
  /** Chapters ahead of the saved progress beyond which an automatic update asks first. */
  maxJump: z.int().check(z.minimum(1), z.maximum(1000)),
  /** Seconds the in-page notice counts down before an automatic update is sent (0 = at once). */
  countdownSeconds: z.int().check(z.minimum(0), z.maximum(60)),
  /** Reading the last known chapter completes the series by itself, or asks first. */
  completeWithoutAsking: z.boolean(),
  /** Per adapter: off, or a mode other than the global one. */
  sites: z.record(siteId, z.strictObject({ enabled: z.boolean(), mode: z.nullable(z.enum(READ_MODES)) })),
  /** Series never tracked automatically or by the notice. */
  ignored: z.array(ignoredSeriesSchema).check(z.maxLength(5000)),
});
export type ReadingSettings = z.infer<typeof readingSettingsSchema>;

/** DESIGN.md defaults: automatic tracking on, 10 s on a chapter. */
export const DEFAULT_READING_SETTINGS: ReadingSettings = {
  mode: 'automatic',
  minSeconds: 10,
  maxJump: 10,
  countdownSeconds: 5,
  completeWithoutAsking: true,
  sites: {},
  ignored: [],
};

/** What a content script on one site needs to know. */
export interface SiteReading {
  enabled: boolean;
  mode: ReadMode;
  minSeconds: number;
}

/** Where the reading settings are kept in the settings store. */
export const READING_SETTINGS_KEY = 'reading';

const record = settingsRecord(READING_SETTINGS_KEY, readingSettingsSchema, DEFAULT_READING_SETTINGS);

export function readReadingSettings(): Promise<ReadingSettings> {
  return record.read();
}

export function saveReadingSettings(settings: ReadingSettings): Promise<void> {
  return record.save(settings);
}

/** Applies `change` to the stored settings in one transaction, so two quick edits cannot undo each other. */
export async function updateReadingSettings(change: (current: ReadingSettings) => ReadingSettings): Promise<ReadingSettings> {
  return (await record.update(change)).after;
}

export function siteReading(settings: ReadingSettings, site: string): SiteReading {
  const own = Object.hasOwn(settings.sites, site) ? settings.sites[site] : undefined;
  return { enabled: own?.enabled ?? true, mode: own?.mode ?? settings.mode, minSeconds: settings.minSeconds };
}

export function isIgnored(settings: ReadingSettings, site: string, seriesKey: string): boolean {
  return settings.ignored.some((s) => s.site === site && s.seriesKey === seriesKey);
}
