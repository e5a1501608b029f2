/**
 * What importing a backup does to the library, worked out without touching it (pure: no I/O, no clock), so the
 * Backup tab can show it before anything is written and the apply step writes exactly that.
 * - A series is the library's series when they share an AniList, MyAnimeList, Kitsu or MangaDex id (the rule of
 *   `findSeriesByIds`), or the same local id; the library's ids and titles stay, the backup only adds what is missing.
 * - An entry's field takes the backup's value only when the backup changed it later (`changedAt`), as in a merge.
 * - Bindings and site links are added only for series that exist after the merge, and never replace the
 *   library's own: an existing binding keeps its base snapshot.
 * - Settings sections in the file replace the library's (the preview names each one that changes); series not to
 *   track and self-hosted servers are added to the library's lists.
 */
import type { SiteLink } from '../library/db';
import { ENTRY_FIELDS, SERVICE_IDS, SERVICE_NAMES, type Binding, type CrossIds, type EntryField, type LibraryEntry, type Series } from '../model';
import type { SelfHostedServer } from '../servers/self-hosted';
import type { BackupRecords, BackupSettings, RejectedRecord } from './schemas';
import type { ImportWrites, LibrarySnapshot } from './snapshot';
import { t } from '../i18n/t';

export interface ImportCounts {
  added: number;
  updated: number;
  unchanged: number;
}

/** What an import changes (the preview), or changed (after applying). */
export interface ImportSummary {
  series: ImportCounts;
  entries: ImportCounts;
  /** Links to each service's entry: added, or the library's own kept (an existing link is never replaced). */
  bindings: { added: number; kept: number };
  /** Links from reader sites' series: added, or the library's own kept. */
  siteLinks: { added: number; kept: number };
  /** Settings the import changes, by name ("AniList settings", "Reading settings", "Self-hosted servers"). */
  settings: string[];
  /** Records left out, each with its reason (the first of them, when very many). */
  rejected: RejectedRecord[];
  rejectedCount: number;
  /** Whether applying changes anything at all. */
  changes: boolean;
}

export interface ImportPlan {
  summary: ImportSummary;
  writes: ImportWrites;
  /** Series whose entry the import added or changed: those changes go to the services through the outbox. */
  changedEntries: string[];
}

export interface PlanOptions {
  now: number;
  /** A fresh local id, for a backup series whose id the library already uses for another manga. */
  newId: () => string;
  /** How many rejected records to list (all of them are counted). */
  listRejected?: number;
}

const ID_KINDS = ['anilist', 'mal', 'kitsu', 'mangadex'] as const;

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

const conflicting = (a: CrossIds, b: CrossIds) => ID_KINDS.some((kind) => a[kind] !== undefined && b[kind] !== undefined && a[kind] !== b[kind]);

/** The library's series, found by any of their ids, as the import adds to them. */
class SeriesIndex {
  readonly byLocalId = new Map<string, Series>();
  private readonly byCrossId = new Map<string, string>();

  constructor(series: readonly Series[]) {
    for (const s of series) this.put(s);
  }

  put(series: Series): void {
    this.byLocalId.set(series.id, series);
    for (const kind of ID_KINDS) {
      const id = series.ids[kind];
      // The first series to claim an id keeps it (a library with duplicates merges into the older record).
      if (id !== undefined && !this.byCrossId.has(`${kind}:${id}`)) this.byCrossId.set(`${kind}:${id}`, series.id);
    }
  }

  /** The series sharing an id with `series`, else the one with its local id unless their ids contradict. */
  match(series: Series): Series | undefined {
    for (const kind of ID_KINDS) {
      const id = series.ids[kind];
      const found = id === undefined ? undefined : this.byCrossId.get(`${kind}:${id}`);
      if (found) return this.byLocalId.get(found);
    }
    const sameId = this.byLocalId.get(series.id);
    return sameId && !conflicting(sameId.ids, series.ids) ? sameId : undefined;
  }
}

/** The library's series with what the backup knows beyond it: its ids, titles and totals win; gaps are filled. */
function mergeSeries(mine: Series, theirs: Series, now: number): Series {
  const titles = [...new Set([...mine.altTitles, theirs.title, ...theirs.altTitles])].filter((title) => title !== mine.title && title !== '');
  const merged: Series = {
    ...mine,
    ids: { ...theirs.ids, ...mine.ids },
    altTitles: titles.slice(0, Math.max(30, mine.altTitles.length)),
    totalChapters: mine.totalChapters ?? theirs.totalChapters,
    totalVolumes: mine.totalVolumes ?? theirs.totalVolumes,
  };
  return same(merged, mine) ? mine : { ...merged, updatedAt: now };
}

/** Per field, the backup's value when it changed later than the library's (ties keep the library's). */
function newerWins(mine: LibraryEntry, theirs: LibraryEntry): LibraryEntry {
  const next: LibraryEntry = { ...mine, changedAt: { ...mine.changedAt } };
  for (const field of ENTRY_FIELDS) {
    if (theirs.changedAt[field] > mine.changedAt[field] && !same(theirs[field], mine[field])) {
      (next as unknown as Record<EntryField, unknown>)[field] = theirs[field];
      next.changedAt[field] = theirs.changedAt[field];
    }
  }
  return next;
}

function count<T>(keys: Iterable<string>, before: Map<string, T>, after: Map<string, T>): ImportCounts {
  const counts: ImportCounts = { added: 0, updated: 0, unchanged: 0 };
  for (const key of keys) {
    const old = before.get(key);
    if (old === undefined) counts.added += 1;
    else if (same(old, after.get(key))) counts.unchanged += 1;
    else counts.updated += 1;
  }
  return counts;
}

function planSettings(backup: BackupSettings, local: LibrarySnapshot['settings']): { writes: BackupSettings; changed: string[] } {
  const writes: BackupSettings = { services: {}, reading: null, servers: null };
  const changed: string[] = [];
  for (const service of SERVICE_IDS) {
    const theirs = backup.services[service];
    if (theirs && !same(theirs, local.services[service])) {
      writes.services[service] = theirs;
      changed.push(t('backupChangedServiceSettings', SERVICE_NAMES[service]));
    }
  }
  if (backup.reading) {
    const ignoredKey = (s: { site: string; seriesKey: string }) => `${s.site}\n${s.seriesKey}`;
    const known = new Set(local.reading.ignored.map(ignoredKey));
    const ignored = [...local.reading.ignored, ...backup.reading.ignored.filter((s) => !known.has(ignoredKey(s)))].slice(0, 5000);
    const reading = { ...backup.reading, ignored };
    if (!same(reading, local.reading)) {
      writes.reading = reading;
      changed.push(t('backupChangedReading'));
    }
  }
  if (backup.servers) {
    const origins = new Set(local.servers.map((server) => server.origin));
    const added: SelfHostedServer[] = [];
    for (const server of backup.servers) {
      if (origins.has(server.origin)) continue;
      origins.add(server.origin);
      added.push(server);
    }
    if (added.length > 0) {
      writes.servers = [...local.servers, ...added];
      changed.push(t('backupChangedServers'));
    }
  }
  return { writes, changed };
}

export function planImport(backup: BackupRecords, local: LibrarySnapshot, options: PlanOptions): ImportPlan {
  const rejected = [...backup.rejected];
  const reject = (record: string, reason: string) => rejected.push({ record, reason });

  // Series: matched by ids, else added (under their own id when it is free).
  const index = new SeriesIndex(local.series);
  const seriesBefore = new Map(local.series.map((s) => [s.id, s]));
  const seriesTouched = new Set<string>();
  const idMap = new Map<string, string>();
  backup.series.forEach(({ at: i, record: theirs }) => {
    if (idMap.has(theirs.id)) {
      reject(`series[${i}]`, t('backupDuplicateId', theirs.id));
      return;
    }
    const mine = index.match(theirs);
    const next = mine ? mergeSeries(mine, theirs, options.now) : { ...theirs, id: index.byLocalId.has(theirs.id) ? options.newId() : theirs.id };
    index.put(next);
    idMap.set(theirs.id, next.id);
    seriesTouched.add(next.id);
  });
  const seriesAfter = index.byLocalId;
  /** The library series a record of the backup belongs to: its series as imported, or the library's own by id. */
  const seriesOf = (seriesId: string) => idMap.get(seriesId) ?? (seriesAfter.has(seriesId) ? seriesId : undefined);
  const noSeries = (seriesId: string) => t('backupNoSeries', seriesId);

  // Entries: per field, the later change wins.
  const entriesBefore = new Map(local.entries.map((e) => [e.seriesId, e]));
  const entriesAfter = new Map(entriesBefore);
  const entriesTouched = new Set<string>();
  backup.entries.forEach(({ at: i, record: theirs }) => {
    const seriesId = seriesOf(theirs.seriesId);
    if (!seriesId) return reject(`entries[${i}]`, noSeries(theirs.seriesId));
    const mine = entriesAfter.get(seriesId);
    entriesAfter.set(seriesId, mine ? newerWins(mine, { ...theirs, seriesId }) : { ...theirs, seriesId });
    entriesTouched.add(seriesId);
  });

  // Bindings: only where the library has none for that series and service, nor that media bound elsewhere.
  const bindingKeys = new Set(local.bindings.map((b) => `${b.service}\n${b.seriesId}`));
  const boundMedia = new Set(local.bindings.map((b) => `${b.service}\n${b.mediaId}`));
  const newBindings: Binding[] = [];
  let bindingsKept = 0;
  backup.bindings.forEach(({ at: i, record: theirs }) => {
    const seriesId = seriesOf(theirs.seriesId);
    if (!seriesId) return reject(`bindings[${i}]`, noSeries(theirs.seriesId));
    const key = `${theirs.service}\n${seriesId}`;
    const media = `${theirs.service}\n${theirs.mediaId}`;
    if (bindingKeys.has(key) || boundMedia.has(media)) {
      bindingsKept += 1;
      return;
    }
    bindingKeys.add(key);
    boundMedia.add(media);
    newBindings.push({ ...theirs, seriesId });
  });

  // Site links: only for reader series the library has not linked yet.
  const linkKeys = new Set(local.siteLinks.map((l) => `${l.site}\n${l.seriesKey}`));
  const newLinks: SiteLink[] = [];
  let linksKept = 0;
  backup.siteLinks.forEach(({ at: i, record: theirs }) => {
    const seriesId = seriesOf(theirs.seriesId);
    if (!seriesId) return reject(`siteLinks[${i}]`, noSeries(theirs.seriesId));
    const key = `${theirs.site}\n${theirs.seriesKey}`;
    if (linkKeys.has(key)) {
      linksKept += 1;
      return;
    }
    linkKeys.add(key);
    newLinks.push({ ...theirs, seriesId });
  });

  const settings = planSettings(backup.settings, local.settings);
  const seriesCounts = count(seriesTouched, seriesBefore, seriesAfter);
  const entryCounts = count(entriesTouched, entriesBefore, entriesAfter);
  const changedSeries = [...seriesTouched].filter((id) => !same(seriesBefore.get(id), seriesAfter.get(id)));
  const changedEntries = [...entriesTouched].filter((id) => !same(entriesBefore.get(id), entriesAfter.get(id)));
  const summary: ImportSummary = {
    series: seriesCounts,
    entries: entryCounts,
    bindings: { added: newBindings.length, kept: bindingsKept },
    siteLinks: { added: newLinks.length, kept: linksKept },
    settings: settings.changed,
    rejected: rejected.slice(0, options.listRejected ?? rejected.length),
    rejectedCount: rejected.length,
    changes: changedSeries.length + changedEntries.length + newBindings.length + newLinks.length + settings.changed.length > 0,
  };
  return {
    summary,
    writes: {
      series: changedSeries.map((id) => seriesAfter.get(id)).filter((s): s is Series => s !== undefined),
      entries: changedEntries.map((id) => entriesAfter.get(id)).filter((e): e is LibraryEntry => e !== undefined),
      bindings: newBindings,
      siteLinks: newLinks,
      settings: settings.writes,
    },
    changedEntries,
  };
}
