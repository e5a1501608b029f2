/**
 * English wording for zod/mini's validation issues. zod/mini ships no locale (every issue would read "Invalid
 * input"), and zod's whole English locale costs ~1 KB gzip in the background; this covers the issues our schemas
 * can raise, in the same words (tests/unit/zod-messages.test.ts checks them against zod's own English locale).
 * A schema's own message ("letters, digits, …") still wins. Imported for its effect by the modules that show
 * issue messages to people: lib/message-router.ts and lib/trackers/http.ts.
 */
import { z } from 'zod/mini';

const UNITS: Partial<Record<string, string>> = { string: 'characters', array: 'items' };

function received(input: unknown): string {
  if (input === null) return 'null';
  if (Array.isArray(input)) return 'array';
  return typeof input === 'number' && Number.isNaN(input) ? 'NaN' : typeof input;
}

export function issueMessage(issue: z.core.$ZodRawIssue): string {
  switch (issue.code) {
    case 'invalid_type':
      return `Invalid input: expected ${issue.expected}, received ${received(issue.input)}`;
    case 'too_small':
    case 'too_big': {
      const big = issue.code === 'too_big';
      const unit = UNITS[issue.origin];
      const bound = `${big ? '<' : '>'}${issue.inclusive ? '=' : ''}${String(big ? issue.maximum : issue.minimum)}`;
      return `Too ${big ? 'big' : 'small'}: expected ${issue.origin} to ${unit ? `have ${bound} ${unit}` : `be ${bound}`}`;
    }
    case 'invalid_format':
      if (issue.format === 'regex') return `Invalid string: must match pattern ${issue.pattern ?? ''}`;
      return `Invalid ${issue.format === 'datetime' ? 'ISO datetime' : issue.format}`;
    case 'invalid_value': {
      const values = issue.values.map((value) => (typeof value === 'string' ? `"${value}"` : String(value)));
      return values.length === 1 ? `Invalid input: expected ${values.join('')}` : `Invalid option: expected one of ${values.join('|')}`;
    }
    case 'unrecognized_keys':
      return `Unrecognized key${issue.keys.length > 1 ? 's' : ''}: ${issue.keys.map((key) => `"${key}"`).join(', ')}`;
    case 'invalid_key':
      return `Invalid key in ${issue.origin}`;
    default:
      return 'Invalid input';
  }
}

z.config({ localeError: issueMessage });
