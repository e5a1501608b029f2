/**
 * What Kitsu keeps of a write (High: kitsu-server `app/models/library_entry.rb`, API-FACTS §C "Server rules"):
 * - progress may not exceed the chapter count ("cannot exceed length of media"), or 5000 when the count is
 *   unknown ("is rather unreasonably high"): such a write is refused with a 422, so it is refused here first;
 * - marking an entry completed fills its progress to the chapter count, and progress reaching the count completes
 *   it: a completed entry is therefore written with the count, never fought over a smaller number another
 *   service holds;
 * - progress that moves without a status change makes the entry "current": an on-hold, dropped or planned entry
 *   whose progress moves needs its status written again in a second save.
 */
import type { EntryFields, Status } from '../../model';
import type { Refusal, StorageModel } from '../tracker';
import { t } from '../../i18n';

/** kitsu-server `Manga#default_progress_limit`: the cap while the chapter count is unknown. */
export const KITSU_PROGRESS_LIMIT = 5000;

/** Statuses Kitsu keeps when progress moves (`current` is reading or rereading). */
const KEPT_WHEN_PROGRESS_MOVES: ReadonlySet<Status> = new Set(['reading', 'rereading', 'completed']);

export const kitsuStorage: StorageModel = ({ target, write, current, totals }) => {
  const count = totals?.chapters !== null && totals?.chapters !== undefined && totals.chapters > 0 ? totals.chapters : null;
  const next: Partial<EntryFields> = { ...write };
  const refused: Refusal[] = [];
  const status = next.status ?? current?.status ?? target.status;
  if (count !== null && status === 'completed' && (next.progress !== undefined || next.status !== undefined)) next.progress = count;
  if (next.progress !== undefined) {
    const progress = Math.floor(next.progress);
    if (count !== null && progress > count) {
      refused.push({ field: 'progress', reason: t('kitsuRefusesBeyondCount', progress, count) });
      delete next.progress;
    } else if (count === null && progress > KITSU_PROGRESS_LIMIT) {
      refused.push({ field: 'progress', reason: t('kitsuRefusesUnreasonable', progress, KITSU_PROGRESS_LIMIT) });
      delete next.progress;
    }
  }
  if (Object.keys(next).length === 0) return { writes: [], refused };
  const progressMoves = next.progress !== undefined && (current === null || Math.floor(current.progress) !== Math.floor(next.progress));
  const statusStays = current !== null && current.status === status;
  if (progressMoves && statusStays && !KEPT_WHEN_PROGRESS_MOVES.has(status)) {
    const first: Partial<EntryFields> = { ...next };
    delete first.status;
    return { writes: [first, { status }], refused };
  }
  return { writes: [next], refused };
};
