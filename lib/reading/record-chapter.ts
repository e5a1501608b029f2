/**
 * A chapter read on a reader page, turned into a library change: match the page's series by the ids it
 * offers (MangaDex links AniList/MAL/Kitsu ids; never a title guess), decide with the reading policy, then
 * save and send it to every connected service through the outbox.
 */
import { getBinding } from '../library/bindings';
import { getEntry } from '../library/entries';
import type { TabPage } from './page';
import { READ_CHOICES, SERVICE_IDS, type CalendarDate, type EntryFields, type ReadChoice, type ServiceId } from '../model';
import { decideRead } from './policy';
import { readServiceSettings } from '../settings/services';
import { serviceContexts, type ServiceContexts } from '../sync/context';
import { applyLocalChange } from '../sync/edit';
import { matchPage } from './match-series';
import { t } from '../i18n/t';

/** Chapters ahead of progress beyond which an automatic update asks first (the Sites tab can change it). */
const MAX_JUMP = 10;

export interface RecordOptions {
  /**
   * The user asked for it ("Mark chapter N as read", or Update in the notice): no questions about jumps or
   * completing. An older chapter of a series on hold, dropped or planned still asks Resume or Reread (`choice`).
   */
  explicit: boolean;
  now?: number;
  maxJump?: number;
  askBeforeCompleting?: boolean;
  /** Queue the writes but hold them until then (the notice's countdown). */
  holdUntil?: number;
  /** Ask mode: decide, change nothing, and put the update as a question. */
  askFirst?: boolean;
  /** The user's answer to a choice asked before (an older chapter of a series on hold, dropped or planned). */
  choice?: ReadChoice;
}

export type RecordOutcome =
  | {
    kind: 'updated';
    seriesId: string;
    summary: string;
    message: string;
    /** The entry's values before, for the fields changed (null: the series had no entry). */
    previous: Partial<EntryFields> | null;
    changes: Partial<EntryFields>;
    services: ServiceId[];
    /** Services that had the series on their list before (Undo must not take it off them). */
    boundBefore: ServiceId[];
  }
  | {
    kind: 'ask';
    seriesId: string;
    message: string;
    services: ServiceId[];
    /** The answers to offer instead of a yes (record again with one as `choice`); absent for a yes-or-no question. */
    choices?: ReadChoice[];
    /** The progress each answer leaves the entry at, for its button. */
    choiceChapters?: Record<ReadChoice, number>;
  }
  | { kind: 'ignored'; seriesId: string | null; message: string };

/**
 * Services an update goes to now: connected, enabled, taking pushes and, for an automatic read, set to update on
 * read (the others take the change with their next sync).
 */
async function pushTargets(explicit: boolean, contexts: ServiceContexts): Promise<ServiceId[]> {
  const targets = await Promise.all(
    SERVICE_IDS.map(async (service) => {
      const context = contexts[service];
      const settings = await readServiceSettings(service);
      if (!context || context.direction === 'pull' || (!explicit && !settings.autoSyncOnRead)) return null;
      return service;
    }),
  );
  return targets.filter((service): service is ServiceId => service !== null);
}

function todayOf(now: number): CalendarDate {
  const d = new Date(now);
  return { year: d.getFullYear(), month: d.getMonth() + 1, day: d.getDate() };
}

/** Times a read is decided again when the library moved between its decision and its save. */
const DECIDE_ATTEMPTS = 3;

export async function recordChapter(page: TabPage, options: RecordOptions, attempt = 1): Promise<RecordOutcome> {
  const now = options.now ?? Date.now();
  if (page.chapter === null) return { kind: 'ignored', seriesId: null, message: t('readNoChapterNumber') };
  const match = await matchPage(page, { search: false, now });
  if (match.kind !== 'matched') {
    const message = match.kind === 'choose' ? t('readWhichSeries', page.title) : match.message;
    return { kind: 'ignored', seriesId: null, message };
  }
  const { series } = match;
  const entry = await getEntry(series.id);
  const read = {
    chapter: page.chapter,
    volume: page.volume,
    totalChapters: series.totalChapters,
    today: todayOf(now),
    explicit: options.explicit,
    maxJump: options.maxJump ?? MAX_JUMP,
    askBeforeCompleting: options.askBeforeCompleting,
  };
  const decision = decideRead(entry, read, options.choice);
  // Each service's context (settings, connection, its client) is built once for the read and passed down.
  let built: ServiceContexts | undefined;
  const contexts = async () => (built ??= await serviceContexts());
  if (decision.kind === 'ignore') return { kind: 'ignored', seriesId: series.id, message: decision.reason };
  if (decision.kind === 'choose') {
    const { resume, reread } = decision.choices;
    return {
      kind: 'ask',
      seriesId: series.id,
      message: decision.question,
      services: await pushTargets(true, await contexts()),
      choices: [...READ_CHOICES],
      choiceChapters: { resume: resume.progress, reread: reread.progress },
    };
  }
  if (decision.kind === 'ask') return { kind: 'ask', seriesId: series.id, message: decision.question, services: await pushTargets(true, await contexts()) };
  if (options.askFirst) {
    const services = await pushTargets(true, await contexts());
    return { kind: 'ask', seriesId: series.id, message: t('readAskUpdate', decision.summary), services };
  }
  const bound = await Promise.all(SERVICE_IDS.map(async (service) => ((await getBinding(service, series.id))?.base ? service : null)));
  // Starting a reread goes back on purpose (the user's choice, or a completed series opened at its start): an edit.
  // Anything else a read does only ever means "at least this far".
  const rereadStart = (changes: Partial<EntryFields>) => changes.status === 'rereading';
  // The library may have moved since the decision (a sync merged a list of this series meanwhile, the phone further
  // along): the save decides again on what it holds then, in the same transaction, so the read never writes over a
  // count it did not see. One that no longer updates alike (now already read, now a question) is recorded afresh.
  const saved: { over: EntryFields | null; decision: typeof decision; moved: boolean } = { over: entry, decision, moved: false };
  const services = await applyLocalChange(
    series.id,
    (current) => {
      const again = JSON.stringify(current) === JSON.stringify(entry) ? decision : decideRead(current, read, options.choice);
      if (again.kind !== 'update' || rereadStart(again.changes) !== rereadStart(decision.changes)) {
        saved.moved = true;
        return null;
      }
      saved.over = current;
      saved.decision = again;
      return again.changes;
    },
    now,
    { holdUntil: options.holdUntil, services: await pushTargets(options.explicit, await contexts()), contexts: await contexts(), source: rereadStart(decision.changes) ? 'edit' : 'read' },
  );
  if (saved.moved) {
    if (attempt < DECIDE_ATTEMPTS) return recordChapter(page, options, attempt + 1);
    return { kind: 'ignored', seriesId: series.id, message: t('readLibraryKeptMoving') };
  }
  const { over, decision: applied } = saved;
  const previous = over ? (Object.fromEntries(Object.keys(applied.changes).map((field) => [field, over[field as keyof EntryFields]])) as Partial<EntryFields>) : null;
  return {
    kind: 'updated',
    seriesId: series.id,
    summary: applied.summary,
    message: t('readSavedSending', applied.summary),
    previous,
    changes: applied.changes,
    services,
    boundBefore: bound.filter((service): service is ServiceId => service !== null),
  };
}
