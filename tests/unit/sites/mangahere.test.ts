// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { mangahere } from '../../../lib/sites/mangahere';
import type { DetectedPage } from '../../../lib/sites/types';
import { loadFixture } from './fixtures';

const GLUTTONY = 'https://www.mangahere.cc/manga/berserk_of_gluttony/c021/1.html';

describe('MangaHere / MangaFox adapter', () => {
  it.each<[string, string, Partial<DetectedPage> | null]>([
    // SITES.md §C.14 tests.json: "Berserk of Gluttony", identifier "berserk_of_gluttony", chapter 21.
    [
      'mangahere-chapter.html',
      GLUTTONY,
      { seriesKey: 'berserk_of_gluttony', title: 'Berserk of Gluttony', chapter: 21, volume: null, progress: { page: 1, pages: 38 } },
    ],
    // MangaFox, same reader: the chapter's last page.
    [
      'fanfox-last-page.html',
      'https://fanfox.net/manga/solo_leveling/c106/24.html#ipg24',
      { seriesKey: 'solo_leveling', title: 'Solo Leveling', chapter: 106, progress: { page: 24, pages: 24 } },
    ],
    [
      'mangafox-volume-decimal.html',
      'https://mangafox.la/manga/vagabond/v37/c322.5/3.html',
      { seriesKey: 'vagabond', title: 'Vagabond', chapter: 322.5, volume: 37, progress: { page: 3, pages: 12 } },
    ],
    // The header is the chapter source; one naming another chapter than the URL is not trusted.
    ['mangahere-chapter.html', 'https://www.mangahere.cc/manga/berserk_of_gluttony/c022/1.html', null],
    ['foreign-series-link.html', GLUTTONY, null],
    ['still-loading.html', GLUTTONY, null],
    ['hostile.html', GLUTTONY, null],
    ['mangahere-chapter.html', 'https://www.mangahere.cc/manga/berserk_of_gluttony/', null],
  ])('%s at %s', (fixture, url, expected) => {
    const page = mangahere.detect(loadFixture('mangahere', fixture), new URL(url));
    if (expected === null) expect(page).toBeNull();
    else expect(page).toMatchObject({ site: 'mangahere', chapterKey: null, externalIds: {}, ...expected });
  });

  it('keeps script text out of the title and drops an impossible pager', () => {
    const doc = loadFixture('mangahere', 'hostile.html');
    doc.querySelector('p.reader-header-title-2')!.textContent = 'Ch.021';
    const page = mangahere.detect(doc, new URL(GLUTTONY));
    expect(page?.title).toBe('Berserk of Gluttony');
    expect(page?.chapter).toBe(21);
    // "900 of 3" is not a position.
    expect(page?.progress).toBeNull();
  });

  it.each([
    [GLUTTONY, true],
    ['https://mangahere.cc/manga/berserk_of_gluttony/c021/12.html', true],
    ['https://www.fanfox.net/manga/solo_leveling/c106/1.html', true],
    ['https://fanfox.net/manga/solo_leveling/vTBD/c106/1.html', true],
    ['https://www.mangahere.cc/manga/berserk_of_gluttony/', false],
    ['https://www.mangahere.cc/manga/berserk_of_gluttony/c021/', false],
    ['https://www.mangahere.cc/manga/berserk_of_gluttony/c99999999999/1.html', false],
    // Mobile subdomains are outside what SITES.md §C.14 describes.
    ['https://m.fanfox.net/manga/solo_leveling/c106/1.html', false],
    ['https://www.mangahere.cc.evil.example/manga/berserk_of_gluttony/c021/1.html', false],
  ])('isChapterUrl(%s) = %s', (url, expected) => {
    expect(mangahere.isChapterUrl(new URL(url))).toBe(expected);
  });
});
