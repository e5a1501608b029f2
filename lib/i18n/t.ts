import { browser } from 'wxt/browser';
import type english from '../../public/_locales/en/messages.json';

/** Every message's key: a misspelt key is a type error. Type-only: the English text is not bundled anywhere. */
export type MessageKey = keyof typeof english;

type GetMessage = (key: string, substitutions?: string[]) => string;

/**
 * The UI string `key` in the browser's language, with `substitutions` in its placeholders: the popup, the options
 * page, the background (its errors and sync-log lines) and the in-page notice all read `_locales` through
 * `browser.i18n`, which every extension context has. The key itself is the last resort (a build whose
 * messages.json lacks it), so a gap shows as a name rather than as nothing.
 */
export function t(key: MessageKey, ...substitutions: (string | number)[]): string {
  // WXT types getMessage by its own list of keys; ours are checked by MessageKey above.
  const i18n = browser.i18n as { getMessage: GetMessage };
  return i18n.getMessage(key, substitutions.map(String)) || key;
}
