// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { mangapill } from '../../../lib/sites/mangapill';
import type { DetectedPage } from '../../../lib/sites/types';
import { loadFixture } from './fixtures';

const YONKISHI = 'https://mangapill.com/chapters/5343-10210000/mokushiroku-no-yonkishi-chapter-210';
const REGRESSION = 'https://mangapill.com/chapters/8857-10068000/absolute-regression-chapter-68';

describe('Mangapill adapter', () => {
  it.each<[string, string, Partial<DetectedPage> | null]>([
    // SITES.md §C.9 tests.json: "Mokushiroku no Yonkishi", chapter 210; the key is the site's manga id.
    ['chapter.html', YONKISHI, { seriesKey: '5343', title: 'Mokushiroku no Yonkishi', chapterKey: '5343-10210000', chapter: 210 }],
    ['no-title-element.html', REGRESSION, { seriesKey: '8857', title: 'Absolute Regression', chapter: 68 }],
    [
      'chapter-decimal.html',
      'https://mangapill.com/chapters/9280-10010100/tada-no-murabito-chapter-10.1',
      { seriesKey: '9280', title: 'Tada no Murabito', chapterKey: '9280-10010100', chapter: 10.1 },
    ],
    ['still-loading.html', YONKISHI, null],
    ['hostile.html', REGRESSION, null],
    ['chapter.html', 'https://mangapill.com/chapters/5343-10210000/mokushiroku-no-yonkishi-chapter-99999999999', null],
    ['chapter.html', 'https://mangapill.com/manga/5343/mokushiroku-no-yonkishi', null],
  ])('%s at %s', (fixture, url, expected) => {
    const page = mangapill.detect(loadFixture('mangapill', fixture), new URL(url));
    if (expected === null) expect(page).toBeNull();
    else expect(page).toMatchObject({ site: 'mangapill', volume: null, progress: null, externalIds: {}, ...expected });
  });

  it('counts only the pages inside the reader, and falls back to <title> for the series title', () => {
    const doc = loadFixture('mangapill', 'hostile.html');
    expect(doc.querySelectorAll(mangapill.stripImages!)).toHaveLength(0);
    doc.querySelector('.lg\\:container')!.append(doc.createElement('chapter-page'));
    expect(doc.querySelectorAll(mangapill.stripImages!)).toHaveLength(1);
    expect(mangapill.detect(doc, new URL(REGRESSION))).toMatchObject({ title: 'Absolute Regression', chapter: 68 });
  });

  it.each([
    [YONKISHI, true],
    ['https://mangapill.com/chapters/9280-10010100/tada-no-murabito-chapter-10.1', true],
    ['https://mangapill.com/manga/8857/absolute-regression', false],
    ['https://mangapill.com/chapters/8857-10068000/absolute-regression', false],
    ['https://mangapill.com/chapters/8857-10068000/absolute-regression-chapter-68/2', false],
    ['https://mangapill.com.evil.example/chapters/8857-10068000/absolute-regression-chapter-68', false],
  ])('isChapterUrl(%s) = %s', (url, expected) => {
    expect(mangapill.isChapterUrl(new URL(url))).toBe(expected);
  });
});
