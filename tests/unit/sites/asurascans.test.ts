// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { asurascans } from '../../../lib/sites/asurascans';
import type { DetectedPage } from '../../../lib/sites/types';
import { loadFixture } from './fixtures';

const CHAPTER = 'https://asurascans.com/comics/infinite-mage-f6174291/chapter/18';

describe('Asura Scans adapter', () => {
  it.each<[string, string, Partial<DetectedPage> | null]>([
    // SITES.md §C.7 tests.json: "Infinite Mage", identifier "infinite-mage", chapter 18.
    ['chapter.html', CHAPTER, { seriesKey: 'infinite-mage', title: 'Infinite Mage', chapter: 18, chapterKey: null }],
    // The random suffix can change (§C.7): the series key does not.
    ['chapter.html', 'https://asurascans.com/comics/infinite-mage-0a9b8c7d/chapter/18', { seriesKey: 'infinite-mage' }],
    [
      'chapter-decimal.html',
      'https://asurascans.com/comics/solo-leveling-ragnarok-7c1e9a04/chapter/40.5',
      { seriesKey: 'solo-leveling-ragnarok', title: 'Solo Leveling: Ragnarok', chapter: 40.5 },
    ],
    // Client-side navigation: the URL says 19 while the page still shows 18.
    ['chapter.html', 'https://asurascans.com/comics/infinite-mage-f6174291/chapter/19', null],
    ['still-loading.html', CHAPTER, null],
    ['locked.html', 'https://asurascans.com/comics/infinite-mage-f6174291/chapter/25', null],
    ['hostile.html', CHAPTER, null],
    ['hostile.html', 'https://asurascans.com/comics/infinite-mage-f6174291/chapter/99999999999', null],
    // Series page and past domains.
    ['chapter.html', 'https://asurascans.com/comics/infinite-mage-f6174291', null],
    ['chapter.html', 'https://asuracomic.net/comics/infinite-mage-f6174291/chapter/18', null],
  ])('%s at %s', (fixture, url, expected) => {
    const page = asurascans.detect(loadFixture('asurascans', fixture), new URL(url));
    if (expected === null) expect(page).toBeNull();
    else expect(page).toMatchObject({ site: 'asurascans', volume: null, progress: null, externalIds: {}, ...expected });
  });

  it('counts one strip element per page', () => {
    const doc = loadFixture('asurascans', 'chapter.html');
    expect(doc.querySelectorAll(asurascans.stripImages!)).toHaveLength(3);
  });

  it.each([
    [CHAPTER, true],
    ['https://asurascans.com/comics/omniscient-readers-viewpoint-3c8a91f0/chapter/250.5', true],
    ['https://asurascans.com/comics/infinite-mage-f6174291', false],
    // Current chapter URLs always carry the 8-character suffix (§C.7).
    ['https://asurascans.com/comics/infinite-mage/chapter/18', false],
    ['https://asurascans.com/comics/infinite-mage-f6174291/chapter/1e3', false],
    ['https://asuratoon.com/comics/infinite-mage-f6174291/chapter/18', false],
    ['https://asura.gg/comics/infinite-mage-f6174291/chapter/18', false],
  ])('isChapterUrl(%s) = %s', (url, expected) => {
    expect(asurascans.isChapterUrl(new URL(url))).toBe(expected);
  });
});
