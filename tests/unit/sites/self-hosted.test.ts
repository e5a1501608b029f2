import { describe, expect, it } from 'vitest';
import { bearer, trackerIdsFromUrls } from '../../../lib/sites/shared/self-hosted';

describe('tracker ids from links', () => {
  it.each<[string, unknown[], ReturnType<typeof trackerIdsFromUrls>]>([
    [
      'one link per tracker, with slugs after the id',
      ['https://anilist.co/manga/30656/Vagabond', 'https://myanimelist.net/manga/656/Vagabond', 'https://kitsu.app/manga/183'],
      { anilist: 30656, mal: 656, kitsu: '183' },
    ],
    // Kitsu links moved from kitsu.io to kitsu.app (SITES.md "Cross-cutting facts" 6) and may carry a slug.
    ['old Kitsu host, slug', ['https://kitsu.io/manga/vagabond'], { kitsu: 'vagabond' }],
    ['www and http', ['http://www.myanimelist.net/manga/2'], { mal: 2 }],
    ['the same id twice is one id', ['https://anilist.co/manga/30002', 'https://anilist.co/manga/30002/Berserk/'], { anilist: 30002 }],
    ['two different ids cancel out', ['https://anilist.co/manga/1', 'https://anilist.co/manga/2', 'https://myanimelist.net/manga/2'], { mal: 2 }],
    ['anime pages are not manga', ['https://anilist.co/anime/30656', 'https://myanimelist.net/anime/656'], {}],
    ['look-alike hosts', ['https://anilist.co.evil.example/manga/1', 'https://evil.example/?u=https://anilist.co/manga/1'], {}],
    ['ids out of range', ['https://anilist.co/manga/0', 'https://myanimelist.net/manga/99999999999', 'https://anilist.co/manga/abc'], {}],
    ['not strings', [null, 42, { url: 'https://anilist.co/manga/1' }], {}],
  ])('%s', (_case, urls, expected) => {
    expect(trackerIdsFromUrls(urls)).toEqual(expected);
  });
});

describe('Bearer header from a stored token', () => {
  it.each<[unknown, boolean]>([
    ['eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2ln-_', true],
    [null, false],
    ['', false],
    ['abc def', false],
    ['abc\r\nX-Injected: 1', false],
    [{ token: 'abc' }, false],
  ])('%j → header: %s', (token, ok) => {
    expect(bearer(token)).toEqual(ok ? { Authorization: `Bearer ${String(token)}` } : null);
  });
});
