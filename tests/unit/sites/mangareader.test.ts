// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { mangareader } from '../../../lib/sites/mangareader';
import type { DetectedPage } from '../../../lib/sites/types';
import { loadFixture } from './fixtures';

const CHAPTER = 'https://mangareader.to/read/solo-leveling-21/en/chapter-168';

/** Expected values from SITES.md §C.5 (tests.json). */
describe('MangaReader.to adapter', () => {
  it.each<[string, string, Partial<DetectedPage> | null]>([
    [
      'chapter-horizontal.html',
      CHAPTER,
      {
        seriesKey: '21',
        title: 'Solo Leveling',
        chapterKey: null,
        chapter: 168,
        volume: null,
        progress: { page: 5, pages: 40 },
        externalIds: { mal: 121496, anilist: 105398 },
      },
    ],
    // Vertical reader: no counter. The name is HTML-encoded in #syncData.
    [
      'chapter-vertical.html',
      'https://mangareader.to/read/frieren-beyond-journeys-end-55539/ja/chapter-12.5',
      { seriesKey: '55539', title: "Frieren: Beyond Journey's End & After", chapter: 12.5, volume: 2, progress: null, externalIds: { mal: 126287 } },
    ],
    // An impossible counter, ids that are not ids and an absurd volume are dropped; the chapter is still read.
    ['bad-counter.html', CHAPTER, { seriesKey: '21', chapter: 168, volume: null, progress: null, externalIds: {} }],
    // #syncData names chapter 168 while the address says 169.
    ['chapter-horizontal.html', 'https://mangareader.to/read/solo-leveling-21/en/chapter-169', null],
    ['series.html', 'https://mangareader.to/solo-leveling-21', null],
    ['series.html', CHAPTER, null],
    ['still-loading.html', CHAPTER, null],
    ['hostile.html', CHAPTER, null],
    ['chapter-horizontal.html', 'https://mangareader.to.evil.example/read/solo-leveling-21/en/chapter-168', null],
  ])('%s at %s', (fixture, url, expected) => {
    const page = mangareader.detect(loadFixture('mangareader', fixture), new URL(url));
    if (expected === null) expect(page).toBeNull();
    else {
      const { externalIds, ...rest } = expected;
      expect(page).toMatchObject({ site: 'mangareader', ...rest });
      expect(page?.externalIds).toEqual(externalIds);
    }
  });

  it('measures the vertical reader by its page cards', () => {
    expect(loadFixture('mangareader', 'chapter-vertical.html').querySelectorAll(mangareader.stripImages!)).toHaveLength(3);
  });

  it.each([
    [CHAPTER, true],
    ['https://mangareader.to/read/20th-century-boys-123/en/chapter-4/', true],
    ['https://mangareader.to/solo-leveling-21', false],
    // Volume readers do not say which chapters they hold.
    ['https://mangareader.to/read/solo-leveling-21/en/volume-3', false],
    ['https://mangareader.to/read/solo-leveling/en/chapter-168', false],
    ['https://evil.example/read/solo-leveling-21/en/chapter-168', false],
  ])('isChapterUrl(%s) = %s', (url, expected) => {
    expect(mangareader.isChapterUrl(new URL(url))).toBe(expected);
  });
});
