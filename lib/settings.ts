/**
 * Per-service integration settings (DESIGN.md sync rule 5), validated with zod on every read and write and
 * kept in IndexedDB. Client secrets are not settings: they live in the vault.
 */
import { z } from 'zod/mini';
import { openDatabase } from './library/db';
import type { ServiceId } from './model';
import { t } from './i18n';

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
export async function readServiceSettings(service: ServiceId): Promise<ServiceSettings> {
  const db = await openDatabase();
  try {
    const stored = await db.get('settings', serviceSettingsKey(service));
    const parsed = serviceSettingsSchema.safeParse(stored?.value);
    return parsed.success ? parsed.data : DEFAULT_SERVICE_SETTINGS;
  } finally {
    db.close();
  }
}

export async function saveServiceSettings(service: ServiceId, settings: ServiceSettings): Promise<void> {
  const value = serviceSettingsSchema.parse(settings);
  const db = await openDatabase();
  try {
    await db.put('settings', { key: serviceSettingsKey(service), value });
  } finally {
    db.close();
  }
}
