/**
 * The toolbar badge, per tab: the chapter detected there ("12"), a check mark once that chapter is recorded, and
 * "!" on every tab while an update failed for good or a service needs reconnecting; the tooltip says it in words.
 * What each tab's badge is made of lives in storage.session (like the tab's page), so any wake of the worker can
 * paint it again; Chromium itself drops a tab's badge when the tab navigates or closes.
 */
import { z } from 'zod/mini';
import { browser } from 'wxt/browser';
import type { TabPage } from '../../reading/page';
import type { ChapterReadReply } from '../../reading/read-flow';
import { SERVICE_IDS, SERVICE_NAMES } from '../../model';
import type { Problem } from './problem';
import { readTabPage } from '../../reading/tab-pages';
import { t } from '../../i18n/t';

export const DONE_MARK = '✓';
export const PROBLEM_MARK = '!';
/** For a chapter number longer than the badge's four characters (the tooltip has it in full). */
export const LONG_CHAPTER_MARK = 'Ch';
export const BADGE_COLORS = { chapter: '#1864ab', done: '#2b8a3e', problem: '#c92a2a' } as const;

/** How the last read on a tab ended, for the chapter it was about. */
const readMarkSchema = z.object({
  chapterKey: z.nullable(z.string()),
  chapter: z.nullable(z.number()),
  /** Recorded (or updated) in the library and sent on to the services. */
  done: z.boolean(),
  /** What the user was told, in words. */
  message: z.string(),
});
export type ReadMark = z.infer<typeof readMarkSchema>;

const problemsSchema = z.array(
  z.object({
    key: z.string(),
    kind: z.enum(['failed', 'reconnect']),
    service: z.enum(SERVICE_IDS),
    title: z.nullable(z.string()),
  }),
);

type PageFacts = Pick<TabPage, 'title' | 'chapter' | 'chapterKey'>;

export interface BadgeFacts {
  /** What the tab shows; null when nothing is detected there. */
  page: PageFacts | null;
  /** How the last read on the tab ended; it counts only while the tab still shows that chapter. */
  mark: ReadMark | null;
  problems: readonly Problem[];
}

export interface BadgeLook {
  text: string;
  color: string;
  title: string;
}

/** "12", "12.5"; a number that does not fit four characters becomes a short mark. */
export function chapterBadgeText(chapter: number): string {
  const text = String(chapter);
  return text.length <= 4 ? text : LONG_CHAPTER_MARK;
}

function sameChapter(mark: ReadMark, page: Pick<TabPage, 'chapter' | 'chapterKey'> | null): boolean {
  return mark.chapterKey === (page?.chapterKey ?? null) && mark.chapter === (page?.chapter ?? null);
}

export function problemLine(problem: Problem): string {
  const service = SERVICE_NAMES[problem.service];
  return problem.kind === 'reconnect'
    ? t('badgeReconnect', service)
    : problem.title === null ? t('badgeFailedUnknown', service) : t('badgeFailed', service, problem.title);
}

/** What the badge of a tab shows: problems first (they need the user), then a recorded chapter, then the detected one. */
export function decideBadge({ page, mark, problems }: BadgeFacts): BadgeLook {
  const current = mark && sameChapter(mark, page) ? mark : null;
  const lines = [t('extName')];
  if (page) {
    const recorded = current?.done === true;
    lines.push(
      page.chapter === null
        ? t(recorded ? 'badgeNoChapterNumberRecorded' : 'badgeNoChapterNumber', page.title)
        : t(recorded ? 'badgeChapterOfRecorded' : 'badgeChapterOf', page.chapter, page.title),
    );
  }
  if (current && !current.done) lines.push(current.message);
  lines.push(...problems.map(problemLine));
  const title = lines.join('\n');
  if (problems.length > 0) return { text: PROBLEM_MARK, color: BADGE_COLORS.problem, title };
  if (current?.done) return { text: DONE_MARK, color: BADGE_COLORS.done, title };
  return { text: page && page.chapter !== null ? chapterBadgeText(page.chapter) : '', color: BADGE_COLORS.chapter, title };
}

const markKey = (tabId: number) => `badge:read:${tabId}`;
const PROBLEMS_KEY = 'badge:problems';

async function readMark(tabId: number): Promise<ReadMark | null> {
  const parsed = readMarkSchema.safeParse((await browser.storage.session.get(markKey(tabId)))[markKey(tabId)]);
  return parsed.success ? parsed.data : null;
}

async function shownProblems(): Promise<Problem[] | null> {
  const parsed = problemsSchema.safeParse((await browser.storage.session.get(PROBLEMS_KEY))[PROBLEMS_KEY]);
  return parsed.success ? parsed.data : null;
}

/** Paints one tab's badge, or the default for tabs without their own (`tabId` undefined). */
async function paint(tabId: number | undefined, look: BadgeLook): Promise<void> {
  const scope = tabId === undefined ? {} : { tabId };
  try {
    await Promise.all([
      browser.action.setBadgeText({ ...scope, text: look.text }),
      browser.action.setBadgeBackgroundColor({ ...scope, color: look.color }),
      browser.action.setTitle({ ...scope, title: look.title }),
    ]);
  } catch {
    // The tab closed meanwhile; nothing is left to paint.
  }
}

async function paintTab(tabId: number, problems: readonly Problem[]): Promise<void> {
  const [page, mark] = await Promise.all([readTabPage(tabId), readMark(tabId)]);
  await paint(tabId, decideBadge({ page, mark, problems }));
}

/** Paints the badge of `tabId` from what is known about it (after a detection, a read, an Undo). */
export async function showTabBadge(tabId: number): Promise<void> {
  await paintTab(tabId, (await shownProblems()) ?? []);
}

/** Records how a read on `tabId` ended and shows it. A repeat that changes nothing keeps an earlier check mark. */
export async function showReadResult(tabId: number, page: Pick<TabPage, 'chapter' | 'chapterKey'> | null, reply: ChapterReadReply): Promise<void> {
  const previous = await readMark(tabId);
  const chapter = { chapterKey: page?.chapterKey ?? null, chapter: page?.chapter ?? null };
  const mark: ReadMark =
    reply.outcome === 'updated' ? { ...chapter, done: true, message: reply.message }
    : previous?.done && sameChapter(previous, page) ? previous
    : { ...chapter, done: false, message: reply.outcome === 'ask' ? reply.question : reply.message };
  await browser.storage.session.set({ [markKey(tabId)]: mark });
  await showTabBadge(tabId);
}

/** The read on `tabId` was undone: the badge goes back to the detected chapter. */
export async function clearReadResult(tabId: number): Promise<void> {
  await browser.storage.session.remove(markKey(tabId));
  await showTabBadge(tabId);
}

/** The tab closed (Chromium drops its badge by itself). */
export async function forgetTabBadge(tabId: number): Promise<void> {
  await browser.storage.session.remove(markKey(tabId));
}

const sameProblems = (a: readonly Problem[], b: readonly Problem[]) =>
  a.length === b.length && a.every((problem, i) => problem.key === b[i]?.key && problem.title === b[i].title);

/** Shows `problems` on every tab (and on tabs opened later); nothing is repainted when they have not changed. */
export async function showProblems(problems: readonly Problem[]): Promise<void> {
  const shown = await shownProblems();
  if (shown && sameProblems(shown, problems)) return;
  await browser.storage.session.set({ [PROBLEMS_KEY]: problems });
  await paint(undefined, decideBadge({ page: null, mark: null, problems }));
  const tabs = await browser.tabs.query({});
  await Promise.all(tabs.flatMap((tab) => (tab.id === undefined ? [] : [paintTab(tab.id, problems)])));
}
