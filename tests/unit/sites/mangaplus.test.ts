// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { mangaplus } from '../../../lib/sites/mangaplus';
import type { DetectedPage } from '../../../lib/sites/types';
import { loadFixture } from './fixtures';

const VIEWER = 'https://mangaplus.shueisha.co.jp/viewer';

/** Expected values from SITES.md §C.1 (tests.json of the viewer pages). */
describe('MANGA Plus adapter', () => {
  it.each<[string, string, Partial<DetectedPage> | null]>([
    [
      'viewer-numbered.html',
      `${VIEWER}/1000391`,
      {
        seriesKey: '100017',
        title: 'My Hero Academia',
        chapterKey: '1000391',
        chapter: 2,
        volume: null,
        progress: { page: 3, pages: 19 },
      },
    ],
    ['viewer-last-page.html', `${VIEWER}/1026314`, { seriesKey: '100160', title: 'Choujin X', chapter: 67, progress: { page: 25, pages: 25 } }],
    [
      'viewer-no-counter.html',
      `${VIEWER}/1017092/`,
      { seriesKey: '100249', title: 'My Girlfriend Gives Me Goosebumps!', chapterKey: '1017092', chapter: 6, progress: null },
    ],
    // An unnumbered extra is still a chapter page, without a number.
    ['viewer-extra.html', `${VIEWER}/1007745`, { seriesKey: '100116', title: 'Hokkaido Gals Are Super Adorable!', chapter: null, progress: { page: 1, pages: 8 } }],
    // Not rendered yet: report nothing rather than guess.
    ['still-loading.html', `${VIEWER}/1000391`, null],
    // "#99999999999" is not a chapter, and not an extra either.
    ['hostile.html', `${VIEWER}/1000391`, null],
    ['foreign-series-link.html', `${VIEWER}/1000391`, null],
    // The header of a chapter on a page that is not a viewer URL.
    ['viewer-numbered.html', 'https://mangaplus.shueisha.co.jp/titles/100017', null],
    ['viewer-numbered.html', 'https://mangaplus.shueisha.co.jp.evil.example/viewer/1000391', null],
    ['viewer-numbered.html', 'http://mangaplus.shueisha.co.jp/viewer/1000391', null],
  ])('%s at %s', (fixture, url, expected) => {
    const page = mangaplus.detect(loadFixture('mangaplus', fixture), new URL(url));
    if (expected === null) expect(page).toBeNull();
    else {
      expect(page).toMatchObject({ site: 'mangaplus', ...expected });
      expect(page?.externalIds).toEqual({});
    }
  });

  it('keeps script text out of the title and drops an impossible page counter', () => {
    const doc = loadFixture('mangaplus', 'hostile.html');
    doc.querySelector('p[class*="chapterTitle"]')!.textContent = '#012';
    const page = mangaplus.detect(doc, new URL(`${VIEWER}/1000391`));
    expect(page?.title).toBe('My Hero Academia');
    expect(page?.chapter).toBe(12);
    // "900 / 3" cannot be a position.
    expect(page?.progress).toBeNull();
  });

  it.each([
    ['#012.5', 12.5],
    ['#1100', 1100],
    ['One-Shot', null],
  ])('reads the label %j as chapter %s', (label, chapter) => {
    const doc = loadFixture('mangaplus', 'viewer-numbered.html');
    doc.querySelector('p[class*="chapterTitle"]')!.textContent = label;
    expect(mangaplus.detect(doc, new URL(`${VIEWER}/1000391`))).toMatchObject({ chapter });
  });

  it.each([
    [`${VIEWER}/1000391`, true],
    [`${VIEWER}/1000391/`, true],
    ['https://mangaplus.shueisha.co.jp/titles/100017', false],
    ['https://mangaplus.shueisha.co.jp/search_result?keyword=hero', false],
    [`${VIEWER}/abc`, false],
    ['https://evil.example/viewer/1000391', false],
  ])('isChapterUrl(%s) = %s', (url, expected) => {
    expect(mangaplus.isChapterUrl(new URL(url))).toBe(expected);
  });
});
