/** Everything a sync needs to know about one service for one run. */
import { readConnection } from '../library/connections';
import { SERVICE_IDS, type EntryField, type ServiceId } from '../model';
import { readServiceSettings } from '../settings/services';
import { trackerFor } from '../trackers/accounts';
import { TRACKERS } from '../trackers/registry';
import type { ScoreScale } from '../trackers/score';
import type { StorageModel, Tracker } from '../trackers/tracker';
import { syncedFields } from './fields';
import type { Direction } from './merge';
import { scaleFor } from './scales';
import { claimServiceState, settleScale } from './state';

export interface ServiceContext {
  service: ServiceId;
  tracker: Tracker;
  fields: EntryField[];
  direction: Direction;
  scale: ScoreScale;
  /** What the service keeps of a write and what it refuses. */
  storage: StorageModel;
  /** Requests sent to the service in this run (retries included). */
  requests: { count: number };
}

/** Narrows the user's per-service direction by the one asked for this run. */
function combine(setting: Direction, asked: Direction | undefined): Direction | null {
  if (!asked || asked === 'both') return setting;
  if (setting === 'both' || setting === asked) return asked;
  return null;
}

/** The context for a connected, enabled service, or null when it takes no part in this run. */
/** `fetch` counting each request into `requests` (a run's request count, by service). */
export function countingFetch(requests: { count: number }): typeof fetch {
  return (input, init) => {
    requests.count += 1;
    return fetch(input, init);
  };
}

/** Each service's context for one act (a chapter read), or null where the service takes no part. */
export type ServiceContexts = Record<ServiceId, ServiceContext | null>;

/** Every service's context, built once for an act and passed down to all it does there (DESIGN: one build per read). */
export async function serviceContexts(): Promise<ServiceContexts> {
  const built = await Promise.all(SERVICE_IDS.map((service) => serviceContext(service)));
  return { anilist: built[0] ?? null, mal: built[1] ?? null, kitsu: built[2] ?? null };
}

export async function serviceContext(service: ServiceId, asked?: Direction, counted: { count: number } = { count: 0 }): Promise<ServiceContext | null> {
  const [settings, connection] = await Promise.all([readServiceSettings(service), readConnection(service)]);
  if (!settings.enabled || !connection?.userId) return null;
  const direction = combine(settings.direction, asked);
  if (!direction) return null;
  // Sync state belongs to one account: another one signed in starts clean, whoever signed it in.
  await claimServiceState(service, connection.userId);
  const requests = counted;
  const tracker = await trackerFor(service, { fetch: countingFetch(requests) });
  if (!tracker) return null;
  const scale = scaleFor(service, connection.scoreSetting);
  await settleScale(service, scale.name);
  return {
    service,
    tracker,
    fields: syncedFields(tracker.capabilities, settings.sync),
    direction,
    scale,
    storage: TRACKERS[service].storage,
    requests,
  };
}
