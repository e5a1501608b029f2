// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { comix } from '../../../lib/sites/comix';
import type { DetectedPage } from '../../../lib/sites/types';
import { loadFixture } from './fixtures';

const SERIES = 'https://comix.to/title/3z2z2-reincarnated-as-a-sword';
const TITLE = 'I Was a Sword When I Reincarnated (MangaToon)';
const IDS = { mal: 116778, anilist: 110581 };

/** Expected values from SITES.md §C.4 (tests.json). */
describe('Comix adapter', () => {
  it.each<[string, string, Partial<DetectedPage> | null]>([
    [
      'chapter-84.html',
      `${SERIES}/2734337-chapter-84`,
      { seriesKey: '3z2z2', title: TITLE, chapterKey: '2734337', chapter: 84, volume: null, progress: { page: 4, pages: 10 }, externalIds: IDS },
    ],
    // Another upload of the same chapter, under the series' other slug: same series, same chapter number.
    [
      'chapter-84.html',
      'https://comix.to/title/3z2z2-i-was-a-sword-when-i-reincarnated-mangatoon/1679664-chapter-84',
      { seriesKey: '3z2z2', chapterKey: '1679664', chapter: 84, externalIds: IDS },
    ],
    [
      'chapter-decimal-mirror.html',
      'https://comix.ws/title/9xk2p-blue-lock/3100200-chapter-12.5',
      { seriesKey: '9xk2p', title: 'Blue Lock', chapter: 12.5, progress: { page: 6, pages: 6 }, externalIds: { mal: 114745, anilist: 106130 } },
    ],
    ['overview.html', SERIES, null],
    ['overview.html', `${SERIES}/2734337-chapter-84`, null],
    ['still-loading.html', `${SERIES}/2734337-chapter-84`, null],
    // #syncData names chapter 85 while the address says 84.
    ['stale-sync-data.html', `${SERIES}/2734337-chapter-84`, null],
    // "84abc" is not a chapter number.
    ['hostile.html', `${SERIES}/2734337-chapter-84`, null],
    ['chapter-84.html', `https://comix.to.evil.example/title/3z2z2-reincarnated-as-a-sword/2734337-chapter-84`, null],
  ])('%s at %s', (fixture, url, expected) => {
    const page = comix.detect(loadFixture('comix', fixture), new URL(url));
    if (expected === null) expect(page).toBeNull();
    else {
      const { externalIds, ...rest } = expected;
      expect(page).toMatchObject({ site: 'comix', ...rest });
      expect(page?.externalIds).toEqual(externalIds);
    }
  });

  it('drops tracker ids out of bounds but keeps the chapter', () => {
    const doc = loadFixture('comix', 'hostile.html');
    const data = doc.querySelector('script#syncData')!;
    data.textContent = data.textContent.replace('"84abc"', '84');
    const page = comix.detect(doc, new URL(`${SERIES}/2734337-chapter-84`));
    expect(page?.chapter).toBe(84);
    expect(page?.externalIds).toEqual({});
  });

  it.each([
    [`${SERIES}/2734337-chapter-84`, true],
    ['https://comix.ws/title/3z2z2-reincarnated-as-a-sword/2734337-chapter-84', true],
    ['https://comix.to/title/3z2z2/2734337-chapter-84.5', true],
    [SERIES, false],
    ['https://comix.to/title/3z2z2-reincarnated-as-a-sword/chapter-84', false],
    ['https://www.comix.to/title/3z2z2-reincarnated-as-a-sword/2734337-chapter-84', false],
    ['https://evil.example/title/3z2z2-reincarnated-as-a-sword/2734337-chapter-84', false],
  ])('isChapterUrl(%s) = %s', (url, expected) => {
    expect(comix.isChapterUrl(new URL(url))).toBe(expected);
  });
});
