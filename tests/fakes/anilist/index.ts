/**
 * A stateful, honest fake of AniList for the fake internet (TESTING.md §2): OAuth on anilist.co, GraphQL on
 * graphql.anilist.co, validated and executed against the real schema file, with AniList's rate limit, token and
 * error behaviour from reference/API-FACTS.md §A.
 */
import type { FakeContext, FakeRequest, FakeResponse, FakeService } from '../types';
import { handleOAuth } from './oauth';
import { handleGraphQL } from './http';
import type {
  AniListState,
  AuthorizeSession,
  ClientRecord,
  ListEntryRecord,
  MediaRecord,
  RateLimitConfig,
  UserRecord,
} from './model';
import { authorizeSeedSchema, parseSeed, rateLimitSeedSchema, stateFromSeed } from './seed';
import { issueAccessToken } from './tokens';

export type { AniListSeed } from './seed';
export type { AuthorizeSession, RateLimitConfig } from './model';
export type { ScoreFormat } from './scores';
export { rawToFormat, formatToRaw } from './scores';
export { ANILIST_SDL_PATH, anilistSchema, MAX_COMPLEXITY } from './schema';

export const ANILIST_HOSTS = ['anilist.co', 'graphql.anilist.co'] as const;

/** `state()`: everything a test may assert on, as plain JSON. */
export interface AniListSnapshot {
  users: (UserRecord & { list: ListEntryRecord[]; tokensIssued: number })[];
  clients: ClientRecord[];
  /** Seeded media beyond the shared catalogue. */
  media: MediaRecord[];
  tokens: { token: string; userId: number; clientId: string; iat: number; exp: number; revoked: boolean }[];
  config: { authorize: AuthorizeSession; rateLimit: RateLimitConfig };
  /** The current rate-limit window (`openedAt` in ms on the fake clock), null before the first request. */
  rateLimitWindow: { openedAt: number; hits: number } | null;
}

export interface AniListFake extends FakeService {
  readonly name: 'anilist';
  state(): AniListSnapshot;
  /**
   * Issues a real (JWT-shaped, one-year) token for a seeded user, as if they had approved `clientId` (default: the
   * first seeded client, else "1"). Tests use it to start "already connected".
   */
  issueToken(userName: string, clientId?: string | number): string;
  /** Revokes a token (as when the user revokes the app on anilist.co); false if the fake never issued it. */
  revokeToken(token: string): boolean;
  /** Changes who answers the authorize page and how (see `AuthorizeSession`). */
  setAuthorize(session: Partial<AuthorizeSession>): void;
  /** Changes the limiter (e.g. `{perMinute: 30, headerLimit: 90}` for AniList's "degraded" mode); resets the window. */
  setRateLimit(limit: { perMinute?: number; headerLimit?: number }): void;
}

function snapshot(state: AniListState): AniListSnapshot {
  const entries = [...state.lists.entries.values()].sort((a, b) => a.id - b.id);
  const tokens = [...state.tokens.values()];
  return structuredClone({
    users: [...state.users.values()].map((user) => ({
      ...user,
      tokensIssued: tokens.filter((t) => t.userId === user.id).length,
      list: entries.filter((e) => e.userId === user.id),
    })),
    clients: [...state.clients.values()],
    media: state.extraMedia,
    tokens: tokens.map(({ token, userId, clientId, iat, exp, revoked }) => ({ token, userId, clientId, iat, exp, revoked })),
    config: { authorize: state.authorize, rateLimit: state.rateLimit },
    rateLimitWindow: state.window,
  });
}

export function createAniListFake(ctx: FakeContext): AniListFake {
  const fresh = (data: unknown) => stateFromSeed(parseSeed(data), ctx.clock.now());
  let state = fresh({});

  const findUser = (name: string): UserRecord => {
    const user = [...state.users.values()].find((u) => u.name.toLowerCase() === name.toLowerCase());
    if (user === undefined) throw new Error(`AniList fake: no seeded user named ${name}`);
    return user;
  };

  return {
    name: 'anilist',
    hosts: ANILIST_HOSTS,
    handle(req: FakeRequest): FakeResponse {
      const now = ctx.clock.now();
      return req.host === 'graphql.anilist.co' ? handleGraphQL(state, req, now) : handleOAuth(state, req, now);
    },
    seed(data: unknown) {
      state = fresh(data);
    },
    state: () => snapshot(state),
    reset() {
      state = fresh({});
    },
    issueToken(userName, clientId) {
      const user = findUser(userName);
      const client = clientId === undefined ? (state.clients.keys().next().value ?? '1') : String(clientId);
      return issueAccessToken(state, user.id, client, ctx.clock.now()).token;
    },
    revokeToken(token) {
      const record = state.tokens.get(token);
      if (record === undefined) return false;
      record.revoked = true;
      return true;
    },
    setAuthorize(session) {
      const next = authorizeSeedSchema.parse({ ...state.authorize, ...session });
      if (next.user !== null) findUser(next.user);
      state.authorize = next;
    },
    setRateLimit(limit) {
      const next = rateLimitSeedSchema.parse({ perMinute: limit.perMinute ?? state.rateLimit.perMinute, headerLimit: limit.headerLimit });
      state.rateLimit = { perMinute: next.perMinute, headerLimit: next.headerLimit ?? next.perMinute };
      state.window = null;
    },
  };
}
