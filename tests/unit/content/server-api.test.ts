import { describe, expect, it, vi } from 'vitest';
import { createServerApi } from '../../../entrypoints/reader.content/server-api';

const ORIGIN = 'https://komga.home.test';

function fetchReturning(status: number, body: string) {
  return vi.fn<(url: string, init?: RequestInit) => Promise<Response>>(() => Promise.resolve(new Response(body, { status, headers: { 'content-type': 'application/json' } })));
}

describe('the self-hosted server API a page may use', () => {
  it('reads same-origin paths with the page’s login, once per path', async () => {
    const fetch = fetchReturning(200, '{"id":"0B00VAGA00001"}');
    const api = createServerApi(ORIGIN, fetch as unknown as typeof globalThis.fetch);
    expect(await api.getJson('/api/v1/books/0B00VAGA00001')).toEqual({ id: '0B00VAGA00001' });
    expect(await api.getJson('/api/v1/books/0B00VAGA00001')).toEqual({ id: '0B00VAGA00001' });
    expect(fetch).toHaveBeenCalledTimes(1);
    expect(fetch.mock.calls[0]![0]).toBe(`${ORIGIN}/api/v1/books/0B00VAGA00001`);
    expect(fetch.mock.calls[0]![1]).toMatchObject({ credentials: 'same-origin' });
  });

  it.each(['https://evil.example/api', '//evil.example/api', 'api/v1/books', 'javascript:alert(1)'])('refuses %s (only paths on this server)', async (path) => {
    const fetch = fetchReturning(200, '{}');
    const api = createServerApi(ORIGIN, fetch as unknown as typeof globalThis.fetch);
    await expect(api.getJson(path)).rejects.toThrow('Only paths on this server can be read.');
    expect(fetch).not.toHaveBeenCalled();
  });

  it('rejects a refusal or a non-JSON answer, and asks again next time', async () => {
    const refused = fetchReturning(401, '{"error":"Unauthorized"}');
    const api = createServerApi(ORIGIN, refused as unknown as typeof globalThis.fetch);
    await expect(api.getJson('/api/v1/books/1')).rejects.toThrow('The server answered 401.');
    await expect(api.getJson('/api/v1/books/1')).rejects.toThrow('The server answered 401.');
    expect(refused).toHaveBeenCalledTimes(2);
    const html = createServerApi(ORIGIN, fetchReturning(200, '<html>') as unknown as typeof globalThis.fetch);
    await expect(html.getJson('/api/v1/books/1')).rejects.toThrow();
  });
});
