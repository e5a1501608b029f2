/**
 * Stateful, honest fake of MyAnimeList: OAuth 2 with plain PKCE on `myanimelist.net`, API v2 on
 * `api.myanimelist.net` (API-FACTS §B, `mal-v2.openapi.json`). Pieces live in `./mal/`.
 */
import type { FakeContext, FakeRequest, FakeResponse, FakeService } from './types';
import { handleApi } from './mal/api';
import { html } from './mal/http';
import { handleAuthorize, handleToken } from './mal/oauth';
import type { MalAuthorize } from './mal/seed';
import { MalStore } from './mal/store';

export { MAL_ROUTES } from './mal/api';
export type { MalAuthorize, MalSeedInput, MalUserInput, MalListEntryInput, MalMangaInput } from './mal/seed';

export interface MalTokens {
  access_token: string;
  refresh_token: string;
  expires_in: number;
}

export interface MalFake extends FakeService {
  readonly name: 'mal';
  /** Mint a token pair as if `userName` had approved `clientId`, skipping the browser dance. */
  issueTokens(userName: string, clientId: string, options?: { expiresInSec?: number }): MalTokens;
  /** Change who is logged in on myanimelist.net and what they click on the authorize page. */
  setAuthorize(session: MalAuthorize): void;
}

export function createMalFake(ctx: FakeContext): MalFake {
  const store = new MalStore(ctx.clock);

  function handle(req: FakeRequest): FakeResponse {
    if (req.host === 'api.myanimelist.net') return handleApi(store, req);
    const path = req.url.pathname;
    if (path === '/v1/oauth2/authorize' && req.method === 'GET') return handleAuthorize(store, req);
    if (path === '/v1/oauth2/token' && req.method === 'POST') return handleToken(store, req);
    return html(404, '404 Not Found', 'This page doesn\'t exist.');
  }

  return {
    name: 'mal',
    hosts: ['myanimelist.net', 'api.myanimelist.net'],
    handle,
    seed: (data) => store.load(data),
    state: () => store.snapshot(),
    reset: () => store.reset(),
    issueTokens(userName, clientId, options = {}) {
      const user = store.userByName(userName);
      if (user === undefined) throw new Error(`mal fake: no user named ${userName}`);
      if (!store.clients.has(clientId)) throw new Error(`mal fake: no client ${clientId}`);
      return store.issue(user.id, clientId, options.expiresInSec ?? store.accessLifetimeSec);
    },
    setAuthorize(session) {
      store.authorize = { ...session };
    },
  };
}
