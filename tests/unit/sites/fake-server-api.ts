import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { ServerApi } from '../../../lib/sites/types';
import { SITE_FIXTURES_DIR } from './fixtures';

/** A path's answer: a file in `tests/fixtures/sites/<site>/api/`, or an HTTP status the server refuses with. */
export type Routes = Record<string, string | number>;

export interface FakeServerApi extends ServerApi {
  /** Every call, in order, with the headers the adapter sent. */
  requests: { path: string; headers: Record<string, string> }[];
}

/**
 * The reader server as a self-hosted adapter sees it (lib/sites/types.ts `ServerApi`), answering from saved JSON.
 * Like the content script's ServerApi it rejects a refusal (401, 404) and an answer that is not JSON; paths
 * without a route are 404.
 */
export function fakeServerApi(site: string, routes: Routes, storage: Record<string, string> = {}): FakeServerApi {
  const requests: FakeServerApi['requests'] = [];
  return {
    requests,
    getJson(requestPath, headers = {}) {
      requests.push({ path: requestPath, headers });
      const route = routes[requestPath] ?? 404;
      if (typeof route === 'number') return Promise.reject(new Error(`The server answered ${String(route)}.`));
      const text = readFileSync(path.join(SITE_FIXTURES_DIR, site, 'api', route), 'utf8');
      return new Promise((resolve) => resolve(JSON.parse(text) as unknown));
    },
    storedItem: (key) => storage[key] ?? null,
  };
}
