/**
 * What the user decides in Activity, where the sync stops and asks: a change a service refused (Retry, or
 * Discard — the library takes the service's value), and an entry removed on a service by the user (Add back, or
 * Remove everywhere). Nothing here is decided by the sync itself.
 */
import { getBinding, listBindingsForSeries, putBinding } from '../library/bindings';
import { getEntry } from '../library/entries';
import { discardItem, getItem, retryFailed } from '../library/outbox';
import { deleteSeries, getSeries } from '../library/series';
import { takeEntryOff } from '../library/take-off';
import { SERVICE_NAMES, type EntryFields, type ServiceId } from '../model';
import { serviceContext } from './context';
import { applyLocalChange } from './edit';
import { flushService, withFlushLocks } from './flush';
import { planPush } from './plan';
import { t } from '../i18n/t';

/** Retry: send the refused change again, as it is. */
export async function retryRefused(id: string, now = Date.now()): Promise<string> {
  const item = await getItem(id);
  if (!item || !(await retryFailed(id, now))) return t('activityNothingToRetry');
  const context = await serviceContext(item.service);
  if (context) await flushService(context);
  const after = await getItem(id);
  return after?.state === 'failed' ? t('activityRefusedAgain', SERVICE_NAMES[item.service], after.lastError ?? '') : t('activityRetried', SERVICE_NAMES[item.service]);
}

/**
 * Discard: stop trying, and let the library take what the service holds for the refused fields — so the library
 * and that service agree, and the other services follow the library as after any edit.
 */
export async function discardRefused(id: string, now = Date.now()): Promise<string> {
  const item = await getItem(id);
  if (!item) return t('activityNothingToDiscard');
  await discardItem(id);
  const binding = await getBinding(item.service, item.seriesId);
  const refused = item.refused ?? {};
  if (binding?.base && Object.keys(refused).length > 0) {
    const taken: Partial<EntryFields> = {};
    for (const field of Object.keys(refused) as (keyof EntryFields)[]) Object.assign(taken, { [field]: binding.base[field] });
    await applyLocalChange(item.seriesId, taken, now);
  }
  return t('activityDiscarded', SERVICE_NAMES[item.service]);
}

/** Add back: the entry the user removed on a service goes back there, with the library's values. */
export async function addBack(service: ServiceId, seriesId: string, now = Date.now()): Promise<string> {
  const binding = await getBinding(service, seriesId);
  const series = await getSeries(seriesId);
  const entry = await getEntry(seriesId);
  if (!binding || !series || !entry) return t('activityNothingToAddBack');
  // Forgotten as agreed: the next plan creates it with everything the service syncs.
  await putBinding({ ...binding, removedAt: null, base: null, baseRemoteUpdatedAt: null, entryId: null, asked: {} });
  const context = await serviceContext(service);
  if (context && (await planPush(context, series, entry, now))) await flushService(context);
  return t('activityAddedBack', series.title, SERVICE_NAMES[service]);
}

/**
 * Remove everywhere: the user removed the series on one service and wants it gone from every list and from the
 * library. Each service that still has it gets a removal that waits and is retried like any change; the library
 * entry and the series go at once.
 */
export async function removeEverywhere(seriesId: string, now = Date.now()): Promise<string> {
  const series = await getSeries(seriesId);
  if (!series) return t('activityNothingToRemove');
  const bindings = await listBindingsForSeries(seriesId);
  const services = bindings.map((binding) => binding.service);
  // In one step: a worker stopped part-way never leaves the entry in the library with its removals on their way.
  await withFlushLocks(services, () => takeEntryOff(seriesId, services, now, { unlinkDropped: true }));
  const later: string[] = [];
  for (const binding of bindings) {
    const context = await serviceContext(binding.service);
    if (!context) continue;
    const report = await flushService(context);
    if (report.failed > 0 || report.stoppedBy) later.push(SERVICE_NAMES[binding.service]);
  }
  // The series itself goes once no list holds it any more (a removal still waiting keeps its binding meanwhile).
  if ((await listBindingsForSeries(seriesId)).length === 0) await deleteSeries(seriesId);
  return later.length === 0 ? t('activityRemovedEverywhere', series.title) : t('activityRemovedLater', series.title, later.join(', '));
}
