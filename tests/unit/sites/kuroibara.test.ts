// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { kuroibara } from '../../../lib/sites/kuroibara';
import type { DetectedPage } from '../../../lib/sites/types';
import { fakeServerApi, type Routes } from './fake-server-api';
import { loadFixture } from './fixtures';

const MANGA = '3f0c2a9e-5b7d-4e1f-9a2b-6c8d0e4f1a2b';
const CH = (n: number) => `1a2b3c4d-000${String(n)}-4a5b-8c6d-7e8f9a0b1c0${String(n)}`;
const CH3_FR = '1a2b3c4d-0033-4a5b-8c6d-7e8f9a0b1c33';
const READER = `https://manga.home.example/read/${MANGA}`;
const MANGA_API = `/api/v1/manga/${MANGA}`;
const CHAPTERS_API = `${MANGA_API}/chapters`;
const TOKEN = { token: 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJyZWFkZXIifQ.c2lnbmF0dXJl' };
const ROUTES: Routes = {
  [MANGA_API]: 'manga.json',
  [CHAPTERS_API]: 'chapters.json',
  [`${CHAPTERS_API}/${CH(1)}`]: 'chapter-1.json',
  [`${CHAPTERS_API}/${CH(4)}`]: 'chapter-4.json',
  [`${CHAPTERS_API}/${CH(5)}`]: 'chapter-5.json',
};

describe('Kuroibara adapter', () => {
  it.each<[string, string, string, Routes, Record<string, string>, Partial<DetectedPage> | null]>([
    [
      'the chapter the toolbar shows',
      `${READER}/${CH(1)}/3`,
      'reader.html',
      ROUTES,
      TOKEN,
      { seriesKey: MANGA, title: 'Berserk', chapterKey: CH(1), chapter: 1, volume: 1, progress: { page: 3, pages: 12 }, externalIds: {} },
    ],
    // Next chapter from the toolbar leaves the URL on chapter 1 (SITES.md §B1 "SPA caveat"): the page is right.
    ['a stale URL chapter loses to the shown one', `${READER}/${CH(1)}/3`, 'next-chapter.html', ROUTES, TOKEN, { chapterKey: CH(2), chapter: 2, progress: { page: 1, pages: 10 } }],
    ['a shown chapter with no chapter in the URL', READER, 'next-chapter.html', ROUTES, TOKEN, { chapterKey: CH(2), chapter: 2 }],
    // An untitled chapter shows "Select Chapter": only then does the URL's chapter count.
    ['no chapter shown: the URL chapter', `${READER}/${CH(4)}`, 'no-chapter-shown.html', ROUTES, TOKEN, { chapterKey: CH(4), chapter: 4, volume: 1 }],
    ['no chapter shown and none in the URL', READER, 'no-chapter-shown.html', ROUTES, TOKEN, null],
    // Two uploads share the title "Vol. 1 Chapter 3": the URL tells which one, when it names one of them.
    ['a shared title, told apart by the URL', `${READER}/${CH3_FR}`, 'numbered-title.html', ROUTES, TOKEN, { chapterKey: CH3_FR, chapter: 3 }],
    ['a shared title the URL cannot settle', `${READER}/${CH(1)}`, 'numbered-title.html', ROUTES, TOKEN, null],
    ['a chapter number that is not a number', `${READER}/${CH(5)}`, 'no-chapter-shown.html', ROUTES, TOKEN, null],
    ['not signed in', `${READER}/${CH(1)}`, 'reader.html', ROUTES, {}, null],
    ['a token that cannot go in a header', `${READER}/${CH(1)}`, 'reader.html', ROUTES, { token: 'Bearer abc def' }, null],
    ['token expired (401)', `${READER}/${CH(1)}`, 'reader.html', { ...ROUTES, [MANGA_API]: 401 }, TOKEN, null],
    ['a chapter list of another shape', `${READER}/${CH(1)}`, 'reader.html', { ...ROUTES, [CHAPTERS_API]: 'chapters-malformed.json' }, TOKEN, null],
    ['a chapter list that is not JSON', `${READER}/${CH(1)}`, 'reader.html', { ...ROUTES, [CHAPTERS_API]: 'not-json.json' }, TOKEN, null],
    ['a manga answer for another manga', `https://manga.home.example/read/00000000-0000-4000-8000-000000000000/${CH(1)}`, 'reader.html', { [`/api/v1/manga/00000000-0000-4000-8000-000000000000`]: 'manga.json' }, TOKEN, null],
    // The shown title is "Chapter 99999999999" once the script is dropped: no such chapter on the server.
    ['hostile page', `${READER}/${CH(1)}`, 'hostile.html', ROUTES, TOKEN, null],
    ['still loading', `${READER}/${CH(1)}`, 'still-loading.html', ROUTES, TOKEN, null],
  ])('%s', async (_case, url, fixture, routes, storage, expected) => {
    const page = await kuroibara.load!(loadFixture('kuroibara', fixture), new URL(url), fakeServerApi('kuroibara', routes, storage));
    if (expected === null) expect(page).toBeNull();
    else expect(page).toMatchObject({ site: 'kuroibara', ...expected });
  });

  it('sends the stored token as a Bearer header and asks for the chapter list the reader uses', async () => {
    const api = fakeServerApi('kuroibara', ROUTES, TOKEN);
    await kuroibara.load!(loadFixture('kuroibara', 'next-chapter.html'), new URL(`${READER}/${CH(1)}`), api);
    expect(api.requests.map((r) => r.path)).toEqual([MANGA_API, CHAPTERS_API]);
    for (const request of api.requests) expect(request.headers).toEqual({ Authorization: `Bearer ${TOKEN.token}` });
  });

  it.each<[string, Partial<DetectedPage> | null]>([
    // The DOM alone proves a chapter only when its title names the number; the URL's chapter id may be stale.
    ['numbered-title.html', { seriesKey: MANGA, title: 'Berserk', chapterKey: null, chapter: 3, volume: 1, progress: { page: 2, pages: 14 } }],
    ['reader.html', null],
    ['no-chapter-shown.html', null],
    ['hostile.html', null],
    ['still-loading.html', null],
  ])('detect on %s', (fixture, expected) => {
    const page = kuroibara.detect(loadFixture('kuroibara', fixture), new URL(`${READER}/${CH(1)}`));
    if (expected === null) expect(page).toBeNull();
    else expect(page).toEqual({ site: 'kuroibara', externalIds: {}, ...expected });
  });

  it('keeps script text and impossible counters out of what the page shows', () => {
    const doc = loadFixture('kuroibara', 'hostile.html');
    doc.querySelector('.reader-toolbar .relative > button')!.textContent = 'Chapter 4';
    const page = kuroibara.detect(doc, new URL(`${READER}/${CH(1)}`));
    expect(page).toMatchObject({ title: 'Berserk', chapter: 4, progress: null });
  });

  it.each([
    [`${READER}/${CH(1)}/3`, true],
    [`${READER}/${CH(1)}`, true],
    [READER, true],
    [`https://manga.home.example/manga/${MANGA}`, false],
    ['https://manga.home.example/read/not-a-uuid', false],
  ])('isChapterUrl(%s) = %s', (url, expected) => {
    expect(kuroibara.isChapterUrl(new URL(url))).toBe(expected);
  });
});
