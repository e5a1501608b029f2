/** Message handlers for Options → Settings: the extension-wide settings (the notifications opt-in). */
import { browser } from 'wxt/browser';
import { effectiveAppSettings, mayNotify, NOTIFICATIONS_PERMISSION, saveAppSettings } from '../../settings/app';
import type { Handlers } from './types';
import { listenToNotificationClicks } from '../feedback/notifications';
import { t } from '../../i18n/t';

export const appHandlers: Pick<Handlers, 'getAppSettings' | 'saveAppSettings'> = {
  getAppSettings() {
    return effectiveAppSettings();
  },
  async saveAppSettings({ settings }) {
    // The options page asks for the permission on the user's click; without it the setting cannot be on.
    if (settings.notifications && !(await mayNotify())) throw new Error(t('notificationsNotAllowed'));
    await saveAppSettings(settings);
    if (settings.notifications) listenToNotificationClicks();
    // Least privilege: a permission the user no longer wants is given back.
    else await browser.permissions.remove(NOTIFICATIONS_PERMISSION);
    return effectiveAppSettings();
  },
};
