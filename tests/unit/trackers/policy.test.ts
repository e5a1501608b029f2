import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { EntryFields } from '../../../lib/model';
import { decideRead, type ChapterRead } from '../../../lib/trackers/policy';

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

  it('never lowers progress, whatever is read', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 500 }), fc.integer({ min: 0, max: 500 }), fc.boolean(), (have, got, explicit) => {
        const decision = decideRead(entry({ progress: have }), read({ chapter: got, explicit }));
        if (decision.kind !== 'ignore' && decision.changes.progress !== undefined) expect(decision.changes.progress).toBeGreaterThan(have);
      }),
    );
  });
});
