/**
 * State of the Kitsu fake: users, OAuth tokens, library entries, the manga catalogue and the login throttle.
 * Passwords stay in here; `snapshot()` never shows them.
 */
import { randomBytes } from 'node:crypto';
import { calendarDate, TRACKER_CATALOG, type CatalogFormat } from '../catalog';
import type { FakeClock } from '../types';
import { parseKitsuSeed, type KitsuManga, type KitsuStatus } from './seed';

export interface KitsuUser {
  id: string;
  name: string;
  slug: string;
  email: string | null;
  password: string;
  ratingSystem: 'simple' | 'regular' | 'advanced';
  createdAt: string;
}

export interface KitsuEntry {
  id: string;
  userId: string;
  mangaId: string;
  status: KitsuStatus;
  progress: number;
  volumesOwned: number;
  reconsuming: boolean;
  reconsumeCount: number;
  notes: string | null;
  private: boolean;
  reactionSkipped: 'unskipped' | 'skipped' | 'ignored';
  ratingTwenty: number | null;
  progressedAt: string | null;
  startedAt: string | null;
  finishedAt: string | null;
  createdAt: string;
  updatedAt: string;
}

/** Doorkeeper keeps access and refresh token in one record, so revoking one revokes both. */
export interface KitsuToken {
  accessToken: string;
  refreshToken: string;
  userId: string;
  /** The OAuth application the token was issued to, or `null` (password grants may skip client auth). */
  clientId: string | null;
  createdAt: number;
  expiresAt: number;
  revoked: boolean;
}

export interface KitsuMapping {
  id: string;
  externalSite: 'myanimelist/manga' | 'anilist/manga';
  externalId: string;
  mangaId: string;
}

/** API-FACTS §C: public client constants used by Kitsu clients. */
export const DEFAULT_CLIENT = {
  id: 'dd031b32d2f56c990b1425efe6c42ad847e7fe3ab46bf1299f05ecd856bdb7dd',
  secret: '54d7307928f63414defd96399fc31ba847961ceaecef3a5fd93144e960c0e151',
};

/** API-FACTS §C: access tokens live 30 days (kitsu-server `access_token_expires_in 30.days`). */
export const ACCESS_LIFETIME_SEC = 30 * 24 * 3600;

/** Kitsu's timestamps: ISO 8601 with milliseconds and `Z` (API-FACTS §E). */
export function kitsuTime(ms: number): string {
  return new Date(ms).toISOString();
}

/** Creation time of catalogue records, which never change. */
export const STATIC_TIME = '2013-01-01T00:00:00.000Z';

const SUBTYPES: Record<CatalogFormat, KitsuManga['subtype']> = { MANGA: 'manga', ONE_SHOT: 'oneshot', NOVEL: 'novel' };

function catalogueManga(): KitsuManga[] {
  return TRACKER_CATALOG.map((m) => ({
    id: m.kitsu,
    slug: m.kitsuSlug,
    canonicalTitle: m.title.romaji,
    titles: Object.fromEntries(
      Object.entries({ en: m.title.english, en_jp: m.title.romaji, ja_jp: m.title.native }).filter(
        (e): e is [string, string] => e[1] !== null,
      ),
    ),
    abbreviatedTitles: [...m.synonyms],
    subtype: SUBTYPES[m.format],
    startDate: calendarDate(m.startDate),
    chapterCount: m.chapters,
    volumeCount: m.volumes,
    status: m.publishing === 'FINISHED' ? 'finished' : 'current',
    mappings: { myanimelist: m.mal, anilist: m.anilist },
  }));
}

export class KitsuStore {
  client = { ...DEFAULT_CLIENT };
  users = new Map<string, KitsuUser>();
  entries = new Map<string, KitsuEntry>();
  manga = new Map<string, KitsuManga>();
  mappings: KitsuMapping[] = [];
  tokens: KitsuToken[] = [];
  /** Rack::Attack counts per fixed, epoch-aligned period: `[period index, count]`. */
  logins: [number, number] = [0, 0];
  private nextEntryId = 1;

  constructor(private readonly clock: FakeClock) {
    this.reset();
  }

  now(): number {
    return this.clock.now();
  }

  reset(): void {
    this.client = { ...DEFAULT_CLIENT };
    this.users.clear();
    this.entries.clear();
    this.tokens = [];
    this.logins = [0, 0];
    this.nextEntryId = 1;
    this.setManga(catalogueManga());
  }

  private setManga(list: KitsuManga[]): void {
    this.manga = new Map(list.map((m) => [m.id, m]));
    this.mappings = [];
    for (const m of this.manga.values()) {
      for (const [site, id] of [['myanimelist/manga', m.mappings.myanimelist], ['anilist/manga', m.mappings.anilist]] as const) {
        if (id !== undefined) this.mappings.push({ id: String(this.mappings.length + 1), externalSite: site, externalId: String(id), mangaId: m.id });
      }
    }
  }

  load(data: unknown): void {
    const seed = parseKitsuSeed(data);
    this.reset();
    if (seed.client !== undefined) this.client = { ...seed.client };
    this.setManga([...catalogueManga(), ...seed.manga]);
    const now = kitsuTime(this.now());
    for (const u of seed.users) {
      const slug = u.slug ?? u.name.toLowerCase().replace(/[^a-z0-9]+/g, '-');
      this.users.set(u.id, { id: u.id, name: u.name, slug, email: u.email ?? null, password: u.password, ratingSystem: u.ratingSystem, createdAt: now });
      for (const e of u.list) {
        if (!this.manga.has(e.mangaId)) throw new Error(`kitsu fake: user ${u.name} lists unknown manga ${e.mangaId}`);
        // Seeds are imports: stored as given, without the save rules (kitsu-server skips them for `imported`).
        const id = e.id ?? this.newEntryId();
        if (this.entries.has(id)) throw new Error(`kitsu fake: library entry id ${id} is seeded twice`);
        this.entries.set(id, {
          id, userId: u.id, mangaId: e.mangaId, status: e.status, progress: e.progress, volumesOwned: e.volumesOwned,
          reconsuming: e.reconsuming, reconsumeCount: e.reconsumeCount, notes: e.notes, private: e.private,
          reactionSkipped: 'unskipped', ratingTwenty: e.ratingTwenty,
          progressedAt: norm(e.progressedAt), startedAt: norm(e.startedAt), finishedAt: norm(e.finishedAt),
          createdAt: norm(e.createdAt) ?? now, updatedAt: norm(e.updatedAt) ?? now,
        });
        this.nextEntryId = Math.max(this.nextEntryId, Number(id) + 1);
      }
      if (u.token !== undefined) this.issue(u.id, null, u.token, u.refreshToken);
    }
  }

  newEntryId(): string {
    return String(this.nextEntryId++);
  }

  userByLogin(login: string): KitsuUser | undefined {
    const lower = login.toLowerCase();
    return [...this.users.values()].find((u) => u.email?.toLowerCase() === lower || u.slug.toLowerCase() === lower);
  }

  issue(userId: string, clientId: string | null, access = randomToken(), refresh = randomToken()): KitsuToken {
    const now = this.now();
    const token = { accessToken: access, refreshToken: refresh, userId, clientId, createdAt: now, expiresAt: now + ACCESS_LIFETIME_SEC * 1000, revoked: false };
    this.tokens.push(token);
    return token;
  }

  /** Doorkeeper's `accessible?`: not revoked and not expired. */
  accessible(t: KitsuToken): boolean {
    return !t.revoked && this.now() < t.expiresAt;
  }

  snapshot(): unknown {
    return {
      users: [...this.users.values()].map((u) => ({ id: u.id, name: u.name, slug: u.slug, email: u.email, ratingSystem: u.ratingSystem, createdAt: u.createdAt })),
      entries: [...this.entries.values()].map((e) => ({ ...e })),
      tokens: this.tokens.map((t) => ({ ...t, accessible: this.accessible(t) })),
      logins: { period: this.logins[0], count: this.logins[1] },
    };
  }
}

export function randomToken(): string {
  return randomBytes(32).toString('hex');
}

function norm(value: string | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  return kitsuTime(Date.parse(value));
}

