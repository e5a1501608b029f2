/**
 * The AniList fake's state: plain records, no behaviour. Everything the fake answers is derived from these, and
 * `state()` serialises them as they are, so a test asserts on exactly what a write stored.
 */
import { TRACKER_CATALOG } from '../catalog';
import type { ScoreFormat } from './scores';

export const MEDIA_LIST_STATUSES = ['CURRENT', 'PLANNING', 'COMPLETED', 'DROPPED', 'PAUSED', 'REPEATING'] as const;
export type MediaListStatus = (typeof MEDIA_LIST_STATUSES)[number];
export const MEDIA_TYPES = ['ANIME', 'MANGA'] as const;
export type MediaType = (typeof MEDIA_TYPES)[number];
export const MEDIA_FORMATS = ['TV', 'TV_SHORT', 'MOVIE', 'SPECIAL', 'OVA', 'ONA', 'MUSIC', 'MANGA', 'NOVEL', 'ONE_SHOT'] as const;
export type MediaFormat = (typeof MEDIA_FORMATS)[number];
export const MEDIA_STATUSES = ['FINISHED', 'RELEASING', 'NOT_YET_RELEASED', 'CANCELLED', 'HIATUS'] as const;
export type MediaStatus = (typeof MEDIA_STATUSES)[number];

/** Token lifetime: one year, no refresh token (API-FACTS §A Auth: exp − iat = 31,536,000). */
export const TOKEN_LIFETIME_S = 31_536_000;

export interface FuzzyDate {
  year: number | null;
  month: number | null;
  day: number | null;
}

export interface MediaRecord {
  id: number;
  idMal: number | null;
  type: MediaType;
  format: MediaFormat;
  status: MediaStatus;
  title: { romaji: string; english: string | null; native: string | null };
  synonyms: string[];
  /** All-null when unknown: AniList answers a FuzzyDate of nulls, not null. */
  startDate: FuzzyDate;
  chapters: number | null;
  volumes: number | null;
  episodes: number | null;
  isAdult: boolean;
  countryOfOrigin: string;
}

export interface UserRecord {
  id: number;
  name: string;
  scoreFormat: ScoreFormat;
  /** Names of the user's manga custom lists (`mediaListOptions.mangaList.customLists`). */
  customLists: string[];
  /** The site option "split completed list by format"; `forceSingleCompletedList` overrides it. */
  splitCompletedByFormat: boolean;
}

export interface ListEntryRecord {
  id: number;
  userId: number;
  mediaId: number;
  status: MediaListStatus;
  /** 0–100; every ScoreFormat is derived from it. */
  scoreRaw: number;
  progress: number;
  progressVolumes: number;
  repeat: number;
  priority: number;
  private: boolean;
  notes: string | null;
  hiddenFromStatusLists: boolean;
  /** Names of the custom lists this entry is on. */
  customLists: string[];
  startedAt: FuzzyDate;
  completedAt: FuzzyDate;
  /** Unix seconds (API-FACTS §E). */
  updatedAt: number;
  createdAt: number;
}

/** The part of the state a mutation may change; a request works on a copy and commits it only on success. */
export interface ListData {
  entries: Map<number, ListEntryRecord>;
  nextEntryId: number;
}

export interface ClientRecord {
  /** AniList client ids are numbers; kept as the decimal string that appears in URLs and in the JWT `aud`. */
  id: string;
  secret: string | null;
  redirectUri: string;
  name: string;
}

export interface TokenRecord {
  token: string;
  userId: number;
  clientId: string;
  /** Unix seconds. */
  iat: number;
  exp: number;
  revoked: boolean;
}

export interface AuthCodeRecord {
  code: string;
  clientId: string;
  userId: number;
  redirectUri: string;
  /** Unix seconds; codes are short-lived like Laravel Passport's (10 minutes). */
  expiresAt: number;
  used: boolean;
}

/** The "browser session" that answers the authorize page. */
export interface AuthorizeSession {
  /** Name of the logged-in AniList user, or null for "not logged in" (the login page is shown). */
  user: string | null;
  /** approve → redirect with a token/code; deny → redirect with `error=access_denied`; hang → login page forever. */
  action: 'approve' | 'deny' | 'hang';
}

export interface RateLimitConfig {
  /** Requests allowed per minute before 429. */
  perMinute: number;
  /**
   * What `X-RateLimit-Limit` claims. AniList announced a "degraded" 30/min that its headers do not reflect: they
   * still say 90, and the 429 comes when `X-RateLimit-Remaining` reaches 60 (API-FACTS §A Rate limits).
   */
  headerLimit: number;
}

export interface AniListState {
  users: Map<number, UserRecord>;
  lists: ListData;
  /** Catalogue media, decoy anime and seeded extras, by id. */
  media: Map<number, MediaRecord>;
  /** Only the seeded extras, for `state()`. */
  extraMedia: MediaRecord[];
  clients: Map<string, ClientRecord>;
  tokens: Map<string, TokenRecord>;
  codes: Map<string, AuthCodeRecord>;
  authorize: AuthorizeSession;
  rateLimit: RateLimitConfig;
  /** Laravel-style throttle window: opened by the first request, lasts 60 s. */
  window: { openedAt: number; hits: number } | null;
}

/** The shared catalogue as AniList media (type MANGA, light novels included as AniList files them; from Japan). */
function catalogMedia(): MediaRecord[] {
  return TRACKER_CATALOG.map((m) => ({
    id: m.anilist,
    idMal: m.mal,
    type: 'MANGA',
    format: m.format,
    status: m.publishing,
    title: { ...m.title },
    synonyms: [...m.synonyms],
    startDate: { ...m.startDate },
    chapters: m.chapters,
    volumes: m.volumes,
    episodes: null,
    isAdult: false,
    countryOfOrigin: 'JP',
  }));
}

/**
 * Anime that share ids or titles with catalogue manga. On AniList anime and manga live in one id space and MAL ids
 * of anime and manga overlap, so `Media(idMal: 1)` without `type: MANGA` finds Cowboy Bebop, not the manga Monster
 * (API-FACTS §A: "Looking up by idMal needs type: MANGA"). These decoys make a client that forgets `type` fail.
 */
const DECOY_ANIME: readonly MediaRecord[] = [
  {
    id: 1, idMal: 1, type: 'ANIME', format: 'TV', status: 'FINISHED',
    title: { romaji: 'Cowboy Bebop', english: 'Cowboy Bebop', native: 'カウボーイビバップ' },
    synonyms: [], startDate: { year: 1998, month: 4, day: 3 }, chapters: null, volumes: null, episodes: 26, isAdult: false, countryOfOrigin: 'JP',
  },
  {
    id: 21, idMal: 21, type: 'ANIME', format: 'TV', status: 'RELEASING',
    title: { romaji: 'ONE PIECE', english: 'One Piece', native: 'ONE PIECE' },
    synonyms: [], startDate: { year: 1999, month: 10, day: 20 }, chapters: null, volumes: null, episodes: null, isAdult: false, countryOfOrigin: 'JP',
  },
];

export function builtInMedia(): MediaRecord[] {
  return [...DECOY_ANIME.map((m) => structuredClone(m)), ...catalogMedia()];
}

export function emptyFuzzyDate(): FuzzyDate {
  return { year: null, month: null, day: null };
}

export function cloneListData(lists: ListData): ListData {
  return {
    entries: new Map([...lists.entries].map(([id, entry]) => [id, structuredClone(entry)])),
    nextEntryId: lists.nextEntryId,
  };
}

export function nowSeconds(nowMs: number): number {
  return Math.floor(nowMs / 1000);
}
