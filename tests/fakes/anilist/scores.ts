/**
 * AniList keeps every score as a 0–100 integer ("scoreRaw") and shows it in the list owner's ScoreFormat
 * (API-FACTS §A "Schema facts"). These two functions are the fake's only conversion table, in both directions.
 */

export const SCORE_FORMATS = ['POINT_100', 'POINT_10_DECIMAL', 'POINT_10', 'POINT_5', 'POINT_3'] as const;
export type ScoreFormat = (typeof SCORE_FORMATS)[number];

/** Largest score a user may send in `SaveMediaListEntry(score:)` for their format. */
export const SCORE_FORMAT_MAX: Readonly<Record<ScoreFormat, number>> = {
  POINT_100: 100,
  POINT_10_DECIMAL: 10,
  POINT_10: 10,
  POINT_5: 5,
  POINT_3: 3,
};

/**
 * Smiley scores are stored as 35 / 60 / 85 (the values AniList's own site writes for :( :| :), seen in
 * hohMiyazawa/Automail `scoreColors`). Reading back buckets at the midpoints between them.
 */
const SMILEY_RAW = [0, 35, 60, 85] as const;

/**
 * Raw 0–100 → the score a client sees in `format`. The rounding of the coarse formats is not captured from the
 * live service (API-FACTS lists score conversion nowhere as observed); the fake rounds half up, which is what a
 * client must tolerate anyway: a coarse format loses precision and the client must not "correct" it back.
 */
export function rawToFormat(raw: number, format: ScoreFormat): number {
  switch (format) {
    case 'POINT_100':
      return raw;
    case 'POINT_10_DECIMAL':
      // raw is an integer, so raw / 10 already has exactly one decimal.
      return raw / 10;
    case 'POINT_10':
      return Math.round(raw / 10);
    case 'POINT_5':
      return Math.round(raw / 20);
    case 'POINT_3':
      if (raw === 0) return 0;
      if (raw <= 47) return 1;
      if (raw <= 72) return 2;
      return 3;
  }
}

/** A score in the user's `format` → raw 0–100 (the inverse `SaveMediaListEntry(score:)` applies). */
export function formatToRaw(score: number, format: ScoreFormat): number {
  switch (format) {
    case 'POINT_100':
      return Math.round(score);
    case 'POINT_10_DECIMAL':
      // One decimal place is all the format keeps: 7.25 is stored as 73 (7.3).
      return Math.round(score * 10);
    case 'POINT_10':
      return Math.round(score) * 10;
    case 'POINT_5':
      return Math.round(score) * 20;
    case 'POINT_3':
      return SMILEY_RAW[Math.max(0, Math.min(3, Math.round(score)))] ?? 0;
  }
}
