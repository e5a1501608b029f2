// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { suwayomi } from '../../../lib/sites/suwayomi';
import type { DetectedPage } from '../../../lib/sites/types';
import { loadFixture } from './fixtures';

const READER = 'https://suwayomi.home.example/manga/42/chapter/12';

describe('Suwayomi adapter', () => {
  it.each<[string, string, Partial<DetectedPage> | null]>([
    ['reader.html', READER, { seriesKey: '42', title: 'Berserk', chapterKey: '12', chapter: 12, volume: null, progress: { page: 3, pages: 18 } }],
    // Anything may follow the chapter segment (SITES.md §B4 route `…/chapter/:chapterSourceOrder/*`).
    ['reader.html', `${READER}/page/3`, { chapterKey: '12', chapter: 12 }],
    ['reader.html', 'https://home.example/suwayomi/manga/42/chapter/12', { seriesKey: '42', chapter: 12 }],
    // Both the manga title and the chapter name may contain ": ".
    ['colon-title.html', READER, { title: "Frieren: Beyond Journey's End", chapter: 12.5, volume: 2, progress: { page: 8, pages: 8 } }],
    // The counter's selector dates from 2024 (SITES.md §B4, Low): a counter of another shape only loses progress.
    ['no-counter.html', READER, { chapter: 13, progress: null }],
    // "Reader — Manga 42 Chapter 12 - Suwayomi" is the loading title, not a chapter that is shown.
    ['still-loading.html', READER, null],
    // A chapter name without a number is not a chapter we can count.
    ['unnumbered.html', READER, null],
    ['hostile.html', READER, null],
    ['reader.html', 'https://suwayomi.home.example/manga/42', null],
  ])('%s at %s', (fixture, url, expected) => {
    const page = suwayomi.detect(loadFixture('suwayomi', fixture), new URL(url));
    if (expected === null) expect(page).toBeNull();
    else expect(page).toMatchObject({ site: 'suwayomi', externalIds: {}, ...expected });
  });

  it('drops an impossible page counter', () => {
    const doc = loadFixture('suwayomi', 'hostile.html');
    doc.title = 'Berserk: Chapter 5 - Suwayomi';
    expect(suwayomi.detect(doc, new URL(READER))).toMatchObject({ chapter: 5, progress: null });
  });

  it('has no server API to ask: its token lives in the WebUI memory only', () => {
    expect(Object.hasOwn(suwayomi, 'load')).toBe(false);
  });

  it.each([
    [READER, true],
    [`${READER}/anything`, true],
    ['https://suwayomi.home.example/manga/42', false],
    ['https://suwayomi.home.example/manga/42/chapter/latest', false],
  ])('isChapterUrl(%s) = %s', (url, expected) => {
    expect(suwayomi.isChapterUrl(new URL(url))).toBe(expected);
  });
});
