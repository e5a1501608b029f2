/**
 * The backup file: what version 1 holds and how a file is read back. A file is checked record by record, so one
 * damaged series, entry or link is reported with its reason while the others still import; a file that is not
 * a backup at all, or one from a newer version, is refused whole.
 */
import { z } from 'zod/mini';
import type { SiteLink } from '../library/db';
import { calendarDateSchema } from '../library/entries';
import { ENTRY_FIELDS, SERVICE_IDS, STATUSES, type Binding, type LibraryEntry, type Series, type ServiceId } from '../model';
import { readingSettingsSchema, type ReadingSettings } from '../settings/reading';
import { SERVER_KINDS, type SelfHostedServer } from '../servers/self-hosted';
import { normaliseOrigin } from '../servers/origin';
import { serviceSettingsSchema, type ServiceSettings } from '../settings/services';
import { MAX_CHAPTER, MAX_VOLUME } from '../sites/shared/chapter-number';
// Readable issue messages in the rejection reasons (zod/mini ships none).
import '../i18n/zod-issues';
import { t } from '../i18n/t';

export const BACKUP_FORMAT = 'kuroibara-sync-backup';
export const BACKUP_VERSION = 1;

/** Why a file as a whole cannot be imported; nothing was written. */
export class BackupError extends Error {
  override name = 'BackupError';
}

/** One record of the file left out of an import: where it is in the file (`entries[3]`) and why. */
export interface RejectedRecord {
  record: string;
  reason: string;
}

/** The settings a backup carries; a section absent from the file (or rejected) is null and left alone. */
export interface BackupSettings {
  services: Partial<Record<ServiceId, ServiceSettings>>;
  reading: ReadingSettings | null;
  servers: SelfHostedServer[] | null;
}

/** A valid record and its position in the file's list, by which the preview names it. */
export interface Located<T> {
  at: number;
  record: T;
}

/** The valid records of a backup file, and the rejected ones with their reasons. */
export interface BackupRecords {
  exportedAt: string | null;
  series: Located<Series>[];
  entries: Located<LibraryEntry>[];
  bindings: Located<Binding>[];
  siteLinks: Located<SiteLink>[];
  settings: BackupSettings;
  rejected: RejectedRecord[];
}

/** A string of `min`..`max` characters. */
const text = (min: number, max: number) => z.string().check(z.minLength(min), z.maxLength(max));
const localId = text(1, 100);
/** A moment in ms since the epoch. */
const time = z.number().check(z.minimum(0));
const numericId = z.int().check(z.positive(), z.maximum(2 ** 31));

// Bounds are generous (a backup holds what the library held) but finite, so a crafted file cannot flood storage.
const seriesRecord = z.object({
  id: localId,
  title: text(0, 1000),
  altTitles: z.array(text(0, 1000)).check(z.maxLength(100)),
  ids: z.object({
    anilist: z.optional(numericId),
    mal: z.optional(numericId),
    kitsu: z.optional(text(1, 100)),
    mangadex: z.optional(text(1, 100)),
  }),
  totalChapters: z.nullable(z.number().check(z.minimum(0), z.maximum(MAX_CHAPTER))),
  totalVolumes: z.nullable(z.number().check(z.minimum(0), z.maximum(MAX_VOLUME))),
  createdAt: time,
  updatedAt: time,
}) satisfies z.ZodMiniType<Series>;

const entryFields = {
  status: z.enum(STATUSES),
  progress: z.number().check(z.minimum(0), z.maximum(MAX_CHAPTER)),
  progressVolumes: z.nullable(z.number().check(z.minimum(0), z.maximum(MAX_VOLUME))),
  score: z.nullable(z.number().check(z.minimum(0), z.maximum(100))),
  startedAt: z.nullable(calendarDateSchema),
  completedAt: z.nullable(calendarDateSchema),
  rereads: z.int().check(z.minimum(0), z.maximum(100_000)),
  notes: z.string().check(z.maxLength(100_000)),
  private: z.boolean(),
};

const entryRecord = z.object({
  ...entryFields,
  seriesId: localId,
  // Every field's change time: an imported value replaces the library's only when it changed later.
  changedAt: z.record(z.enum(ENTRY_FIELDS), time),
  readFields: z._default(z.array(z.enum(ENTRY_FIELDS)), []),
  editedFields: z.optional(z.array(z.enum(ENTRY_FIELDS))),
  movedAt: z.optional(z.partialRecord(z.enum(ENTRY_FIELDS), time)),
  editedAt: z.optional(z.partialRecord(z.enum(ENTRY_FIELDS), time)),
}) satisfies z.ZodMiniType<LibraryEntry>;

const bindingRecord = z.object({
  seriesId: localId,
  service: z.enum(SERVICE_IDS),
  mediaId: text(1, 100),
  entryId: z.nullable(text(1, 100)),
  base: z.nullable(z.object(entryFields)),
  baseRemoteUpdatedAt: z.nullable(time),
  syncedAt: z.nullable(time),
  asked: z._default(z.partial(z.object(entryFields)), {}),
  removedAt: z._default(z.nullable(time), null),
  readAt: z._default(z.nullable(time), null),
  totals: z._default(z.nullable(z.object({ chapters: z.nullable(z.number()), volumes: z.nullable(z.number()) })), null),
}) satisfies z.ZodMiniType<Binding>;

const siteLinkRecord = z.object({
  site: z.string().check(z.regex(/^[a-z0-9-]{1,40}$/)),
  seriesKey: text(1, 300),
  seriesId: localId,
  how: z.enum(['ids', 'search', 'user']),
  at: time,
}) satisfies z.ZodMiniType<SiteLink>;

function isOrigin(origin: string): boolean {
  try {
    return normaliseOrigin(origin) === origin;
  } catch {
    return false;
  }
}

const serverRecord = z.object({
  kind: z.string().check(z.refine((kind) => SERVER_KINDS.includes(kind), { error: () => t('schemaUnknownServerKind') })),
  origin: z.string().check(z.maxLength(300), z.refine(isOrigin, { error: () => t('schemaNotServerAddress') })),
  addedAt: time,
}) satisfies z.ZodMiniType<SelfHostedServer>;

/** The file's frame. Records inside it are checked one by one below. */
const frameSchema = z.object({
  exportedAt: z.optional(z.string().check(z.maxLength(64))),
  library: z.object({ series: z.array(z.unknown()), entries: z.array(z.unknown()) }),
  bindings: z._default(z.array(z.unknown()), []),
  siteLinks: z._default(z.array(z.unknown()), []),
  settings: z._default(
    z.object({
      services: z._default(z.record(z.string(), z.unknown()), {}),
      reading: z.optional(z.unknown()),
      servers: z.optional(z.array(z.unknown())),
    }),
    { services: {} },
  ),
});

function describeIssue(issue: z.core.$ZodIssue | undefined): string {
  if (!issue) return t('zodInvalidInput');
  return issue.path.length > 0 ? t('backupFieldProblem', issue.path.join('.'), issue.message) : issue.message;
}

/** Checks each record; valid ones are returned with their position, the others go to `rejected` as `label[index]`. */
function checkEach<T>(schema: z.core.$ZodType<T>, records: readonly unknown[], label: string, rejected: RejectedRecord[]): Located<T>[] {
  const valid: Located<T>[] = [];
  records.forEach((record, at) => {
    const parsed = z.safeParse(schema, record);
    if (parsed.success) valid.push({ at, record: parsed.data });
    else rejected.push({ record: `${label}[${at}]`, reason: describeIssue(parsed.error.issues[0]) });
  });
  return valid;
}

function checkOne<T>(schema: z.core.$ZodType<T>, record: unknown, label: string, rejected: RejectedRecord[]): T | null {
  const parsed = z.safeParse(schema, record);
  if (parsed.success) return parsed.data;
  rejected.push({ record: label, reason: describeIssue(parsed.error.issues[0]) });
  return null;
}

/** Reads a backup file. Throws a BackupError when the file as a whole is not one this version can import. */
export function parseBackup(text: string): BackupRecords {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new BackupError(t('backupNotJson'));
  }
  const head = typeof json === 'object' && json !== null && !Array.isArray(json) ? (json as Record<string, unknown>) : {};
  if (head.format !== BACKUP_FORMAT) throw new BackupError(t('backupWrongFormat'));
  const version = head.version;
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) {
    throw new BackupError(t('backupNoVersion'));
  }
  if (version > BACKUP_VERSION) {
    throw new BackupError(t('backupNewerVersion', version));
  }
  const frame = z.safeParse(frameSchema, json);
  if (!frame.success) throw new BackupError(t('backupDamaged', describeIssue(frame.error.issues[0])));
  const { library, bindings, siteLinks, settings } = frame.data;

  const rejected: RejectedRecord[] = [];
  const series = checkEach(seriesRecord, library.series, 'series', rejected);
  const entries = checkEach(entryRecord, library.entries, 'entries', rejected);
  const validBindings = checkEach(bindingRecord, bindings, 'bindings', rejected);
  const validLinks = checkEach(siteLinkRecord, siteLinks, 'siteLinks', rejected);
  const services: Partial<Record<ServiceId, ServiceSettings>> = {};
  for (const [service, value] of Object.entries(settings.services)) {
    const label = `settings.services.${service}`;
    if (!(SERVICE_IDS as readonly string[]).includes(service)) {
      rejected.push({ record: label, reason: t('backupUnknownService') });
      continue;
    }
    const valid = checkOne(serviceSettingsSchema, value, label, rejected);
    if (valid) services[service as ServiceId] = valid;
  }
  const reading = settings.reading === undefined ? null : checkOne(readingSettingsSchema, settings.reading, 'settings.reading', rejected);
  const servers = settings.servers === undefined ? null : checkEach(serverRecord, settings.servers, 'settings.servers', rejected).map((valid) => valid.record);
  return {
    exportedAt: frame.data.exportedAt ?? null,
    series,
    entries,
    bindings: validBindings,
    siteLinks: validLinks,
    settings: { services, reading, servers },
    rejected,
  };
}
