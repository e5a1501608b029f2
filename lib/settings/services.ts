/**
 * Per-service integration settings (DESIGN.md sync rule 5), validated with zod on every read and write and
 * kept in IndexedDB. Client secrets are not settings: they live in the vault.
 */
import { z } from 'zod/mini';
import { settingsRecord } from '../library/settings-record';
import type { ServiceId } from '../model';
import { t } from '../i18n/t';

/** A service's settings as the options page edits them, with what the build and the user configured. */
export interface IntegrationSettings {
  service: ServiceId;
  settings: ServiceSettings;
  /** The client id in force (the user's own, else the build's); empty when none. */
  effectiveClientId: string;
  /** Whether the build carries a client id, so the field may stay empty. */
  buildClientId: string;
  /** Whether a client secret is configured (its value never leaves the background). */
  hasClientSecret: boolean;
}

export const DIRECTIONS = ['both', 'push', 'pull'] as const;

export const serviceSettingsSchema = z.strictObject({
  /** Sync with this service at all. */
  enabled: z.boolean(),
  /** both: send and receive; push: only send local changes; pull: only take the service's changes. */
  direction: z.enum(DIRECTIONS),
  /** Which fields travel. */
  sync: z.strictObject({ progress: z.boolean(), status: z.boolean(), score: z.boolean(), datesNotes: z.boolean() }),
  /** Update this service as soon as a chapter is read. */
  autoSyncOnRead: z.boolean(),
  /** Minutes between periodic pulls. */
  pullIntervalMinutes: z.int().check(z.minimum(5), z.maximum(24 * 60)),
  /** The user's own OAuth client id; empty = the one built in. */
  clientId: z.string().check(z.trim(), z.maxLength(200), z.regex(/^[\w.-]*$/, { error: () => t('schemaClientIdChars') })),
});

export type ServiceSettings = z.infer<typeof serviceSettingsSchema>;

export const DEFAULT_SERVICE_SETTINGS: ServiceSettings = {
  enabled: true,
  direction: 'both',
  sync: { progress: true, status: true, score: true, datesNotes: true },
  autoSyncOnRead: true,
  pullIntervalMinutes: 30,
  clientId: '',
};

/** Where a service's settings are kept in the settings store (a backup reads them with the library, in one transaction). */
export const serviceSettingsKey = (service: ServiceId) => `service:${service}`;

/** The saved settings, or the defaults when none are saved or what is saved no longer validates. */
const record = (service: ServiceId) => settingsRecord(serviceSettingsKey(service), serviceSettingsSchema, DEFAULT_SERVICE_SETTINGS);

export function readServiceSettings(service: ServiceId): Promise<ServiceSettings> {
  return record(service).read();
}

export function saveServiceSettings(service: ServiceId, settings: ServiceSettings): Promise<void> {
  return record(service).save(settings);
}
