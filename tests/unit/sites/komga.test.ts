// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { komga } from '../../../lib/sites/komga';
import type { DetectedPage } from '../../../lib/sites/types';
import { fakeServerApi, type Routes } from './fake-server-api';
import { loadFixture } from './fixtures';

const SERIES = '0B6Z1Q3H5J7K9';
const BOOK = '0B7A1C2D3E4F5';
const ORIGIN = 'https://komga.home.example';
const READER = `${ORIGIN}/book/${BOOK}/read`;
const BOOK_API = `/api/v1/books/${BOOK}`;
const SERIES_API = `/api/v1/series/${SERIES}`;
const VAGABOND = { anilist: 30656, mal: 656, kitsu: '183' };

const routes = (book: string, series = 'series.json'): Routes => ({ [BOOK_API]: book, [SERIES_API]: series });

describe('Komga adapter', () => {
  it.each<[string, string, Routes, Partial<DetectedPage> | null]>([
    [
      'book 12 on page 3, tracker ids from the series links',
      `${READER}?page=3`,
      routes('book-12.json'),
      { seriesKey: SERIES, title: 'Vagabond', chapterKey: BOOK, chapter: 12, volume: null, progress: { page: 3, pages: 20 }, externalIds: VAGABOND },
    ],
    // The reader adds `page` with replaceState once it has rendered; until then there is no position.
    ['no page in the URL yet', READER, routes('book-12.json'), { chapter: 12, progress: null }],
    ['a page beyond the book', `${READER}?page=21`, routes('book-12.json'), { chapter: 12, progress: null }],
    ['last page', `${READER}?page=20&context=READLIST&contextId=0R1`, routes('book-12.json'), { progress: { page: 20, pages: 20 } }],
    // metadata.number is free text (SITES.md §B2); the book's MAL link agrees with the series' and is kept.
    ['free-text number "Ch. 12.5"', `${READER}?page=1`, routes('book-free-text.json'), { chapter: 12.5, externalIds: VAGABOND }],
    ['an unnumbered book falls back to numberSort', `${READER}?page=1`, routes('book-unnumbered.json'), { chapter: 0.5, progress: { page: 1, pages: 8 } }],
    ['a oneshot is chapter 1', `${READER}?page=40`, routes('book-oneshot.json'), { chapter: 1, progress: { page: 40, pages: 40 } }],
    // A volume is not a chapter: reporting volume 3 as chapter 3 would move progress wrongly.
    ['a book numbered "Vol. 3"', `${READER}?page=1`, routes('book-volume-label.json'), { chapter: null, volume: 3 }],
    ['a series tagged as volumes gives a volume, no chapter', `${READER}?page=2`, routes('book-12.json', 'series-volumes.json'), { chapter: null, volume: 12 }],
    // The book links AniList to another series than the series does: neither id can be trusted.
    ['conflicting AniList links', `${READER}?page=1`, routes('book-conflicting-link.json'), { externalIds: { mal: 656, kitsu: '183' } }],
    ['an older Komga without series links', `${READER}?page=1`, routes('book-12.json', 'series-old.json'), { title: 'Vagabond', externalIds: {} }],
    ['incognito reading is not tracked', `${READER}?page=3&incognito=true`, routes('book-12.json'), null],
    ['absurd numbers', `${READER}?page=1`, routes('book-absurd.json'), null],
    ['a book answer of another shape', `${READER}?page=1`, routes('book-malformed.json'), null],
    ['an answer that is not JSON', `${READER}?page=1`, routes('not-json.json'), null],
    ['signed out (401)', `${READER}?page=1`, { [BOOK_API]: 401, [SERIES_API]: 'series.json' }, null],
    ['the series cannot be read', `${READER}?page=1`, { [BOOK_API]: 'book-12.json', [SERIES_API]: 404 }, null],
    // The API answers for another book than the one in the URL.
    ['book id mismatch', `${ORIGIN}/book/0OTHERBOOK001/read?page=1`, { '/api/v1/books/0OTHERBOOK001': 'book-12.json', [SERIES_API]: 'series.json' }, null],
    ['not a reader URL', `${ORIGIN}/series/${SERIES}`, routes('book-12.json'), null],
  ])('%s', async (_case, url, apiRoutes, expected) => {
    const api = fakeServerApi('komga', apiRoutes);
    const page = await komga.load!(loadFixture('komga', 'reader.html'), new URL(url), api);
    if (expected === null) expect(page).toBeNull();
    else expect(page).toMatchObject({ site: 'komga', ...expected });
  });

  it('asks the same-origin API with the session cookie only (no token header)', async () => {
    const api = fakeServerApi('komga', routes('book-12.json'));
    await komga.load!(loadFixture('komga', 'reader.html'), new URL(`${READER}?page=3`), api);
    expect(api.requests).toEqual([
      { path: BOOK_API, headers: {} },
      { path: SERIES_API, headers: {} },
    ]);
  });

  it('makes no request for incognito reading', async () => {
    const api = fakeServerApi('komga', routes('book-12.json'));
    expect(await komga.load!(loadFixture('komga', 'reader.html'), new URL(`${READER}?incognito=true`), api)).toBeNull();
    expect(api.requests).toEqual([]);
  });

  it('reads the API under the server base path', async () => {
    const api = fakeServerApi('komga', { [`/komga${BOOK_API}`]: 'book-12.json', [`/komga${SERIES_API}`]: 'series.json' });
    const page = await komga.load!(loadFixture('komga', 'reader.html'), new URL(`${ORIGIN}/komga/book/${BOOK}/read?page=2`), api);
    expect(page).toMatchObject({ chapter: 12, progress: { page: 2, pages: 20 } });
  });

  it.each(['reader.html', 'still-loading.html', 'hostile.html'])('ignores what %s itself claims', async (fixture) => {
    const doc = loadFixture('komga', fixture);
    // The page names no series id: the DOM alone proves nothing.
    expect(komga.detect(doc, new URL(`${READER}?page=3`))).toBeNull();
    // Links and numbers planted in the page never reach the detection; the API's facts do.
    const page = await komga.load!(doc, new URL(`${READER}?page=3`), fakeServerApi('komga', routes('book-12.json', 'series-old.json')));
    expect(page).toMatchObject({ chapter: 12, progress: { page: 3, pages: 20 }, externalIds: {} });
  });

  it.each([
    [`${READER}?page=3`, true],
    [`https://192.168.1.20:25600/komga/book/${BOOK}/read`, true],
    [`${ORIGIN}/book/${BOOK}`, false],
    [`${ORIGIN}/book/${BOOK}/read-epub`, false],
    [`${ORIGIN}/series/${SERIES}`, false],
  ])('isChapterUrl(%s) = %s', (url, expected) => {
    expect(komga.isChapterUrl(new URL(url))).toBe(expected);
  });
});
