// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { manganato } from '../../../lib/sites/manganato';
import type { DetectedPage } from '../../../lib/sites/types';
import { loadFixture } from './fixtures';

const DR_STONE = 'https://www.natomanga.com/manga/dr-stone/chapter-190';
const BABY_STEPS = 'https://www.mangakakalot.gg/manga/baby-steps/chapter-194';

describe('Manganato adapter', () => {
  it.each<[string, string, Partial<DetectedPage> | null]>([
    // SITES.md §C.6 tests.json: "Dr. Stone", identifier "dr-stone", chapter 190.
    ['natomanga-chapter.html', DR_STONE, { seriesKey: 'dr-stone', title: 'Dr. Stone', chapter: 190, chapterKey: null, volume: null }],
    // The family's other current domains read the same page shape.
    ['natomanga-chapter.html', 'https://natomanga.com/manga/dr-stone/chapter-190', { seriesKey: 'dr-stone', chapter: 190 }],
    ['natomanga-chapter.html', 'https://www.nelomanga.net/manga/dr-stone/chapter-190', { seriesKey: 'dr-stone', chapter: 190 }],
    // The full title comes from the breadcrumb's `title`, not the truncated text on screen.
    ['mangakakalot-chapter.html', BABY_STEPS, { seriesKey: 'baby-steps', title: 'Baby Steps', chapter: 194 }],
    ['mangakakalot-chapter.html', 'https://www.mangakakalot.gg/manga/baby-steps/chapter-194.5', { chapter: 194.5 }],
    // Decimal spelling `chapter-10-5` is unverified (§D.10): no guess.
    ['mangakakalot-chapter.html', 'https://www.mangakakalot.gg/manga/baby-steps/chapter-194-5', null],
    // The series page is not a chapter.
    ['mangakakalot-chapter.html', 'https://www.mangakakalot.gg/manga/baby-steps', null],
    ['still-loading.html', DR_STONE, null],
    ['error-404.html', DR_STONE, null],
    ['hostile.html', DR_STONE, null],
    ['natomanga-chapter.html', 'https://www.natomanga.com/manga/dr-stone/chapter-99999999999', null],
  ])('%s at %s', (fixture, url, expected) => {
    const page = manganato.detect(loadFixture('manganato', fixture), new URL(url));
    if (expected === null) expect(page).toBeNull();
    else expect(page).toMatchObject({ site: 'manganato', progress: null, externalIds: {}, ...expected });
  });

  it('takes the series title only from a breadcrumb that links to this series', () => {
    const doc = loadFixture('manganato', 'hostile.html');
    const crumb = doc.querySelectorAll('[itemtype="http://schema.org/Thing"]')[1]!;
    crumb.setAttribute('href', '/manga/one-piece');
    expect(manganato.detect(doc, new URL(DR_STONE))).toBeNull();
    crumb.setAttribute('href', '/manga/dr-stone');
    crumb.removeAttribute('title');
    // Without the attribute, the visible text is read, script content left out.
    expect(manganato.detect(doc, new URL(DR_STONE))?.title).toBe('One Piece');
  });

  it.each([
    [DR_STONE, true],
    [BABY_STEPS, true],
    ['https://nelomanga.com/manga/dr-stone/chapter-1', true],
    ['https://www.manganato.gg/manga/dr-stone/chapter-1', true],
    ['https://www.mangakakalove.com/manga/dr-stone/chapter-1', true],
    ['https://www.mangabats.com/manga/dr-stone/chapter-1.5', true],
    ['https://www.natomanga.com/manga/dr-stone', false],
    ['https://www.natomanga.com/manga/dr-stone/chapter-', false],
    // Dead past domains of the family (§C.6).
    ['https://chapmanganato.to/manga-yz975382/chapter-190', false],
    ['https://manganato.com/manga/dr-stone/chapter-190', false],
    ['https://www.natomanga.com.evil.example/manga/dr-stone/chapter-190', false],
  ])('isChapterUrl(%s) = %s', (url, expected) => {
    expect(manganato.isChapterUrl(new URL(url))).toBe(expected);
  });
});
