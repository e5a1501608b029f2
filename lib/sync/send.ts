/**
 * One flush of a service's due outbox items: each prepared, written (AniList in batches, a refused batch retried
 * entry by entry), and settled — completed, refused with the service's reason, or retried later.
 */
import { deleteBinding, getBinding, putBinding, updateBinding } from '../library/bindings';
import { getEntry, updateEntry } from '../library/entries';
import { completeItem, discardItem, dueItems, enqueueIntent, failItem, setMidway } from '../library/outbox';
import { ENTRY_FIELDS, type EntryField, type EntryFields } from '../model';
import type { CallFailure, EntryWrite, Refusal, RemoteEntry } from '../trackers/tracker';
import type { ServiceContext } from './context';
import { lackingOn } from './plan';
import { peekChanges } from './pull';
import { reconcile } from './reconcile';
import { noteTakenOff, requestStamp } from './stamps';
import { readCursor } from './state';
import type { OutboxItem } from '../library/db';
import { keptOnOtherLists, pick, prepare } from './prepare';

export interface FlushReport {
  sent: number;
  failed: number;
  /** Items the service refused (or would refuse): kept for the user, not re-sent. */
  refused: number;
  /** Items whose entry was removed on the service meanwhile: nothing sent, the user decides. */
  removed: number;
  /** The failure that stopped the flush (auth or rate limit), if any. */
  stoppedBy: string | null;
}

/** How a flush was asked for: `retryNow` sends what waits for a retry time not come yet (the user's "Sync now"). */
export interface FlushOptions {
  retryNow?: boolean;
}

/** AniList takes 12 aliased saves per request; others take one entry per request. */
const BATCH = 12;

async function settle(context: ServiceContext, seriesId: string, settled: Partial<EntryFields>): Promise<void> {
  if (Object.keys(settled).length === 0) return;
  await updateBinding(context.service, seriesId, (binding) => ({ ...binding, asked: { ...binding.asked, ...settled } }));
}

/**
 * A refused field is owed, not settled: what was remembered as asked there (a value the service once adjusted, such
 * as Kitsu's count on completion) no longer stands for it, so the refusal stays until the user's value changes.
 */
async function unsettle(context: ServiceContext, seriesId: string, refused: readonly Refusal[]): Promise<void> {
  await updateBinding(context.service, seriesId, (binding) => {
    if (!refused.some((r) => r.field in binding.asked)) return null;
    const asked: Partial<EntryFields> = Object.fromEntries(Object.entries(binding.asked).filter(([field]) => !refused.some((r) => r.field === field)));
    return { ...binding, asked };
  });
}

/** The refused fields' values as they would have been sent, and the reasons in one line. */
function refusalOf(refused: Refusal[], values: Partial<EntryFields>): { write: Partial<EntryFields>; failure: CallFailure } {
  const write = pick(values, refused.map((r) => r.field));
  return { write, failure: { kind: 'permanent', message: refused.map((r) => r.reason).join(' ') } };
}

/** The furthest counts a send carries, with those still in flight from before (`OutboxItem.midwayCounts`). */
function countsInFlight(sending: Sending): OutboxItem['midwayCounts'] {
  const counts: NonNullable<OutboxItem['midwayCounts']> = { ...sending.item.midwayCounts };
  for (const write of sending.writes) {
    for (const field of ['progress', 'progressVolumes'] as const) {
      const value = write[field];
      if (typeof value === 'number') counts[field] = Math.max(counts[field] ?? value, value);
    }
  }
  return counts;
}

interface Sending {
  item: OutboxItem;
  writes: Partial<EntryFields>[];
  refused: Refusal[];
  values: Partial<EntryFields>;
  /** Fields the service sets by itself on these writes (its storage model), with the library's values then. */
  fills: Partial<EntryFields>;
  /** Fields the service sets by itself on these writes where the library holds another value, still owed there. */
  owed: EntryField[];
}

export async function flushNow(context: ServiceContext, now: () => number, { retryNow = false }: FlushOptions): Promise<FlushReport> {
  const report: FlushReport = { sent: 0, failed: 0, refused: 0, removed: 0, stoppedBy: null };
  // "Sync now" means now: items waiting out a backoff go too (a service still rate-limiting us answers at
  // once from the limiter without a request, and the item keeps waiting).
  let items = await dueItems(context.service, retryNow ? Number.MAX_SAFE_INTEGER : now());

  const stop = (failure: CallFailure) => {
    if (failure.kind === 'auth' || failure.kind === 'rateLimited') report.stoppedBy = failure.message;
  };
  const fail = async (sending: OutboxItem, failure: CallFailure, write?: Partial<EntryFields>) => {
    await failItem(sending.id, sending.version, failure, now(), { write });
    if (failure.kind === 'permanent') report.refused += 1;
    else report.failed += 1;
    stop(failure);
  };

  /** Sends one write for each item; resolves to the entries as stored, or the failure. */
  const send = async (chunk: Sending[], step: number) => {
    const writes: EntryWrite[] = chunk.map(({ item, writes: all }) => ({ ...all[step], mediaId: item.mediaId }));
    return context.tracker.saveEntries(writes);
  };
  /** Series whose write created their entry again (removed there meanwhile): the rest of the entry follows. */
  const recreated = new Set<string>();
  /** `sentAt`: when the write that answered was sent (our clock). */
  const delivered = async (sending: Sending, saved: RemoteEntry | undefined, written: Partial<EntryFields>, sentAt: number) => {
    if (!saved) return;
    const linked = await getBinding(context.service, sending.item.seriesId);
    if (linked?.entryId && saved.entryId && linked.entryId !== saved.entryId) recreated.add(sending.item.seriesId);
    // What was asked is the library's value, also where the storage model wrote another (Kitsu's count for a
    // completed entry, a whole chapter): the library still holding it has not changed, whatever the service keeps.
    const sent = { ...written, ...pick(sending.values, Object.keys(written) as EntryField[]) };
    // The answer may also show what another device changed meanwhile: that comes into the library like a pull.
    await reconcile(context, sending.item.seriesId, saved, now(), sentAt, { sent, fills: sending.fills, owed: sending.owed, refused: sending.refused.map((r) => r.field) });
  };
  const finish = async (sending: Sending) => {
    if (sending.refused.length > 0) {
      // What went was answered (and taken); what was refused never went.
      await setMidway(sending.item.id, []);
      const { write, failure } = refusalOf(sending.refused, sending.values);
      await unsettle(context, sending.item.seriesId, sending.refused);
      await fail(sending.item, failure, write);
    } else {
      // A newer intent arrived meanwhile: it stays, but what this send had in flight was answered and is settled.
      await completeItem(sending.item.id, sending.item.version, sending.writes.flatMap((write) => Object.keys(write) as EntryField[]));
    }
    report.sent += 1;
  };
  /**
   * Recorded before any save goes: stopped before its answer is taken (the worker stopped, a timeout), what the
   * service holds in these fields may be that save's doing, not a change made there — the next attempt reads the
   * entry first, and a read meanwhile neither takes it nor trusts the old base (`OutboxItem.midway`). Only the
   * items of the request in flight are marked, so a stopped worker costs a read for those few, not for the queue.
   */
  const inFlight = (sending: Sending) =>
    setMidway(sending.item.id, [
      ...sending.item.midway,
      ...sending.writes.flatMap((write) => Object.keys(write) as EntryField[]),
      // What the service sets by itself on these saves is in flight with them.
      ...(Object.keys(sending.fills) as EntryField[]),
      ...sending.owed,
    ], countsInFlight(sending));
  /** A request the service never processed (refused, rate-limited, signed out) landed nothing: not in flight. */
  const unprocessed = (failure: CallFailure) => failure.kind === 'permanent' || failure.kind === 'rateLimited' || failure.kind === 'auth';
  const sendAlone = async (sending: Sending) => {
    let answer: RemoteEntry | undefined;
    let sentAt = now();
    await inFlight(sending);
    for (let step = 0; step < sending.writes.length; step++) {
      sentAt = requestStamp(now());
      const result = await send([sending], step);
      if (result.kind !== 'ok') {
        // A first save the service did not process (refused, rate-limited, signed out) landed nothing.
        if (unprocessed(result) && step === 0) await setMidway(sending.item.id, sending.item.midway, sending.item.midwayCounts);
        await fail(sending.item, result, result.kind === 'permanent' ? sending.writes[step] : undefined);
        return;
      }
      answer = result.value.find((entry) => entry.media.id === sending.item.mediaId);
    }
    // Only the last answer counts: one in between shows what the service did to a save the next one corrects
    // (Kitsu's status when progress moves), not a change to take. Stopped in between, the item is sent again.
    await delivered(sending, answer, Object.assign({}, ...sending.writes) as Partial<EntryFields>, sentAt);
    await finish(sending);
  };
  const sendBatch = async (chunk: Sending[]) => {
    for (const sending of chunk) await inFlight(sending);
    const sentAt = requestStamp(now());
    const result = await send(chunk, 0);
    if (result.kind === 'ok') {
      for (const sending of chunk) {
        await delivered(sending, result.value.find((entry) => entry.media.id === sending.item.mediaId), sending.writes[0] ?? {}, sentAt);
        await finish(sending);
      }
    } else if (result.kind === 'permanent' && chunk.length > 1) {
      // One refused entry rolls the whole request back (API-FACTS §A): each entry is tried alone, so the others
      // go through and each refusal is pinned on its own entry.
      for (const sending of chunk) if (!report.stoppedBy) await sendAlone(sending);
    } else {
      for (const sending of chunk) {
        // Refused, the batch was rolled back: nothing of it landed.
        if (unprocessed(result)) await setMidway(sending.item.id, sending.item.midway, sending.item.midwayCounts);
        await fail(sending.item, result, result.kind === 'permanent' ? sending.writes[0] : undefined);
      }
    }
  };

  // The user's edits queued since the list was last read: what changed there meanwhile is read first, for all of
  // them in one small page, so an edit made on the service meets the user's in a merge (and the loser is logged)
  // instead of being written over. (What a sync the browser stopped had planned is not sent by a flush at all: the
  // resumed sync reads the lists again first, scheduler.ts.)
  let unpeeked = false;
  const { pulledAt, peekedAt } = await readCursor(context.service);
  const looked = Math.max(pulledAt ?? 0, peekedAt ?? 0);
  const lookFirst = (item: OutboxItem) => item.peek === true && !item.remove && item.updatedAt >= looked;
  const looking = items.filter(lookFirst);
  if (looking.length > 0) {
    const peeked = await peekChanges(context, now);
    if (peeked.kind === 'failed') {
      for (const item of looking) if (!report.stoppedBy) await fail(item, peeked.failure);
      items = items.filter((item) => !looking.includes(item));
    }
    // Never pulled, there is nothing to read changes from: each entry is read instead.
    unpeeked = peeked.kind === 'unknown';
  }

  // Each item is prepared and sent in turn (a batch at a time where the service takes batches), so a worker
  // stopped part-way has delivered what it sent, and the next one starts from there.
  let batch: Sending[] = [];
  for (const item of items) {
    if (report.stoppedBy) break;
    const prepared = await prepare(context, item, now(), unpeeked && looking.includes(item));
    switch (prepared.kind) {
      case 'done':
        await settle(context, item.seriesId, prepared.settled);
        await completeItem(item.id, item.version);
        break;
      case 'removed':
        await discardItem(item.id);
        report.removed += 1;
        break;
      case 'remove': {
        const asked = await getBinding(context.service, item.seriesId);
        // Changed there since it was last seen (another device edited it while the removal waited): the user still
        // wants it, so it stays and comes back into the library like any change made there.
        const readAt = requestStamp(now());
        const there = await context.tracker.getEntry(item.mediaId);
        if (there.kind !== 'ok') {
          await fail(item, there);
          break;
        }
        const since = asked?.baseRemoteUpdatedAt ?? null;
        if (there.value && since !== null && there.value.updatedAt > since) {
          // The library's entry as the Undo found it comes back first, so what was changed here since the base
          // meets the service's copy in the merge instead of being replaced by it.
          const restore = item.restore;
          if (restore) await updateEntry(item.seriesId, (current) => current ?? restore);
          await discardItem(item.id);
          await keptOnOtherLists(context.service, item.seriesId, now());
          await reconcile(context, item.seriesId, there.value, now(), readAt);
          break;
        }
        // From the moment the delete is asked the entry may be gone (an answer can be lost after it landed): what
        // was agreed holds no more, so a later change creates it again instead of trusting it is there, and a list
        // without it is not a removal by the user.
        if (asked?.base) await putBinding({ ...asked, base: null, baseRemoteUpdatedAt: null, entryId: null, asked: {} });
        // In flight: cancelled by a new change after this, the removal leaves the service's entry in doubt.
        await setMidway(item.id, [...ENTRY_FIELDS]);
        const result = await context.tracker.deleteEntry(item.mediaId);
        if (result.kind !== 'ok') {
          if (unprocessed(result)) await setMidway(item.id, item.midway, item.midwayCounts);
          await fail(item, result);
          break;
        }
        noteTakenOff(context.service, item.mediaId, now());
        await deleteBinding(context.service, item.seriesId);
        await completeItem(item.id, item.version);
        report.sent += 1;
        break;
      }
      case 'failed':
        await fail(item, prepared.failure);
        break;
      case 'refused': {
        const { write, failure } = refusalOf(prepared.refused, prepared.values);
        await unsettle(context, item.seriesId, prepared.refused);
        await fail(item, failure, write);
        break;
      }
      case 'send': {
        const sending = { item, writes: prepared.writes, refused: prepared.refused, values: prepared.values, fills: prepared.fills, owed: prepared.owed };
        if (!context.tracker.capabilities.batchWrites || sending.writes.length > 1) {
          await sendAlone(sending);
          break;
        }
        batch.push(sending);
        if (batch.length === BATCH) {
          await sendBatch(batch);
          batch = [];
        }
        break;
      }
    }
  }
  if (batch.length > 0 && !report.stoppedBy) await sendBatch(batch);
  // An entry a write created again holds only what that write carried: everything else the library has goes now,
  // in this flush, rather than with the next sync.
  for (const seriesId of recreated) {
    if (report.stoppedBy) break;
    const local = await getEntry(seriesId);
    const binding = await getBinding(context.service, seriesId);
    if (!local || !binding) continue;
    const rest = Object.keys(lackingOn(context, local, binding)) as EntryField[];
    const item = rest.length > 0 ? await enqueueIntent(context.service, seriesId, binding.mediaId, rest, now()) : null;
    if (!item || item.state !== 'pending') continue;
    const prepared = await prepare(context, item, now(), false);
    if (prepared.kind === 'send') await sendAlone({ item, writes: prepared.writes, refused: prepared.refused, values: prepared.values, fills: prepared.fills, owed: prepared.owed });
    else if (prepared.kind === 'done') await completeItem(item.id, item.version);
  }
  return report;
}
