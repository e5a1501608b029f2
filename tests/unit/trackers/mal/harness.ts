/**
 * Shared set-up for the MyAnimeList client tests: the fake internet with the MAL fake, a seeded user, tokens in
 * the vault and a client wired exactly as the background wires it (session + refresh grant), with a fast limiter.
 */
import { deleteDB } from 'idb';
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';
import { saveCredentials, type Credentials } from '../../../../lib/auth/credentials';
import { createSession } from '../../../../lib/auth/session';
import { DB_NAME } from '../../../../lib/library/db';
import { mal } from '../../../../lib/trackers/mal';
import type { ClientConfig } from '../../../../lib/trackers/module';
import { createRateLimiter } from '../../../../lib/trackers/rate-limiter';
import type { Tracker } from '../../../../lib/trackers/tracker';
import { createFakeInternetFetch } from '../../../fakes/fetch';
import { createMalFake, type MalFake, type MalSeedInput } from '../../../fakes/mal';
import type { LogEntry } from '../../../fakes/log';
import { startFakeInternet, type FakeInternet } from '../../../fakes/server';

export const CLIENT_ID = 'kuroibara-test';
export const REDIRECT = 'https://abcdefghijklmnopabcdefghijklmnop.chromiumapp.org/';
export const USER = 'reader';

export const BASE_SEED: MalSeedInput = {
  clients: [{ id: CLIENT_ID, redirectUri: REDIRECT }],
  users: [
    {
      id: 42,
      name: USER,
      list: [
        { mangaId: 2, status: 'reading', score: 9, num_chapters_read: 300, num_volumes_read: 40, updated_at: '2024-01-10T00:00:00Z', comments: 'guts', start_date: '2019-05', num_times_reread: 1 },
        { mangaId: 1, status: 'completed', score: 10, num_chapters_read: 162, finish_date: '2021-03-04', updated_at: '2024-01-09T00:00:00Z' },
        { mangaId: 656, status: 'completed', is_rereading: true, num_chapters_read: 20, updated_at: '2024-01-11T00:00:00Z' },
      ],
    },
  ],
  authorize: { user: USER, action: 'approve' },
};

export interface MalHarness {
  internet: FakeInternet;
  fake: MalFake;
  fetch: typeof fetch;
  config: ClientConfig;
}

/** Starts the fake internet for the file and cleans the vault after each test. */
export function useMalInternet(): MalHarness {
  const h = {} as MalHarness;
  beforeAll(async () => {
    h.internet = await startFakeInternet({ services: [createMalFake] });
    h.fake = h.internet.services.mal as MalFake;
    h.fetch = createFakeInternetFetch(h.internet);
    h.config = { clientId: CLIENT_ID, clientSecret: null, fetch: h.fetch, limiter: fastLimiter() };
  });
  afterAll(() => h.internet.close());
  beforeEach(() => {
    h.internet.reset();
    h.fake.seed(BASE_SEED);
  });
  afterEach(async () => {
    await deleteDB(DB_NAME);
  });
  return h;
}

export const fastLimiter = () => createRateLimiter({ perMinute: 6000, burst: 100 });

/** Tokens for the seeded user, saved in the vault as a connect would; returns what was saved. */
export async function signIn(h: MalHarness, options: { expiresInSec?: number; credentials?: Partial<Credentials> } = {}): Promise<Credentials> {
  const tokens = h.fake.issueTokens(USER, CLIENT_ID, { expiresInSec: options.expiresInSec });
  const credentials: Credentials = {
    accessToken: tokens.access_token,
    refreshToken: tokens.refresh_token,
    expiresAt: Date.now() + tokens.expires_in * 1000,
    clientId: CLIENT_ID,
    ...options.credentials,
  };
  await saveCredentials('mal', credentials);
  return credentials;
}

/** The client as the background builds it: vault-backed session with MAL's refresh grant. */
export function malTracker(h: MalHarness, limiter = fastLimiter()): Tracker {
  return mal.createTracker({
    session: createSession('mal', mal.refreshGrant(h.config)),
    clientId: CLIENT_ID,
    account: null,
    fetch: h.fetch,
    limiter,
  });
}

export const tokenRequests = (h: MalHarness): LogEntry[] =>
  h.internet.log.entries({ host: 'myanimelist.net', method: 'POST', pathPrefix: '/v1/oauth2/token' });

export const apiRequests = (h: MalHarness, filter: { method?: string; pathPrefix?: string } = {}): LogEntry[] =>
  h.internet.log.entries({ host: 'api.myanimelist.net', ...filter });

/** A fake `launch` (identity.launchWebAuthFlow): loads the authorize URL from the fake and returns where it redirects. */
export function launchThroughFake(h: MalHarness, tamper: (url: URL) => void = () => undefined) {
  const seen: URL[] = [];
  const launch = async (url: string): Promise<URL> => {
    const target = new URL(url);
    seen.push(new URL(url));
    tamper(target);
    const response = await h.fetch(target, { redirect: 'manual' });
    const location = response.headers.get('location');
    if (location === null) throw new Error(`authorize answered ${response.status} without a redirect`);
    return new URL(location);
  };
  return { launch, seen };
}
