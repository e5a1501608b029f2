// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { flamecomics } from '../../../lib/sites/flamecomics';
import type { DetectedPage } from '../../../lib/sites/types';
import { loadFixture } from './fixtures';

const CHAPTER = 'https://flamecomics.xyz/series/1/a51617bdb0da930f';
const NEXT_CHAPTER = 'https://flamecomics.xyz/series/1/b7c3d9e1f2a40516';

describe('Flame Comics adapter', () => {
  it.each<[string, string, Partial<DetectedPage> | null]>([
    // SITES.md §C.8 tests.json: "Solo Leveling", identifier "1", chapter 145.
    ['chapter.html', CHAPTER, { seriesKey: '1', title: 'Solo Leveling', chapterKey: 'a51617bdb0da930f', chapter: 145 }],
    ['chapter-decimal.html', 'https://flamecomics.xyz/series/2/0f1e2d3c4b5a6978', { seriesKey: '2', title: 'Omniscient Reader', chapter: 20.5 }],
    // After client-side navigation the server data is stale; the navbar names the chapter.
    ['client-navigation.html', NEXT_CHAPTER, { seriesKey: '1', chapterKey: 'b7c3d9e1f2a40516', chapter: 146 }],
    // Server data that does not parse: the navbar alone.
    ['broken-data.html', CHAPTER, { chapter: 145 }],
    // Right after moving on: the next chapter's URL, but the navbar still names the chapter the data describes.
    ['chapter.html', NEXT_CHAPTER, null],
    ['still-loading.html', CHAPTER, null],
    ['hostile.html', CHAPTER, null],
    ['chapter.html', 'https://flamecomics.xyz/series/1', null],
    ['chapter.html', 'https://flamecomics.com/series/1/a51617bdb0da930f', null],
  ])('%s at %s', (fixture, url, expected) => {
    const page = flamecomics.detect(loadFixture('flamecomics', fixture), new URL(url));
    if (expected === null) expect(page).toBeNull();
    else expect(page).toMatchObject({ site: 'flamecomics', volume: null, progress: null, externalIds: {}, ...expected });
  });

  it('rejects server data for this chapter that disagrees with the navbar', () => {
    const doc = loadFixture('flamecomics', 'chapter.html');
    doc.querySelector('[class*="TopChapterNavbar_chapter_title"]')!.textContent = 'Chapter 144';
    expect(flamecomics.detect(doc, new URL(CHAPTER))).toBeNull();
  });

  it('reads the server data when the navbar has no chapter label', () => {
    const doc = loadFixture('flamecomics', 'chapter.html');
    doc.querySelector('[class*="TopChapterNavbar_chapter_title"]')!.remove();
    expect(flamecomics.detect(doc, new URL(CHAPTER))?.chapter).toBe(145);
    // …but not data describing another chapter.
    expect(flamecomics.detect(doc, new URL(NEXT_CHAPTER))).toBeNull();
  });

  it('reports nothing for an absurd number in this chapter\'s data, even without a navbar label', () => {
    const doc = loadFixture('flamecomics', 'hostile.html');
    doc.querySelector('[class*="TopChapterNavbar_chapter_title"]')!.remove();
    expect(flamecomics.detect(doc, new URL(CHAPTER))).toBeNull();
  });

  it('keeps script text out of the title once the forged data is gone', () => {
    const doc = loadFixture('flamecomics', 'hostile.html');
    doc.querySelector('script#__NEXT_DATA__')!.remove();
    const page = flamecomics.detect(doc, new URL(CHAPTER));
    expect(page?.title).toBe('Solo Leveling');
    expect(page?.chapter).toBe(145);
  });

  it('counts the strip images', () => {
    const doc = loadFixture('flamecomics', 'chapter.html');
    expect(doc.querySelectorAll(flamecomics.stripImages!)).toHaveLength(3);
  });

  it.each([
    [CHAPTER, true],
    ['https://flamecomics.xyz/series/1', false],
    ['https://flamecomics.xyz/series/1/not-a-token', false],
    ['https://flamecomics.me/series/1/a51617bdb0da930f', false],
    ['https://flamecomics.xyz.evil.example/series/1/a51617bdb0da930f', false],
  ])('isChapterUrl(%s) = %s', (url, expected) => {
    expect(flamecomics.isChapterUrl(new URL(url))).toBe(expected);
  });
});
