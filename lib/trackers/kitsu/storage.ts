/**
 * What Kitsu keeps of a write (High: kitsu-server `app/models/library_entry.rb`, API-FACTS §C "Server rules"):
 * - progress may not exceed the chapter count ("cannot exceed length of media"), or 5000 when the count is
 *   unknown ("is rather unreasonably high"): such a write is refused with a 422, so it is refused here first;
 * - marking an entry completed fills its progress to the chapter count, and progress reaching the count completes
 *   it: a completed entry is therefore written with the count, never fought over a smaller number another
 *   service holds;
 * - progress that moves without a status change makes the entry "current", and completed when it reaches the
 *   count: an entry whose status should stay something else (on hold; reading at the last chapter) gets its status
 *   written again in a second save;
 * - a status change fills the start (and, to completed, the finish) date when it is empty (`||=`): a date cleared
 *   in the same save comes back, so it is cleared in a second save.
 */
import type { EntryField, EntryFields, Status } from '../../model';
import type { Refusal, StorageModel } from '../tracker';
import { t } from '../../i18n/t';
import { toKitsuStatus } from './mapping';

/** kitsu-server `Manga#default_progress_limit`: the cap while the chapter count is unknown. */
export const KITSU_PROGRESS_LIMIT = 5000;

/** Statuses Kitsu keeps when progress moves (`current` is reading or rereading). */
const KEPT_WHEN_PROGRESS_MOVES: ReadonlySet<Status> = new Set(['reading', 'rereading', 'completed']);

/**
 * What Kitsu sets by itself on a save of `next` over `current`: on a status change the start date when it is
 * empty (to current or completed) and the finish date (to completed); a status when progress moves alone (current,
 * or completed at the count); progress when completed with a known count.
 */
function fillsOf(next: Partial<EntryFields>, current: EntryFields | null, status: Status, count: number | null): EntryField[] {
  const fills: EntryField[] = [];
  const statusMoves = next.status !== undefined && next.status !== current?.status;
  const started = status === 'reading' || status === 'rereading' || status === 'completed';
  if (statusMoves && started && next.startedAt === undefined && (current?.startedAt ?? null) === null) fills.push('startedAt');
  if (statusMoves && status === 'completed' && next.completedAt === undefined && (current?.completedAt ?? null) === null) fills.push('completedAt');
  // Progress alone turns the entry current, or completed at the count: a fill only where the status was another
  // (a current entry stays current, reading or rereading; remembering the library's status as asked there would
  // keep a status the write never carried from ever being sent).
  if (next.progress !== undefined && next.status === undefined) {
    const reachesCount = count !== null && Math.floor(next.progress) >= count;
    const kept = reachesCount ? current?.status === 'completed' : current?.status === 'reading' || current?.status === 'rereading';
    if (!kept) fills.push('status');
  }
  if (status === 'completed' && count !== null && next.progress === undefined) fills.push('progress');
  // Any save that does not move the status completes an entry already at its chapter count (`self.status =
  // :completed if !status_changed? && progress == …`), dating its finish — and its start, when empty (the status
  // changed, so `started_at ||=` runs too): Kitsu's own doing, as on completion.
  const atCount = count !== null && current !== null && Math.floor(next.progress ?? current.progress) === count;
  if (!statusMoves && atCount && current.status !== 'completed') {
    fills.push('status');
    if (next.completedAt === undefined && current.completedAt === null) fills.push('completedAt');
    if (next.startedAt === undefined && current.startedAt === null) fills.push('startedAt');
  }
  return [...new Set(fills)];
}

export const kitsuStorage: StorageModel = ({ target, write, current, totals, cleared = [] }) => {
  const count = totals?.chapters !== null && totals?.chapters !== undefined && totals.chapters > 0 ? totals.chapters : null;
  const next: Partial<EntryFields> = { ...write };
  const refused: Refusal[] = [];
  const status = next.status ?? current?.status ?? target.status;
  // Leaving completed: the chapter count Kitsu filled on completion was its own, not the library's progress, which
  // goes along now that Kitsu can hold it.
  if (current?.status === 'completed' && status !== 'completed' && next.progress === undefined && Math.floor(target.progress) !== Math.floor(current.progress)) {
    next.progress = target.progress;
  }
  // An entry at its count that is not completed is completed by any save that keeps its status: where the library's
  // progress is below that count (lowered elsewhere, not sent here yet), it goes along, so the save moves progress
  // instead and the status holds.
  const keepsStatus = next.status === undefined || next.status === current?.status;
  if (count !== null && current !== null && current.status !== 'completed' && status !== 'completed' && keepsStatus && next.progress === undefined &&
    Math.floor(current.progress) === count && Math.floor(target.progress) < count) {
    next.progress = target.progress;
  }
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
  // A date cleared in the same save as a status change is filled again (`||=` on status change): clear it after.
  const statusMoves = next.status !== undefined && next.status !== current?.status;
  const clears: Partial<EntryFields> = {};
  // Only a change to current or completed dates the entry: a date cleared along with one goes in a second save
  // (one save more is one save more: an entry at its chapter count that is not completed gets completed by any
  // save that does not move its status, so no second save where none is needed).
  const dated = status === 'reading' || status === 'rereading' || status === 'completed';
  if (statusMoves && dated && next.startedAt === null) clears.startedAt = null;
  if (statusMoves && status === 'completed' && next.completedAt === null) clears.completedAt = null;
  // A date the user cleared, which this status change would date again by itself (`||=`): cleared after it too.
  if (statusMoves && dated && next.startedAt === undefined && cleared.includes('startedAt') && (current?.startedAt ?? null) === null) clears.startedAt = null;
  if (statusMoves && status === 'completed' && next.completedAt === undefined && cleared.includes('completedAt') && (current?.completedAt ?? null) === null) {
    clears.completedAt = null;
  }
  // A save that does not move the status completes an entry at its chapter count: no second save then, the date
  // Kitsu filled is its own (a fill, not fought) rather than a status the user never chose.
  const endsAtCount = count !== null && status !== 'completed' && Math.floor(next.progress ?? current?.progress ?? -1) === count;
  if (endsAtCount) {
    delete clears.startedAt;
    delete clears.completedAt;
  }
  if (Object.keys(clears).length > 0) {
    // The first save carries every date but the ones cleared after it (a date emptied that this status change does
    // not fill, the finish date when leaving completed, goes at once).
    const first: Partial<EntryFields> = { ...next };
    if ('startedAt' in clears) delete first.startedAt;
    if ('completedAt' in clears) delete first.completedAt;
    return { writes: [first, clears], refused, fills: fillsOf(first, current, status, count) };
  }
  const progressMoves = next.progress !== undefined && (current === null || Math.floor(current.progress) !== Math.floor(next.progress));
  const statusStays = current !== null && current.status === status;
  // Reading ↔ rereading is one Kitsu status (`current`, the reread a flag): for Kitsu the status does not move, so
  // progress reaching the count completes the entry. The progress goes first, the status after it (a change from
  // completed, so it holds); the finish date the completion leaves is Kitsu's own.
  const reaches = count !== null && next.progress !== undefined && Math.floor(next.progress) === count;
  if (progressMoves && reaches && !statusStays && current !== null && status !== 'completed' && toKitsuStatus(current.status).status === toKitsuStatus(status).status) {
    const first: Partial<EntryFields> = { ...next };
    delete first.status;
    const fills = fillsOf(next, current, status, count).filter((f) => f !== 'status');
    if (next.completedAt === undefined && current.completedAt === null) fills.push('completedAt');
    return { writes: [first, { status }], refused, fills };
  }
  if (progressMoves && statusStays) {
    // Without a status change, Kitsu turns the entry current when progress moves, and completed when it reaches the
    // count: where that is not the status wanted, the status goes again in a second save (a change, so it holds).
    const reachesCount = count !== null && next.progress !== undefined && Math.floor(next.progress) === count;
    const becomes: Status = reachesCount ? 'completed' : current.status === 'rereading' ? 'rereading' : 'reading';
    if (becomes !== status || !KEPT_WHEN_PROGRESS_MOVES.has(status)) {
      const first: Partial<EntryFields> = { ...next };
      delete first.status;
      // That status save dates the entry again (`||=`): a date emptied here is emptied once more after it.
      const again: Partial<EntryFields> = {};
      const redated = status === 'reading' || status === 'rereading' || status === 'completed';
      if (redated && (next.startedAt === null || (next.startedAt === undefined && current.startedAt === null && cleared.includes('startedAt')))) again.startedAt = null;
      if (status === 'completed' && (next.completedAt === null || (next.completedAt === undefined && current.completedAt === null && cleared.includes('completedAt')))) {
        again.completedAt = null;
      }
      const fills = fillsOf(next, current, status, count).filter((f) => f !== 'status');
      // Left at its count with another status, the entry would be completed again by that third save (any save
      // that does not move the status does so): none then. The dates the completion and the status save left
      // where the library has none are Kitsu's own.
      if (reachesCount && status !== 'completed') {
        if ((next.startedAt === undefined ? current.startedAt : next.startedAt) === null) fills.push('startedAt');
        if ((next.completedAt === undefined ? current.completedAt : next.completedAt) === null) fills.push('completedAt');
        return { writes: [first, { status }], refused, fills: [...new Set(fills)] };
      }
      const writes = Object.keys(again).length > 0 ? [first, { status }, again] : [first, { status }];
      return { writes, refused, fills };
    }
  }
  return { writes: [next], refused, fills: fillsOf(next, current, status, count) };
};
