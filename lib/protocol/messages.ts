/**
 * The whole message protocol between the background and its callers: one typed map, one zod schema per request.
 * The background parses every request with these schemas where it enters; callers get typed responses.
 * Only the background imports this module (zod stays out of the content script's and popup's bundles).
 */
import { z } from 'zod/mini';
import { appSettingsSchema, type AppSettings } from '../settings/app';
import type { ImportResult } from '../backup/import';
import { MAX_BACKUP_CHARS } from '../backup/limits';
import type { ImportSummary } from '../backup/plan';
import type { ServiceStatus } from '../library/connections';
import type { LibraryRow } from '../library/view';
import { ENTRY_FIELDS, READ_CHOICES, SERVICE_IDS, STATUSES, type ServiceId } from '../model';
import { detectedPageSchema, intIn, text } from '../reading/page';
import type { ChapterReadReply, ReadServiceState } from '../reading/read-flow';
import type { TabState } from '../reading/tab-state';
import { readingSettingsSchema, type SiteReading } from '../settings/reading';
import { serviceSettingsSchema, type IntegrationSettings } from '../settings/services';
import { SETUP_ENDINGS, type SetupState } from '../settings/first-run';
import type { SitesState } from '../servers/self-hosted';
import { MAX_CHAPTER, MAX_VOLUME } from '../sites/shared/chapter-number';
import type { ActivityRecord, OutboxSummary, RemovedEntry } from '../sync/activity';
import type { SyncRunSummary } from '../sync/engine';

// The replies' types live with the modules that make them; the pages that show them import them from here.
export type { ServiceStatus } from '../library/connections';
export type { LibraryRow, ServiceEntryState } from '../library/view';
export type { TabPage } from '../reading/page';
export type { ChapterReadReply, ReadServiceState } from '../reading/read-flow';
export type { SeriesCandidate } from '../reading/match-series';
export type { TabState } from '../reading/tab-state';
export type { IntegrationSettings } from '../settings/services';
export type { SitesState } from '../servers/self-hosted';
export type { ActivityRecord, OutboxSummary, RemovedEntry } from '../sync/activity';
export type { SyncRunSummary } from '../sync/engine';

const serviceId = z.enum(SERVICE_IDS);

/** Settings as the options page edits them (see lib/settings/services.ts for meaning). */
export const integrationSettingsSchema = serviceSettingsSchema;

const calendarDate = z.strictObject({ year: intIn(1900, 2200), month: z.nullable(intIn(1, 12)), day: z.nullable(intIn(1, 31)) });

/** An edit from the Library editor: absolute values, only the fields changed. */
export const entryChangesSchema = z.partial(
  z.strictObject({
    status: z.enum(STATUSES),
    progress: z.number().check(z.minimum(0), z.maximum(MAX_CHAPTER)),
    progressVolumes: z.nullable(intIn(0, MAX_VOLUME)),
    score: z.nullable(intIn(0, 100)),
    startedAt: z.nullable(calendarDate),
    completedAt: z.nullable(calendarDate),
    rereads: intIn(0, 1000),
    notes: z.string().check(z.maxLength(6000)),
    private: z.boolean(),
  }),
);

const readIdSchema = z.string().check(z.regex(/^[\w-]{1,64}$/));

/** Request schemas, by message type. */
export const requestSchemas = {
  /** Extension version and how each service's connection stands. */
  getStatus: z.strictObject({}),
  /** A content script reports the chapter page it sees (data only). */
  pageDetected: detectedPageSchema,
  /** What was detected on a tab, for the popup's current-tab card. */
  getTabState: z.strictObject({ tabId: z.int().check(z.nonnegative()) }),
  /**
   * Signs in to a service: OAuth services open the provider's window; Kitsu takes `login` (the password is
   * used for one token request and never stored).
   */
  connectService: z.strictObject({
    service: serviceId,
    login: z.optional(
      z.strictObject({ username: z.string().check(z.trim(), z.minLength(1), z.maxLength(200)), password: text(1, 500) }),
    ),
  }),
  /** Signs out: wipes the service's tokens and connection. */
  disconnectService: z.strictObject({ service: serviceId }),
  /** Asks connected services who we are, refreshing tokens as needed; all services when none is named. */
  checkHealth: z.strictObject({ service: z.optional(serviceId) }),
  /** Each service's settings, whether a client id/secret is configured, and the redirect URL to register. */
  getIntegrationSettings: z.strictObject({}),
  /** Saves one service's settings; `clientSecret` replaces the stored secret ("" removes it). */
  saveIntegrationSettings: z.strictObject({
    service: serviceId,
    settings: integrationSettingsSchema,
    clientSecret: z.optional(z.string().check(z.maxLength(500))),
  }),
  /**
   * Runs a sync now: pull from the services, merge, push through the outbox. `forceFullSync` re-reads whole
   * lists (and rebuilds bindings) instead of changes since the last run; `direction` limits this run.
   */
  triggerSync: z.strictObject({
    service: z.optional(serviceId),
    forceFullSync: z._default(z.boolean(), false),
    direction: z.optional(z.enum(['both', 'push', 'pull'])),
  }),
  /** Every series with its entry and its state on each service, for the Library tab. */
  getLibrary: z.strictObject({}),
  /**
   * Saves an edit from the Library editor; the change goes to the services through the outbox. `opened`: what the
   * editor showed for the changed fields (a value a sync brought in meanwhile is logged as lost), only compared with
   * what the library holds, never stored, so a value of any shape cannot block the save.
   */
  updateEntry: z.strictObject({ seriesId: text(1, 100), changes: entryChangesSchema, opened: z.optional(z.partialRecord(z.enum(ENTRY_FIELDS), z.unknown())) }),
  /** The sync log (newest first) and the pending outbox, for the Activity tab. */
  getActivity: z.strictObject({ limit: z._default(intIn(1, 1000), 200) }),
  /** Activity → a refused change → Retry: send it again, as it is. */
  retryChange: z.strictObject({ id: text(1, 200) }),
  /** Activity → a refused change → Discard: stop trying; the library takes the service's value. */
  discardChange: z.strictObject({ id: text(1, 200) }),
  /** Activity → an entry removed on a service → Add back: create it there again with the library's values. */
  addBack: z.strictObject({ service: serviceId, seriesId: text(1, 100) }),
  /** Activity → an entry removed on a service → Remove everywhere: off every list and out of the library. */
  removeEverywhere: z.strictObject({ seriesId: text(1, 100) }),
  /**
   * A content script's read detector decided the chapter on its tab was read (last page, 90% of a long strip,
   * or moving on to the next chapter). Data only; the background checks it against the tab's detection.
   */
  chapterRead: z.strictObject({ page: detectedPageSchema, reason: z.enum(['last-page', 'strip', 'next-chapter']) }),
  /**
   * "Mark chapter N as read" for what the tab shows (the user's explicit act: no jump question). `choice` answers
   * the Resume-or-Reread question a reply asked (`choices`); without it that question is asked.
   */
  markChapterRead: z.strictObject({ tabId: z.int().check(z.nonnegative()), choice: z.optional(z.enum(READ_CHOICES)) }),
  /**
   * A content script asks how reading is tracked on its site. `site` null: the page is on no public site, so
   * the background says which self-hosted server the user added for the sender's origin, if any.
   */
  getReadingSettings: z.strictObject({ site: z.nullable(z.string().check(z.regex(/^[a-z0-9-]{1,40}$/))) }),
  /**
   * The notice's Update: record the tab's chapter now (the user confirmed; no countdown, no jump question), or its
   * Resume / Reread, sent as `choice`, answering a reply that offered `choices`.
   */
  confirmRead: z.strictObject({ choice: z.optional(z.enum(READ_CHOICES)) }),
  /** The notice's Undo: every service back to the values before that update. */
  undoRead: z.strictObject({ readId: readIdSchema }),
  /** How each service answered an update, for the notice. */
  getReadStatus: z.strictObject({ readId: readIdSchema }),
  /** "Don't track this series" for the series on the sender's tab; undoes `readId` when given. */
  ignoreSeries: z.strictObject({ readId: z.nullable(readIdSchema) }),
  /** The popup picks the series a tab shows from the candidates offered for it. */
  chooseMatch: z.strictObject({ tabId: z.int().check(z.nonnegative()), service: serviceId, mediaId: text(1, 40) }),
  /** "Not this series?": forget the tab's series link and offer candidates again. */
  rematchSeries: z.strictObject({ tabId: z.int().check(z.nonnegative()) }),
  /** Everything the Sites tab shows: adapters, reading settings, self-hosted servers. */
  getSites: z.strictObject({}),
  /** Saves the Sites tab's reading settings. */
  saveReadingSettings: z.strictObject({ settings: readingSettingsSchema }),
  /** Adds a self-hosted server whose origin permission the options page has just obtained. */
  addServer: z.strictObject({ kind: z.string().check(z.regex(/^[a-z0-9-]{1,40}$/)), origin: text(1, 300) }),
  /** Forgets a self-hosted server and gives back its permission. */
  removeServer: z.strictObject({ origin: text(1, 300) }),
  /** Options → Settings: the extension-wide settings, as they take effect (notifications on only while allowed). */
  getAppSettings: z.strictObject({}),
  /** Saves them; notifications can be turned on only once the browser granted the permission (asked on the click). */
  saveAppSettings: z.strictObject({ settings: appSettingsSchema }),
  /** Options → Backup: the library, its links and the settings as one JSON file (never tokens or secrets). */
  exportBackup: z.strictObject({}),
  /** What importing this backup file would change, and the records it would leave out; writes nothing. */
  previewImport: z.strictObject({ text: z.string().check(z.maxLength(MAX_BACKUP_CHARS)) }),
  /** Imports the file: checked and planned again from scratch (no preview is trusted), then merged into the library. */
  applyImport: z.strictObject({ text: z.string().check(z.maxLength(MAX_BACKUP_CHARS)) }),
  /** Whether the first-run guide (options.html#welcome) was finished or skipped. */
  getSetup: z.strictObject({}),
  /** The guide's "Done" or "Skip setup": it is never shown again. */
  finishSetup: z.strictObject({ ending: z.enum(SETUP_ENDINGS) }),
};

export type MessageType = keyof typeof requestSchemas;

/** Response types, by message type. */

export interface ResponseMap {
  getStatus: { version: string; services: ServiceStatus[] };
  pageDetected: { recorded: boolean };
  getTabState: TabState;
  chooseMatch: TabState;
  rematchSeries: TabState;
  connectService: { ok: true; userName: string } | { ok: false; message: string };
  disconnectService: { services: ServiceStatus[] };
  checkHealth: { services: ServiceStatus[] };
  getIntegrationSettings: { redirectUrl: string; services: IntegrationSettings[] };
  saveIntegrationSettings: { saved: true };
  triggerSync: { runs: SyncRunSummary[] };
  getLibrary: { rows: LibraryRow[]; scoreSettings: Partial<Record<ServiceId, string | null>> };
  updateEntry: { row: LibraryRow };
  getActivity: { log: ActivityRecord[]; outbox: OutboxSummary[]; removed: RemovedEntry[] };
  retryChange: { message: string };
  discardChange: { message: string };
  addBack: { message: string };
  removeEverywhere: { message: string };
  markChapterRead: ChapterReadReply;
  chapterRead: ChapterReadReply;
  getReadingSettings: SiteReading & { site: string | null };
  confirmRead: ChapterReadReply;
  undoRead: { message: string };
  getReadStatus: { services: ReadServiceState[] };
  ignoreSeries: { message: string };
  getSites: SitesState;
  saveReadingSettings: SitesState;
  addServer: SitesState;
  removeServer: SitesState;
  getAppSettings: AppSettings;
  saveAppSettings: AppSettings;
  exportBackup: { fileName: string; text: string };
  previewImport: ImportSummary;
  applyImport: ImportResult;
  getSetup: SetupState;
  finishSetup: SetupState;
}

export type RequestMap = { [K in MessageType]: z.input<(typeof requestSchemas)[K]> };

/** Wire shapes. */
export interface Envelope<K extends MessageType = MessageType> {
  type: K;
  data: RequestMap[K];
}
export type Reply<K extends MessageType> = { ok: true; data: ResponseMap[K] } | { ok: false; error: string };

/** Messages a content script may send; everything else must come from the extension's own pages. */
export const CONTENT_SCRIPT_MESSAGES: ReadonlySet<MessageType> = new Set([
  'pageDetected', 'chapterRead', 'getReadingSettings', 'confirmRead', 'undoRead', 'getReadStatus', 'ignoreSeries',
]);
