/**
 * State of the MyAnimeList fake: apps, users and their manga lists, issued codes and tokens, the browser session
 * the authorize page sees, and the throttle window. All times come from the fake clock.
 */
import { randomBytes } from 'node:crypto';
import type { FakeClock } from '../types';
import { catalogueManga } from './catalog';
import {
  parseMalSeed,
  type MalAuthorize,
  type MalClient,
  type MalManga,
  type MalStatus,
  type MalThrottle,
} from './seed';

/** A stored list entry: every field `MangaListStatus` can show (API-FACTS §B), unset dates as `null`. */
export interface MalListStatus {
  status: MalStatus;
  score: number;
  num_volumes_read: number;
  num_chapters_read: number;
  is_rereading: boolean;
  start_date: string | null;
  finish_date: string | null;
  priority: number;
  num_times_reread: number;
  reread_value: number;
  tags: string[];
  comments: string;
  updated_at: string;
}

export interface MalUser {
  id: number;
  name: string;
  picture?: string;
  joined_at: string;
  list: Map<number, MalListStatus>;
}

export interface MalAccessToken {
  token: string;
  userId: number;
  clientId: string;
  expiresAt: number;
  revoked: boolean;
}

export interface MalRefreshToken extends MalAccessToken {
  accessToken: string;
}

export interface MalAuthCode {
  code: string;
  clientId: string;
  redirectUri: string;
  challenge: string;
  userId: number;
  expiresAt: number;
  used: boolean;
  /** Tokens bought with this code, revoked if the code is replayed (RFC 6749 §4.1.2). */
  accessTokens: string[];
}

/** API-FACTS §E: MAL's `updated_at` is ISO 8601 with `+00:00` and whole seconds. */
export function malTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, '+00:00');
}

export function randomToken(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}

/** Authorization codes are short-lived; MAL does not document the value, 10 min is the RFC 6749 §4.1.2 maximum. */
export const CODE_LIFETIME_MS = 10 * 60 * 1000;

export class MalStore {
  clients = new Map<string, MalClient>();
  users = new Map<number, MalUser>();
  manga = new Map<number, MalManga>();
  access = new Map<string, MalAccessToken>();
  refresh = new Map<string, MalRefreshToken>();
  codes = new Map<string, MalAuthCode>();
  authorize: MalAuthorize = { user: null, action: 'approve' };
  throttle: MalThrottle | null = null;
  /** Times of the requests counted against the throttle window. */
  hits: number[] = [];
  accessLifetimeSec = 2_678_400;
  refreshLifetimeSec = 2_678_400;

  constructor(private readonly clock: FakeClock) {
    this.reset();
  }

  now(): number {
    return this.clock.now();
  }

  reset(): void {
    this.clients.clear();
    this.users.clear();
    this.access.clear();
    this.refresh.clear();
    this.codes.clear();
    this.manga = new Map(catalogueManga().map((m) => [m.id, m]));
    this.authorize = { user: null, action: 'approve' };
    this.throttle = null;
    this.hits = [];
    this.accessLifetimeSec = 2_678_400;
    this.refreshLifetimeSec = 2_678_400;
  }

  load(data: unknown): void {
    const seed = parseMalSeed(data);
    this.reset();
    this.accessLifetimeSec = seed.accessTokenLifetimeSec;
    this.refreshLifetimeSec = seed.refreshTokenLifetimeSec;
    for (const client of seed.clients) this.clients.set(client.id, client);
    for (const manga of seed.manga) this.manga.set(manga.id, manga);
    const now = malTime(this.now());
    for (const u of seed.users) {
      const list = new Map<number, MalListStatus>();
      for (const e of u.list) {
        if (!this.manga.has(e.mangaId)) throw new Error(`mal fake: user ${u.name} lists unknown manga ${e.mangaId}`);
        list.set(e.mangaId, {
          status: e.status,
          score: e.score ?? 0,
          num_volumes_read: e.num_volumes_read ?? 0,
          num_chapters_read: e.num_chapters_read ?? 0,
          is_rereading: e.is_rereading ?? false,
          start_date: e.start_date ?? null,
          finish_date: e.finish_date ?? null,
          priority: e.priority ?? 0,
          num_times_reread: e.num_times_reread ?? 0,
          reread_value: e.reread_value ?? 0,
          tags: e.tags ?? [],
          comments: e.comments ?? '',
          updated_at: e.updated_at === undefined ? now : malTime(Date.parse(e.updated_at)),
        });
      }
      this.users.set(u.id, { id: u.id, name: u.name, picture: u.picture, joined_at: u.joined_at ?? now, list });
      if (u.token !== undefined || u.refreshToken !== undefined) {
        const clientId = u.clientId ?? seed.clients[0]?.id;
        if (clientId === undefined) throw new Error(`mal fake: user ${u.name} has a token but no client is seeded`);
        this.issue(u.id, clientId, this.accessLifetimeSec, u.token, u.refreshToken);
      }
    }
    this.authorize = seed.authorize ?? { user: seed.users[0]?.name ?? null, action: 'approve' };
    this.throttle = seed.throttle ?? null;
  }

  userByName(name: string): MalUser | undefined {
    const lower = name.toLowerCase();
    return [...this.users.values()].find((u) => u.name.toLowerCase() === lower);
  }

  issue(
    userId: number,
    clientId: string,
    lifetimeSec: number,
    accessToken = randomToken(),
    refreshToken = randomToken(),
  ): { access_token: string; refresh_token: string; expires_in: number } {
    const now = this.now();
    this.access.set(accessToken, { token: accessToken, userId, clientId, expiresAt: now + lifetimeSec * 1000, revoked: false });
    this.refresh.set(refreshToken, {
      token: refreshToken,
      userId,
      clientId,
      expiresAt: now + this.refreshLifetimeSec * 1000,
      revoked: false,
      accessToken,
    });
    return { access_token: accessToken, refresh_token: refreshToken, expires_in: lifetimeSec };
  }

  /** The user behind a bearer token, or `null` when it is unknown, revoked or expired. */
  userForToken(token: string): MalUser | null {
    const t = this.access.get(token);
    if (t === undefined || t.revoked || this.now() >= t.expiresAt) return null;
    return this.users.get(t.userId) ?? null;
  }

  /** Counts one API request; `false` when it is over the configured window (API-FACTS §B: 403 throttling). */
  admit(): boolean {
    if (this.throttle === null) return true;
    const now = this.now();
    const since = now - this.throttle.windowMs;
    this.hits = this.hits.filter((t) => t > since);
    if (this.hits.length >= this.throttle.limit) return false;
    this.hits.push(now);
    return true;
  }

  snapshot(): unknown {
    const now = this.now();
    return {
      clients: [...this.clients.values()].map((c) => ({ id: c.id, redirectUri: c.redirectUri, hasSecret: c.secret !== undefined })),
      users: [...this.users.values()].map((u) => ({
        id: u.id,
        name: u.name,
        list: [...u.list.entries()].map(([mangaId, s]) => ({ mangaId, ...s, tags: [...s.tags] })),
      })),
      tokens: [...this.access.values()].map((t) => ({ ...t, expired: now >= t.expiresAt })),
      refreshTokens: [...this.refresh.values()].map((t) => ({ ...t, expired: now >= t.expiresAt })),
      codes: [...this.codes.values()].map((c) => ({ ...c, accessTokens: [...c.accessTokens] })),
      authorize: { ...this.authorize },
      throttle: this.throttle === null ? null : { ...this.throttle, used: this.hits.length },
    };
  }
}
