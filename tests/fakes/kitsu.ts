/**
 * Stateful, honest fake of Kitsu on `kitsu.app`: Doorkeeper password/refresh grants at `/api/oauth/token` and
 * the JSON:API at `/api/edge` (API-FACTS §C, checked against hummingbird-me/kitsu-server 2024-10). Pieces live
 * in `./kitsu/`.
 */
import type { FakeContext, FakeRequest, FakeResponse, FakeService } from './types';
import { listManga, listMappings, listUsers, showManga, showUser, updateUser } from './kitsu/catalog';
import { invalidToken, jrError, unsupportedMediaType } from './kitsu/jsonapi';
import { createEntry, deleteEntry, listEntries, showEntry, updateEntry, type Viewer } from './kitsu/library';
import { handleToken } from './kitsu/oauth';
import { ACCESS_LIFETIME_SEC, KitsuStore } from './kitsu/store';

export type { KitsuSeedInput, KitsuUserInput, KitsuEntryInput, KitsuMangaInput } from './kitsu/seed';

export interface KitsuTokens {
  access_token: string;
  refresh_token: string;
  expires_in: number;
  created_at: number;
}

export interface KitsuFake extends FakeService {
  readonly name: 'kitsu';
  /** Mint a token pair for `userName` (name, slug or email) as a password login without a client would. */
  issueTokens(userName: string): KitsuTokens;
}

const EDGE = '/api/edge';

export function createKitsuFake(ctx: FakeContext): KitsuFake {
  const store = new KitsuStore(ctx.clock);

  /** `undefined` viewer = anonymous; a response = the token is known but expired or revoked (401). */
  function viewerOf(req: FakeRequest): Viewer | FakeResponse {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '');
    if (match?.[1] === undefined) return undefined;
    const token = store.tokens.find((t) => t.accessToken === match[1]);
    // Doorkeeper finds no record for an unknown string, and kitsu-server then serves the request anonymously.
    if (token === undefined) return undefined;
    if (!store.accessible(token)) return invalidToken();
    return store.users.get(token.userId);
  }

  function edge(req: FakeRequest, path: string): FakeResponse {
    const m = req.method;
    // jsonapi-resources checks the media type before kitsu-server's own `validate_token!` runs.
    if (m === 'POST' || m === 'PATCH') {
      const wrongType = unsupportedMediaType(req);
      if (wrongType !== null) return wrongType;
    }
    const viewer = viewerOf(req);
    if (viewer !== undefined && 'status' in viewer) return viewer;
    const [, collection = '', id, extra] = path.split('/');
    if (extra === undefined && collection === 'library-entries') {
      if (id === undefined && m === 'GET') return listEntries(store, req, viewer);
      if (id === undefined && m === 'POST') return createEntry(store, req, viewer);
      if (id !== undefined && m === 'GET') return showEntry(store, req, id, viewer);
      if (id !== undefined && m === 'PATCH') return updateEntry(store, req, id, viewer);
      if (id !== undefined && m === 'DELETE') return deleteEntry(store, id, viewer);
    }
    if (extra === undefined && collection === 'users' && id !== undefined && m === 'PATCH') return updateUser(store, req, id, viewer);
    if (extra === undefined && m === 'GET') {
      if (collection === 'users') return id === undefined ? listUsers(store, req, viewer) : showUser(store, id, viewer);
      if (collection === 'manga') return id === undefined ? listManga(store, req) : showManga(store, id);
      if (collection === 'mappings' && id === undefined) return listMappings(store, req);
    }
    return jrError(404, 'Not Found', `No route matches [${m}] "${EDGE}${path}"`);
  }

  function handle(req: FakeRequest): FakeResponse {
    const path = req.url.pathname;
    if (path === '/api/oauth/token' && req.method === 'POST') return handleToken(store, req);
    if (path.startsWith(`${EDGE}/`)) return edge(req, path.slice(EDGE.length).replace(/\/$/, ''));
    return jrError(404, 'Not Found', `No route matches [${req.method}] "${path}"`);
  }

  return {
    name: 'kitsu',
    hosts: ['kitsu.app'],
    handle,
    seed: (data) => store.load(data),
    state: () => store.snapshot(),
    reset: () => store.reset(),
    issueTokens(userName) {
      const user = [...store.users.values()].find((u) => u.name === userName) ?? store.userByLogin(userName);
      if (user === undefined) throw new Error(`kitsu fake: no user named ${userName}`);
      const t = store.issue(user.id, null);
      return { access_token: t.accessToken, refresh_token: t.refreshToken, expires_in: ACCESS_LIFETIME_SEC, created_at: Math.floor(t.createdAt / 1000) };
    },
  };
}
