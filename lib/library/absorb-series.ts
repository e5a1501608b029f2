/**
 * Joins two series that turn out to be the same manga (a cross-service id proves it: e.g. a Kitsu entry read
 * before Kitsu's mappings linked it to the AniList/MAL series). One transaction, so a worker stopped halfway
 * leaves either two series or one, never a mix.
 */
import { ENTRY_FIELDS, unsetValue, type EntryField, type LibraryEntry, type Series } from '../model';
import { withDb } from './db';
import { entrySchema, joinedKey } from './entries';

/** The series `seriesId` is now: itself, or the series it was joined into (however many joins ago). */
export async function currentSeriesId(seriesId: string): Promise<string> {
  return withDb(async (db) => {
    let id = seriesId;
    for (let hops = 0; hops < 10; hops++) {
      const next = (await db.get('settings', joinedKey(id)))?.value;
      if (typeof next !== 'string' || next === id) break;
      id = next;
    }
    return id;
  });
}

/** A field on which the two joined entries disagreed: which value was kept, which lost. */
export interface JoinedConflict {
  field: EntryField;
  kept: unknown;
  lost: unknown;
}

/** Fields that count chapters or volumes read: the further one is kept, so no read is lost (unless set back later). */
const FURTHER_WINS: ReadonlySet<EntryField> = new Set(['progress', 'progressVolumes']);

/**
 * Two entries of one manga, each from a list read before any id linked them: like lists joined for the first
 * time, a value one side does not know is learnt, the further progress is kept, and otherwise the later change
 * wins. Every disagreement is returned for the sync log.
 */
function combineEntries(target: LibraryEntry | undefined, source: LibraryEntry | undefined, seriesId: string): { entry: LibraryEntry | undefined; conflicts: JoinedConflict[] } {
  if (!target || !source) return { entry: target ?? (source ? { ...source, seriesId } : undefined), conflicts: [] };
  const next: LibraryEntry = { ...target, changedAt: { ...target.changedAt }, readFields: [...target.readFields], editedFields: [...(target.editedFields ?? [])] };
  // Either entry's value moved by a service at some time: the joined one did, at the later of the two.
  const movedAt: Partial<Record<EntryField, number>> = {};
  for (const field of ENTRY_FIELDS) {
    const at = Math.max(target.movedAt?.[field] ?? 0, source.movedAt?.[field] ?? 0);
    if (at > 0) movedAt[field] = at;
  }
  if (Object.keys(movedAt).length > 0) next.movedAt = movedAt;
  const conflicts: JoinedConflict[] = [];
  const take = (field: EntryField) => {
    (next as unknown as Record<EntryField, unknown>)[field] = source[field];
    next.changedAt[field] = source.changedAt[field];
    next.readFields = [...next.readFields.filter((f) => f !== field), ...(source.readFields.includes(field) ? [field] : [])];
    next.editedFields = [...(next.editedFields ?? []).filter((f) => f !== field), ...((source.editedFields ?? []).includes(field) ? [field] : [])];
  };
  for (const field of ENTRY_FIELDS) {
    const mine = target[field];
    const theirs = source[field];
    if (JSON.stringify(mine) === JSON.stringify(theirs)) {
      // The same value: it keeps the later time, and what that change was (a date the user cleared stays cleared).
      if (source.changedAt[field] > target.changedAt[field]) take(field);
      continue;
    }
    // The user's own act here (a read, an edit), as against a list's value: at the same time, it wins, as ties go to
    // the library in any merge.
    const acted = (entry: LibraryEntry) => entry.readFields.includes(field) || (entry.editedFields ?? []).includes(field);
    // (Empty notes are no notes, as an empty date is no date, and no rereads is every service's default.)
    const blank = (value: unknown) => unsetValue(field, value);
    if (blank(mine) || blank(theirs)) {
      // Empty is "not known", unless it was emptied (a time on it) after the other side's value was set.
      const empty: LibraryEntry = blank(mine) ? target : source;
      const full: LibraryEntry = blank(mine) ? source : target;
      const [emptiedAt, setAt] = [empty.changedAt[field], full.changedAt[field]];
      const cleared = emptiedAt > 0 && (emptiedAt > setAt || (emptiedAt === setAt && acted(empty) && !acted(full)));
      if (cleared) {
        if (empty === source) take(field);
        conflicts.push({ field, kept: empty[field], lost: full[field] });
      } else {
        if (blank(mine)) take(field);
        // A clearing that was the user's word, older than the value learnt: lost all the same, and logged.
        if (acted(empty)) conflicts.push({ field, kept: full[field], lost: empty[field] });
      }
      continue;
    }
    // The later change wins.
    let sourceWins = source.changedAt[field] > target.changedAt[field] || (source.changedAt[field] === target.changedAt[field] && acted(source) && !acted(target));
    if (FURTHER_WINS.has(field) && typeof mine === 'number' && typeof theirs === 'number') {
      // The further count wins, unless the smaller one is the user's own later edit here (not a read, nor a list's
      // value): a progress set back on purpose is the latest word, as in any merge.
      const [lower, higher] = theirs < mine ? [source, target] : [target, source];
      const setBack = (lower.editedFields ?? []).includes(field) && lower.changedAt[field] > higher.changedAt[field];
      sourceWins = setBack ? lower === source : theirs > mine;
    }
    if (sourceWins) take(field);
    conflicts.push({ field, kept: sourceWins ? theirs : mine, lost: sourceWins ? mine : theirs });
  }
  return { entry: next, conflicts };
}

/**
 * Moves everything of `sourceId` onto `targetId` and deletes the source series. Resolves to the fields on which the
 * two entries disagreed (for the sync log), empty when nothing was joined.
 */
export async function absorbSeries(targetId: string, sourceId: string, now: number): Promise<JoinedConflict[]> {
  if (targetId === sourceId) return [];
  return withDb(async (db) => {
    const tx = db.transaction(['series', 'entries', 'bindings', 'outbox', 'siteLinks', 'settings'], 'readwrite');
    const [target, source] = await Promise.all([tx.objectStore('series').get(targetId), tx.objectStore('series').get(sourceId)]);
    if (!target || !source) {
      await tx.done;
      return [];
    }
    const merged: Series = {
      ...target,
      ids: { ...source.ids, ...target.ids },
      altTitles: [...new Set([...target.altTitles, source.title, ...source.altTitles])].filter((t) => t !== target.title).slice(0, 30),
      totalChapters: target.totalChapters ?? source.totalChapters,
      totalVolumes: target.totalVolumes ?? source.totalVolumes,
      updatedAt: now,
    };
    await tx.objectStore('series').put(merged);
    const entries = tx.objectStore('entries');
    // Parsed, so records from older versions have their defaults (readFields); a damaged one counts as absent.
    const parse = (raw: unknown) => {
      const parsed = entrySchema.safeParse(raw);
      return parsed.success ? parsed.data : undefined;
    };
    const { entry, conflicts } = combineEntries(parse(await entries.get(targetId)), parse(await entries.get(sourceId)), targetId);
    if (entry) await entries.put(entry);
    await entries.delete(sourceId);
    const bindings = tx.objectStore('bindings');
    for (const binding of await bindings.index('bySeries').getAll(sourceId)) {
      await bindings.delete([binding.service, sourceId]);
      // The target keeps its own binding for a service both had (its ids win, as above).
      if (!(await bindings.get([binding.service, targetId]))) await bindings.put({ ...binding, seriesId: targetId });
    }
    const outbox = tx.objectStore('outbox');
    for (const item of await outbox.getAll()) {
      if (item.seriesId !== sourceId) continue;
      await outbox.delete(item.id);
      const id = `${item.service}:${targetId}`;
      if (!(await outbox.get(id))) await outbox.put({ ...item, id, seriesId: targetId });
    }
    // A reader site's series that pointed at the source points at the joined series now.
    const links = tx.objectStore('siteLinks');
    for (const link of await links.index('bySeries').getAll(sourceId)) await links.put({ ...link, seriesId: targetId });
    // What still names the source (an Undo of a read made before the join) finds the joined series.
    await tx.objectStore('settings').put({ key: joinedKey(sourceId), value: targetId });
    await tx.objectStore('series').delete(sourceId);
    await tx.done;
    return conflicts;
  });
}
