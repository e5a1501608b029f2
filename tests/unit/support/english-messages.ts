import english from '../../../public/_locales/en/messages.json' with { type: 'json' };

/** The shape of a `_locales/<lang>/messages.json` entry (Chrome's format). */
export interface LocaleMessage {
  message: string;
  description: string;
  placeholders?: Record<string, { content: string; example?: string }>;
}

export const ENGLISH: Record<string, LocaleMessage | undefined> = english;

/** Fills `$1`…`$9` in `text`; `$$` is a literal `$` (as in Chrome). */
function substitute(text: string, substitutions: readonly string[]): string {
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

/** `browser.i18n.getMessage` for the unit tests' fake browser, over the English messages.json (as Chrome answers: '' for an unknown key). */
export function englishGetMessage(key: string, substitutions?: string | string[]): string {
  const entry = ENGLISH[key];
  if (!entry) return '';
  return formatMessage(entry, typeof substitutions === 'string' ? [substitutions] : (substitutions ?? []));
}
