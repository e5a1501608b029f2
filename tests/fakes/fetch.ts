/**
 * A WHATWG `fetch` that reaches the fake internet, for unit tests of code that takes a `fetch` (the tracker
 * clients): the request goes to 127.0.0.1:<port> with its real host name, like Chromium under
 * `--host-resolver-rules`, with the headers the extension's declarativeNetRequest rules change changed as the
 * browser would (AniList's Referer). Socket errors reject with a TypeError, as a browser's fetch does when offline.
 */
import { fakeFetch } from './client';
import { extensionFetchHeaders } from './dnr';

export function createFakeInternetFetch(internet: { port: number }): typeof fetch {
  return async (input, init) => {
    const request = new Request(input, init);
    const sent: Record<string, string> = {};
    request.headers.forEach((value, name) => {
      sent[name] = value;
    });
    const headers = extensionFetchHeaders(request.url, sent);
    const body = request.method === 'GET' || request.method === 'HEAD' ? undefined : Buffer.from(await request.arrayBuffer());
    let reply;
    try {
      reply = await fakeFetch(internet, request.url, { method: request.method, headers, body });
    } catch (error) {
      throw new TypeError(`fetch failed: ${error instanceof Error ? error.message : String(error)}`);
    }
    const nullBody = [101, 204, 205, 304].includes(reply.status);
    return new Response(nullBody ? null : reply.text, { status: reply.status, headers: reply.headers });
  };
}
