/**
 * Shared set-up for the AniList tracker tests: the fake internet with the AniList fake on a frozen clock, a seeded
 * user, a token in the vault and a client wired as the background wires it (vault session, no refresh grant),
 * with a fast limiter so tests never wait on AniList's 30/min.
 */
import { deleteDB } from 'idb';
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';
import { saveCredentials } from '../../../../lib/auth/credentials';
import { createSession } from '../../../../lib/auth/session';
import { DB_NAME } from '../../../../lib/library/db';
import { createAniListTracker } from '../../../../lib/trackers/anilist/client';
import { createRateLimiter, type RateLimiter } from '../../../../lib/trackers/rate-limiter';
import type { Tracker } from '../../../../lib/trackers/tracker';
import { createAniListFake, type AniListFake, type AniListSeed } from '../../../fakes/anilist';
import { createFakeInternetFetch } from '../../../fakes/fetch';
import { startFakeInternet, type FakeInternet } from '../../../fakes/server';

export const START = Date.UTC(2025, 3, 1, 12, 0, 0);
export const START_S = START / 1000;
export const YEAR_S = 31_536_000;
export const CLIENT_ID = '4242';
export const REDIRECT = 'https://aababofcnomcpaemldcgadpaddpphmnn.chromiumapp.org/';
export const USER_ID = 1;
export const USER = 'alice';

/** Catalogue manga (tests/fakes/catalog.ts) by AniList id. */
export const BERSERK = 30002;
export const ONE_PIECE = 30013;
export const VAGABOND = 30656;
export const MONSTER = 30001;
export const FRIEREN = 118586;
export const CHAINSAW_MAN = 105778;

/** Extra manga for big lists and big batches: ids 500001, 500002, … */
export const extraMedia = (count: number) =>
  Array.from({ length: count }, (_, i) => ({ id: 500_001 + i, title: { romaji: `Extra Manga ${i + 1}` }, chapters: 10 }));

type UserSeed = NonNullable<AniListSeed['users']>[number];

/** alice: three entries (one on a custom list, one private), scores in POINT_10_DECIMAL. */
export const ALICE_SEED = {
  id: USER_ID,
  name: USER,
  scoreFormat: 'POINT_10_DECIMAL',
  list: [
    {
      id: 11, mediaId: BERSERK, status: 'CURRENT', progress: 300, progressVolumes: 40, scoreRaw: 85, repeat: 1,
      notes: 'guts', startedAt: { year: 2019, month: 5 }, updatedAt: START_S - 100, customLists: ['Favourites'],
    },
    { id: 12, mediaId: MONSTER, status: 'COMPLETED', progress: 162, scoreRaw: 100, completedAt: { year: 2021, month: 3, day: 4 }, updatedAt: START_S - 200 },
    { id: 13, mediaId: VAGABOND, status: 'PAUSED', progress: 200, private: true, updatedAt: START_S - 300 },
  ],
} satisfies UserSeed;

const BOB_SEED = { id: 2, name: 'bob', scoreFormat: 'POINT_5', list: [{ id: 21, mediaId: ONE_PIECE, status: 'PLANNING' }] } satisfies UserSeed;

export const BASE_SEED = {
  clients: [{ id: CLIENT_ID, name: 'Kuroibara Sync', redirectUri: REDIRECT }],
  users: [ALICE_SEED, BOB_SEED],
  authorize: { user: USER, action: 'approve' },
} satisfies AniListSeed;

export interface AniListHarness {
  internet: FakeInternet;
  fake: AniListFake;
  fetch: typeof fetch;
}

export const fastLimiter = () => createRateLimiter({ perMinute: 6000, burst: 100 });

/** Starts the fake internet once per file; every test starts from BASE_SEED on a clock frozen at START. */
export function useAniListInternet(): AniListHarness {
  const h = {} as AniListHarness;
  beforeAll(async () => {
    h.internet = await startFakeInternet({ services: [createAniListFake] });
    h.fake = h.internet.services.anilist as AniListFake;
    h.fetch = createFakeInternetFetch(h.internet);
  });
  afterAll(() => h.internet.close());
  beforeEach(() => {
    h.internet.reset();
    h.internet.clock.set(START);
    h.fake.seed(BASE_SEED);
  });
  afterEach(async () => {
    await deleteDB(DB_NAME);
  });
  return h;
}

/** Re-seeds with BASE_SEED plus `extra` (extra media, and extra entries for alice). */
export function seedWith(h: AniListHarness, extra: { media?: AniListSeed['media']; entries?: UserSeed['list'] }): void {
  h.fake.seed({
    ...BASE_SEED,
    media: extra.media ?? [],
    users: [{ ...ALICE_SEED, list: [...ALICE_SEED.list, ...(extra.entries ?? [])] }, BOB_SEED],
  } satisfies AniListSeed);
}

/** A token for `user` saved in the vault, as a finished connect leaves it; returns the token. */
export async function signIn(h: AniListHarness, user = USER): Promise<string> {
  const token = h.fake.issueToken(user, CLIENT_ID);
  await saveCredentials('anilist', { accessToken: token, refreshToken: null, expiresAt: null, clientId: CLIENT_ID });
  return token;
}

/** The client the background would build for alice's connected account. */
export function aliceTracker(
  h: AniListHarness,
  account: { userId: string; scoreSetting: string | null } | null = { userId: String(USER_ID), scoreSetting: 'POINT_10_DECIMAL' },
  limiter: RateLimiter = fastLimiter(),
): Tracker {
  return createAniListTracker({ session: createSession('anilist', null), clientId: CLIENT_ID, account, fetch: h.fetch, limiter });
}

/** GraphQL requests that reached the fake. */
export const graphqlRequests = (h: AniListHarness) => h.internet.log.count({ host: 'graphql.anilist.co', method: 'POST' });

/** Alice's list as the fake stores it, by media id. */
export function storedList(h: AniListHarness) {
  const alice = h.fake.state().users.find((u) => u.id === USER_ID);
  return new Map((alice?.list ?? []).map((e) => [e.mediaId, e]));
}
