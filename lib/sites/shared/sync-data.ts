import type { DetectedPage } from '../types';
import { parseNumber } from './chapter-number';

/**
 * The `#syncData` JSON that MangaFire, Comix and MangaReader.to embed in their pages (SITES.md, cross-cutting
 * fact 4, §C.3–C.5): the most reliable signal on those sites, yet still page content, so every field is checked
 * by hand here (zod stays out of the content-script bundle, which has a 15 KiB budget).
 */

export type SyncData = Readonly<Record<string, unknown>>;

/** A real blob is a dozen short fields; a page cannot make us parse megabytes. */
const MAX_JSON_CHARS = 20_000;
/** AniList and MyAnimeList ids have six digits today; anything far beyond is not an id. */
const MAX_TRACKER_ID = 10_000_000;

/** The page's `#syncData` object, or null when it is missing, duplicated, oversized or not a JSON object. */
export function readSyncData(doc: Document): SyncData | null {
  const elements = doc.querySelectorAll('#syncData');
  // Ids are unique on the site's own markup: a second one was injected (user content, an extension), and
  // nothing tells which of the two is real.
  if (elements.length !== 1) return null;
  const text = elements[0]?.textContent ?? '';
  if (text.length > MAX_JSON_CHARS) return null;
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return null;
  }
  return typeof data === 'object' && data !== null && !Array.isArray(data) ? (data as SyncData) : null;
}

/** The field's own value (never one inherited from Object.prototype). */
function field(data: SyncData, key: string): unknown {
  return Object.hasOwn(data, key) ? data[key] : undefined;
}

/** A non-empty string field, whitespace collapsed and capped, or null. */
export function syncString(data: SyncData, key: string, maxLength = 500): string | null {
  const value = field(data, key);
  if (typeof value !== 'string') return null;
  const text = value.replace(/\s+/g, ' ').trim().slice(0, maxLength);
  return text || null;
}

/** A decimal field, given as a JSON number (`84`, `12.5`) or a string (`"168"`), validated like a page label. */
export function syncNumber(data: SyncData, key: string, max?: number): number | null {
  const value = field(data, key);
  if (typeof value === 'number') return Number.isFinite(value) ? parseNumber(String(value), max) : null;
  return typeof value === 'string' ? parseNumber(value, max) : null;
}

/** A tracker id: a positive whole number within bounds, as a JSON number or a string of digits only. */
function trackerId(value: unknown): number | null {
  const id = typeof value === 'string' && /^[1-9]\d{0,7}$/.test(value) ? Number(value) : value;
  return typeof id === 'number' && Number.isSafeInteger(id) && id >= 1 && id <= MAX_TRACKER_ID ? id : null;
}

/** `anilist_id` / `mal_id`, each only when the page really offers one ("" or 0 is no id). */
export function syncTrackerIds(data: SyncData): { anilist?: number; mal?: number } {
  const anilist = trackerId(field(data, 'anilist_id'));
  const mal = trackerId(field(data, 'mal_id'));
  return { ...(anilist === null ? {} : { anilist }), ...(mal === null ? {} : { mal }) };
}

const NAMED_ENTITIES = new Map([
  ['amp', '&'],
  ['lt', '<'],
  ['gt', '>'],
  ['quot', '"'],
  ['apos', "'"],
  ['nbsp', ' '],
]);

/** Decodes the HTML entities a site left in a JSON string (MangaReader.to's `name`, §C.5); the result is text, never markup. */
export function decodeEntities(text: string): string {
  return text.replace(/&(?:#(\d{1,7})|#x([\da-f]{1,6})|([a-z]{2,4}));/gi, (entity, dec?: string, hex?: string, name?: string) => {
    if (name !== undefined) return NAMED_ENTITIES.get(name.toLowerCase()) ?? entity;
    const code = dec !== undefined ? Number(dec) : parseInt(hex ?? '', 16);
    return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : entity;
  });
}

/**
 * A chapter page whose `#syncData` names the chapter (MangaFire, Comix): taken only when the blob says it is a
 * chapter page and its number equals the URL's. The reader can change chapter in place (§0), so the two may
 * briefly disagree: then the blob is stale or forged, and neither number is taken.
 */
export function detectSyncDataChapter(
  site: string,
  doc: Document,
  parts: { seriesKey: string; chapterKey: string | null; chapter: number | null } | null,
  progress: (doc: Document) => DetectedPage['progress'],
): DetectedPage | null {
  const data = parts ? readSyncData(doc) : null;
  if (!parts || data?.page !== 'chapter') return null;
  const chapter = syncNumber(data, 'number');
  const title = syncString(data, 'name');
  if (chapter === null || chapter !== parts.chapter || !title) return null;
  return {
    site,
    seriesKey: parts.seriesKey,
    title,
    chapterKey: parts.chapterKey,
    chapter,
    volume: null,
    progress: progress(doc),
    externalIds: syncTrackerIds(data),
  };
}
