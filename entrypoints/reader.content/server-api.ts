import type { ServerApi } from '../../lib/sites/types';

/** Largest API answer read; a reader's book or chapter is a few KB. */
const MAX_BYTES = 2_000_000;

export class ServerApiError extends Error {
  override name = 'ServerApiError';
}

/**
 * The reader server's own API for self-hosted adapters: same origin only (a path, never a URL), the page's own
 * login, answers memoised per path for the page's lifetime so re-detection on every DOM change costs nothing.
 */
export function createServerApi(origin: string, fetchImpl: typeof fetch = fetch.bind(globalThis)): ServerApi {
  const cache = new Map<string, Promise<unknown>>();
  return {
    getJson(path, headers = {}) {
      if (!path.startsWith('/') || path.startsWith('//')) return Promise.reject(new ServerApiError('Only paths on this server can be read.'));
      const url = new URL(path, origin);
      if (url.origin !== origin) return Promise.reject(new ServerApiError('Only paths on this server can be read.'));
      const key = JSON.stringify([url.href, headers]);
      let answer = cache.get(key);
      if (!answer) {
        answer = (async () => {
          const response = await fetchImpl(url.href, { credentials: 'same-origin', headers: { Accept: 'application/json', ...headers } });
          if (!response.ok) throw new ServerApiError(`The server answered ${String(response.status)}.`);
          const text = await response.text();
          if (text.length > MAX_BYTES) throw new ServerApiError('The server answer is too large.');
          return JSON.parse(text) as unknown;
        })();
        // A failure (signed out, server restarting) is not remembered: the next detection asks again.
        answer.catch(() => cache.delete(key));
        cache.set(key, answer);
      }
      return answer;
    },
    storedItem(key) {
      try {
        return localStorage.getItem(key);
      } catch {
        return null;
      }
    },
  };
}
