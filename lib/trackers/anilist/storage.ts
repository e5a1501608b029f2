/**
 * What AniList keeps of a write: `SaveMediaListEntry` validates `repeat` 0–1000 and `notes` up to 6000
 * characters (API-FACTS §A Schema facts) and answers "validation" otherwise — and since one refused alias rolls
 * back the whole request, such a write is refused here before it can take a batch down with it.
 */
import type { Refusal, StorageModel } from '../tracker';
import { t } from '../../i18n/t';

export const ANILIST_MAX_REPEAT = 1000;
export const ANILIST_MAX_NOTES = 6000;

export const aniListStorage: StorageModel = ({ write }) => {
  const next = { ...write };
  const refused: Refusal[] = [];
  if (next.rereads !== undefined && next.rereads > ANILIST_MAX_REPEAT) {
    refused.push({ field: 'rereads', reason: t('aniListRefusesRereads', next.rereads, ANILIST_MAX_REPEAT) });
    delete next.rereads;
  }
  if (next.notes !== undefined && next.notes.length > ANILIST_MAX_NOTES) {
    refused.push({ field: 'notes', reason: t('aniListRefusesNotes', ANILIST_MAX_NOTES) });
    delete next.notes;
  }
  return { writes: Object.keys(next).length > 0 ? [next] : [], refused };
};
