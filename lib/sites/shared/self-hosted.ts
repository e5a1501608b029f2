/**
 * Reading self-hosted reader servers (SITES.md §B): their API answers checked by hand (zod stays out of the
 * content script's size budget), their login tokens and their tracker links.
 * Anything of an unexpected shape reads as null, so an adapter reports nothing rather than a guessed chapter.
 */
import type { DetectedPage, ServerApi } from '../types';
import { MAX_PAGES } from './page-counter';

type ExternalIds = DetectedPage['externalIds'];

/** A plain JSON object, or null. */
export function asRecord(value: unknown): Record<string, unknown> | null {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
}

/** A non-blank string, whitespace collapsed and capped; null otherwise. */
export function asText(value: unknown, maxLength = 500): string | null {
  if (typeof value !== 'string') return null;
  const text = value.replace(/\s+/g, ' ').trim().slice(0, maxLength);
  return text || null;
}

/** A page count: an integer in 0..MAX_PAGES, or null. */
export function asCount(value: unknown): number | null {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= MAX_PAGES ? value : null;
}

/** The server's answer, or undefined when it refused (signed out, not found, not JSON): the caller gives up. */
export async function answer(api: ServerApi, path: string, headers?: Record<string, string>): Promise<unknown> {
  try {
    return await api.getJson(path, headers);
  } catch {
    return undefined;
  }
}

/**
 * An `Authorization: Bearer` header for a token read from the page's storage, or null when the value cannot be a
 * token (absent, empty, or with characters a header must not carry).
 */
export function bearer(token: unknown): Record<string, string> | null {
  return typeof token === 'string' && /^[\w.~+/=-]{1,4096}$/.test(token) ? { Authorization: `Bearer ${token}` } : null;
}

type Tracker = 'anilist' | 'mal' | 'kitsu';
const TRACKER_LINK = /^https?:\/\/(?:www\.)?(anilist\.co|myanimelist\.net|kitsu\.app|kitsu\.io)\/manga\/([^/?#]+)/i;
const TRACKER_BY_HOST: Record<string, Tracker> = { 'anilist.co': 'anilist', 'myanimelist.net': 'mal', 'kitsu.app': 'kitsu', 'kitsu.io': 'kitsu' };

/** A positive integer id that fits the trackers' 32-bit ids, or undefined. */
const positiveId = (id: string | undefined) => (id && /^\d{1,10}$/.test(id) && Number(id) > 0 && Number(id) <= 2 ** 31 ? Number(id) : undefined);

/**
 * Tracker ids from links to AniList, MyAnimeList and Kitsu manga pages (Kitsu links moved from kitsu.io to
 * kitsu.app: SITES.md "Cross-cutting facts" 6). A tracker named with two different ids is left out: which one
 * is right cannot be told, and a wrong id would update someone else's series.
 */
export function trackerIdsFromUrls(urls: Iterable<unknown>): ExternalIds {
  const found = new Map<Tracker, Set<string>>();
  for (const url of urls) {
    const [, host, id] = (typeof url === 'string' ? TRACKER_LINK.exec(url.trim()) : null) ?? [];
    const tracker = host ? TRACKER_BY_HOST[host.toLowerCase()] : undefined;
    if (tracker && id) found.set(tracker, (found.get(tracker) ?? new Set()).add(id.toLowerCase()));
  }
  const only = (tracker: Tracker) => {
    const ids = found.get(tracker);
    return ids?.size === 1 ? [...ids][0] : undefined;
  };
  const ids: ExternalIds = {};
  const anilist = positiveId(only('anilist'));
  const mal = positiveId(only('mal'));
  // Kitsu ids are strings; its links carry the numeric id or the slug, and both are passed on as they are.
  const kitsu = only('kitsu');
  if (anilist) ids.anilist = anilist;
  if (mal) ids.mal = mal;
  if (kitsu && /^[a-z0-9-]{1,100}$/.test(kitsu)) ids.kitsu = kitsu;
  return ids;
}
