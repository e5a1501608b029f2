/**
 * The whole message protocol between the background and its callers: one typed map, one zod schema per request.
 * The background parses every request with these schemas where it enters; callers get typed responses.
 * Only the background imports this module (zod stays out of the content script's and popup's bundles).
 */
import { z } from 'zod';
import { CONNECTION_STATES, SERVICE_IDS, STATUSES, type CrossIds, type EntryField, type EntryFields, type ServiceId } from './model';
import { serviceSettingsSchema, type ServiceSettings } from './settings';
import { MAX_CHAPTER, MAX_VOLUME } from './sites/shared/chapter-number';

const chapterNumber = z.number().min(0).max(MAX_CHAPTER);

/** A page a content script saw (see `DetectedPage` in lib/sites/types.ts). Bounded so a hostile page cannot flood storage. */
export const detectedPageSchema = z
  .object({
    site: z.string().regex(/^[a-z0-9-]{1,40}$/),
    seriesKey: z.string().min(1).max(200),
    title: z.string().min(1).max(500),
    chapterKey: z.string().min(1).max(200).nullable(),
    chapter: chapterNumber.nullable(),
    volume: z.number().min(0).max(MAX_VOLUME).nullable(),
    progress: z
      .object({ page: z.number().int().min(1).max(10_000), pages: z.number().int().min(1).max(10_000) })
      .refine((p) => p.page <= p.pages, 'page beyond the chapter')
      .nullable(),
    externalIds: z
      .object({
        anilist: z.number().int().positive().max(2 ** 31).optional(),
        mal: z.number().int().positive().max(2 ** 31).optional(),
        kitsu: z.string().regex(/^[a-z0-9-]{1,100}$/i).optional(),
      })
      .strict(),
  })
  .strict();

export const serviceStatusSchema = z.object({
  id: z.enum(SERVICE_IDS),
  name: z.string(),
  state: z.enum(CONNECTION_STATES),
  userName: z.string().nullable(),
  lastCheckedAt: z.number().nullable(),
  lastError: z.string().nullable(),
  /** When the access token ends, when known (shown as a warning 14 days before). */
  tokenExpiresAt: z.number().nullable(),
  /** The service asked us to wait until then. */
  rateLimitedUntil: z.number().nullable(),
});

export const tabPageSchema = detectedPageSchema.extend({ tabUrl: z.string().max(2048), detectedAt: z.number() });

const serviceId = z.enum(SERVICE_IDS);

/** Settings as the options page edits them (see lib/settings.ts for meaning). */
export const integrationSettingsSchema = serviceSettingsSchema;

const calendarDate = z
  .object({ year: z.number().int().min(1900).max(2200), month: z.number().int().min(1).max(12).nullable(), day: z.number().int().min(1).max(31).nullable() })
  .strict();

/** An edit from the Library editor: absolute values, only the fields changed. */
export const entryChangesSchema = z
  .object({
    status: z.enum(STATUSES),
    progress: z.number().min(0).max(MAX_CHAPTER),
    progressVolumes: z.number().int().min(0).max(MAX_VOLUME).nullable(),
    score: z.number().int().min(0).max(100).nullable(),
    startedAt: calendarDate.nullable(),
    completedAt: calendarDate.nullable(),
    rereads: z.number().int().min(0).max(1000),
    notes: z.string().max(6000),
    private: z.boolean(),
  })
  .partial()
  .strict();

/** Request schemas, by message type. */
export const requestSchemas = {
  /** Extension version and how each service's connection stands. */
  getStatus: z.object({}).strict(),
  /** A content script reports the chapter page it sees (data only). */
  pageDetected: detectedPageSchema,
  /** What was detected on a tab, for the popup's current-tab card. */
  getTabState: z.object({ tabId: z.number().int().nonnegative() }).strict(),
  /**
   * Signs in to a service: OAuth services open the provider's window; Kitsu takes `login` (the password is
   * used for one token request and never stored).
   */
  connectService: z
    .object({
      service: serviceId,
      login: z.object({ username: z.string().trim().min(1).max(200), password: z.string().min(1).max(500) }).strict().optional(),
    })
    .strict(),
  /** Signs out: wipes the service's tokens and connection. */
  disconnectService: z.object({ service: serviceId }).strict(),
  /** Asks connected services who we are, refreshing tokens as needed; all services when none is named. */
  checkHealth: z.object({ service: serviceId.optional() }).strict(),
  /** Each service's settings, whether a client id/secret is configured, and the redirect URL to register. */
  getIntegrationSettings: z.object({}).strict(),
  /** Saves one service's settings; `clientSecret` replaces the stored secret ("" removes it). */
  saveIntegrationSettings: z
    .object({ service: serviceId, settings: integrationSettingsSchema, clientSecret: z.string().max(500).optional() })
    .strict(),
  /**
   * Runs a sync now: pull from the services, merge, push through the outbox. `forceFullSync` re-reads whole
   * lists (and rebuilds bindings) instead of changes since the last run; `direction` limits this run.
   */
  triggerSync: z
    .object({ service: serviceId.optional(), forceFullSync: z.boolean().default(false), direction: z.enum(['both', 'push', 'pull']).optional() })
    .strict(),
  /** Every series with its entry and its state on each service, for the Library tab. */
  getLibrary: z.object({}).strict(),
  /** Saves an edit from the Library editor; the change goes to the services through the outbox. */
  updateEntry: z.object({ seriesId: z.string().min(1).max(100), changes: entryChangesSchema }).strict(),
  /** The sync log (newest first) and the pending outbox, for the Activity tab. */
  getActivity: z.object({ limit: z.number().int().min(1).max(1000).default(200) }).strict(),
  /**
   * A content script's read detector decided the chapter on its tab was read (last page, 90% of a long strip,
   * or moving on to the next chapter). Data only; the background checks it against the tab's detection.
   */
  chapterRead: z
    .object({ page: detectedPageSchema, reason: z.enum(['last-page', 'strip', 'next-chapter']) })
    .strict(),
  /** "Mark chapter N as read" for what the tab shows (the user's explicit act: no jump question). */
  markChapterRead: z.object({ tabId: z.number().int().nonnegative() }).strict(),
};

export type MessageType = keyof typeof requestSchemas;
export type ServiceStatus = z.infer<typeof serviceStatusSchema>;
export type TabPage = z.infer<typeof tabPageSchema>;

/** Response types, by message type. */
export interface IntegrationSettings {
  service: (typeof SERVICE_IDS)[number];
  settings: ServiceSettings;
  /** The client id in force (the user's own, else the build's); empty when none. */
  effectiveClientId: string;
  /** Whether the build carries a client id, so the field may stay empty. */
  buildClientId: string;
  /** Whether a client secret is configured (its value never leaves the background). */
  hasClientSecret: boolean;
}

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

export interface ActivityRecord {
  id: number;
  at: number;
  kind: 'run' | 'change' | 'conflict' | 'error';
  service: ServiceId | null;
  direction: 'pull' | 'push' | null;
  message: string;
  details: Record<string, unknown>;
}

export interface OutboxSummary {
  id: string;
  service: ServiceId;
  seriesId: string;
  title: string;
  fields: EntryField[];
  state: 'pending' | 'waitingAuth' | 'failed';
  attempts: number;
  nextAttemptAt: number;
  lastError: string | null;
}

export interface SyncRunSummary {
  service: ServiceId;
  ok: boolean;
  message: string;
  requests: number;
  changesIn: number;
  changesOut: number;
  conflicts: number;
}

export interface ResponseMap {
  getStatus: { version: string; services: ServiceStatus[] };
  pageDetected: { recorded: boolean };
  getTabState: { page: TabPage | null };
  connectService: { ok: true; userName: string } | { ok: false; message: string };
  disconnectService: { services: ServiceStatus[] };
  checkHealth: { services: ServiceStatus[] };
  getIntegrationSettings: { redirectUrl: string; services: IntegrationSettings[] };
  saveIntegrationSettings: { saved: true };
  triggerSync: { runs: SyncRunSummary[] };
  getLibrary: { rows: LibraryRow[]; scoreSettings: Partial<Record<ServiceId, string | null>> };
  updateEntry: { row: LibraryRow };
  getActivity: { log: ActivityRecord[]; outbox: OutboxSummary[] };
  markChapterRead: { outcome: 'updated' | 'ask' | 'ignored'; message: string };
  chapterRead: { outcome: 'updated' | 'ask' | 'ignored'; message: string };
}

export type RequestMap = { [K in MessageType]: z.input<(typeof requestSchemas)[K]> };

/** Wire shapes. */
export interface Envelope<K extends MessageType = MessageType> {
  type: K;
  data: RequestMap[K];
}
export type Reply<K extends MessageType> = { ok: true; data: ResponseMap[K] } | { ok: false; error: string };

/** Messages a content script may send; everything else must come from the extension's own pages. */
export const CONTENT_SCRIPT_MESSAGES: ReadonlySet<MessageType> = new Set(['pageDetected', 'chapterRead']);
