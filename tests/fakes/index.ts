/**
 * The whole fake internet: every service fake behind one HTTPS server, and a self-hosted Komga on
 * `komga.home.test`. Used by the E2E fixtures and `npm start`.
 */
import { createAniListFake } from './anilist';
import { createKitsuFake } from './kitsu';
import { createKomgaFake } from './komga';
import { createMalFake } from './mal';
import { createMangaDexFake } from './mangadex';
import { startFakeInternet, type FakeInternet } from './server';

export type { FakeInternet } from './server';

export function startAllFakes(options: { port?: number } = {}): Promise<FakeInternet> {
  return startFakeInternet({
    port: options.port,
    services: [createAniListFake, createMalFake, createKitsuFake, createMangaDexFake, createKomgaFake],
  });
}
