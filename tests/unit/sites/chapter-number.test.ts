import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_CHAPTER, parseChapterLabel, parseNumber } from '../../../lib/sites/shared/chapter-number';

describe('parseChapterLabel', () => {
  it.each([
    ['Ch. 12', 12, null, 'numbered'],
    ['Ch. 12.5', 12.5, null, 'numbered'],
    ['Vol. 3 Ch. 12', 12, 3, 'numbered'],
    ['Vol.3 Chapter 20', 20, 3, 'numbered'],
    ['Volume 10 - Chapter 101.1: Return', 101.1, 10, 'numbered'],
    ['Chapter 706', 706, null, 'numbered'],
    ['#012', 12, null, 'numbered'],
    ['Episode 7', 7, null, 'numbered'],
    ['Ep. 152', 152, null, 'numbered'],
    ['Ch.021 - The Beginning', 21, null, 'numbered'],
    ['c045', 45, null, 'numbered'],
    ['  Ch.  8  ', 8, null, 'numbered'],
    ['Oneshot', null, null, 'oneshot'],
    ['One-shot', null, null, 'oneshot'],
    ['Vol. 2 Extra', null, 2, 'extra'],
    ['Special', null, null, 'extra'],
    ['Chapter 1,000', 1000, null, 'numbered'],
    ['Prologue', null, null, 'unknown'],
    ['', null, null, 'unknown'],
    ['Ch. 99999999999', null, null, 'unknown'],
    ['Ch. -5', null, null, 'unknown'],
    // Seven digits are not cut down to the first six (chapter 100000).
    ['#10000012', null, null, 'unknown'],
    ['Ch. 12.3456', null, null, 'unknown'],
  ] as const)('%j → chapter %s, volume %s (%s)', (label, chapter, volume, kind) => {
    expect(parseChapterLabel(label)).toEqual({ chapter, volume, kind });
  });

  it('never yields a number outside 0…MAX_CHAPTER, whatever the page prints', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 60 }), (label) => {
        const { chapter, volume } = parseChapterLabel(label);
        if (chapter !== null) expect(chapter >= 0 && chapter <= MAX_CHAPTER && Number.isFinite(chapter)).toBe(true);
        if (volume !== null) expect(volume >= 0 && Number.isFinite(volume)).toBe(true);
      }),
    );
  });
});

describe('parseNumber', () => {
  it.each([
    ['12', 12],
    ['10.5', 10.5],
    [' 7 ', 7],
    ['1e3', null],
    ['0x10', null],
    ['Infinity', null],
    ['12.', null],
    ['', null],
    [null, null],
  ] as const)('%j → %s', (text, expected) => {
    expect(parseNumber(text)).toBe(expected);
  });
});
