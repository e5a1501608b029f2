import type { ServiceId } from '../../../../lib/model';
import { SCALES, fromScale, toScale, type ScoreScale } from '../../../../lib/trackers/score';
import { t } from '../../../../lib/i18n/t';

/**
 * The scale the user rates in: their AniList score format when AniList is connected (AniList lets people pick
 * one; MAL and Kitsu have fixed or coarser ones), else the canonical 0–100.
 */
export interface UserScale {
  /** null = canonical 0–100, shown as is. */
  scale: ScoreScale | null;
  min: number;
  max: number;
  step: number;
}

const HUNDRED: UserScale = { scale: null, min: 1, max: 100, step: 1 };

function isAniListFormat(format: string): format is keyof typeof SCALES.anilist {
  return Object.hasOwn(SCALES.anilist, format);
}

export function userScale(scoreSettings: Partial<Record<ServiceId, string | null>>): UserScale {
  const format = scoreSettings.anilist;
  if (!format || !isAniListFormat(format)) return HUNDRED;
  const scale: ScoreScale = SCALES.anilist[format];
  const first = scale.points[0]?.value ?? 1;
  const second = scale.points[1]?.value ?? first + 1;
  const max = scale.points[scale.points.length - 1]?.value ?? 100;
  return { scale, min: first, max, step: +(second - first).toFixed(1) };
}

/** Canonical 0–100 → the user's scale; null when there is no score. */
export function scoreInScale(score100: number | null, user: UserScale): number | null {
  if (score100 === null || score100 <= 0) return null;
  return user.scale ? toScale(score100, user.scale) : score100;
}

/** "4/5", or null when there is no score. */
export function formatScore(score100: number | null, user: UserScale): string | null {
  const value = scoreInScale(score100, user);
  return value === null ? null : t('scoreOutOf', value, user.max);
}

/**
 * A value the user typed in their scale → canonical 0–100 (null = no score, typed as empty or 0). Only values
 * the scale allows are accepted: AniList would round 4.5 stars on its own, and the user should see that first.
 */
export function score100FromInput(text: string, user: UserScale): { ok: true; score: number | null } | { ok: false; error: string } {
  const trimmed = text.trim();
  const value = trimmed === '' ? 0 : Number(trimmed);
  const error = t('libraryScoreInvalid', user.min, user.max, user.step);
  if (!Number.isFinite(value)) return { ok: false, error };
  if (value === 0) return { ok: true, score: null };
  if (!user.scale) return Number.isInteger(value) && value >= 1 && value <= 100 ? { ok: true, score: value } : { ok: false, error };
  const allowed = user.scale.points.some((p) => Math.abs(p.value - value) < 1e-9);
  return allowed ? { ok: true, score: fromScale(value, user.scale) } : { ok: false, error };
}
