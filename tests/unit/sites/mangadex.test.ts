// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { mangadex } from '../../../lib/sites/mangadex';
import type { DetectedPage } from '../../../lib/sites/types';
import { loadFixture } from './fixtures';

const CHAPTER = 'https://mangadex.org/chapter/2c3d4e5f-6a7b-4c8d-9e0f-1a2b3c4d5e66';

describe('MangaDex adapter', () => {
  it.each<[string, string, Partial<DetectedPage> | null]>([
    [
      'chapter-vol-ch.html',
      CHAPTER,
      {
        seriesKey: 'b0b721ff-c388-4486-aa0f-c2b0bb321512',
        title: 'Sousou no Frieren',
        chapterKey: '2c3d4e5f-6a7b-4c8d-9e0f-1a2b3c4d5e66',
        chapter: 12,
        volume: 2,
        progress: { page: 3, pages: 18 },
      },
    ],
    // The `/{page}` suffix is the same chapter (SITES.md §A: a page change is not a new chapter).
    ['chapter-vol-ch.html', `${CHAPTER}/3`, { chapterKey: '2c3d4e5f-6a7b-4c8d-9e0f-1a2b3c4d5e66', chapter: 12 }],
    ['chapter-decimal.html', CHAPTER, { title: 'ONE PIECE', chapter: 1100.5, volume: null, progress: null }],
    ['oneshot.html', CHAPTER, { title: 'Chainsaw Man', chapter: null, progress: { page: 30, pages: 30 } }],
    // Not rendered yet: report nothing rather than guess.
    ['still-loading.html', CHAPTER, null],
    // Absurd numbers from a hostile page are not a chapter.
    ['hostile.html', CHAPTER, null],
    ['foreign-series-link.html', CHAPTER, null],
    // A chapter label on a page that is not a chapter URL.
    ['chapter-vol-ch.html', 'https://mangadex.org/title/b0b721ff-c388-4486-aa0f-c2b0bb321512', null],
    ['chapter-vol-ch.html', 'https://mangadex.org/chapter/not-a-uuid', null],
    ['chapter-vol-ch.html', 'https://evil.example/chapter/2c3d4e5f-6a7b-4c8d-9e0f-1a2b3c4d5e66', null],
  ])('%s at %s', (fixture, url, expected) => {
    const page = mangadex.detect(loadFixture('mangadex', fixture), new URL(url));
    if (expected === null) expect(page).toBeNull();
    else expect(page).toMatchObject({ site: 'mangadex', externalIds: {}, ...expected });
  });

  it('keeps script text out of the title', () => {
    const doc = loadFixture('mangadex', 'hostile.html');
    doc.querySelector('.reader--meta.chapter')!.textContent = 'Ch. 4';
    const page = mangadex.detect(doc, new URL(CHAPTER));
    expect(page?.title).toBe('Berserk');
    expect(page?.chapter).toBe(4);
    // Progress "900 of 3" is impossible and is dropped rather than reported.
    expect(page?.progress).toBeNull();
  });

  it.each([
    [CHAPTER, true],
    [`${CHAPTER}/12`, true],
    ['https://mangadex.org/title/b0b721ff-c388-4486-aa0f-c2b0bb321512/frieren', false],
    ['https://mangadex.org/titles?q=frieren', false],
  ])('isChapterUrl(%s) = %s', (url, expected) => {
    expect(mangadex.isChapterUrl(new URL(url))).toBe(expected);
  });
});
