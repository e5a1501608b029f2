import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ENTRY_FIELDS, STATUSES, type EntryField, type EntryFields, type LibraryEntry } from '../../../lib/model';
import { mergeEntry, type MergeInput, type RemoteState } from '../../../lib/sync/merge';
import { fromScale, SCALES, toScale } from '../../../lib/trackers/score';

const BASE: EntryFields = {
  status: 'reading', progress: 10, progressVolumes: 2, score: 80, startedAt: { year: 2024, month: 3, day: null },
  completedAt: null, rereads: 0, notes: '', private: false,
};
const ALL = ENTRY_FIELDS;
const local = (fields: Partial<EntryFields>, at = 1_000, changed: Partial<Record<EntryField, number>> = {}): LibraryEntry => ({
  seriesId: 's1',
  ...BASE,
  ...fields,
  changedAt: { ...(Object.fromEntries(ALL.map((f) => [f, at])) as Record<EntryField, number>), ...changed },
  readFields: [],
});
const remote = (fields: Partial<EntryFields>, updatedAt = 2_000): RemoteState => ({ fields: { ...BASE, ...fields }, updatedAt });
const input = (over: Partial<MergeInput>): MergeInput => ({
  local: local({}), base: BASE, remote: remote({}), fields: ALL, direction: 'both', scale: null, seriesId: 's1', ...over,
});

describe('mergeEntry', () => {
  it('does nothing when nothing changed', () => {
    expect(mergeEntry(input({}))).toMatchObject({ push: {}, taken: [], conflicts: [] });
  });

  it('takes a change made only on the service', () => {
    const result = mergeEntry(input({ remote: remote({ progress: 14, status: 'on_hold' }, 5_000) }));
    expect(result.local).toMatchObject({ progress: 14, status: 'on_hold', changedAt: { progress: 5_000, status: 5_000 } });
    expect(result.push).toEqual({});
    expect(result.taken.sort()).toEqual(['progress', 'status']);
  });

  it('logs a value held there only in the service\'s own form when a change made there replaces it', () => {
    // The library cleared the start date; the service kept a date of its own (asked: none). The phone then sets 2019.
    const result = mergeEntry(input({
      local: local({ startedAt: null }),
      asked: { startedAt: null },
      remote: remote({ startedAt: { year: 2019, month: null, day: null } }, 5_000),
    }));
    expect(result.local?.startedAt).toEqual({ year: 2019, month: null, day: null });
    expect(result.conflicts).toEqual([{ field: 'startedAt', winner: 'service', libraryValue: null, serviceValue: { year: 2019, month: null, day: null } }]);
    // A change there of a field the library held as agreed is no conflict.
    expect(mergeEntry(input({ remote: remote({ progress: 14 }, 5_000) })).conflicts).toEqual([]);
  });

  it('a value the service holds in its own form of what was asked, cleared here again after the base was agreed, is the user\'s word: an older change there loses', () => {
    // Asked: no start date (Kitsu dated the entry itself, the base). Another list's date came into the library and the
    // user cleared it at 9 s; the phone had set 2019 on Kitsu at 5 s.
    const cleared = { ...local({ startedAt: null }, 1_000, { startedAt: 9_000 }), editedFields: ['startedAt'] as EntryField[] };
    const result = mergeEntry(input({
      local: cleared,
      base: { ...BASE, startedAt: { year: 2026, month: 3, day: 1 } },
      baseAt: 2_000,
      asked: { startedAt: null },
      remote: remote({ startedAt: { year: 2019, month: 1, day: 1 } }, 5_000),
    }));
    expect(result.local?.startedAt).toBeNull();
    expect(result.push).toEqual({ startedAt: null });
    expect(result.conflicts).toEqual([{ field: 'startedAt', winner: 'library', libraryValue: null, serviceValue: { year: 2019, month: 1, day: 1 } }]);
  });

  it('a list changed to the library\'s value at the very stamp it carries moves that value on: an older change on a third list since it was agreed loses', () => {
    // The library took Kitsu's note at 14.5 s (stamped 18 s by Kitsu's clock, 5.5 s ahead); AniList and MyAnimeList
    // were agreed with at 14.5 s. The phone then wrote another note on MyAnimeList (15 s), and the same note as the
    // library's on AniList (18 s, the same stamp as the library's).
    const held = { ...local({ notes: 'reread the arc' }, 1_000, { notes: 18_000 }), movedAt: { notes: 14_500 } };
    const agreed = { base: { ...BASE, notes: '' }, baseAt: 14_500, now: 266_000 };
    const anilist = mergeEntry(input({ ...agreed, local: held, remote: remote({ notes: 'reread the arc' }, 18_000) })).local!;
    const mal = mergeEntry(input({ ...agreed, local: anilist, remote: remote({ notes: 'x'.repeat(20) }, 15_000) }));
    expect(mal.local?.notes).toBe('reread the arc');
    expect(mal.push).toEqual({ notes: 'reread the arc' });
    expect(mal.conflicts).toEqual([{ field: 'notes', winner: 'library', libraryValue: 'reread the arc', serviceValue: 'x'.repeat(20) }]);
  });

  it('a value a list with a clock ahead already held when edited here is that list\'s word: a change made on a third list since it was agreed wins', () => {
    // Put on hold here at 9 s (our clock); AniList, its clock 6 s ahead, held on hold since 6 s (stamped 12 s).
    const edited = { ...local({ status: 'on_hold' }, 1_000, { status: 9_000 }), editedFields: ['status'] as EntryField[] };
    const seen = mergeEntry(input({ local: edited, remote: remote({ status: 'on_hold' }, 12_000), baseAt: 9_000, now: 9_000 })).local!;
    expect(seen.changedAt.status).toBe(12_000);
    // Kitsu, agreed with at 9 s, is put back to reading on the phone at 12 s: made there after it showed on hold.
    const kitsu = mergeEntry(input({ local: seen, base: { ...BASE, status: 'on_hold' }, baseAt: 9_000, now: 20_000, remote: remote({ status: 'reading' }, 12_000) }));
    expect(kitsu.local?.status).toBe('reading');
    expect(kitsu.push).toEqual({});
  });

  it('a list met for the first time holding the library\'s status, set there later, makes a third list\'s earlier change lose', () => {
    // Reading here since 3 s (a chapter read); Kitsu put on hold at 6 s; AniList's entry added, reading, at 9 s.
    const read = { ...local({ status: 'reading' }, 3_000), readFields: ['status'] as EntryField[] };
    const seen = mergeEntry(input({ local: read, base: null, remote: remote({ status: 'reading' }, 9_000), now: 20_000 })).local!;
    expect(seen.changedAt.status).toBe(9_000);
    const kitsu = mergeEntry(input({ local: seen, base: null, remote: remote({ status: 'on_hold' }, 6_000), now: 20_000 }));
    expect(kitsu.local?.status).toBe('reading');
    expect(kitsu.push.status).toBe('reading');
    // (A count met so says nothing of when it was read: the further one wins, whatever the stamps.)
    expect(mergeEntry(input({ local: read, base: null, remote: remote({ status: 'reading' }, 9_000) })).local?.changedAt.progress).toBe(3_000);
  });

  it('a further count a read took from a list, stamped by that list\'s clock, is no act here: a list agreed since and set back there wins', () => {
    // A chapter read here took Kitsu's 327 (its clock 5 s ahead: stamped 192 s) at 190 s; AniList was agreed at 327
    // just after; then the phone sets AniList back to 0, stamped 192 s by AniList's clock.
    const taken = { ...local({ status: 'completed', progress: 327 }, 1_000, { progress: 192_000 }), readFields: ['progress'] as EntryField[], movedAt: { progress: 190_000 } };
    const agreed = { ...BASE, status: 'completed' as const, progress: 327 };
    const result = mergeEntry(input({ local: taken, base: agreed, baseAt: 190_500, now: 200_000, remote: remote({ ...agreed, status: 'reading', progress: 0 }, 192_000) }));
    expect(result.local).toMatchObject({ status: 'reading', progress: 0 });
    expect(result.push).toEqual({});
  });

  it('a count set back on a list below what was agreed is a word: a further count from a list met for the first time, set earlier, does not pass it', () => {
    // Agreed at 327 with Kitsu; the phone lowers it there to 0 at 12 s.
    const agreed = { ...BASE, status: 'completed' as const, progress: 327 };
    const library = local({ status: 'completed', progress: 327 }, 3_000);
    const lowered = mergeEntry(input({ local: library, base: agreed, baseAt: 3_000, now: 20_000, remote: remote({ ...agreed, status: 'reading', progress: 0 }, 12_000) })).local!;
    expect(lowered).toMatchObject({ progress: 0, editedFields: ['progress'] });
    // AniList, met for the first time, holds 1 since 9 s: the later lowering stays, and goes there.
    const older = mergeEntry(input({ local: lowered, base: null, remote: remote({ status: 'reading', progress: 1 }, 9_000) }));
    expect(older.local?.progress).toBe(0);
    expect(older.push.progress).toBe(0);
    // Set there after the lowering, the further count wins as any later change.
    expect(mergeEntry(input({ local: lowered, base: null, remote: remote({ status: 'reading', progress: 1 }, 15_000) })).local?.progress).toBe(1);
  });

  it('a read overtaken by a list further along takes that list, and logs the status the read had set there', () => {
    // Dropped at 10 everywhere; chapter 11 read here (status back to reading); the phone meanwhile put it on hold at 40.
    const base = { ...BASE, status: 'dropped' as const };
    const read = { ...local({ status: 'reading', progress: 11 }, 1_000), readFields: ['status', 'progress'] as EntryField[] };
    const result = mergeEntry(input({ local: read, base, remote: remote({ status: 'on_hold', progress: 40 }, 5_000) }));
    expect(result.local).toMatchObject({ status: 'on_hold', progress: 40 });
    expect(result.push).toEqual({});
    // The chapter read is in the 40 chapters: its count is no loss; the status it set is.
    expect(result.conflicts).toEqual([{ field: 'status', winner: 'service', libraryValue: 'reading', serviceValue: 'on_hold' }]);
  });

  it('a count set back on the service on purpose after a chapter read here wins; set back before it, the read goes past it', () => {
    // Agreed at 10; chapter 11 read here at 3,000; the phone sets the service back to 4.
    const read = { ...local({ progress: 11 }, 1_000, { progress: 3_000 }), readFields: ['progress'] as EntryField[] };
    const later = mergeEntry(input({ local: read, remote: remote({ progress: 4 }, 5_000) }));
    expect(later.local?.progress).toBe(4);
    expect(later.push).toEqual({});
    expect(later.conflicts).toEqual([{ field: 'progress', winner: 'service', libraryValue: 11, serviceValue: 4 }]);
    const earlier = mergeEntry(input({ local: read, remote: remote({ progress: 4 }, 2_000) }));
    expect(earlier.local?.progress).toBe(11);
    expect(earlier.push).toEqual({ progress: 11 });
    expect(earlier.conflicts).toEqual([{ field: 'progress', winner: 'library', libraryValue: 11, serviceValue: 4 }]);
  });

  it('a library value that has not moved since the base was agreed loses to a change made there since, whatever the stamps', () => {
    // Agreed with Kitsu at 10, its form of the library's 13 (asked, then forgotten when the user switched Kitsu's
    // rating system: 13 is judged afresh there). Kitsu's score was cleared since, stamped by a clock behind ours with
    // the time the library's value carries.
    const library = local({ score: 13 }, 3_000);
    const agreed = { base: { ...BASE, score: 10 }, baseAt: 6_000, now: 20_000, remote: remote({ score: null }, 3_000) };
    const result = mergeEntry(input({ ...agreed, local: library }));
    expect(result.local?.score).toBeNull();
    expect(result.push).toEqual({});
    expect(result.conflicts).toEqual([{ field: 'score', winner: 'service', libraryValue: 13, serviceValue: null }]);
    // An edit made here since that agreement is a change of its own: the later stamp decides, as ever.
    const edited = { ...local({ score: 13 }, 3_000, { score: 7_000 }), editedFields: ['score'] as EntryField[] };
    expect(mergeEntry(input({ ...agreed, local: edited })).local?.score).toBe(13);
  });

  it('a later change on one list to the value the library holds wins over an earlier change on another, in either order', () => {
    // Agreed with both at score 80 (library time 1,000). MAL sets 40 at 5,000; AniList, later (9,000), sets 80 again
    // after a detour the library never saw (its base there was 60).
    const anilist = { base: { ...BASE, score: 60 }, remote: remote({ score: 80 }, 9_000), baseAt: 1_000, now: 10_000 };
    const mal = { base: BASE, remote: remote({ score: 40 }, 5_000), baseAt: 1_000, now: 10_000 };
    const first = mergeEntry(input({ ...anilist }));
    const then = mergeEntry(input({ ...mal, local: first.local }));
    expect(then.local?.score).toBe(80);
    expect(then.push).toEqual({ score: 80 });
    expect(then.conflicts).toEqual([{ field: 'score', winner: 'library', libraryValue: 80, serviceValue: 40 }]);
    // The other order: MAL's 40 is taken first, then AniList's later 80 wins over it.
    const malFirst = mergeEntry(input({ ...mal }));
    expect(mergeEntry(input({ ...anilist, local: malFirst.local })).local?.score).toBe(80);
  });

  it('joining a list for the first time, a later date there wins over an older clearing here, and the clearing is logged', () => {
    const cleared = { ...local({ startedAt: null }, 1_000, { startedAt: 3_000 }), editedFields: ['startedAt'] as EntryField[] };
    const date = { year: 2019, month: null, day: null };
    const result = mergeEntry(input({ local: cleared, base: null, remote: remote({ startedAt: date }, 5_000) }));
    expect(result.local?.startedAt).toEqual(date);
    expect(result.conflicts).toEqual([{ field: 'startedAt', winner: 'service', libraryValue: null, serviceValue: date }]);
    // A date the library merely lacks is learnt without a word.
    expect(mergeEntry(input({ local: local({ startedAt: null }), base: null, remote: remote({ startedAt: date }, 5_000) })).conflicts.filter((c) => c.field === 'startedAt')).toEqual([]);
  });

  it('a note cleared on one list is a word: a list met for the first time afterwards does not fill it with its older note', () => {
    const agreed = local({ notes: 'good so far' });
    const cleared = mergeEntry(input({ local: agreed, base: { ...BASE, notes: 'good so far' }, remote: remote({ notes: '' }, 5_000) }));
    expect(cleared.local?.notes).toBe('');
    const joined = mergeEntry(input({ local: cleared.local, base: null, remote: remote({ notes: 'good so far' }, 3_000) }));
    expect(joined.local?.notes).toBe('');
    expect(joined.push).toMatchObject({ notes: '' });
  });

  it('joining a list for the first time, its default of no rereads says nothing against the rereads the library has', () => {
    const reread = local({ rereads: 2 }, 1_000, { rereads: 1_000 });
    const result = mergeEntry(input({ local: reread, base: null, remote: remote({ rereads: 0 }, 5_000) }));
    expect(result.local?.rereads).toBe(2);
    expect(result.push).toMatchObject({ rereads: 2 });
    expect(result.conflicts.filter((c) => c.field === 'rereads')).toEqual([]);
  });

  it('joining a list for the first time, a clearing here at the same moment as the list’s date wins (ties go to the library)', () => {
    const cleared = { ...local({ startedAt: null }, 1_000, { startedAt: 5_000 }), editedFields: ['startedAt'] as EntryField[] };
    const result = mergeEntry(input({ local: cleared, base: null, remote: remote({ startedAt: { year: 2019, month: null, day: null } }, 5_000) }));
    expect(result.local?.startedAt).toBeNull();
    expect(result.push).toMatchObject({ startedAt: null });
  });

  it('pushes a change made only in the library', () => {
    const result = mergeEntry(input({ local: local({ progress: 12, notes: 'great arc' }) }));
    expect(result.push).toEqual({ progress: 12, notes: 'great arc' });
    expect(result.local?.progress).toBe(12);
  });

  it('lets the later change win when both sides changed a field, and reports the loser', () => {
    const newerHere = mergeEntry(input({ local: local({ progress: 12 }, 9_000), remote: remote({ progress: 11 }, 5_000) }));
    expect(newerHere.push).toEqual({ progress: 12 });
    expect(newerHere.conflicts).toEqual([{ field: 'progress', winner: 'library', libraryValue: 12, serviceValue: 11 }]);
    const newerThere = mergeEntry(input({ local: local({ progress: 12 }, 1_000), remote: remote({ progress: 11 }, 5_000) }));
    expect(newerThere.local?.progress).toBe(11);
    expect(newerThere.push).toEqual({});
    expect(newerThere.conflicts[0]?.winner).toBe('service');
  });

  it('joining two lists for the first time, the further progress wins and the other is logged, unless set back here later', () => {
    const behind = mergeEntry(input({ local: local({ progress: 10 }, 5_000), base: null, remote: remote({ progress: 40 }, 5_000) }));
    expect(behind.local?.progress).toBe(40);
    expect(behind.conflicts).toEqual([{ field: 'progress', winner: 'service', libraryValue: 10, serviceValue: 40 }]);
    const ahead = mergeEntry(input({ local: local({ progress: 40 }, 5_000), base: null, remote: remote({ progress: 10 }, 5_000) }));
    expect(ahead.push).toMatchObject({ progress: 40 });
    // A list's smaller count, even a later one (an entry added at 0 on a phone), does not undo chapters read.
    const later = mergeEntry(input({ local: local({ progress: 40 }, 1_000), base: null, remote: remote({ progress: 10 }, 9_000) }));
    expect(later.push).toMatchObject({ progress: 40 });
    expect(later.conflicts).toEqual([{ field: 'progress', winner: 'library', libraryValue: 40, serviceValue: 10 }]);
    // The library's own later edit setting progress back is the latest word: it goes out.
    const setBack = mergeEntry(input({ local: { ...local({ progress: 10 }, 9_000), editedFields: ['progress'] }, base: null, remote: remote({ progress: 40 }, 1_000) }));
    expect(setBack.push).toMatchObject({ progress: 10 });
    // Once agreed, an edit that lowers progress is an edit like any other: the later one wins.
    const edited = mergeEntry(input({ local: local({ progress: 10 }, 9_000), base: { ...BASE, progress: 40 }, remote: remote({ progress: 41 }, 1_000) }));
    expect(edited.push).toEqual({ progress: 10 });
  });

  it('joining a list for the first time, a chapter read moving on from the user\'s own edit stands on that edit: a further count set there before the edit does not pass it', () => {
    // Set to 0.5 here at 15 s, then chapter 1 read at 18 s; AniList, met for the first time, has held 299 since 12 s.
    const read: LibraryEntry = { ...local({ progress: 1 }, 1_000, { progress: 18_000 }), readFields: ['progress'], editedAt: { progress: 15_000 } };
    const earlier = mergeEntry(input({ local: read, base: null, remote: remote({ progress: 299 }, 12_000) }));
    expect(earlier.push).toMatchObject({ progress: 1 });
    expect(earlier.conflicts).toContainEqual({ field: 'progress', winner: 'library', libraryValue: 1, serviceValue: 299 });
    // Set there after the edit (16 s), the further count wins the read as any list further along does.
    const later = mergeEntry(input({ local: read, base: null, remote: remote({ progress: 299 }, 16_000) }));
    expect(later.local?.progress).toBe(299);
    expect(later.local?.editedAt?.progress).toBeUndefined();
  });

  it('imports an entry the library does not have, and creates one the service does not have', () => {
    const imported = mergeEntry(input({ local: null, base: null, remote: remote({ progress: 3 }, 7_000) }));
    expect(imported.local).toMatchObject({ seriesId: 's1', progress: 3, changedAt: { progress: 7_000 } });
    const created = mergeEntry(input({ remote: null, base: null, fields: ['status', 'progress', 'score'] }));
    expect(created.push).toEqual({ status: 'reading', progress: 10, score: 80 });
  });

  it('sends a service only the fields it syncs', () => {
    const result = mergeEntry(input({ local: local({ progressVolumes: 5, private: true, progress: 11 }), fields: ['status', 'progress', 'score'] }));
    expect(result.push).toEqual({ progress: 11 });
  });

  it('honours push-only and pull-only directions', () => {
    const both = { local: local({ progress: 12 }, 1_000), remote: remote({ progress: 11, notes: 'x' }, 5_000) };
    const pushOnly = mergeEntry(input({ ...both, direction: 'push' }));
    expect(pushOnly.push).toEqual({ progress: 12 });
    expect(pushOnly.local).toMatchObject({ progress: 12, notes: '' });
    const pullOnly = mergeEntry(input({ local: local({ progress: 12 }, 9_000), remote: remote({ notes: 'x' }), direction: 'pull' }));
    expect(pullOnly.push).toEqual({});
    expect(pullOnly.local).toMatchObject({ progress: 12, notes: 'x' });
  });

  it('compares as the service stores values: whole chapters and its own score scale', () => {
    // 12.5 read here is chapter 12 on the service: nothing to write.
    expect(mergeEntry(input({ local: local({ progress: 12.5 }), base: { ...BASE, progress: 12 }, remote: remote({ progress: 12 }) })).push).toEqual({});
    // 85/100 is MAL 9, which MAL reports back as 90: no rewrite, and no oscillation.
    const mal = SCALES.mal;
    const result = mergeEntry(input({ local: local({ score: 85 }), base: { ...BASE, score: 90 }, remote: remote({ score: 90 }), scale: mal }));
    expect(result.push).toEqual({});
    expect(result.local?.score).toBe(85);
  });
});

// ---- properties -------------------------------------------------------------------------------------------------

const date = fc.option(fc.record({ year: fc.integer({ min: 1990, max: 2030 }), month: fc.option(fc.integer({ min: 1, max: 12 })), day: fc.option(fc.integer({ min: 1, max: 28 })) }));
const fieldsArb: fc.Arbitrary<EntryFields> = fc.record({
  status: fc.constantFrom(...STATUSES),
  progress: fc.integer({ min: 0, max: 400 }),
  progressVolumes: fc.option(fc.integer({ min: 0, max: 40 })),
  score: fc.option(fc.integer({ min: 1, max: 100 })),
  startedAt: date,
  completedAt: date,
  rereads: fc.integer({ min: 0, max: 5 }),
  notes: fc.constantFrom('', 'good', 'great arc'),
  private: fc.boolean(),
});
/** A variant of `base` where each field may have been changed. */
const variantOf = (base: EntryFields) => fc.tuple(fieldsArb, fc.array(fc.boolean(), { minLength: ALL.length, maxLength: ALL.length })).map(([other, pick]) => {
  const out = { ...base };
  ALL.forEach((f, i) => {
    if (pick[i]) (out as Record<string, unknown>)[f] = other[f];
  });
  return out;
});
const scenario = fieldsArb.chain((base) =>
  fc.record({
    base: fc.constant(base),
    local: variantOf(base),
    r1: variantOf(base),
    r2: variantOf(base),
    // Distinct change times, so "later wins" is never a tie.
    times: fc.uniqueArray(fc.integer({ min: 1, max: 1_000_000 }), { minLength: 3, maxLength: 3 }),
  }),
);

/** What a service stores after a write: whole chapters, scores on its scale. */
function applyPush(state: RemoteState, push: Partial<EntryFields>, scale: typeof SCALES.mal | null, at: number): RemoteState {
  const fields = { ...state.fields, ...push };
  fields.progress = Math.floor(fields.progress);
  if (scale) fields.score = fromScale(toScale(fields.score, scale), scale);
  return { fields, updatedAt: Object.keys(push).length ? at : state.updatedAt };
}

describe('merge properties', () => {
  it('is idempotent: merging again after agreeing changes nothing and writes nothing', () => {
    fc.assert(
      fc.property(scenario, fc.constantFrom(null, SCALES.mal, SCALES.kitsu.regular), ({ base, local: l, r1, times }, scale) => {
        const [tl, tr] = times as [number, number, number];
        const first = mergeEntry(input({ local: local(l, tl), base, remote: { fields: r1, updatedAt: tr }, scale }));
        const afterWrite = applyPush({ fields: r1, updatedAt: tr }, first.push, scale, 2_000_000);
        const second = mergeEntry(input({ local: first.local, base: afterWrite.fields, remote: afterWrite, scale }));
        expect(second.push).toEqual({});
        expect(second.taken).toEqual([]);
        expect(second.local).toEqual(first.local);
      }),
    );
  });

  it('does not depend on the order in which services are merged', () => {
    fc.assert(
      fc.property(scenario, ({ base, local: l, r1, r2, times }) => {
        const [tl, t1, t2] = times as [number, number, number];
        const one = { fields: r1, updatedAt: t1 };
        const two = { fields: r2, updatedAt: t2 };
        const run = (a: RemoteState, b: RemoteState) => {
          const first = mergeEntry(input({ local: local(l, tl), base, remote: a }));
          return mergeEntry(input({ local: first.local, base, remote: b })).local;
        };
        const ab = run(one, two);
        const ba = run(two, one);
        // Compared as every service stores them: no volumes and 0 volumes are the same thing everywhere.
        const values = (e: LibraryEntry | null) => e && Object.fromEntries(ALL.map((f) => [f, f === 'progressVolumes' ? (e[f] ?? 0) : e[f]]));
        expect(values(ab)).toEqual(values(ba));
      }),
    );
  });

  it('never lowers progress that was just read against an older service state', () => {
    fc.assert(
      fc.property(scenario, fc.integer({ min: 1, max: 20 }), ({ base, r1, times }, read) => {
        const [, tr] = times as [number, number, number];
        const readAt = 2_000_000; // the read happens after anything the service did
        const mine = local({ ...base, progress: base.progress + read }, 1, { progress: readAt });
        const result = mergeEntry(input({ local: mine, base, remote: { fields: r1, updatedAt: tr } }));
        expect(result.local!.progress).toBeGreaterThanOrEqual(base.progress + read);
      }),
    );
  });
});
