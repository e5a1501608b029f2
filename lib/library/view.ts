/** The Library tab's rows: each series with its entry and how it stands on each connected service. */
import { listBindings } from './bindings';
import { readConnection } from './connections';
import { listEntries } from './entries';
import { listOutbox } from './outbox';
import { getSeries, listSeries } from './series';
import { SERVICE_IDS, type Binding, type CrossIds, type EntryField, type EntryFields, type LibraryEntry, type Series, type ServiceId } from '../model';
import { readServiceSettings } from '../settings/services';
import { TRACKERS } from '../trackers/registry';
import { sameOnService, syncedFields } from '../sync/fields';
import { NULLABLE_UNKNOWN } from '../sync/merge';
import { scaleFor } from '../sync/scales';

/** How a series stands on one service, for the Library tab. */
export type ServiceEntryState =
  /** On the service and agreed with it. */
  | 'synced'
  /** A change is waiting in the outbox. */
  | 'pending'
  /** The last write failed for good; the change is kept until retried or discarded. */
  | 'failed'
  /** Not on the user's list there (it will be created on the next push). */
  | 'missing'
  /** No matching manga found on that service (by ids); needs the user. */
  | 'unresolved';

export interface LibraryRow {
  seriesId: string;
  title: string;
  altTitles: string[];
  ids: CrossIds;
  totalChapters: number | null;
  totalVolumes: number | null;
  entry: EntryFields | null;
  /** When the library entry last changed (ms). */
  updatedAt: number | null;
  services: Partial<Record<ServiceId, { state: ServiceEntryState; mediaId: string | null; url: string | null; error: string | null }>>;
  /** Fields on which the services disagree with the library right now (after the last run). */
  conflicts: EntryField[];
}

const URLS: Record<ServiceId, (id: string) => string> = {
  anilist: (id) => `https://anilist.co/manga/${id}`,
  mal: (id) => `https://myanimelist.net/manga/${id}`,
  kitsu: (id) => `https://kitsu.app/manga/${id}`,
};

interface Context {
  connected: { service: ServiceId; scoreSetting: string | null; fields: EntryField[] }[];
  bindings: Map<string, Binding>;
  outbox: Map<string, { state: 'pending' | 'waitingAuth' | 'failed'; lastError: string | null }>;
}

async function context(): Promise<Context> {
  const connected = (
    await Promise.all(
      SERVICE_IDS.map(async (service) => ({ service, record: await readConnection(service), settings: await readServiceSettings(service) })),
    )
  )
    .filter(({ record }) => record?.userId)
    .map(({ service, record, settings }) => ({
      service,
      scoreSetting: record?.scoreSetting ?? null,
      fields: syncedFields(TRACKERS[service].capabilities, settings.sync),
    }));
  const bindings = new Map((await listBindings()).map((b) => [`${b.service}:${b.seriesId}`, b]));
  const outbox = new Map((await listOutbox()).map((item) => [item.id, { state: item.state, lastError: item.lastError }]));
  return { connected, bindings, outbox };
}

function row(series: Series, entry: LibraryEntry | null, ctx: Context): LibraryRow {
  const services: LibraryRow['services'] = {};
  const conflicts = new Set<LibraryRow['conflicts'][number]>();
  for (const { service, scoreSetting, fields: synced } of ctx.connected) {
    const binding = ctx.bindings.get(`${service}:${series.id}`);
    const queued = ctx.outbox.get(`${service}:${series.id}`);
    const mediaId = binding?.mediaId ?? (series.ids[service] !== undefined ? String(series.ids[service]) : null);
    let state: ServiceEntryState;
    if (queued) state = queued.state === 'failed' ? 'failed' : 'pending';
    else if (binding?.entryId) state = 'synced';
    else state = mediaId ? 'missing' : 'unresolved';
    services[service] = { state, mediaId, url: mediaId ? URLS[service](mediaId) : null, error: queued?.lastError ?? null };
    if (entry && binding?.base && !queued) {
      const scale = scaleFor(service, scoreSetting);
      // A field the service syncs that still differs after the last run (e.g. the service refused the value).
      for (const field of synced) {
        if (NULLABLE_UNKNOWN.has(field) && (entry[field] === null || binding.base[field] === null)) continue;
        if (!sameOnService(field, entry[field], binding.base[field], scale)) conflicts.add(field);
      }
    }
  }
  let fields: { fields: LibraryRow['entry']; updatedAt: number } | null = null;
  if (entry) {
    const { status, progress, progressVolumes, score, startedAt, completedAt, rereads, notes } = entry;
    fields = {
      fields: { status, progress, progressVolumes, score, startedAt, completedAt, rereads, notes, private: entry.private },
      updatedAt: Math.max(...Object.values(entry.changedAt)),
    };
  }
  return {
    seriesId: series.id,
    title: series.title,
    altTitles: series.altTitles,
    ids: series.ids,
    totalChapters: series.totalChapters,
    totalVolumes: series.totalVolumes,
    entry: fields?.fields ?? null,
    updatedAt: fields?.updatedAt ?? null,
    services,
    conflicts: [...conflicts],
  };
}

export async function libraryRows(): Promise<{ rows: LibraryRow[]; scoreSettings: Partial<Record<ServiceId, string | null>> }> {
  const ctx = await context();
  const entries = new Map((await listEntries()).map((e) => [e.seriesId, e]));
  const rows = (await listSeries()).map((series) => row(series, entries.get(series.id) ?? null, ctx));
  rows.sort((a, b) => a.title.localeCompare(b.title));
  return { rows, scoreSettings: Object.fromEntries(ctx.connected.map((c) => [c.service, c.scoreSetting])) };
}

export async function libraryRow(seriesId: string): Promise<LibraryRow | null> {
  const series = await getSeries(seriesId);
  if (!series) return null;
  const entries = (await listEntries()).find((e) => e.seriesId === seriesId) ?? null;
  return row(series, entries, await context());
}
