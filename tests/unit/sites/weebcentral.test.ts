// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import type { DetectedPage } from '../../../lib/sites/types';
import { weebcentral } from '../../../lib/sites/weebcentral';
import { loadFixture } from './fixtures';

const CHAPTERS = 'https://weebcentral.com/chapters';

/** Expected values from SITES.md §C.2 (tests.json of the chapter pages). */
describe('WeebCentral adapter', () => {
  it.each<[string, string, Partial<DetectedPage> | null]>([
    [
      'long-strip.html',
      `${CHAPTERS}/01J76XZ480RW84PPENM92DQWG6`,
      {
        seriesKey: '01J76XY7P6VR0D8AQYQ9FNFTE7',
        title: 'Initial D',
        chapterKey: '01J76XZ480RW84PPENM92DQWG6',
        chapter: 706,
        volume: null,
        // Long strip: no counter, the strip is measured instead.
        progress: null,
      },
    ],
    [
      'paged.html',
      `${CHAPTERS}/01JH1X95RSVSEXTHG3759C7H54`,
      {
        seriesKey: '01J76XYGSXQN8BNTPR0QXWQD2S',
        title: 'Otaku ni Yasashii Gal wa Inai!?',
        chapter: 40,
        // The cover image is not a page.
        progress: { page: 3, pages: 5 },
      },
    ],
    ['to-your-eternity.html', `${CHAPTERS}/01JH1T8AXF0D8BQR6PFF453WCD`, { seriesKey: '01J76XYBYX6EGVR7ZNC8VKFJD1', title: 'To Your Eternity', chapter: 195 }],
    ['season-label.html', `${CHAPTERS}/01JQ5FG4WCVWSVESYGM4VWM0EQ`, { seriesKey: '01J76XYF352T2D7MEDFZWAB654', title: 'Flawless', chapter: 31, volume: 4 }],
    ['decimal.html', `${CHAPTERS}/01J76XZ480DEC1MA1CHAPTER00`, { chapterKey: '01J76XZ480DEC1MA1CHAPTER00', chapter: 706.5, volume: null }],
    // A lower-case address is the same chapter.
    ['long-strip.html', `${CHAPTERS}/01j76xz480rw84ppenm92dqwg6`, { chapterKey: '01J76XZ480RW84PPENM92DQWG6', chapter: 706 }],
    // The chapter-select button has not arrived yet.
    ['still-loading.html', `${CHAPTERS}/01J76XZ480RW84PPENM92DQWG6`, null],
    ['hostile.html', `${CHAPTERS}/01J76XZ480RW84PPENM92DQWG6`, null],
    ['foreign-series-link.html', `${CHAPTERS}/01J76XZ480RW84PPENM92DQWG6`, null],
    ['long-strip.html', 'https://weebcentral.com/series/01J76XY7P6VR0D8AQYQ9FNFTE7/Initial-D', null],
    ['long-strip.html', 'https://weebcentral.com.evil.example/chapters/01J76XZ480RW84PPENM92DQWG6', null],
  ])('%s at %s', (fixture, url, expected) => {
    const page = weebcentral.detect(loadFixture('weebcentral', fixture), new URL(url));
    if (expected === null) expect(page).toBeNull();
    else {
      expect(page).toMatchObject({ site: 'weebcentral', ...expected });
      expect(page?.externalIds).toEqual({});
    }
  });

  it('keeps script text out of the title', () => {
    const doc = loadFixture('weebcentral', 'hostile.html');
    doc.querySelector('button[hx-target="#chapter-select-body"] span')!.textContent = 'Chapter 5';
    expect(weebcentral.detect(doc, new URL(`${CHAPTERS}/01J76XZ480RW84PPENM92DQWG6`))).toMatchObject({ title: 'Initial D', chapter: 5 });
  });

  it.each<[string, number | null, number | null]>([
    ['S4 31', 31, 4],
    ['Chp 12', 12, null],
    ['Ch. 12.5', 12.5, null],
    ['Chapter 1,000', 1000, null],
    ['Oneshot', null, null],
  ])('reads the label %j as chapter %s, volume %s', (label, chapter, volume) => {
    const doc = loadFixture('weebcentral', 'long-strip.html');
    doc.querySelector('button[hx-target="#chapter-select-body"] span')!.textContent = label;
    expect(weebcentral.detect(doc, new URL(`${CHAPTERS}/01J76XZ480RW84PPENM92DQWG6`))).toMatchObject({ chapter, volume });
  });

  it.each([
    ['long-strip.html', 3],
    ['paged.html', 5],
  ])('measures the strip of %s over its %i page images', (fixture, count) => {
    expect(loadFixture('weebcentral', fixture).querySelectorAll(weebcentral.stripImages!)).toHaveLength(count);
  });

  it.each([
    [`${CHAPTERS}/01J76XZ480RW84PPENM92DQWG6`, true],
    [`${CHAPTERS}/01J76XZ480RW84PPENM92DQWG6/`, true],
    ['https://weebcentral.com/series/01J76XY7P6VR0D8AQYQ9FNFTE7/Initial-D', false],
    // 25 characters, and one with a letter Crockford base 32 leaves out.
    [`${CHAPTERS}/01J76XZ480RW84PPENM92DQWG`, false],
    [`${CHAPTERS}/01J76XZ480RW84PPENM92DQWGU`, false],
    ['https://evil.example/chapters/01J76XZ480RW84PPENM92DQWG6', false],
  ])('isChapterUrl(%s) = %s', (url, expected) => {
    expect(weebcentral.isChapterUrl(new URL(url))).toBe(expected);
  });
});
