/**
 * Kitsu's storage model (lib/trackers/kitsu/storage.ts) against Kitsu's own server rules as the fake implements
 * them (tests/fakes/kitsu/rules.ts, from kitsu-server's `library_entry.rb`): the planned saves, applied in order,
 * must leave the entry holding what the library asked for, except the fields the plan says Kitsu fills itself.
 */
import { describe, expect, it } from 'vitest';
import { EMPTY_ENTRY, type EntryField, type EntryFields } from '../../../../lib/model';
import { fromKitsuDate, fromKitsuStatus, toAttributes } from '../../../../lib/trackers/kitsu/mapping';
import { kitsuStorage } from '../../../../lib/trackers/kitsu/storage';
import { beforeSave } from '../../../fakes/kitsu/rules';
import type { KitsuManga } from '../../../fakes/kitsu/seed';
import { kitsuTime, type KitsuEntry } from '../../../fakes/kitsu/store';

const COUNT = 20;
const MANGA = {
  id: '1', slug: 'm', canonicalTitle: 'M', titles: {}, abbreviatedTitles: [], subtype: 'manga', startDate: null,
  chapterCount: COUNT, volumeCount: null, status: 'finished', mappings: {},
} as unknown as KitsuManga;
const TODAY = Date.UTC(2026, 2, 1, 10);
const DAY = { year: 2026, month: 3, day: 1 };

/** A stored entry holding `fields` (as Kitsu would after earlier saves). */
function stored(fields: Partial<EntryFields>): KitsuEntry {
  const entry: KitsuEntry = {
    id: 'e1', userId: 'u', mangaId: '1', status: 'current', progress: 0, volumesOwned: 0, reconsuming: false, reconsumeCount: 0,
    notes: null, private: false, reactionSkipped: 'unskipped', ratingTwenty: null, progressedAt: null, startedAt: null, finishedAt: null,
    createdAt: kitsuTime(TODAY), updatedAt: kitsuTime(TODAY),
  };
  Object.assign(entry, toAttributes({ ...fields, mediaId: '1' }));
  return entry;
}

const canonical = (e: KitsuEntry): EntryFields => ({
  ...EMPTY_ENTRY, status: fromKitsuStatus(e.status, e.reconsuming), progress: e.progress, startedAt: fromKitsuDate(e.startedAt), completedAt: fromKitsuDate(e.finishedAt),
});

/** Plans the write and applies its saves in order with Kitsu's rules; the entry as stored after the last. */
function run(current: Partial<EntryFields>, target: Partial<EntryFields>, write: Partial<EntryFields>, cleared: EntryField[] = []) {
  const before = stored(current);
  const plan = kitsuStorage({ target: { ...EMPTY_ENTRY, ...canonical(before), ...target }, write, current: canonical(before), totals: { chapters: COUNT, volumes: null }, cleared });
  let entry = before;
  for (const save of plan.writes) {
    const next: KitsuEntry = { ...entry, ...toAttributes({ ...save, mediaId: '1' }) };
    beforeSave(entry, next, MANGA, TODAY);
    entry = next;
  }
  return { plan, after: canonical(entry) };
}

describe('kitsuStorage', () => {
  it('progress moving on a reading entry fills nothing: a rereading the library has is still owed there', () => {
    const { plan } = run({ status: 'reading', progress: 0 }, { status: 'rereading', progress: 1 }, { progress: 1 });
    expect(plan.fills ?? []).not.toContain('status');
  });

  it('reading → rereading at the last chapter: progress first, then the status, so Kitsu does not complete it', () => {
    const { plan, after } = run({ status: 'reading', progress: 0, startedAt: DAY }, { status: 'rereading', progress: COUNT }, { status: 'rereading', progress: COUNT });
    expect(plan.writes).toHaveLength(2);
    expect(after).toMatchObject({ status: 'rereading', progress: COUNT });
    expect(plan.fills).toContain('completedAt');
  });

  it('reading at the last chapter with the start date cleared: two saves, no third that would complete it again', () => {
    const { plan, after } = run({ status: 'reading', progress: 0, startedAt: DAY }, { status: 'reading', progress: COUNT, startedAt: null }, { progress: COUNT, startedAt: null });
    expect(plan.writes).toHaveLength(2);
    expect(after).toMatchObject({ status: 'reading', progress: COUNT });
    // The dates Kitsu put back on the way are its own, not changes to take into the library.
    expect(plan.fills).toEqual(expect.arrayContaining(['startedAt', 'completedAt']));
  });

  it('a save on an entry at its count whose progress the library lowered meanwhile carries that progress: Kitsu does not complete it', () => {
    const { plan, after } = run({ status: 'reading', progress: COUNT, startedAt: DAY }, { status: 'reading', progress: 0, notes: 'n' }, { notes: 'n' });
    expect(plan.writes[0]).toMatchObject({ notes: 'n', progress: 0 });
    expect(after).toMatchObject({ status: 'reading', progress: 0 });
  });

  it('leaving completed takes the library progress along (the count Kitsu filled was its own)', () => {
    const { plan, after } = run({ status: 'completed', progress: COUNT, startedAt: DAY, completedAt: DAY }, { status: 'reading', progress: 3 }, { status: 'reading' });
    expect(plan.writes[0]).toMatchObject({ status: 'reading', progress: 3 });
    expect(after).toMatchObject({ status: 'reading', progress: 3 });
  });

  it('dropping with the start date cleared is one save: a change to dropped dates nothing', () => {
    const { plan, after } = run({ status: 'reading', progress: 5, startedAt: DAY }, { status: 'dropped', startedAt: null }, { status: 'dropped', startedAt: null });
    expect(plan.writes).toHaveLength(1);
    expect(after).toMatchObject({ status: 'dropped', startedAt: null });
  });

  it('a start date the user cleared stays clear when a status change would date it again', () => {
    const { plan, after } = run({ status: 'planning', startedAt: null }, { status: 'reading', startedAt: null }, { status: 'reading' }, ['startedAt']);
    expect(plan.writes).toEqual([{ status: 'reading' }, { startedAt: null }]);
    expect(after.startedAt).toBeNull();
    // Never known (not cleared): Kitsu's own date is a fill, not fought.
    const unknown = run({ status: 'planning', startedAt: null }, { status: 'reading', startedAt: null }, { status: 'reading' });
    expect(unknown.plan.writes).toHaveLength(1);
    expect(unknown.plan.fills).toContain('startedAt');
  });

  it('leaving completed with both dates cleared: the finish date goes in the first save, the start date after it', () => {
    const { plan, after } = run(
      { status: 'completed', progress: COUNT, startedAt: DAY, completedAt: DAY },
      { status: 'reading', progress: 0, startedAt: null, completedAt: null },
      { status: 'reading', progress: 0, startedAt: null, completedAt: null },
    );
    expect(plan.writes).toEqual([{ status: 'reading', progress: 0, completedAt: null }, { startedAt: null }]);
    expect(after).toMatchObject({ status: 'reading', progress: 0, startedAt: null, completedAt: null });
  });

  it('no second save on an entry at its chapter count (it would complete it): the date is left as Kitsu sets it', () => {
    const { plan, after } = run({ status: 'planning', progress: COUNT }, { status: 'reading', startedAt: null }, { status: 'reading', startedAt: null });
    expect(plan.writes).toHaveLength(1);
    expect(after.status).toBe('reading');
  });

  it('any save on an entry at its count that keeps the status is predicted to complete it', () => {
    const { plan, after } = run({ status: 'reading', progress: COUNT, startedAt: DAY }, { private: true }, { private: true });
    expect(after.status).toBe('completed');
    expect(plan.fills).toEqual(expect.arrayContaining(['status', 'completedAt']));
  });

  it('a save that completes an entry at its count dates an empty start too, and the plan says so (its fill, not the library’s)', () => {
    const { plan, after } = run({ status: 'dropped', progress: COUNT, startedAt: null, completedAt: DAY }, { notes: 'reread the arc' }, { notes: 'reread the arc' });
    expect(after).toMatchObject({ status: 'completed' });
    expect(after.startedAt).not.toBeNull();
    expect(plan.fills).toEqual(expect.arrayContaining(['status', 'startedAt']));
  });
});
