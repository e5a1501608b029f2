/**
 * Score scales and exact conversions to and from the canonical 0–100 score (DESIGN.md rule 3 and "Defaults":
 * converting to a coarser scale rounds half up to the nearest step, e.g. 85/100 → MAL 9).
 *
 * A scale is a list of allowed values in the service's own unit, each with its 0–100 equivalent. Converting
 * picks the allowed value nearest to the canonical score (ties go up); converting back is a table lookup.
 * Because the same table is used both ways, canonical → service → canonical → service always lands on the
 * same service value: scores never oscillate.
 */

export interface ScoreScale {
  /** Name for messages and tests ("MAL 1–10"). */
  name: string;
  /** Allowed non-zero values in the service's unit, ascending, with their 0–100 equivalents. */
  points: readonly { value: number; score100: number }[];
  /** Width of one step in 0–100 terms (the largest gap between neighbouring points). */
  step: number;
}

function scale(name: string, values: readonly number[], toScore100: (value: number) => number): ScoreScale {
  const points = values.map((value) => ({ value, score100: toScore100(value) }));
  const step = points.reduce((max, p, i) => (i === 0 ? max : Math.max(max, p.score100 - (points[i - 1]?.score100 ?? 0))), 0);
  return { name, points, step: step || 1 };
}

const range = (from: number, to: number, by = 1) => Array.from({ length: Math.floor((to - from) / by) + 1 }, (_, i) => +(from + i * by).toFixed(1));

export const SCALES = {
  /** MyAnimeList: integers 1–10 (0 = no score). */
  mal: scale('MyAnimeList 1–10', range(1, 10), (v) => v * 10),
  /** AniList user formats (the `scoreFormat` of the viewer's manga list). */
  anilist: {
    POINT_100: scale('AniList 1–100', range(1, 100), (v) => v),
    POINT_10_DECIMAL: scale('AniList 0.1–10.0', range(0.1, 10, 0.1), (v) => Math.round(v * 10)),
    POINT_10: scale('AniList 1–10', range(1, 10), (v) => v * 10),
    POINT_5: scale('AniList 1–5 stars', range(1, 5), (v) => v * 20),
    // AniList stores smileys as 35 / 60 / 85 on the 100 scale (as its own site converts them).
    POINT_3: { name: 'AniList 3 smileys', points: [{ value: 1, score100: 35 }, { value: 2, score100: 60 }, { value: 3, score100: 85 }], step: 25 },
  },
  /** Kitsu stores `ratingTwenty` 2–20; which values a user can give depends on their rating system. */
  kitsu: {
    advanced: scale('Kitsu 1–10 (advanced)', range(2, 20), (v) => v * 5),
    regular: scale('Kitsu ½–5 stars (regular)', range(2, 20, 2), (v) => v * 5),
    // Simple: four faces, stored as 2, 8, 14, 20.
    simple: scale('Kitsu 4 faces (simple)', [2, 8, 14, 20], (v) => v * 5),
  },
} as const;

export type AniListScoreFormat = keyof typeof SCALES.anilist;
export type KitsuRatingSystem = keyof typeof SCALES.kitsu;

/** Canonical 0–100 → the nearest allowed value on `scale` (ties round up); null/0 = no score. */
export function toScale(score100: number | null, target: ScoreScale): number | null {
  if (score100 === null || !Number.isFinite(score100) || score100 <= 0) return null;
  let best = target.points[0];
  for (const point of target.points) {
    if (!best || Math.abs(point.score100 - score100) <= Math.abs(best.score100 - score100)) best = point;
    else if (point.score100 > score100) break;
  }
  return best ? best.value : null;
}

/** A value on `scale` → canonical 0–100; null when absent, zero or not a value the scale allows. */
export function fromScale(value: number | null, source: ScoreScale): number | null {
  if (value === null || value === 0) return null;
  return source.points.find((p) => Math.abs(p.value - value) < 1e-9)?.score100 ?? nearestScore100(value, source);
}

/** Values the service itself produced but the table does not list exactly (e.g. Kitsu 15 under "regular"). */
function nearestScore100(value: number, source: ScoreScale): number | null {
  const first = source.points[0];
  const last = source.points[source.points.length - 1];
  if (!first || !last || value < first.value || value > last.value) return null;
  const below = [...source.points].reverse().find((p) => p.value <= value) ?? first;
  const above = source.points.find((p) => p.value >= value) ?? last;
  if (above.value === below.value) return below.score100;
  const t = (value - below.value) / (above.value - below.value);
  return Math.round(below.score100 + t * (above.score100 - below.score100));
}

/**
 * Should a service's stored score be rewritten for this canonical score? Only when it is not already the value
 * the canonical score converts to — so a coarse service never ping-pongs with a fine one.
 */
export function scoreNeedsWrite(canonical: number | null, remoteValue: number | null, target: ScoreScale): boolean {
  const wanted = toScale(canonical, target);
  const have = remoteValue === 0 ? null : remoteValue;
  return wanted !== have;
}
