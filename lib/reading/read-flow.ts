/**
 * What the in-page notice talks to: a chapter read on a tab becomes an update held for the countdown, which the
 * notice can Undo (every service back to its previous values), stop tracking, or confirm when it asked first;
 * and it can ask how each service answered. Everything acts on what the background itself recorded for the
 * sender's tab, never on what a message claims.
 */
import { currentSeriesId } from '../library/absorb-series';
import { listOutbox, outboxId } from '../library/outbox';
import { takeEntryOff } from '../library/take-off';
import type { TabPage } from './page';
import { EMPTY_ENTRY, SERVICE_IDS, SERVICE_NAMES, type ReadChoice, type ServiceId } from '../model';
import { isIgnored, readReadingSettings, siteReading, updateReadingSettings } from '../settings/reading';
import { readTabPage } from './tab-pages';
import { serviceContext } from '../sync/context';
import { applyLocalChange } from '../sync/edit';
import { armRetry, RESUME_AFTER_MS } from '../sync/alarms';
import { flushService, withFlushLocks } from '../sync/flush';
import { forgetReadRecord, readRecordFor, restoringChanges, saveReadRecord } from './read-records';
import { recordChapter, type RecordOutcome } from './record-chapter';
import { scheduleAlarms } from '../sync/scheduler';
import { t } from '../i18n/t';
import { createSignal } from '../signal';

/** What became of a chapter read: updated (held for `countdownSeconds`, undoable), a question, or nothing. */
export type ChapterReadReply =
  | { outcome: 'updated'; readId: string; summary: string; services: string[]; countdownSeconds: number; message: string }
  | {
    outcome: 'ask';
    question: string;
    services: string[];
    message: string;
    /**
     * The answers to offer instead of a yes (an older chapter of a series on hold, dropped or planned): each one
     * is sent back as the `choice` of `confirmRead` or `markChapterRead`. Absent for a yes-or-no question.
     */
    choices?: ReadChoice[];
    /** The progress each answer leaves the entry at: "Resume at chapter 50", "Reread from chapter 3". */
    choiceChapters?: Record<ReadChoice, number>;
  }
  /** `quiet`: nothing worth interrupting the reader for (an old chapter, a series not tracked). */
  | { outcome: 'ignored'; message: string; quiet: boolean };

/** One service's answer to an update, as the notice shows it. */
export interface ReadServiceState {
  name: string;
  state: 'waiting' | 'sent' | 'retrying' | 'failed' | 'reconnect';
  message: string;
}

const names = (services: ServiceId[]) => services.map((service) => SERVICE_NAMES[service]);

/** A read on a tab was answered (the background shows it on the tab's toolbar badge). */
export const readAnswered = createSignal<{ tabId: number; page: Pick<TabPage, 'chapter' | 'chapterKey'> | null; reply: ChapterReadReply }>();
/** A read on a tab was undone (the badge goes back to the chapter detected there). */
export const readUndone = createSignal<{ tabId: number }>();

/** Answers with `answer` once it is reported (the tab's badge shows it). */
async function shown(tabId: number, page: TabPage | null, answer: ChapterReadReply): Promise<ChapterReadReply> {
  await readAnswered.emit({ tabId, page, reply: answer });
  return answer;
}

async function reply(tabId: number, page: TabPage, outcome: RecordOutcome, countdownMs: number, now: number): Promise<ChapterReadReply> {
  return shown(tabId, page, await replyFor(tabId, page, outcome, countdownMs, now));
}

async function replyFor(tabId: number, page: TabPage, outcome: RecordOutcome, countdownMs: number, now: number): Promise<ChapterReadReply> {
  if (outcome.kind === 'ignored') {
    // Old chapters and unnumbered extras are everyday browsing, not news; a series we cannot link is.
    return { outcome: 'ignored', message: outcome.message, quiet: outcome.seriesId !== null || page.chapter === null };
  }
  if (outcome.kind === 'ask') {
    const { choices, choiceChapters } = outcome;
    return { outcome: 'ask', question: outcome.message, services: names(outcome.services), message: outcome.message, ...(choices && choiceChapters ? { choices, choiceChapters } : {}) };
  }
  const readId = crypto.randomUUID();
  await saveReadRecord({
    id: readId,
    tabId,
    seriesId: outcome.seriesId,
    site: page.site,
    seriesKey: page.seriesKey,
    title: page.title,
    summary: outcome.summary,
    previous: outcome.previous,
    changes: outcome.changes,
    services: outcome.services,
    boundBefore: outcome.boundBefore,
    createdAt: now,
    holdUntil: now + countdownMs,
  });
  // The held writes go when the countdown ends: a timer while this worker lives, the retry alarm if it stops.
  await scheduleAlarms(now);
  const message = outcome.services.length === 0 ? t('readSavedNoService', outcome.summary) : outcome.message;
  return { outcome: 'updated', readId, summary: outcome.summary, services: names(outcome.services), countdownSeconds: countdownMs / 1000, message };
}

/** The read detector on `tabId` finished the chapter the background recorded for that tab. */
export async function chapterReadOnTab(tabId: number, page: TabPage, now = Date.now()): Promise<ChapterReadReply> {
  const settings = await readReadingSettings();
  const site = siteReading(settings, page.site);
  if (!site.enabled || site.mode === 'manual' || isIgnored(settings, page.site, page.seriesKey)) {
    return { outcome: 'ignored', message: t('readNotTracked'), quiet: true };
  }
  const countdownMs = settings.countdownSeconds * 1000;
  // Armed before anything is queued: a worker stopped mid-read still sends the held update when its countdown ends
  // (an alarm with nothing due wakes the worker for nothing, once).
  await armRetry(Math.max(now + countdownMs, now + RESUME_AFTER_MS), now);
  const outcome = await recordChapter(page, {
    explicit: false,
    now,
    maxJump: settings.maxJump,
    askBeforeCompleting: !settings.completeWithoutAsking,
    holdUntil: now + countdownMs,
    askFirst: site.mode === 'ask',
  });
  return reply(tabId, page, outcome, countdownMs, now);
}

/**
 * The user pressed Update (or Resume, or Reread) in the notice, or "Mark chapter N as read" in the popup: no
 * countdown, and no questions but one: an older chapter of a series on hold, dropped or planned is answered with
 * `choice`, and asked about while there is none.
 */
export async function confirmReadOnTab(tabId: number, now = Date.now(), choice?: ReadChoice): Promise<ChapterReadReply> {
  const page = await readTabPage(tabId);
  if (!page) return shown(tabId, null, { outcome: 'ignored', message: t('readNoChapterOnTab'), quiet: false });
  const settings = await readReadingSettings();
  const outcome = await recordChapter(page, { explicit: true, now, maxJump: settings.maxJump, choice });
  return reply(tabId, page, outcome, 0, now);
}

/** Undo: every service back to the values before the update (nothing is sent if the countdown was running). */
export async function undoReadOnTab(tabId: number, readId: string, now = Date.now()): Promise<{ message: string }> {
  const found = await readRecordFor(readId, tabId, now);
  if (!found) return { message: t('readUndoExpired') };
  // The series may have been joined with another since the read (ids found on a service proved them one).
  const record = { ...found, seriesId: await currentSeriesId(found.seriesId) };
  await forgetReadRecord(readId);
  await readUndone.emit({ tabId });
  const problems: string[] = [];
  if (record.previous === null) {
    // The read created the entry: it comes off the services that did not have it (a removal that waits and is
    // retried like any change, so a service that cannot take it now gets it later), and out of the library, in one
    // step (a service that never got it, or where the user removed it since, gets nothing). Every service, not only
    // those the read was sent to: one linked since (a sync learning its id) holds the entry because of the read
    // too, and its list would bring the series back. The retry alarm goes first: a worker stopped once the
    // removals are queued still sends them.
    await armRetry(now + RESUME_AFTER_MS, now);
    const created = SERVICE_IDS.filter((service) => !record.boundBefore.includes(service));
    await withFlushLocks(created, () => takeEntryOff(record.seriesId, created, now, { keepCopy: true }));
    await Promise.all(
      created.map(async (service) => {
        const context = await serviceContext(service);
        if (!context) return;
        const report = await flushService(context);
        if (report.failed > 0 || report.stoppedBy) problems.push(SERVICE_NAMES[service]);
      }),
    );
  } else {
    // What the read set and has changed since (an edit here, another device's value a sync brought in) is replaced
    // by the Undo all the same, the later act, and logged as lost.
    await applyLocalChange(record.seriesId, restoringChanges(record, EMPTY_ENTRY), now, { source: 'undo', opened: record.changes });
  }
  await scheduleAlarms(now);
  return { message: problems.length === 0 ? t('readUndone', record.title) : t('readUndoneLater', problems.join(', ')) };
}

/** "Don't track this series": never again on this site (until re-enabled in Sites), and undo this update. */
export async function ignoreSeriesOnTab(tabId: number, readId: string | null, now = Date.now()): Promise<{ message: string }> {
  const page = await readTabPage(tabId);
  if (!page) return { message: t('readNoSeriesOnTab') };
  await updateReadingSettings((settings) =>
    isIgnored(settings, page.site, page.seriesKey)
      ? settings
      : { ...settings, ignored: [...settings.ignored, { site: page.site, seriesKey: page.seriesKey, title: page.title }] },
  );
  if (readId) await undoReadOnTab(tabId, readId, now);
  return { message: t('readIgnoredSeries', page.title) };
}

/** How each service answered the update, for the notice. */
export async function readStatusOnTab(tabId: number, readId: string, now = Date.now()): Promise<{ services: ReadServiceState[] }> {
  const record = await readRecordFor(readId, tabId, now);
  if (!record) return { services: [] };
  const items = await listOutbox();
  return {
    services: record.services.map((service) => {
      const item = items.find((candidate) => candidate.id === outboxId(service, record.seriesId));
      const name = SERVICE_NAMES[service];
      if (!item) return { name, state: now >= record.holdUntil ? 'sent' : 'waiting', message: '' };
      if (item.state === 'failed') return { name, state: 'failed', message: item.lastError ?? '' };
      if (item.state === 'waitingAuth') return { name, state: 'reconnect', message: item.lastError ?? '' };
      return item.attempts > 0 ? { name, state: 'retrying', message: item.lastError ?? '' } : { name, state: 'waiting', message: '' };
    }),
  };
}
