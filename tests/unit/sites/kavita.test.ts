// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { kavita } from '../../../lib/sites/kavita';
import type { DetectedPage } from '../../../lib/sites/types';
import { fakeServerApi, type Routes } from './fake-server-api';
import { loadFixture } from './fixtures';

// The series and chapter of SITES.md §B3's demo-server example.
const ORIGIN = 'https://demo.kavitareader.com';
const READER = `${ORIGIN}/library/3/series/15/manga`;
const TOKEN = 'eyJhbGciOiJIUzI1NiJ9.eyJuYW1lIjoiZGVtbyJ9.c2lnbmF0dXJl';
const USER = { 'kavita-user': JSON.stringify({ username: 'demo', email: null, token: TOKEN, refreshToken: 'r', apiKey: 'k', roles: [] }) };
const info = (chapterId: number) => `/api/reader/chapter-info?chapterId=${chapterId}`;
const SERIES_API = '/api/series/15';
const routes = (chapterId: number, file: string | number): Routes => ({ [info(chapterId)]: file, [SERIES_API]: 'series-15.json' });
const TITLE = 'Give My Regards to Black Jack';

describe('Kavita adapter', () => {
  it.each<[string, string, string, Routes, Record<string, string>, Partial<DetectedPage> | null]>([
    [
      'chapter 24 of series 15',
      `${READER}/24?incognitoMode=false`,
      'reader.html',
      routes(24, 'chapter-info-24.json'),
      USER,
      { seriesKey: '15', title: TITLE, chapterKey: '24', chapter: 1, volume: 1, progress: null, externalIds: {} },
    ],
    ['from a reading list', `${READER}/25/list/7`, 'reader.html', routes(25, 'chapter-info-25.json'), USER, { chapterKey: '25', chapter: 2 }],
    // Kavita writes decimals with a comma at times (SITES.md §B3); volume 0 is no volume.
    ['a decimal-comma chapter', `${READER}/26`, 'reader.html', routes(26, 'chapter-info-decimal.json'), USER, { chapter: 10.5, volume: null }],
    [
      'tracker links of the series page still in the document',
      `${READER}/24`,
      'series-links.html',
      routes(24, 'chapter-info-24.json'),
      USER,
      { externalIds: { anilist: 30817, mal: 817, kitsu: 'give-my-regards-to-black-jack' } },
    ],
    // Impossible ids and a percent-encoded "<script>" slug are no ids; a script's markup is not in the saved page.
    ['hostile tracker links', `${READER}/24`, 'hostile.html', routes(24, 'chapter-info-24.json'), USER, { chapter: 1, externalIds: {} }],
    ['incognito reading is not tracked', `${READER}/24?incognitoMode=true`, 'reader.html', routes(24, 'chapter-info-24.json'), USER, null],
    ['not signed in', `${READER}/24`, 'reader.html', routes(24, 'chapter-info-24.json'), {}, null],
    ['a stored user that is not JSON', `${READER}/24`, 'reader.html', routes(24, 'chapter-info-24.json'), { 'kavita-user': '{"token":' }, null],
    // An OIDC login keeps a user without a token (SITES.md §B3 "Auth").
    ['an OIDC user without a token', `${READER}/24`, 'reader.html', routes(24, 'chapter-info-24.json'), { 'kavita-user': '{"username":"oidc"}' }, null],
    ['a token that cannot go in a header', `${READER}/24`, 'reader.html', routes(24, 'chapter-info-24.json'), { 'kavita-user': '{"token":"a\\r\\nX-Evil: 1"}' }, null],
    ['chapter-info of another series', `${READER}/24`, 'reader.html', routes(24, 'chapter-info-other-series.json'), USER, null],
    ['absurd numbers', `${READER}/24`, 'reader.html', routes(24, 'chapter-info-absurd.json'), USER, null],
    ['chapter-info of another shape', `${READER}/24`, 'reader.html', routes(24, 'chapter-info-malformed.json'), USER, null],
    ['an answer that is not JSON', `${READER}/24`, 'reader.html', routes(24, 'not-json.json'), USER, null],
    ['token expired (401)', `${READER}/24`, 'reader.html', routes(24, 401), USER, null],
    ['the series page, not the reader', `${ORIGIN}/library/3/series/15`, 'series-links.html', routes(24, 'chapter-info-24.json'), USER, null],
    ['still loading', `${READER}/24`, 'still-loading.html', routes(24, 'chapter-info-24.json'), USER, { chapter: 1 }],
  ])('%s', async (_case, url, fixture, apiRoutes, storage, expected) => {
    const page = await kavita.load!(loadFixture('kavita', fixture), new URL(url), fakeServerApi('kavita', apiRoutes, storage));
    if (expected === null) expect(page).toBeNull();
    else expect(page).toMatchObject({ site: 'kavita', ...expected });
  });

  it('follows a chapter change made with history.replaceState: the chapter comes from the URL it is given', async () => {
    const api = fakeServerApi('kavita', { ...routes(24, 'chapter-info-24.json'), [info(25)]: 'chapter-info-25.json' }, USER);
    const doc = loadFixture('kavita', 'reader.html');
    expect(await kavita.load!(doc, new URL(`${READER}/24`), api)).toMatchObject({ chapterKey: '24', chapter: 1 });
    // Same document, same API object: only the address changed, as the reader's replaceState does.
    expect(await kavita.load!(doc, new URL(`${READER}/25`), api)).toMatchObject({ chapterKey: '25', chapter: 2, volume: 1 });
    expect(api.requests.map((r) => r.path)).toEqual([info(24), SERIES_API, info(25), SERIES_API]);
  });

  it('sends the stored JWT as a Bearer token on every call', async () => {
    const api = fakeServerApi('kavita', routes(24, 'chapter-info-24.json'), USER);
    await kavita.load!(loadFixture('kavita', 'reader.html'), new URL(`${READER}/24`), api);
    expect(api.requests).toHaveLength(2);
    for (const request of api.requests) expect(request.headers).toEqual({ Authorization: `Bearer ${TOKEN}` });
  });

  it('makes no request without a token or while incognito', async () => {
    const signedOut = fakeServerApi('kavita', routes(24, 'chapter-info-24.json'));
    await kavita.load!(loadFixture('kavita', 'reader.html'), new URL(`${READER}/24`), signedOut);
    const incognito = fakeServerApi('kavita', routes(24, 'chapter-info-24.json'), USER);
    await kavita.load!(loadFixture('kavita', 'reader.html'), new URL(`${READER}/24?incognitoMode=true`), incognito);
    expect([...signedOut.requests, ...incognito.requests]).toEqual([]);
  });

  it.each(['reader.html', 'series-links.html', 'still-loading.html', 'hostile.html'])('the DOM of %s alone proves no chapter', (fixture) => {
    expect(kavita.detect(loadFixture('kavita', fixture), new URL(`${READER}/24`))).toBeNull();
  });

  it.each([
    [`${READER}/24?incognitoMode=false`, true],
    ['https://kavita.home.example/kavita/library/1/series/2/book/3', true],
    ['https://kavita.home.example/library/1/series/2/pdf/3', true],
    [`${ORIGIN}/library/3/series/15`, false],
    [`${ORIGIN}/library/3/series/15/manga/abc`, false],
  ])('isChapterUrl(%s) = %s', (url, expected) => {
    expect(kavita.isChapterUrl(new URL(url))).toBe(expected);
  });
});
