/**
 * Shared set-up for the Kitsu client tests: one fake internet with the Kitsu fake (started once per file), a
 * fetch that reaches it, a fast limiter, and a signed-in tracker built the way the background builds it —
 * credentials in the vault, a session with Kitsu's refresh grant.
 */
import { deleteDB } from 'idb';
import { z } from 'zod';
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';
import { saveCredentials, type Credentials } from '../../../../lib/auth/credentials';
import { createSession } from '../../../../lib/auth/session';
import { DB_NAME } from '../../../../lib/library/db';
import { KITSU_PUBLIC_CLIENT } from '../../../../lib/trackers/kitsu/auth';
import { kitsu } from '../../../../lib/trackers/kitsu';
import type { ClientConfig } from '../../../../lib/trackers/module';
import { createRateLimiter, type RateLimiter } from '../../../../lib/trackers/rate-limiter';
import type { CallResult, Tracker } from '../../../../lib/trackers/tracker';
import { createKitsuFake, type KitsuFake, type KitsuSeedInput } from '../../../fakes/kitsu';
import { createFakeInternetFetch } from '../../../fakes/fetch';
import { startFakeInternet, type FakeInternet } from '../../../fakes/server';

export const PASSWORD = 'correct horse battery staple';
/** Start of a login-throttle minute, so "15 logins within a minute" is deterministic. */
export const T0 = Date.UTC(2025, 0, 15, 12, 0, 0);

export const SEED: KitsuSeedInput = {
  users: [
    {
      id: 1, name: 'Reader', slug: 'reader', email: 'reader@example.org', password: PASSWORD, ratingSystem: 'advanced',
      list: [
        { id: 100, mangaId: 24, status: 'current', progress: 300, ratingTwenty: 17, volumesOwned: 3, updatedAt: '2025-01-01T00:00:00.000Z', startedAt: '2024-03-05T00:00:00.000Z' },
        { id: 101, mangaId: 183, status: 'completed', progress: 327, ratingTwenty: 20, reconsumeCount: 2, notes: 'again', updatedAt: '2025-01-10T00:00:00.000Z', finishedAt: '2024-12-24T18:30:00.000Z' },
        { id: 102, mangaId: 38, status: 'current', progress: 1100, reconsuming: true, private: true, updatedAt: '2025-01-12T00:00:00.000Z' },
      ],
    },
    { id: 2, name: 'Other', slug: 'other', password: 'other-pw', ratingSystem: 'simple', list: [{ id: 200, mangaId: 8, status: 'planned' }] },
  ],
};

export interface SignInOptions {
  account?: { userId: string; scoreSetting: string | null } | null;
  now?: () => number;
  /** Defaults to a fresh fast limiter. */
  limiter?: RateLimiter;
}

export interface KitsuWorld {
  internet: FakeInternet;
  fake: KitsuFake;
  fetch: typeof fetch;
  config: () => ClientConfig;
  /**
   * Signs `user` in (fake-issued tokens in the vault) and builds the tracker the background would. The session
   * tells time by the fake internet's clock unless `now` says otherwise.
   */
  signIn(user?: string, options?: SignInOptions): Promise<Tracker>;
}

/** Registers the hooks of a test file and returns the world they maintain. */
export function useKitsuWorld(seed: KitsuSeedInput = SEED): KitsuWorld {
  const world = {} as KitsuWorld;
  beforeAll(async () => {
    world.internet = await startFakeInternet({ services: [createKitsuFake] });
    world.fake = world.internet.services.kitsu as KitsuFake;
    world.fetch = createFakeInternetFetch(world.internet);
  });
  afterAll(() => world.internet.close());
  beforeEach(() => {
    world.internet.reset();
    world.internet.clock.set(T0);
    world.fake.seed(seed);
  });
  afterEach(() => deleteDB(DB_NAME));

  // A fresh limiter per call: a 429 pauses its limiter, which must not slow the next test down.
  world.config = () => ({
    clientId: '',
    clientSecret: null,
    fetch: world.fetch,
    limiter: createRateLimiter({ perMinute: 6000, burst: 100 }),
  });
  world.signIn = async (user = 'Reader', options = {}) => {
    const account = options.account === undefined ? { userId: '1', scoreSetting: 'advanced' } : options.account;
    const tokens = world.fake.issueTokens(user);
    const credentials: Credentials = {
      accessToken: tokens.access_token,
      refreshToken: tokens.refresh_token,
      expiresAt: (tokens.created_at + tokens.expires_in) * 1000,
      clientId: KITSU_PUBLIC_CLIENT.id,
    };
    await saveCredentials('kitsu', credentials);
    const config = world.config();
    const session = createSession('kitsu', kitsu.refreshGrant(config), options.now ?? (() => world.internet.clock.now()));
    const limiter = options.limiter ?? config.limiter;
    return kitsu.createTracker({ session, clientId: KITSU_PUBLIC_CLIENT.id, account, fetch: config.fetch, limiter });
  };
  return world;
}

/** Unwraps an `ok` result, failing the test with the failure's message otherwise. */
export function value<T>(result: CallResult<T>): T {
  if (result.kind !== 'ok') throw new Error(`expected ok, got ${result.kind}: ${result.message}`);
  return result.value;
}

/** The fake's stored library entries (its `state()` parsed). */
const stateSchema = z.object({
  entries: z.array(
    z.object({
      id: z.string(), userId: z.string(), mangaId: z.string(), status: z.string(), progress: z.number(), volumesOwned: z.number(),
      reconsuming: z.boolean(), reconsumeCount: z.number(), ratingTwenty: z.number().nullable(), notes: z.string().nullable(),
      private: z.boolean(), startedAt: z.string().nullable(), finishedAt: z.string().nullable(),
    }),
  ),
  tokens: z.array(z.object({ accessToken: z.string(), refreshToken: z.string(), accessible: z.boolean() })),
});
export type FakeKitsuState = z.infer<typeof stateSchema>;
export const fakeState = (fake: KitsuFake): FakeKitsuState => stateSchema.parse(fake.state());
