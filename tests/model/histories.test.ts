/**
 * Histories the random search (sync-model.test.ts) found breaking an invariant, kept after the fault was fixed at
 * its cause: each stays held whatever the sample's seed draws. Where the break needed the worker to die at one
 * instruction, the history is run with the death at every step of the act in question, since a change of the code
 * moves the steps.
 */
import { describe, it, vi } from 'vitest';
import { AdvanceClock, Connection, FailureBurst, Kill, LocalEdit, Read, Remote, Sync, Undo, type ModelCommand } from './commands';
import { runHistory } from './history';
import { enabledChecks } from './invariants';
import { HISTORY_START, type HistoryParams } from './world';

const CHECKS = enabledChecks(undefined);

const PLAIN: HistoryParams & { randomSeed: number } = {
  offsets: { anilist: 0, mal: 0, kitsu: 0 }, anilistFormat: 'POINT_100', kitsuSystem: 'simple', malCapsChapters: false, countdownSeconds: 0, randomSeed: 0,
};

/** Runs `history(k)` for every k from 1 to `steps`, each a fresh extension, and reports the first k that breaks. */
async function atEveryStep(steps: number, history: (k: number) => ModelCommand[]): Promise<void> {
  for (let k = 1; k <= steps; k++) await held(history(k));
}

/** Runs one history from a fresh extension; a break names the history. */
async function held(commands: ModelCommand[], params = PLAIN): Promise<void> {
  vi.useFakeTimers({ toFake: ['Date', 'setTimeout', 'clearTimeout', 'setInterval', 'clearInterval'], now: HISTORY_START });
  try {
    await runHistory(params, commands, CHECKS);
  } catch (error) {
    throw new Error(`${commands.map(String).join(', ')}: ${error instanceof Error ? error.message : String(error)}`);
  } finally {
    vi.useRealTimers();
  }
}

describe('histories the model found', () => {
  // MODEL_SEED=304201466: the Undo died once its removals were queued but before the library entry went; the
  // retry deleted the series on two lists while a sync beside an edit put it back on one, and the library kept it.
  it('Undo of a first read, the worker dying at any step, then a sync beside an edit: the series is on every list and the library, or on none', { timeout: 300_000 }, async () => {
    await atEveryStep(24, (k) => [
      new Read('C', { rel: 0 }, 'all', true),
      new Read('B', { abs: 1 }, 'all', true),
      new Kill(k, false),
      new Undo('C'),
      new LocalEdit('B', { notes: 'good so far' }, { full: false, afterSteps: 1 }),
    ]);
  });

  // MODEL_SEED=1621260769: a read reached AniList and Kitsu only (MyAnimeList's id came later, from a sync); its
  // Undo took it off those two, MyAnimeList's list brought the series back, and AniList's refused removal kept the
  // phone's change there out of the library.
  it('Undo of a first read takes the series off a list a sync linked after the read: no list brings it back', async () => {
    await held([
      new FailureBurst('anilist', 'transient', 1, 0),
      new Read('C', { rel: 0 }, 'anilist', false),
      new Sync(false),
      new FailureBurst('anilist', 'permanent', 1, 0),
      new Undo('C'),
      new Remote('anilist', 'C', 'edit', { private: true }),
      new Read('A', { rel: 0 }, 'all', false),
    ]);
  });

  // MODEL_SEED=248661959: Kitsu refused to take the series off; the phone added it on AniList again; the sync's
  // write to Kitsu brought the note the phone had left there into the library, and AniList got it only a sync later.
  it('a value a write brings into the library reaches the other lists in the same sync', async () => {
    await held([
      new Read('D', { rel: 0 }, 'all', false, { full: false, afterSteps: 13 }),
      new Remote('kitsu', 'D', 'add', { status: 'reading', notes: 'good so far' }),
      new FailureBurst('kitsu', 'permanent', 1, 0),
      new Undo('D'),
      new Remote('anilist', 'D', 'add', { status: 'reading', private: false }),
    ]);
  });

  // Kitsu's clock 8 s behind the others.
  const KITSU_BEHIND = { ...PLAIN, offsets: { anilist: 0, mal: 0, kitsu: -8001 } };

  // MODEL_SEED=57883807 and MODEL_SEED=1366436176: a manga added on Kitsu and on AniList with nothing linking the two
  // is two library series until a read joins them; the value Kitsu held first was changed there before the join, so
  // it never met AniList's — the join's conflict is with the value that did. (The model held the first against the
  // engine; the engine was right.)
  it('a manga two series until a read joins them: a value its list replaced before the join is not lost to the other list', async () => {
    await held([
      new Remote('kitsu', 'D', 'add', { status: 'reading', private: false }),
      new Remote('anilist', 'D', 'add', { status: 'rereading', private: false }),
      new Sync(false),
      new Remote('kitsu', 'D', 'add', { status: 'planning', notes: '' }),
      new Sync(false),
      new Read('D', { abs: 1 }, 'all', false, { full: false, afterSteps: 1 }),
    ], KITSU_BEHIND);
    await held([
      new Read('D', { rel: 0 }, 'all', false),
      new Remote('kitsu', 'A', 'add', { status: 'reading', private: false }),
      new Read('A', { abs: 1 }, 'kitsu', false, { full: false, afterSteps: 13 }),
      new Remote('anilist', 'A', 'add', { status: 'reading', private: true }),
      new LocalEdit('D', { notes: 'reread the arc' }),
      new Remote('kitsu', 'A', 'add', { status: 'reading', private: true }),
    ], KITSU_BEHIND);
  });

  // MODEL_SEED=480138755: Undo kept the series (Kitsu changed since the read) while AniList's removal waited (its
  // sign-in had run out); the phone then wrote a note on AniList, and the removal turned change went out without
  // reading the entry, writing Kitsu's older note over it.
  it('a removal turned into a change reads the entry before writing: a note the phone left there meanwhile wins', async () => {
    await held([
      new Read('A', { rel: 0 }, 'all', true),
      new Remote('kitsu', 'A', 'edit', { notes: 'x'.repeat(6000) }),
      new FailureBurst('anilist', 'auth', 1, 0),
      new Undo('A'),
      new Remote('anilist', 'A', 'add', { status: 'reading', notes: 'good so far' }),
      new LocalEdit('A', { private: false }),
    ]);
  });

  // MODEL_SEED=1458845385: chapter 5.5 set here (AniList down), then the phone set 5.5 on AniList, which keeps whole
  // chapters (5). The library keeps 5.5, which AniList shows as the 5 it holds: nothing to take, nothing lost.
  it('a finer chapter count another device set on a list that keeps whole chapters leaves the library’s finer count', async () => {
    await held([
      new Read('B', { rel: 6 }, 'all', false),
      new FailureBurst('anilist', 'transient', 4, 0),
      new LocalEdit('B', { progress: 5.5 }, { full: false, afterSteps: 1 }),
      new Remote('anilist', 'B', 'add', { status: 'reading', progress: 5.5 }),
    ]);
  });

  // MODEL_SEED=1080254554 (soak): the phone set a finish date on AniList; a sync read that list while a Library edit
  // set the same date here, and the worker was stopped before the list was merged; the phone then cleared the date.
  // The engine never saw AniList's date (set and cleared between two merged reads): the clear shows no change, the
  // edit here wins — the limit the README states. The model now counts a look the worker died before merging as
  // nothing seen.
  it('a date set and cleared on a list between two merged reads (the worker stopped between a read and its merge) shows no change there', { timeout: 300_000 }, async () => {
    await atEveryStep(40, (k) => [
      new Remote('anilist', 'A', 'add', { status: 'reading', private: false }),
      new Sync(true),
      new Remote('anilist', 'A', 'add', { status: 'reading', completedAt: { year: 2019, month: null, day: null } }),
      new Kill(k, false),
      new LocalEdit('A', { completedAt: { year: 2019, month: null, day: null } }, { full: false, afterSteps: 2 }),
      new Remote('anilist', 'A', 'edit', { completedAt: null }),
    ]);
  });

  // MODEL_SEED=289439006 (soak): MyAnimeList signed in with another account; the phone added and deleted the series
  // on that account's list before the extension looked at it. The new account starts clean, so a Library edit puts
  // the series on its list as on any list that lacks it. (The model's sign-in skipped the handler's claim of the
  // sync state, keeping the old account's link, and took the deletion for one the extension should notice.)
  it('a series added and deleted on a newly signed-in account before the extension looked is no deletion it knows of', async () => {
    await held([
      new Read('A', { rel: 0 }, 'all', false, { full: false, afterSteps: 1 }),
      new Connection('mal', 'otherAccount'),
      new Remote('mal', 'A', 'add', { status: 'reading', private: false }),
      new Remote('mal', 'A', 'delete', {}),
      new LocalEdit('A', { private: true }),
    ]);
  });

  // MODEL_SEED=1424099159 (soak): the phone set AniList to 299 and back to 2 before the extension looked, then
  // MyAnimeList to 3. To the engine AniList moved on from 1 to 2 and MyAnimeList to 3: the further count holds the
  // other's chapters, so nothing is lost and nothing is logged. (The model measured AniList's move from the 299 the
  // engine never saw, as a lowering.)
  it('a count moved on and partly back on a list before the extension looked is a move on, passed by a further one', async () => {
    await held([
      new Read('C', { rel: 1 }, 'all', false),
      new Remote('anilist', 'C', 'edit', { progress: 299 }),
      new Remote('anilist', 'C', 'edit', { progress: 2 }),
      new Remote('mal', 'C', 'edit', { progress: 3 }),
      new AdvanceClock(10 * 60_000),
    ]);
  });

  // MODEL_SEED=1728048507 (soak): the phone read on to chapter 2 on Kitsu; chapter 2 was read here while Kitsu failed
  // (the read could not look there); then the phone set Kitsu back to 1. The engine never saw Kitsu at 2: to it Kitsu
  // moved on from 0 to 1, which the library's further 2 passes — the limit the README states. (The model held the
  // read as no edit, deferring to the Kitsu count the engine never saw.)
  it('a count set back on a list from a value the extension never saw there is a move on, passed by a further read', async () => {
    await held([
      new Read('D', { rel: 0 }, 'all', false),
      new Remote('kitsu', 'D', 'edit', { progress: 2 }),
      new FailureBurst('kitsu', 'transient', 2, 0),
      new Read('D', { rel: 2 }, 'all', false),
      new Remote('kitsu', 'D', 'add', { status: 'reading', progress: 1 }),
    ]);
  });
});
