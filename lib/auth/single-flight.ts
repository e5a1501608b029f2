/**
 * Runs at most one instance of an async task per key at a time: concurrent callers share the running promise.
 * Used for token refresh, so five requests that all see a 401 cause one refresh, not five (and do not burn a
 * rotating refresh token four times).
 */
const inFlight = new Map<string, Promise<unknown>>();

export function singleFlight<T>(key: string, task: () => Promise<T>): Promise<T> {
  const running = inFlight.get(key) as Promise<T> | undefined;
  if (running) return running;
  const started = task().finally(() => inFlight.delete(key));
  inFlight.set(key, started);
  return started;
}
