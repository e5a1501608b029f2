/**
 * Named locks: Web Locks where the platform has them (every extension context: they are released when the worker
 * stops), otherwise a queue in this process, so work that must not overlap never does, wherever it runs.
 */
const queues = new Map<string, Promise<unknown>>();

function inProcess<T>(name: string, work: () => Promise<T>): Promise<T> {
  const before = queues.get(name) ?? Promise.resolve();
  const run = before.then(work, work);
  const settled = run.then(
    () => undefined,
    () => undefined,
  );
  queues.set(name, settled);
  void settled.then(() => {
    if (queues.get(name) === settled) queues.delete(name);
  });
  return run;
}

/** Runs `work` when no other holder of `name` is running. */
export function withLock<T>(name: string, work: () => Promise<T>): Promise<T> {
  const locks = (globalThis.navigator as Navigator | undefined)?.locks;
  // lib.dom types request()'s result as the callback's return type (a promise of a promise); it resolves to T.
  return locks ? (locks.request(name, work) as unknown as Promise<T>) : inProcess(name, work);
}
