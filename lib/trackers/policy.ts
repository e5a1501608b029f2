/**
 * What reading a chapter means for the user's entry — in one place (issue: policies). Progress only moves
 * forward; the first chapter starts the series; the last known chapter completes it; a completed series
 * opened again from the start is a reread; a big jump is asked about first.
 */
import type { CalendarDate, EntryFields } from '../model';
import { t } from '../i18n';

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

export type ReadDecision =
  | { kind: 'update'; changes: Partial<EntryFields>; summary: string }
  | { kind: 'ask'; changes: Partial<EntryFields>; question: string }
  | { kind: 'ignore'; reason: string };

const whole = (n: number) => Math.floor(n);

export function decideRead(entry: EntryFields | null, read: ChapterRead): ReadDecision {
  const decision = decideReadAlways(entry, read);
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
    const changes: Partial<EntryFields> = {
      status: finishes ? 'completed' : 'reading',
      progress: chapter,
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
    ...(!entry.startedAt ? { startedAt: today } : {}),
  };
  if (!read.explicit && jump > read.maxJump) return { kind: 'ask', changes, question: t('policyAskJump', entry.progress, chapter) };
  return { kind: 'update', changes, summary: finishes ? completed() : label };
}
