/**
 * Sends one service's due outbox items (DESIGN.md rules 2, 4, 6, 7). Each item names fields; their values are
 * worked out now, from the library and the service's state, so a change overtaken meanwhile is never sent and a
 * resend after a crash is harmless:
 * 1. what the service lacks, against the base and what was already sent (nothing → done, no request);
 * 2. before writing for a chapter read, or when the base is older than a few minutes, the service's entry is
 *    read first (that one entry) and merged — a service further along wins, a deletion there is noticed;
 * 3. the service's storage rules shape the write and refuse, with a reason, what it would refuse;
 * 4. the write; its answer becomes the base, and what the service made of the write is remembered as asked.
 * A rejected batch is retried entry by entry, so each entry keeps its own error. Failures stay queued:
 * transient ones retry within seconds at first, auth waits for a reconnect, refusals wait for the user.
 */
import { deleteBinding, getBinding, putBinding, updateBinding } from '../library/bindings';
import type { SyncLogRecord } from '../library/db';
import { readConnection } from '../library/connections';
import { getEntry, updateEntry } from '../library/entries';
import { completeItem, discardItem, dueItems, enqueueIntent, failItem, getItem, nextWakeAt, outboxId, releaseAuthWaits, setMidway } from '../library/outbox';
import { appendLog } from '../library/sync-log';
import { getSeries } from '../library/series';
import { ENTRY_FIELDS, SERVICE_IDS, SERVICE_NAMES, type Binding, type EntryField, type EntryFields, type LibraryEntry, type ServiceId } from '../model';
import { refreshProblems } from '../problems';
import { readServiceSettings } from '../settings';
import type { CallFailure, EntryWrite, Refusal, RemoteEntry } from '../trackers/tracker';
import { ALARM_FLOOR_MS, armRetry, clearRetry, RESUME_AFTER_MS, runSoon } from './alarms';
import { serviceContext, type ServiceContext } from './context';
import { sameOnService } from './fields';
import { clearedFields, lackingOn } from './plan';
import { withLock } from './locks';
import { peekChanges } from './pull';
import { reconcile } from './reconcile';
import { noteTakenOff, requestStamp } from './stamps';
import { readCursor } from './state';
import { t } from '../i18n';
import type { OutboxItem } from '../library/db';

/** AniList takes 12 aliased saves per request; others take one entry per request. */
const BATCH = 12;

/**
 * A base older than this is read again before it is written over (rule 2: "when the cached copy is stale"). A
 * change made on the service since shows in the pull that precedes a sync's writes; a removal does not (a list of
 * what changed cannot list what is gone), so one within this window of the last pull can be re-created by a write
 * that follows at once — the limit the README states. Reading every entry before every write would cost a request
 * per write (minutes, at AniList's pace, for a large push).
 */
export const FRESH_MS = 5 * 60_000;

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

/**
 * One flush per service at a time (a sync run, an edit and the retry alarm may all ask at once): two flushers
 * sending the same item could otherwise complete each other's newer intents.
 */
export interface FlushOptions {
  retryNow?: boolean;
}

export async function flushService(context: ServiceContext, now: () => number = Date.now, options: FlushOptions = {}): Promise<FlushReport> {
  // Set before the work starts: if the browser stops the worker mid-flush, the alarm resumes it.
  await armRetry(now() + RESUME_AFTER_MS, now());
  // Changes refused for want of a sign-in made before the one now on record go (the sign-in's own release may have
  // been cut short by a stopped worker).
  const signedInAt = (await readConnection(context.service))?.connectedAt;
  if (signedInAt != null) await releaseAuthWaits(context.service, now(), signedInAt);
  const report = await withFlushLock(context.service, async () => {
    flushing.add(context.service);
    try {
      return await flushNow(context, now, options);
    } finally {
      flushing.delete(context.service);
    }
  });
  await scheduleRetry(now());
  // A refused update is a problem for the badge (and a notification); one delivered may have ended one.
  if (report.sent > 0 || report.failed > 0 || report.refused > 0) await refreshProblems(now());
  return report;
}

/** Runs `work` while no flush of `service` is sending (Undo rewrites queued items and must not race a send). */
export function withFlushLock<T>(service: ServiceId, work: () => Promise<T>): Promise<T> {
  return withLock(`kuroibara-flush:${service}`, work);
}

/** Several services' flush locks at once, taken in one fixed order so that two holders never wait on each other. */
export function withFlushLocks<T>(services: readonly ServiceId[], work: () => Promise<T>): Promise<T> {
  return SERVICE_IDS.filter((service) => services.includes(service))
    .reduceRight<() => Promise<T>>((inner, service) => () => withFlushLock(service, inner), work)();
}

/** Services that send now: connected, switched on, and not receive-only. */
async function sendingServices(): Promise<ServiceId[]> {
  const sending = await Promise.all(
    SERVICE_IDS.map(async (service) => {
      const [settings, connection] = await Promise.all([readServiceSettings(service), readConnection(service)]);
      return settings.enabled && settings.direction !== 'pull' && connection?.userId ? service : null;
    }),
  );
  return sending.filter((service): service is ServiceId => service !== null);
}

/** Services whose flush is running in this worker (a stopped worker's flush is over, whatever it was doing). */
const flushing = new Set<ServiceId>();

/**
 * Sends whatever is due in every service's outbox. A service already flushing in this worker is left to it: it
 * schedules what is still due when it ends, so the retry alarm firing during a long flush queues nothing.
 */
export async function flushAll(): Promise<void> {
  await Promise.all(
    SERVICE_IDS.map(async (service) => {
      if (flushing.has(service)) return;
      const context = await serviceContext(service);
      if (context && context.direction !== 'pull') await flushService(context);
    }),
  );
}

/**
 * Makes sure the earliest queued change goes out when due: an alarm (which wakes a stopped worker), and for a
 * retry due within Chrome's 30-second alarm floor, a timer in this worker too.
 */
export async function scheduleRetry(now = Date.now()): Promise<void> {
  const wake = await nextWakeAt(await sendingServices());
  if (wake === null) {
    await clearRetry();
    return;
  }
  await armRetry(wake, now);
  if (wake - now < ALARM_FLOOR_MS) runSoon(wake, flushAll, now);
}

type Prepared =
  /** Nothing left to send; `settled`: fields the service already holds as it would store the library's value. */
  | { kind: 'done'; settled: Partial<EntryFields> }
  | { kind: 'failed'; failure: CallFailure }
  | { kind: 'removed' }
  /** The entry is to be deleted from the service's list. */
  | { kind: 'remove' }
  | { kind: 'refused'; refused: Refusal[]; values: Partial<EntryFields> }
  | { kind: 'send'; writes: Partial<EntryFields>[]; refused: Refusal[]; values: Partial<EntryFields>; fills: Partial<EntryFields>; owed: EntryField[] };

const pick = (from: Partial<EntryFields>, fields: readonly EntryField[]): Partial<EntryFields> =>
  Object.fromEntries(fields.filter((f) => f in from).map((f) => [f, from[f]]));

/** What the service lacks of `fields`, comparing the library with the binding's base and what was sent. */
function lacking(context: ServiceContext, local: LibraryEntry, binding: Binding | null, fields: readonly EntryField[], since: number): Partial<EntryFields> {
  const push = lackingOn(context, local, binding);
  // Not on the service's list yet: it is created with everything it syncs, whatever the intent named.
  if (!binding?.base) return push;
  // Besides what the intent named, what the library took from another list since this one was last agreed (`since`,
  // before this flush read it; a read before this write met it there): owed here too, and sent with it rather than
  // at the next sync — a service that fills a field by itself on this write (Kitsu dates a completion) would
  // otherwise hold its own value over it.
  const moved = (Object.keys(push) as EntryField[]).filter((field) => (local.movedAt?.[field] ?? 0) > since);
  return pick(push, [...fields, ...moved]);
}

/**
 * Whether the service's entry must be read before writing: neither it nor its whole list was seen lately. A pull of
 * what changed does not count: it cannot show that the entry is gone.
 */
function isStale(binding: Binding | null, fullAt: number | null, now: number): boolean {
  if (!binding?.base) return true;
  return Math.max(binding.syncedAt ?? 0, fullAt ?? 0) < now - FRESH_MS;
}

/** An item that reads its own entry before writing, whatever else was seen: a chapter read, a write in doubt. */
const readsItsEntry = (item: OutboxItem): boolean => item.fresh || item.midway.length > 0;

/**
 * How many of the service's due writes would each read their entry first only because neither it nor the whole
 * list was seen lately (a chapter read, a write in doubt and a user's edit read theirs anyway).
 */
export async function staleWrites(service: ServiceId, now: number, retryNow = false): Promise<number> {
  const { fullAt } = await readCursor(service);
  let stale = 0;
  for (const item of await dueItems(service, retryNow ? Number.MAX_SAFE_INTEGER : now)) {
    if (item.remove || readsItsEntry(item)) continue;
    const binding = await getBinding(service, item.seriesId);
    if (binding?.base && binding.removedAt === null && isStale(binding, fullAt, now)) stale += 1;
  }
  return stale;
}

async function markRemoved(context: ServiceContext, binding: Binding, now: number): Promise<void> {
  await updateBinding(context.service, binding.seriesId, (stored) => ({ ...stored, removedAt: now }));
  const title = (await getSeries(binding.seriesId))?.title ?? binding.seriesId;
  await appendLog([removedRecord(context.service, binding.seriesId, title, now)]);
}

export function removedRecord(service: ServiceId, seriesId: string, title: string, now: number): SyncLogRecord {
  return {
    at: now, kind: 'removed', service, direction: 'pull',
    message: t('syncRemovedOnService', title, SERVICE_NAMES[service]),
    details: { seriesId },
  };
}

/**
 * The series stays after all (changed on one list since its removal was asked): a removal still waiting on another
 * list becomes a change, so that list keeps its entry (and what only it holds) instead of losing it to a removal
 * and getting it back re-created. One already sent there is followed by a create, as for any series not there.
 */
async function keptOnOtherLists(service: ServiceId, seriesId: string, now: number): Promise<void> {
  for (const other of SERVICE_IDS) {
    if (other === service) continue;
    const queued = await getItem(outboxId(other, seriesId));
    if (queued?.remove) await enqueueIntent(other, seriesId, queued.mediaId, ENTRY_FIELDS, now);
  }
}

async function prepare(context: ServiceContext, item: OutboxItem, now: number, unpeeked: boolean): Promise<Prepared> {
  if (item.remove) return { kind: 'remove' };
  let binding = await getBinding(context.service, item.seriesId);
  if (binding?.removedAt != null) return { kind: 'removed' };
  let local = await getEntry(item.seriesId);
  if (!local) return { kind: 'done', settled: {} };
  const fields = item.fields.filter((field) => context.fields.includes(field));
  // (When this list was agreed with before this flush: its read moves the binding's time on.)
  const agreedAt = binding?.syncedAt ?? 0;
  let push = lacking(context, local, binding, fields, agreedAt);
  // With a write in flight the base is in doubt: only a read of the entry says what is left to send.
  const inDoubt = item.midway.length > 0;
  if (Object.keys(push).length === 0 && !inDoubt) return { kind: 'done', settled: {} };

  let current: EntryFields | null = binding?.base ?? null;
  const read = item.fresh || inDoubt || unpeeked || isStale(binding, (await readCursor(context.service)).fullAt, now);
  if (read) {
    const readAt = requestStamp(now);
    const there = await context.tracker.getEntry(item.mediaId);
    if (there.kind !== 'ok') return { kind: 'failed', failure: there };
    if (there.value === null) {
      if (binding?.base) {
        await markRemoved(context, binding, now);
        return { kind: 'removed' };
      }
      current = null;
      push = lacking(context, local, null, fields, agreedAt);
    } else {
      const seen = await reconcile(context, item.seriesId, there.value, now, readAt);
      // Read and merged: whatever was in flight is settled now (the base is what the service holds).
      if (inDoubt) {
        await setMidway(item.id, []);
        item.midway = [];
      }
      binding = seen.binding;
      local = seen.local ?? local;
      current = binding.base;
      push = lacking(context, local, binding, fields, agreedAt);
      if (Object.keys(push).length === 0) return { kind: 'done', settled: {} };
    }
  }

  // Not read first, the entry may have been removed there since it was last seen; where a write's answer cannot show
  // that it created the entry again, the write carries the whole entry, so one created again is whole (the fields
  // the library already agreed with go unchanged; a change made there in the minutes since the last look to one of
  // them is written over, the stated limit).
  const whole = !read && binding?.base != null && context.tracker.capabilities.sameIdWhenAddedAgain;
  if (whole) push = { ...lacking(context, local, null, fields, agreedAt), ...push };

  // A new entry on a service that refuses a whole entry with progress beyond its chapter count (Kitsu): the count is
  // read first, so the storage rules send what it keeps and refuse only what it cannot hold, not the entry.
  let totals = binding?.totals ?? null;
  if (current === null && totals === null && !item.userRetry && context.tracker.media) {
    const media = await context.tracker.media(item.mediaId);
    if (media.kind !== 'ok' && media.kind !== 'permanent') return { kind: 'failed', failure: media };
    if (media.kind === 'ok' && media.value) totals = { chapters: media.value.chapters, volumes: media.value.volumes };
  }
  const plan = item.userRetry
    ? { writes: [push], refused: [] }
    : context.storage({ target: local, write: push, current, totals, cleared: clearedFields(local) });
  const settled: Partial<EntryFields> = {};
  let writes = plan.writes;
  // A single write loses the fields the service already holds as it would store them; a sequence is kept as it
  // is (its later saves put back what the earlier ones disturb).
  if (writes.length === 1 && current !== null && !whole) {
    const only: Record<string, unknown> = {};
    for (const [field, value] of Object.entries(writes[0] ?? {}) as [EntryField, unknown][]) {
      if (sameOnService(field, value as never, current[field], context.scale)) Object.assign(settled, { [field]: local[field] });
      else only[field] = value;
    }
    writes = Object.keys(only).length > 0 ? [only] : [];
  }
  // What is refused or written is the library's value, also where the storage model added the field itself (leaving
  // completed, Kitsu's count goes back to the library's progress; completing, Kitsu's count stands for it) — but
  // not where it wrote what the service already holds to keep it (Kitsu's status through a change of progress):
  // that value is the service's own, not the library's.
  const keeps = (field: EntryField, value: unknown) => current !== null && !(field in push) && sameOnService(field, value as never, current[field] as never, context.scale);
  const added = [
    ...plan.refused.map((r) => r.field),
    ...writes.flatMap((write) => (Object.entries(write) as [EntryField, unknown][]).filter(([field, value]) => !keeps(field, value)).map(([field]) => field)),
  ];
  const values = { ...pick(local, added), ...push };
  if (writes.length === 0) return plan.refused.length > 0 ? { kind: 'refused', refused: plan.refused, values } : { kind: 'done', settled };
  // A fill is the service's own only where the library wanted what the service held before: a value the library
  // has and the service lacks is a change still owed (a later plan sends it), not something to leave as filled.
  const fills = (plan.fills ?? []).filter((field) => current === null || sameOnService(field, local[field] as never, current[field] as never, context.scale));
  // Yet what the service puts there is no one's edit either (Kitsu dating a completion, stamped as it answers): it
  // is agreed as the service's doing, so the library's value, still owed, wins over it.
  const owed = (plan.fills ?? []).filter((field) => !fills.includes(field));
  // Fields left out because the service already holds them as it would store the library's value are agreed like
  // fills: what it holds stays the base, the library's value is remembered as asked (a later change there shows).
  return { kind: 'send', writes, refused: plan.refused, values, fills: { ...settled, ...pick(local, fills) }, owed };
}

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

async function flushNow(context: ServiceContext, now: () => number, { retryNow = false }: FlushOptions): Promise<FlushReport> {
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
