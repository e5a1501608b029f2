/**
 * The MangaDex fake: `api.mangadex.org` (mangadex-api.ts) and the `mangadex.org` fixture reader and title pages
 * (mangadex-pages.ts), over one catalogue (mangadex-data.ts, seeded from the shared CATALOG by default).
 *
 * Seed (`POST /__control/seed/mangadex`, all optional; see `mangaDexSeedSchema`):
 *   { includeCatalog?: boolean, manga?: CatalogManga-like[], rateLimitPerSecond?: number, readerRenderDelayMs?: number }
 */
import { createMangaDexApi } from './mangadex-api';
import { buildData, defaultData, type MangaDexData } from './mangadex-data';
import { handlePage } from './mangadex-pages';
import type { FakeContext, FakeService } from './types';

export { chapterLabel } from './mangadex-pages';
export type { MangaDexSeed } from './mangadex-data';

export const MANGADEX_API_HOST = 'api.mangadex.org';
export const MANGADEX_SITE_HOST = 'mangadex.org';

export function createMangaDexFake(ctx: FakeContext): FakeService {
  let data: MangaDexData = defaultData();
  const api = createMangaDexApi(ctx.clock, () => data);
  return {
    name: 'mangadex',
    hosts: [MANGADEX_API_HOST, MANGADEX_SITE_HOST],
    handle: (req) => (req.host === MANGADEX_API_HOST ? api.handle(req) : handlePage(req, data)),
    seed(seed: unknown) {
      data = buildData(seed);
      api.resetLimiter();
    },
    state: () => ({ ...structuredClone(data), rateLimitWindow: api.windowCount() }),
    reset() {
      data = defaultData();
      api.resetLimiter();
    },
  };
}
