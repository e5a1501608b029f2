import { browser } from 'wxt/browser';
import english from '../public/_locales/en/messages.json';

/** The shape of a `_locales/<lang>/messages.json` entry (Chrome's format). */
export interface LocaleMessage {
  message: string;
  description: string;
  placeholders?: Record<string, { content: string; example?: string }>;
}

const ENGLISH: Record<string, LocaleMessage | undefined> = english;

/** Every message's key: a misspelt key is a type error. */
export type MessageKey = keyof typeof english;

type GetMessage = (key: string, substitutions?: string[]) => string;

/** Fills `$1`…`$9` in `text`; `$$` is a literal `$` (as in Chrome). */
export function substitute(text: string, substitutions: readonly string[]): string {
  return text.replace(/\$(\$|[1-9])/g, (_match, which: string) => (which === '$' ? '$' : (substitutions[Number(which) - 1] ?? '')));
}

/** Chrome's own resolution of named placeholders (`$name$` → its `content`, such as `$1`), then of `$1`…`$9`. */
export function formatMessage(entry: LocaleMessage, substitutions: readonly string[]): string {
  const placeholders = entry.placeholders ?? {};
  const named = entry.message.replace(/\$([A-Za-z0-9_@]+)\$/g, (match, name: string) => {
    const placeholder = Object.entries(placeholders).find(([key]) => key.toLowerCase() === name.toLowerCase());
    return placeholder ? placeholder[1].content : match;
  });
  return substitute(named, substitutions);
}

/**
 * The UI string `key` in the browser's language, with `substitutions` in its placeholders. Falls back to the
 * English messages.json where `browser.i18n` is missing (unit tests' fake browser) or has no such message.
 */
export function t(key: MessageKey, ...substitutions: (string | number)[]): string {
  const values = substitutions.map(String);
  try {
    // Optional: the fake browser of the unit tests has no i18n at all. WXT types getMessage by its own list of keys.
    const i18n = browser.i18n as { getMessage?: GetMessage } | undefined;
    const translated = i18n?.getMessage?.(key, values);
    if (translated) return translated;
  } catch {
    // Not available here: the English text below.
  }
  const entry = ENGLISH[key];
  return entry ? formatMessage(entry, values) : key;
}
