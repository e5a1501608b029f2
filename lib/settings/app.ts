/**
 * Settings of the extension as a whole (Options → Settings), kept in IndexedDB and validated on every read and
 * write. Notifications are opt-in: the setting is only ever on together with the browser's `notifications`
 * permission, which the options page asks for at the moment the user turns it on.
 */
import { z } from 'zod/mini';
import { browser } from 'wxt/browser';
import { settingsRecord } from '../library/settings-record';

export const appSettingsSchema = z.strictObject({
  /** Tell the user (a system notification) when an update fails for good or a service needs reconnecting. */
  notifications: z.boolean(),
});
export type AppSettings = z.infer<typeof appSettingsSchema>;

export const DEFAULT_APP_SETTINGS: AppSettings = { notifications: false };

/** The optional permission behind `notifications` (wxt.config.ts lists it under optional_permissions). */
export const NOTIFICATIONS_PERMISSION = { permissions: ['notifications'] } satisfies { permissions: 'notifications'[] };

const KEY = 'app';

const record = settingsRecord(KEY, appSettingsSchema, DEFAULT_APP_SETTINGS);

export function readAppSettings(): Promise<AppSettings> {
  return record.read();
}

export function saveAppSettings(settings: AppSettings): Promise<void> {
  return record.save(settings);
}

/** Whether the browser lets the extension notify (the user may take the permission back in the browser's settings). */
export function mayNotify(): Promise<boolean> {
  return browser.permissions.contains(NOTIFICATIONS_PERMISSION);
}

/** The settings as they take effect: notifications count as on only while the permission is held too. */
export async function effectiveAppSettings(): Promise<AppSettings> {
  const settings = await readAppSettings();
  return settings.notifications && !(await mayNotify()) ? { ...settings, notifications: false } : settings;
}
