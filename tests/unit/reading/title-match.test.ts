import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { confidentMatch, normaliseTitle, scoreCandidate, titleSimilarity } from '../../../lib/reading/title-match';

describe('title similarity', () => {
  it.each([
    ['Sousou no Frieren', 'Sousou no Frieren', 1],
    ['SOUSOU NO FRIEREN!', 'Sousou no Frieren', 1],
    ['Pokémon Adventures', 'Pokemon Adventures', 1],
    ['Kaguya-sama: Love is War', 'Kaguya sama Love Is War', 1],
    ['Spy & Family', 'Spy and Family', 1],
  ])('%j and %j are the same title', (a, b, expected) => {
    expect(titleSimilarity(a, b)).toBe(expected);
  });

  it('ranks the real title above a spin-off and far above an unrelated one', () => {
    const exact = titleSimilarity('Frieren', 'Frieren');
    const spinOff = titleSimilarity('Frieren', 'Frieren: Side Stories');
    const other = titleSimilarity('Frieren', 'Berserk');
    expect(exact).toBeGreaterThan(spinOff);
    expect(spinOff).toBeGreaterThan(other);
    expect(other).toBeLessThan(0.2);
  });

  it('is symmetric and stays within 0…1 for any text', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 40 }), fc.string({ maxLength: 40 }), (a, b) => {
        const ab = titleSimilarity(a, b);
        expect(ab).toBeCloseTo(titleSimilarity(b, a), 10);
        expect(ab >= 0 && ab <= 1).toBe(true);
      }),
    );
  });

  it('treats text without letters or digits as no title', () => {
    expect(normaliseTitle(' !!! ')).toBe('');
    expect(titleSimilarity('!!!', '!!!')).toBe(0);
  });
});

describe('choosing without asking', () => {
  const candidate = (title: string, totalChapters: number | null = null, altTitles: string[] = []) => ({ title, altTitles, totalChapters });

  it('uses the best of the main and other titles', () => {
    expect(scoreCandidate('Frieren: Beyond Journey’s End', 12, candidate('Sousou no Frieren', null, ['Frieren: Beyond Journey’s End']))).toBe(1);
  });

  it('halves the score of a series that ends before the chapter being read', () => {
    expect(scoreCandidate('Frieren', 120, candidate('Frieren', 20))).toBe(0.5);
    expect(scoreCandidate('Frieren', 12, candidate('Frieren', 20))).toBe(1);
  });

  it('binds only a clear winner above the threshold', () => {
    expect(confidentMatch([{ score: 1 }, { score: 0.5 }])).toEqual({ score: 1 });
    expect(confidentMatch([{ score: 0.95 }])).toEqual({ score: 0.95 });
    // Two near-equal candidates (a series and its same-name novel): the user chooses.
    expect(confidentMatch([{ score: 1 }, { score: 0.95 }])).toBeNull();
    expect(confidentMatch([{ score: 0.8 }])).toBeNull();
    expect(confidentMatch([])).toBeNull();
  });
});
