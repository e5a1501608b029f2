import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fromScale, SCALES, scoreNeedsWrite, toScale, type ScoreScale } from '../../../lib/trackers/score';

const ALL: [string, ScoreScale][] = [
  ['mal', SCALES.mal],
  ...Object.entries(SCALES.anilist).map(([k, s]) => [`anilist ${k}`, s] as [string, ScoreScale]),
  ...Object.entries(SCALES.kitsu).map(([k, s]) => [`kitsu ${k}`, s] as [string, ScoreScale]),
];

describe('score conversion', () => {
  it.each(([
    [85, SCALES.mal, 9],
    [84, SCALES.mal, 8],
    [5, SCALES.mal, 1],
    [100, SCALES.mal, 10],
    [null, SCALES.mal, null],
    [0, SCALES.mal, null],
    [85, SCALES.kitsu.advanced, 17],
    [87, SCALES.kitsu.advanced, 17],
    [88, SCALES.kitsu.advanced, 18],
    [85, SCALES.kitsu.regular, 18],
    [84, SCALES.kitsu.regular, 16],
    [50, SCALES.kitsu.simple, 8],
    [56, SCALES.kitsu.simple, 14],
    [3, SCALES.kitsu.advanced, 2],
    [73, SCALES.anilist.POINT_10_DECIMAL, 7.3],
    [90, SCALES.anilist.POINT_5, 5],
    [70, SCALES.anilist.POINT_5, 4],
    [72, SCALES.anilist.POINT_3, 2],
    [73, SCALES.anilist.POINT_3, 3],
  ] as const).map(([score, target, expected]) => ({ score, target, scale: target.name, expected })))(
    '$score/100 on $scale → $expected',
    ({ score, target, expected }) => {
      expect(toScale(score, target)).toBe(expected);
    },
  );

  it.each(([
    [9, SCALES.mal, 90],
    [17, SCALES.kitsu.advanced, 85],
    [15, SCALES.kitsu.regular, 75],
    [7.3, SCALES.anilist.POINT_10_DECIMAL, 73],
    [2, SCALES.anilist.POINT_3, 60],
    [0, SCALES.mal, null],
    [11, SCALES.mal, null],
  ] as const).map(([value, source, expected]) => ({ value, source, scale: source.name, expected })))(
    '$value on $scale → $expected/100',
    ({ value, source, expected }) => {
      expect(fromScale(value, source)).toBe(expected);
    },
  );

  it.each(ALL)('%s: a round trip lands within one step, and a second trip changes nothing', (_name, target) => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 100 }), (score) => {
        const value = toScale(score, target);
        expect(value).not.toBeNull();
        const back = fromScale(value, target)!;
        // A scale cannot say less than its lowest value (Kitsu's 2/20 is 10/100), so below it the error is that gap.
        const lowest = target.points[0]!.score100;
        expect(Math.abs(back - score)).toBeLessThanOrEqual(Math.max(target.step, lowest));
        expect(toScale(back, target)).toBe(value);
        expect(scoreNeedsWrite(back, value, target)).toBe(false);
      }),
    );
  });

  it('rewrites a coarse score only when it is no longer what the canonical score converts to', () => {
    expect(scoreNeedsWrite(85, 9, SCALES.mal)).toBe(false);
    expect(scoreNeedsWrite(80, 9, SCALES.mal)).toBe(true);
    expect(scoreNeedsWrite(null, 0, SCALES.mal)).toBe(false);
    expect(scoreNeedsWrite(null, 7, SCALES.mal)).toBe(true);
  });
});
