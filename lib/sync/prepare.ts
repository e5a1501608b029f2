/**
 * What a flush sends of one outbox item: what the service lacks of the library's entry, read first when its copy is
 * old or in doubt, and what the service would refuse. Also what becomes of a removal the series outlived.
 */
import { getBinding, updateBinding } from '../library/bindings';
import type { SyncLogRecord } from '../library/db';
import { getEntry } from '../library/entries';
import { dueItems, enqueueIntent, getItem, outboxId, setMidway } from '../library/outbox';
import { appendLog } from '../library/sync-log';
import { getSeries } from '../library/series';
import { ENTRY_FIELDS, SERVICE_IDS, SERVICE_NAMES, type Binding, type EntryField, type EntryFields, type LibraryEntry, type ServiceId } from '../model';
import type { CallFailure, Refusal } from '../trackers/tracker';
import type { ServiceContext } from './context';
import { sameOnService } from './fields';
import { clearedFields, lackingOn } from './plan';
import { reconcile } from './reconcile';
import { requestStamp } from './stamps';
import { readCursor } from './state';
import { t } from '../i18n/t';
import type { OutboxItem } from '../library/db';

/**
 * A base older than this is read again before it is written over (rule 2: "when the cached copy is stale"). A
 * change made on the service since shows in the pull that precedes a sync's writes; a removal does not (a list of
 * what changed cannot list what is gone), so one within this window of the last pull can be re-created by a write
 * that follows at once — the limit the README states. Reading every entry before every write would cost a request
 * per write (minutes, at AniList's pace, for a large push).
 */
export const FRESH_MS = 5 * 60_000;

export type Prepared =
  /** Nothing left to send; `settled`: fields the service already holds as it would store the library's value. */
  | { kind: 'done'; settled: Partial<EntryFields> }
  | { kind: 'failed'; failure: CallFailure }
  | { kind: 'removed' }
  /** The entry is to be deleted from the service's list. */
  | { kind: 'remove' }
  | { kind: 'refused'; refused: Refusal[]; values: Partial<EntryFields> }
  | { kind: 'send'; writes: Partial<EntryFields>[]; refused: Refusal[]; values: Partial<EntryFields>; fills: Partial<EntryFields>; owed: EntryField[] };

export const pick = (from: Partial<EntryFields>, fields: readonly EntryField[]): Partial<EntryFields> =>
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
export async function keptOnOtherLists(service: ServiceId, seriesId: string, now: number): Promise<void> {
  for (const other of SERVICE_IDS) {
    if (other === service) continue;
    const queued = await getItem(outboxId(other, seriesId));
    if (queued?.remove) await enqueueIntent(other, seriesId, queued.mediaId, ENTRY_FIELDS, now);
  }
}

export async function prepare(context: ServiceContext, item: OutboxItem, now: number, unpeeked: boolean): Promise<Prepared> {
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
