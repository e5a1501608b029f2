/**
 * What needs the user's hand: an update a service refused for good (a failed outbox item, kept in Activity to be
 * retried or discarded) and a service that needs reconnecting (its sign-in was refused or has ended; its changes
 * wait in the outbox). While there is any, the toolbar badge shows "!" on every tab; each one is announced by a
 * notification (when the user opted in) once, when it first appears: a retry that fails again is not news.
 */
import { z } from 'zod/mini';
import { showProblems } from './badge';
import { readConnectionStatuses } from '../../library/connections';
import { withDb } from '../../library/db';
import { listOutbox } from '../../library/outbox';
import { getSeries } from '../../library/series';
import { SERVICE_IDS } from '../../model';
import { notifyProblem } from './notifications';
import type { Problem } from './problem';

export type { Problem } from './problem';

/** The problems as the outbox and the connection records tell them now. */
export async function readProblems(now = Date.now()): Promise<Problem[]> {
  const [items, statuses] = await Promise.all([listOutbox(), readConnectionStatuses(now)]);
  const failed = await Promise.all(
    items
      .filter((item) => item.state === 'failed')
      .map(async (item): Promise<Problem> => ({
        key: `failed:${item.id}`,
        kind: 'failed',
        service: item.service,
        title: (await getSeries(item.seriesId))?.title ?? null,
      })),
  );
  const reconnect = SERVICE_IDS.filter(
    (service) =>
      statuses.some((status) => status.id === service && status.state === 'expired') ||
      items.some((item) => item.service === service && item.state === 'waitingAuth'),
  ).map((service): Problem => ({ key: `reconnect:${service}`, kind: 'reconnect', service, title: null }));
  return [...reconnect, ...failed];
}

/** The problems in `current` not announced yet. One that went away and came back (a retry that failed) is new again. */
export function unannounced(current: readonly Problem[], announced: readonly string[]): Problem[] {
  const known = new Set(announced);
  return current.filter((problem) => !known.has(problem.key));
}

const ANNOUNCED_KEY = 'problems:announced';
const announcedSchema = z.array(z.string());

/** Records `current` as what has been announced, and resolves to the problems that were not before (one transaction). */
async function announce(current: readonly Problem[]): Promise<Problem[]> {
  return withDb(async (db) => {
    const tx = db.transaction('settings', 'readwrite');
    const parsed = announcedSchema.safeParse((await tx.store.get(ANNOUNCED_KEY))?.value);
    const fresh = unannounced(current, parsed.success ? parsed.data : []);
    await Promise.all([tx.store.put({ key: ANNOUNCED_KEY, value: current.map((problem) => problem.key) }), tx.done]);
    return fresh;
  });
}

/** Runs `task` alone: two refreshes at once could each take the same new problem for news. */
function exclusively<T>(task: () => Promise<T>): Promise<T> {
  const locks = (globalThis.navigator as Navigator | undefined)?.locks;
  // lib.dom types request()'s result as the callback's return type (a promise of a promise); it resolves to T.
  return locks ? (locks.request('kuroibara-problems', task) as unknown as Promise<T>) : task();
}

/**
 * Looks at the problems again (after a send failed or succeeded, a sign-in was refused, a service was connected or
 * disconnected, and at start-up): the badge follows them, and each new one is announced. Never rejects: the badge
 * must not fail the work that changed the facts, and the next refresh catches up.
 */
export async function refreshProblems(now = Date.now()): Promise<void> {
  try {
    await exclusively(async () => {
      const current = await readProblems(now);
      const fresh = await announce(current);
      await showProblems(current);
      for (const problem of fresh) await notifyProblem(problem);
    });
  } catch {
    // Storage unavailable for a moment (the worker stopping); the facts are still in the outbox.
  }
}
