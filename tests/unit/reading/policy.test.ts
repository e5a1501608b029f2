import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { STATUSES, type EntryFields, type ReadChoice, type Status } from '../../../lib/model';
import { decideRead, type ChapterRead, type ReadDecision } from '../../../lib/reading/policy';

const today = { year: 2026, month: 11, day: 24 };
const read = (over: Partial<ChapterRead>): ChapterRead => ({ chapter: 5, volume: null, totalChapters: null, today, explicit: false, maxJump: 10, ...over });
const entry = (over: Partial<EntryFields>): EntryFields => ({
  status: 'reading', progress: 4, progressVolumes: null, score: null, startedAt: { year: 2026, month: 1, day: 2 }, completedAt: null,
  rereads: 0, notes: '', private: false, ...over,
});

describe('decideRead', () => {
  it('starts a new series at its first chapter: reading, with a start date', () => {
    expect(decideRead(null, read({ chapter: 1 }))).toEqual({ kind: 'update', changes: { status: 'reading', progress: 1, startedAt: today }, summary: 'Chapter 1' });
  });

  it('moves progress forward, never back', () => {
    expect(decideRead(entry({}), read({ chapter: 5 }))).toMatchObject({ kind: 'update', changes: { progress: 5 } });
    expect(decideRead(entry({ progress: 7 }), read({ chapter: 5 })).kind).toBe('ignore');
    expect(decideRead(entry({ progress: 5 }), read({ chapter: 5 })).kind).toBe('ignore');
  });

  it('completes at the last known chapter, with a finish date', () => {
    expect(decideRead(entry({ progress: 161 }), read({ chapter: 162, totalChapters: 162 }))).toMatchObject({
      kind: 'update', changes: { progress: 162, status: 'completed', completedAt: today },
    });
  });

  it('asks before completing when the user wants to be asked, but not when they marked the chapter by hand', () => {
    expect(decideRead(entry({ progress: 161 }), read({ chapter: 162, totalChapters: 162, askBeforeCompleting: true }))).toEqual({
      kind: 'ask',
      changes: { progress: 162, status: 'completed', completedAt: today },
      question: 'Chapter 162 is the last chapter. Mark the series completed?',
    });
    expect(decideRead(entry({ progress: 161 }), read({ chapter: 162, totalChapters: 162, askBeforeCompleting: true, explicit: true })).kind).toBe('update');
    expect(decideRead(entry({ progress: 10 }), read({ chapter: 11, totalChapters: 162, askBeforeCompleting: true })).kind).toBe('update');
  });

  it('counts a finished reread', () => {
    expect(decideRead(entry({ status: 'rereading', progress: 161, rereads: 1 }), read({ chapter: 162, totalChapters: 162 }))).toMatchObject({
      changes: { status: 'completed', rereads: 2 },
    });
  });

  it('offers a reread when a completed series is opened at chapter 1, and starts it when asked explicitly', () => {
    const done = entry({ status: 'completed', progress: 162 });
    expect(decideRead(done, read({ chapter: 1 }))).toMatchObject({ kind: 'ask', changes: { status: 'rereading', progress: 1 } });
    expect(decideRead(done, read({ chapter: 1, explicit: true }))).toMatchObject({ kind: 'update', changes: { status: 'rereading' } });
    expect(decideRead(done, read({ chapter: 80 })).kind).toBe('ignore');
  });

  it('asks before a big jump, unless the user marked the chapter by hand', () => {
    expect(decideRead(entry({ progress: 4 }), read({ chapter: 40 })).kind).toBe('ask');
    expect(decideRead(entry({ progress: 4 }), read({ chapter: 40, explicit: true })).kind).toBe('update');
    expect(decideRead(entry({ progress: 4 }), read({ chapter: 14 })).kind).toBe('update');
  });

  it('keeps decimals locally and raises volumes only', () => {
    expect(decideRead(entry({ progress: 12, progressVolumes: 3 }), read({ chapter: 12.5, volume: 2 }))).toMatchObject({ changes: { progress: 12.5 } });
    expect(decideRead(entry({ progress: 12, progressVolumes: 3 }), read({ chapter: 13, volume: 4 }))).toMatchObject({ changes: { progressVolumes: 4 } });
  });

  it('never lowers progress, whatever is read, in any status, unless the user chose a reread', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...STATUSES),
        fc.integer({ min: 0, max: 500 }),
        fc.integer({ min: 0, max: 500 }),
        fc.boolean(),
        fc.constantFrom<ReadChoice | undefined>(undefined, 'resume', 'reread'),
        (status, have, got, explicit, choice) => {
          const decision = decideRead(entry({ status, progress: have }), read({ chapter: got, explicit }), choice);
          if (decision.kind === 'choose') {
            expect(decision.choices.resume.changes.progress).toBeUndefined();
            return;
          }
          if (decision.kind === 'ignore' || decision.changes.progress === undefined) return;
          // Going back is a reread only: its own status, and never without the user (a question, a mark by hand, a choice).
          if (decision.changes.progress < have) {
            expect(decision.changes.status).toBe('rereading');
            expect(decision.kind === 'ask' || explicit || choice === 'reread').toBe(true);
          } else expect(decision.changes.progress).toBeGreaterThanOrEqual(have);
        },
      ),
    );
  });
});

describe('decideRead for a series on hold, dropped or planned', () => {
  const resume = (over: Partial<EntryFields> = {}): Partial<EntryFields> => ({ status: 'reading', ...over });
  const reread = (chapter: number): Partial<EntryFields> => ({ status: 'rereading', progress: chapter });

  it('reading an older chapter of an on-hold series never lowers progress', () => {
    const onHold = entry({ status: 'on_hold', progress: 50 });
    const decision = decideRead(onHold, read({ chapter: 3 }));
    expect(decision).toEqual({
      kind: 'choose',
      question: 'Chapter 3 is behind your progress (chapter 50). Resume where you left off, or reread from here?',
      choices: {
        resume: { changes: resume(), summary: 'Chapter 50: reading again', progress: 50 },
        reread: { changes: reread(3), summary: 'Chapter 3: rereading', progress: 3 },
      },
    });
  });

  const older = 3;
  const same = 50;
  const newer = 51;
  const farAhead = 70;
  /** [status, chapter read, explicit, choice, what is decided]; the entry is at chapter 50. */
  const table: [Status, number, boolean, ReadChoice | undefined, Pick<ReadDecision, 'kind'> & { changes?: Partial<EntryFields> }][] = [];
  for (const status of ['on_hold', 'dropped', 'planning'] as const) {
    for (const explicit of [false, true]) {
      table.push(
        [status, older, explicit, undefined, { kind: 'choose' }],
        [status, older, explicit, 'resume', { kind: 'update', changes: resume() }],
        [status, older, explicit, 'reread', { kind: 'update', changes: reread(older) }],
        [status, 49.5, explicit, undefined, { kind: 'choose' }],
        // At or ahead of the progress: reading at the chapter, as before; a choice has nothing to answer.
        [status, same, explicit, undefined, { kind: 'update', changes: { status: 'reading', progress: same } }],
        [status, same, explicit, 'reread', { kind: 'update', changes: { status: 'reading', progress: same } }],
        [status, newer, explicit, undefined, { kind: 'update', changes: { status: 'reading', progress: newer } }],
        [status, newer, explicit, 'resume', { kind: 'update', changes: { status: 'reading', progress: newer } }],
        [status, farAhead, explicit, undefined, { kind: explicit ? 'update' : 'ask', changes: { status: 'reading', progress: farAhead } }],
      );
    }
  }
  for (const status of ['reading', 'rereading'] as const) {
    for (const explicit of [false, true]) {
      for (const choice of [undefined, 'resume', 'reread'] as const) {
        table.push(
          [status, older, explicit, choice, { kind: 'ignore' }],
          [status, same, explicit, choice, { kind: 'ignore' }],
          [status, newer, explicit, choice, { kind: 'update', changes: { progress: newer } }],
        );
      }
      table.push([status, farAhead, explicit, undefined, { kind: explicit ? 'update' : 'ask', changes: { progress: farAhead } }]);
    }
  }
  for (const explicit of [false, true]) {
    for (const choice of [undefined, 'resume', 'reread'] as const) {
      table.push(
        // A completed series: browsing its history changes nothing; marking an old chapter by hand is a reread.
        ['completed', older, explicit, choice, explicit ? { kind: 'update', changes: reread(older) } : { kind: 'ignore' }],
        ['completed', same, explicit, choice, { kind: 'ignore' }],
        ['completed', newer, explicit, choice, { kind: 'ignore' }],
        ['completed', 1, explicit, choice, { kind: explicit ? 'update' : 'ask', changes: reread(1) }],
      );
    }
  }

  it.each(table)('%s at 50, chapter %d read (explicit: %s, choice: %s) → %o', (status, chapter, explicit, choice, expected) => {
    const decision = decideRead(entry({ status, progress: 50 }), read({ chapter, explicit }), choice);
    expect(decision.kind).toBe(expected.kind);
    if (expected.changes) expect('changes' in decision && decision.changes).toEqual(expected.changes);
    if (decision.kind === 'choose') {
      expect(decision.choices).toEqual({
        resume: { changes: resume(), summary: 'Chapter 50: reading again', progress: 50 },
        reread: { changes: reread(chapter), summary: `Chapter ${chapter}: rereading`, progress: chapter },
      });
    }
  });

  it('gives a resumed series a start date when it had none, and keeps the one it had', () => {
    const planned = entry({ status: 'planning', progress: 20, startedAt: null });
    expect(decideRead(planned, read({ chapter: 4 }), 'resume')).toEqual({ kind: 'update', changes: resume({ startedAt: today }), summary: 'Chapter 20: reading again' });
    expect(decideRead(entry({ status: 'dropped', progress: 20 }), read({ chapter: 4 }), 'resume')).toEqual({ kind: 'update', changes: resume(), summary: 'Chapter 20: reading again' });
  });

  it('asks whichever way the chapter was read: automatically or marked by hand', () => {
    const dropped = entry({ status: 'dropped', progress: 50 });
    expect(decideRead(dropped, read({ chapter: 3, explicit: true })).kind).toBe('choose');
    expect(decideRead(dropped, read({ chapter: 3, explicit: true, askBeforeCompleting: true })).kind).toBe('choose');
  });

  it('compares whole chapters: within the one recorded, the further part stays', () => {
    expect(decideRead(entry({ status: 'on_hold', progress: 50.5 }), read({ chapter: 50 }))).toMatchObject({ kind: 'update', changes: { status: 'reading', progress: 50.5 } });
    expect(decideRead(entry({ status: 'on_hold', progress: 50 }), read({ chapter: 50.5 }))).toMatchObject({ kind: 'update', changes: { status: 'reading', progress: 50.5 } });
  });
});
