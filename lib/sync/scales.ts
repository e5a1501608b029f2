/** The score scale a service compares and stores scores on, given the account's score setting. */
import type { ServiceId } from '../model';
import { SCALES, type ScoreScale } from '../trackers/score';

export function scaleFor(service: ServiceId, scoreSetting: string | null): ScoreScale {
  if (service === 'mal') return SCALES.mal;
  if (service === 'kitsu') return scoreSetting && scoreSetting in SCALES.kitsu ? SCALES.kitsu[scoreSetting as keyof typeof SCALES.kitsu] : SCALES.kitsu.regular;
  return scoreSetting && scoreSetting in SCALES.anilist ? SCALES.anilist[scoreSetting as keyof typeof SCALES.anilist] : SCALES.anilist.POINT_100;
}
