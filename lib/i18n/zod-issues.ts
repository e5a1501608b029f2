/**
 * Wording for zod/mini's validation issues, in the browser's language (messages.json). zod/mini ships no locale
 * (every issue would read "Invalid input"), and zod's whole English locale costs ~1 KB gzip in the background;
 * this covers the issues our schemas can raise, in the same English words (tests/unit/i18n/zod-issues.test.ts checks
 * them against zod's own English locale). A schema's own message ("letters, digits, …") still wins. Imported for
 * its effect by the modules that show issue messages to people: lib/background/router.ts, lib/trackers/http.ts and
 * lib/backup/schemas.ts.
 */
import { z } from 'zod/mini';
import { t, type MessageKey } from './t';

/** The issue's message for each way of being out of bounds: [too small, too big], by what is counted. */
const BOUNDS: Record<'characters' | 'items' | 'value', readonly [MessageKey, MessageKey]> = {
  characters: ['zodTooSmallCharacters', 'zodTooBigCharacters'],
  items: ['zodTooSmallItems', 'zodTooBigItems'],
  value: ['zodTooSmall', 'zodTooBig'],
};

function received(input: unknown): string {
  if (input === null) return 'null';
  if (Array.isArray(input)) return 'array';
  return typeof input === 'number' && Number.isNaN(input) ? 'NaN' : typeof input;
}

export function issueMessage(issue: z.core.$ZodRawIssue): string {
  switch (issue.code) {
    case 'invalid_type':
      return t('zodInvalidType', issue.expected, received(issue.input));
    case 'too_small':
    case 'too_big': {
      const big = issue.code === 'too_big';
      const counted = issue.origin === 'string' ? 'characters' : issue.origin === 'array' ? 'items' : 'value';
      const bound = `${big ? '<' : '>'}${issue.inclusive ? '=' : ''}${String(big ? issue.maximum : issue.minimum)}`;
      return t(BOUNDS[counted][big ? 1 : 0], issue.origin, bound);
    }
    case 'invalid_format':
      if (issue.format === 'regex') return t('zodInvalidPattern', issue.pattern ?? '');
      return t('zodInvalidFormat', issue.format === 'datetime' ? t('zodIsoDatetime') : issue.format);
    case 'invalid_value': {
      const values = issue.values.map((value) => (typeof value === 'string' ? `"${value}"` : String(value)));
      return values.length === 1 ? t('zodInvalidValue', values.join('')) : t('zodInvalidOption', values.join('|'));
    }
    case 'unrecognized_keys':
      return t(issue.keys.length > 1 ? 'zodUnrecognizedKeys' : 'zodUnrecognizedKey', issue.keys.map((key) => `"${key}"`).join(', '));
    case 'invalid_key':
      return t('zodInvalidKey', issue.origin);
    default:
      return t('zodInvalidInput');
  }
}

z.config({ localeError: issueMessage });
