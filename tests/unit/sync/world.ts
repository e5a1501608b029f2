/**
 * A signed-in world for sync tests: the fake internet with all three trackers seeded, credentials in the
 * vault and connection records as the connect flow leaves them, and the global fetch pointed at the fakes.
 */
import { deleteDB } from 'idb';
import { afterAll, afterEach, beforeAll, beforeEach, vi } from 'vitest';
import { saveCredentials } from '../../../lib/auth/credentials';
import { saveConnection } from '../../../lib/library/connections';
import { DB_NAME } from '../../../lib/library/db';
import type { TabPage } from '../../../lib/protocol/messages';
import { SERVICE_IDS, type ServiceId } from '../../../lib/model';
import { clearRetry } from '../../../lib/sync/alarms';
import { withFlushLock } from '../../../lib/sync/flush';
import { startAllFakes, type FakeInternet } from '../../fakes';
import { CATALOG } from '../../fakes/catalog';
import { createFakeInternetFetch } from '../../fakes/fetch';
import type { AniListFake } from '../../fakes/anilist';
import type { KitsuFake } from '../../fakes/kitsu';
import type { MalFake } from '../../fakes/mal';

export { writeCounts } from '../../fakes/writes';

export const USERS = {
  anilist: { id: 5001, name: 'Ayaka' },
  mal: { id: 6001, name: 'Hinata' },
  kitsu: { id: '7001', name: 'Mikan' },
} as const;

export async function startWorld(): Promise<FakeInternet> {
  return startAllFakes();
}

/** Points the global fetch at the fakes (unit tests otherwise have no network). */
export function useFakeInternet(internet: FakeInternet): void {
  vi.stubGlobal('fetch', createFakeInternetFetch(internet));
}

async function connect(service: ServiceId, userId: string, userName: string, scoreSetting: string | null, credentials: { accessToken: string; refreshToken: string | null; clientId: string }) {
  await saveCredentials(service, { ...credentials, expiresAt: null });
  const now = Date.now();
  await saveConnection({
    service, userId, userName, scoreSetting, connectedAt: now, tokenExpiresAt: null, lastCheckedAt: now,
    lastOutcome: 'ok', lastError: null, rateLimitedUntil: null,
  });
}

/** Signs the library in to every seeded service (as the Integrations tab would). */
export async function connectAll(internet: FakeInternet): Promise<void> {
  const anilist = internet.services.anilist as AniListFake;
  const mal = internet.services.mal as MalFake;
  const kitsu = internet.services.kitsu as KitsuFake;
  await connect('anilist', String(USERS.anilist.id), USERS.anilist.name, 'POINT_10_DECIMAL', { accessToken: anilist.issueToken(USERS.anilist.name), refreshToken: null, clientId: '4242' });
  const malTokens = mal.issueTokens(USERS.mal.name, 'mal-client');
  await connect('mal', String(USERS.mal.id), USERS.mal.name, null, { accessToken: malTokens.access_token, refreshToken: malTokens.refresh_token, clientId: 'mal-client' });
  const kitsuTokens = kitsu.issueTokens(USERS.kitsu.name);
  await connect('kitsu', USERS.kitsu.id, USERS.kitsu.name, 'advanced', { accessToken: kitsuTokens.access_token, refreshToken: kitsuTokens.refresh_token, clientId: '' });
}

/**
 * Wipes the library once the background has nothing going on: no retry timer left to fire, and no flush still
 * sending (it would write into the next test's library).
 */
export async function resetLibrary(): Promise<void> {
  await clearRetry();
  await Promise.all(SERVICE_IDS.map((service) => withFlushLock(service, () => Promise.resolve())));
  await deleteDB(DB_NAME);
}

const T = 1_790_000_000; // unix seconds
const iso = (s: number) => new Date(s * 1000).toISOString();

/**
 * Overlapping lists linked by ids: Frieren on AniList (110, newest) and MAL (100); Berserk on AniList (350)
 * and Kitsu (340); Monster planned on MAL only.
 */
export function seedOverlappingLists(internet: FakeInternet): void {
  internet.reset();
  internet.services.anilist!.seed({
    users: [{
      id: USERS.anilist.id, name: USERS.anilist.name, scoreFormat: 'POINT_10_DECIMAL',
      list: [
        { mediaId: 118586, status: 'CURRENT', progress: 110, scoreRaw: 90, updatedAt: T + 500 },
        { mediaId: 30002, status: 'CURRENT', progress: 350, scoreRaw: 95, updatedAt: T + 300 },
      ],
    }],
  });
  internet.services.mal!.seed({
    clients: [{ id: 'mal-client', redirectUri: 'https://example.test/' }],
    users: [{
      id: USERS.mal.id, name: USERS.mal.name,
      list: [
        { mangaId: 126287, status: 'reading', num_chapters_read: 100, score: 9, updated_at: iso(T + 100) },
        { mangaId: 1, status: 'plan_to_read', updated_at: iso(T + 50) },
      ],
    }],
  });
  internet.services.kitsu!.seed({
    users: [{
      id: USERS.kitsu.id, name: USERS.kitsu.name, password: 'pw', ratingSystem: 'advanced',
      list: [{ mangaId: '24', status: 'current', progress: 340, ratingTwenty: 19, updatedAt: iso(T + 200) }],
    }],
  });
}

const frieren = CATALOG.find((m) => m.anilist === 118586)!;

/** A MangaDex chapter page of Frieren as the background records it (chapter 12, all three tracker links). */
export function frierenPage(over: Partial<TabPage> = {}): TabPage {
  return {
    site: 'mangadex', seriesKey: frieren.mangadex, title: 'Sousou no Frieren', chapterKey: frieren.mangadexChapters[0]!.id,
    chapter: 12, volume: 2, progress: { page: 18, pages: 18 }, externalIds: { anilist: frieren.anilist, mal: frieren.mal, kitsu: frieren.kitsu },
    tabUrl: `https://mangadex.org/chapter/${frieren.mangadexChapters[0]!.id}`, detectedAt: 0, ...over,
  };
}

/** A fresh fake internet with the three accounts, empty lists, all connected: the start of most reading tests. */
export async function connectEmptyAccounts(internet: FakeInternet): Promise<void> {
  internet.reset();
  internet.services.anilist!.seed({ users: [{ id: USERS.anilist.id, name: USERS.anilist.name }] });
  internet.services.mal!.seed({ clients: [{ id: 'mal-client', redirectUri: 'https://example.test/' }], users: [{ id: USERS.mal.id, name: USERS.mal.name }] });
  internet.services.kitsu!.seed({ users: [{ id: USERS.kitsu.id, name: USERS.kitsu.name, password: 'pw' }] });
  useFakeInternet(internet);
  await connectAll(internet);
}

/**
 * The usual frame of a sync test file: one fake internet for the file, the overlapping lists seeded and every
 * service connected before each test, the library wiped after it. Returns the internet (valid inside tests).
 */
export function useSyncWorld(): { readonly internet: FakeInternet } {
  const world = {} as { internet: FakeInternet };
  beforeAll(async () => {
    world.internet = await startWorld();
  });
  afterAll(() => world.internet.close());
  afterEach(resetLibrary);
  beforeEach(async () => {
    seedOverlappingLists(world.internet);
    useFakeInternet(world.internet);
    await connectAll(world.internet);
  });
  return world;
}
