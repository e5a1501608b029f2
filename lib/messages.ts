/**
 * The whole message protocol between the background and its callers: one typed map, one zod schema per request.
 * The background parses every request with these schemas where it enters; callers get typed responses.
 * Only the background imports this module (zod stays out of the content script's and popup's bundles).
 */
import { z } from 'zod';
import { CONNECTION_STATES, SERVICE_IDS } from './model';
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
});

export const tabPageSchema = detectedPageSchema.extend({ tabUrl: z.string().max(2048), detectedAt: z.number() });

/** Request schemas, by message type. */
export const requestSchemas = {
  /** Extension version and how each service's connection stands. */
  getStatus: z.object({}).strict(),
  /** A content script reports the chapter page it sees (data only). */
  pageDetected: detectedPageSchema,
  /** What was detected on a tab, for the popup's current-tab card. */
  getTabState: z.object({ tabId: z.number().int().nonnegative() }).strict(),
};

export type MessageType = keyof typeof requestSchemas;
export type ServiceStatus = z.infer<typeof serviceStatusSchema>;
export type TabPage = z.infer<typeof tabPageSchema>;

/** Response types, by message type. */
export interface ResponseMap {
  getStatus: { version: string; services: ServiceStatus[] };
  pageDetected: { recorded: boolean };
  getTabState: { page: TabPage | null };
}

export type RequestMap = { [K in MessageType]: z.input<(typeof requestSchemas)[K]> };

/** Wire shapes. */
export interface Envelope<K extends MessageType = MessageType> {
  type: K;
  data: RequestMap[K];
}
export type Reply<K extends MessageType> = { ok: true; data: ResponseMap[K] } | { ok: false; error: string };

/** Messages a content script may send; everything else must come from the extension's own pages. */
export const CONTENT_SCRIPT_MESSAGES: ReadonlySet<MessageType> = new Set(['pageDetected']);
