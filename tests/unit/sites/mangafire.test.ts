// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { mangafire } from '../../../lib/sites/mangafire';
import type { DetectedPage } from '../../../lib/sites/types';
import { loadFixture } from './fixtures';

const NEW = 'https://mangafire.to/title/52x0-solo-leveling/4815162-chapter-168-en';
const OLD = 'https://mangafire.to/read/solo-leveling.52x0/en/chapter-168';
const SOLO_LEVELING_IDS = { mal: 121496, anilist: 105398 };

/**
 * SITES.md §C.3. Its tests.json identifier ("leveling.52x0") is stale; the series is keyed on the hid ("52x0"),
 * which both URL designs carry, so a series keeps its key across the redesign.
 */
describe('MangaFire adapter', () => {
  it.each<[string, string, Partial<DetectedPage> | null]>([
    [
      'chapter-new-design.html',
      NEW,
      {
        seriesKey: '52x0',
        title: 'Solo Leveling',
        chapterKey: '4815162',
        chapter: 168,
        volume: null,
        progress: { page: 4, pages: 22 },
        externalIds: SOLO_LEVELING_IDS,
      },
    ],
    // The old design: no chapter id in the address, the number as a string, an empty AniList id.
    ['chapter-old-design.html', OLD, { seriesKey: '52x0', title: 'Solo Leveling', chapterKey: null, chapter: 168, progress: null, externalIds: { mal: 121496 } }],
    [
      'chapter-decimal.html',
      'https://mangafire.to/title/kq3mv-kaiju-no-8/5001234-chapter-12.5-es-la',
      { seriesKey: 'kq3mv', title: 'Kaiju No. 8', chapterKey: '5001234', chapter: 12.5, progress: { page: 18, pages: 18 }, externalIds: {} },
    ],
    // Tracker ids that are not ids and an impossible progress bar are dropped; the chapter is still read.
    ['bad-ids.html', NEW, { seriesKey: '52x0', chapter: 168, progress: null, externalIds: {} }],
    // #syncData names chapter 168 while the address says 169: stale or forged, not a chapter.
    ['chapter-new-design.html', 'https://mangafire.to/title/52x0-solo-leveling/4815163-chapter-169-en', null],
    ['overview.html', NEW, null],
    ['overview.html', 'https://mangafire.to/title/52x0-solo-leveling', null],
    ['still-loading.html', NEW, null],
    ['forged-sync-data.html', NEW, null],
    ['hostile.html', NEW, null],
    ['malformed.html', NEW, null],
    ['chapter-new-design.html', 'https://mangafire.to.evil.example/title/52x0-solo-leveling/4815162-chapter-168-en', null],
  ])('%s at %s', (fixture, url, expected) => {
    const page = mangafire.detect(loadFixture('mangafire', fixture), new URL(url));
    if (expected === null) expect(page).toBeNull();
    else {
      const { externalIds, ...rest } = expected;
      expect(page).toMatchObject({ site: 'mangafire', ...rest });
      expect(page?.externalIds).toEqual(externalIds);
    }
  });

  it.each([
    [NEW, true],
    ['https://mangafire.to/title/52x0-solo-leveling/4815162-chapter-12.5-pt-br', true],
    [OLD, true],
    ['https://mangafire.to/read/dr.stone.9m2q/en/chapter-7/', true],
    ['https://mangafire.to/title/52x0-solo-leveling', false],
    ['https://mangafire.to/title/52x0-solo-leveling/volume/120', false],
    ['https://mangafire.to/manga/solo-leveling.52x0', false],
    // Volume readers do not say which chapters they hold.
    ['https://mangafire.to/read/solo-leveling.52x0/en/volume-3', false],
    ['https://mangafire.to/title/52x0-solo-leveling/4815162-chapter-99999999999-en', false],
    ['https://evil.example/read/solo-leveling.52x0/en/chapter-168', false],
  ])('isChapterUrl(%s) = %s', (url, expected) => {
    expect(mangafire.isChapterUrl(new URL(url))).toBe(expected);
  });

  it('keys an old-design address with dots in its slug on the hid after the last dot', () => {
    const doc = loadFixture('mangafire', 'chapter-old-design.html');
    expect(mangafire.detect(doc, new URL('https://mangafire.to/read/dr.stone.9m2q/en/chapter-168'))?.seriesKey).toBe('9m2q');
  });
});
