import { describe, expect, it } from 'vitest';
import { pageProgress, parsePageCounter, trailingPageNumber } from '../../../lib/sites/shared/page-counter';

describe('parsePageCounter', () => {
  it.each([
    ['3 / 18', { page: 3, pages: 18 }],
    ['Page 18/18', { page: 18, pages: 18 }],
    ['900 / 3', null],
    ['0 / 3', null],
    ['123456 / 7', null],
    ['3 / 99999', null],
    ['2.5 / 10', null],
    ['3 of 18', null],
    ['', null],
  ])('%j → %j', (text, expected) => {
    expect(parsePageCounter(text)).toEqual(expected);
  });
});

describe('pageProgress', () => {
  it.each<[number | null, number | null, { page: number; pages: number } | null]>([
    [1, 1, { page: 1, pages: 1 }],
    [0, 10, null],
    [11, 10, null],
    [1.5, 10, null],
    [1, 1e9, null],
    [null, 10, null],
  ])('(%s, %s) → %j', (page, pages, expected) => {
    expect(pageProgress(page, pages)).toEqual(expected);
  });
});

describe('trailingPageNumber', () => {
  it.each([
    ['Page 3', 3],
    ['12', 12],
    ['Page 1234567', null],
    ['Page 2.5', null],
    ['Page', null],
  ])('%j → %s', (text, expected) => {
    expect(trailingPageNumber(text)).toBe(expected);
  });
});
