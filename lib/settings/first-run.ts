/**
 * The first-run guide (options.html#welcome): the background opens it once, when the extension is installed;
 * after the user finished or skipped it, the page never shows it again. Both facts are kept in IndexedDB, so
 * neither a worker restart nor a browser restart brings the guide back.
 */
import { z } from 'zod/mini';
import { settingsRecord } from '../library/settings-record';

/** How the guide ended: "Done" on its last step, or "Skip setup" on any step. */
export const SETUP_ENDINGS = ['done', 'skipped'] as const;
export type SetupEnding = (typeof SETUP_ENDINGS)[number];

const setupStateSchema = z.strictObject({
  /** The guide was finished or skipped: it is not shown again. */
  done: z.boolean(),
  /** How it ended; null while it has not. */
  ending: z.nullable(z.enum(SETUP_ENDINGS)),
  /** When it ended (ms); null while it has not. */
  finishedAt: z.nullable(z.number()),
  /** When the background opened it (ms): it opens a tab at most once, even if that tab was closed unfinished. */
  openedAt: z.nullable(z.number()),
});
export type SetupState = z.infer<typeof setupStateSchema>;

const NOT_DONE: SetupState = { done: false, ending: null, finishedAt: null, openedAt: null };
const KEY = 'setup';

// (Changed in one transaction, so two tabs — or a tab and the background — cannot undo each other.)
const record = settingsRecord(KEY, setupStateSchema, NOT_DONE);

export function readSetup(): Promise<SetupState> {
  return record.read();
}

const updateSetup = (change: (current: SetupState) => SetupState) => record.update(change);

/** Records that the guide ended; the first ending stays (a second tab's Skip does not rewrite an earlier Done). */
export async function finishSetup(ending: SetupEnding, now = Date.now()): Promise<SetupState> {
  const { after } = await updateSetup((current) => (current.done ? current : { ...current, done: true, ending, finishedAt: now }));
  return after;
}

/**
 * Records that the guide is being opened, the first time only: true when it should open now (never opened, not
 * done). The background opens the tab (lib/background/first-run.ts).
 */
export async function claimGuideOpening(now = Date.now()): Promise<boolean> {
  const { before } = await updateSetup((current) => (current.done || current.openedAt !== null ? current : { ...current, openedAt: now }));
  return !before.done && before.openedAt === null;
}
