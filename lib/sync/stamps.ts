/**
 * When a request that reads or writes a service entry was sent, on our clock, for telling which of two looks at an
 * entry is the fresher (reconcile.ts: a list read before a write landed says nothing new after it). Two requests sent
 * within the same millisecond — a sync's list and an edit's look at one entry, a read and the write after it — would
 * carry the same time, and the one sent first would be taken for as fresh as the other: a list read before the
 * user's change was sent then brought the old value back. So the stamps only move forward, one step per request, in
 * the order the requests are sent (they stay within a millisecond or so of the clock).
 *
 * Per worker: a stopped worker leaves no request of its own in flight, and the clock has moved on by the time a new
 * one starts.
 */
let last = Number.NEGATIVE_INFINITY;

/** The stamp of a request about to be sent at `now`: later than any stamp given before it. */
export function requestStamp(now: number): number {
  last = Math.max(now, last + 1);
  return last;
}

/**
 * Entries this worker took off a service's list (a removal answered), by `service:mediaId`, with the stamp of the
 * answer. A list asked for before that answer may still hold the entry; merged after it, the entry would look like
 * one added there and come back into the library — and onto the other lists, while the removals sent there take it
 * off. The snapshot lives only in this worker's memory, so the note does too.
 */
const takenOff = new Map<string, number>();

/** Notes that `mediaId` is off `service`'s list as of now (the removal's answer has arrived). */
export function noteTakenOff(service: string, mediaId: string, now: number): void {
  takenOff.set(`${service}:${mediaId}`, requestStamp(now));
}

/** Whether a look at `mediaId` sent at `readAt` may predate its removal from `service`'s list by this worker. */
export function takenOffSince(service: string, mediaId: string, readAt: number): boolean {
  const at = takenOff.get(`${service}:${mediaId}`);
  return at !== undefined && readAt < at;
}
