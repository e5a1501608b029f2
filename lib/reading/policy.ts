/**
 * What reading a chapter means for the user's entry — in one place (issue: policies). Progress only moves
 * forward; the first chapter starts the series; the last known chapter completes it; a completed series
 * opened again from the start is a reread; a big jump is asked about first; an older chapter of a series on
 * hold, dropped or planned is a choice between resuming and rereading, never a lower progress.
 */
import type { CalendarDate, EntryFields, ReadChoice } from '../model';
import { t } from '../i18n/t';

export interface ChapterRead {
  /** Chapter number read (decimals allowed). */
  chapter: number;
  volume: number | null;
  /** Total chapters when known. */
  totalChapters: number | null;
  today: CalendarDate;
  /** The user pressed "Mark chapter N as read" (not an automatic detection): no questions for jumps. */
  explicit: boolean;
  /** Ask before jumping further than this many chapters ahead. */
  maxJump: number;
  /** Ask before an automatic update completes the series (the user's setting; default: complete without asking). */
  askBeforeCompleting?: boolean;
}

/** What one answer of a `choose` decision does. */
export interface ReadOption {
  changes: Partial<EntryFields>;
  summary: string;
  /** The progress the entry is left at (its button says it: "Resume at chapter 50", "Reread from chapter 3"). */
  progress: number;
}

export type ReadDecision =
  | { kind: 'update'; changes: Partial<EntryFields>; summary: string }
  | { kind: 'ask'; changes: Partial<EntryFields>; question: string }
  /** Nothing changes until the user picks one: there is no safe default between the two. */
  | { kind: 'choose'; question: string; choices: Record<ReadChoice, ReadOption> }
  | { kind: 'ignore'; reason: string };

const whole = (n: number) => Math.floor(n);

/**
 * `choice` answers a `choose` decision: the update for that answer is returned instead of the question. It
 * changes nothing else (the entry may have moved on since the question, and then the read is decided afresh).
 */
export function decideRead(entry: EntryFields | null, read: ChapterRead, choice?: ReadChoice): ReadDecision {
  const decision = decideReadAlways(entry, read);
  if (decision.kind === 'choose') {
    if (!choice) return decision;
    const { changes, summary } = decision.choices[choice];
    return { kind: 'update', changes, summary };
  }
  if (decision.kind === 'update' && decision.changes.status === 'completed' && read.askBeforeCompleting && !read.explicit) {
    return { kind: 'ask', changes: decision.changes, question: t('policyAskComplete', read.chapter) };
  }
  return decision;
}

function decideReadAlways(entry: EntryFields | null, read: ChapterRead): ReadDecision {
  const { chapter, volume, totalChapters, today } = read;
  const volumes = (current: number | null) => (volume !== null && (current === null || volume > current) ? { progressVolumes: whole(volume) } : {});
  const finishes = totalChapters !== null && totalChapters > 0 && whole(chapter) >= totalChapters;
  const label = t('chapterNumbered', chapter);
  const completed = () => t('policyChapterCompleted', chapter);

  if (!entry || entry.status === 'planning' || entry.status === 'dropped' || entry.status === 'on_hold') {
    // Reading chapter 3 of a series put on hold at 50 may be a reread, or a look back before going on: the
    // user says which (issue: "Progress only moves forward" is false for on hold, dropped and planning).
    if (entry && whole(chapter) < whole(entry.progress)) return resumeOrReread(entry, read);
    const changes: Partial<EntryFields> = {
      status: finishes ? 'completed' : 'reading',
      // Within the same whole chapter (12.5 recorded, 12 read) the further one stays.
      progress: Math.max(chapter, entry?.progress ?? 0),
      ...volumes(entry?.progressVolumes ?? null),
      ...(!entry?.startedAt ? { startedAt: today } : {}),
      ...(finishes ? { completedAt: today } : {}),
    };
    const jump = whole(chapter) - whole(entry?.progress ?? 0);
    if (!read.explicit && jump > read.maxJump) return { kind: 'ask', changes, question: t('policyAskJump', entry?.progress ?? 0, chapter) };
    return { kind: 'update', changes, summary: finishes ? completed() : label };
  }

  if (entry.status === 'completed') {
    // Opening a finished series at its start again is a reread; anything else is history being browsed.
    if (whole(chapter) <= 1 || (read.explicit && chapter < entry.progress)) {
      const changes: Partial<EntryFields> = { status: 'rereading', progress: chapter };
      return read.explicit ? { kind: 'update', changes, summary: t('policyChapterRereading', chapter) } : { kind: 'ask', changes, question: t('policyAskReread') };
    }
    return { kind: 'ignore', reason: t('policyAlreadyCompleted', label) };
  }

  // reading or rereading: forward only.
  if (chapter <= entry.progress) return { kind: 'ignore', reason: t('policyNotPast', label, entry.progress) };
  const jump = whole(chapter) - whole(entry.progress);
  const changes: Partial<EntryFields> = {
    progress: chapter,
    ...volumes(entry.progressVolumes),
    ...(finishes ? { status: 'completed' as const, completedAt: today, ...(entry.status === 'rereading' ? { rereads: entry.rereads + 1 } : {}) } : {}),
    // No start date here: the series was already being read, so today is not when it started (and an empty one
    // may be the user's own clearing).
  };
  if (!read.explicit && jump > read.maxJump) return { kind: 'ask', changes, question: t('policyAskJump', entry.progress, chapter) };
  return { kind: 'update', changes, summary: finishes ? completed() : label };
}

/** Resume keeps the progress and only picks the series up again; Reread starts over from the chapter read. */
function resumeOrReread(entry: EntryFields, read: ChapterRead): ReadDecision {
  const { chapter, today } = read;
  return {
    kind: 'choose',
    question: t('policyAskResumeOrReread', chapter, entry.progress),
    choices: {
      resume: {
        changes: { status: 'reading', ...(!entry.startedAt ? { startedAt: today } : {}) },
        summary: t('policyResumed', entry.progress),
        progress: entry.progress,
      },
      reread: { changes: { status: 'rereading', progress: chapter }, summary: t('policyChapterRereading', chapter), progress: chapter },
    },
  };
}
