import { describe, expect, it } from 'vitest';
import { browser } from 'wxt/browser';
import { z } from 'zod/mini';
import { routeMessage } from '../../../lib/background/router';
import { requestSchemas } from '../../../lib/protocol/messages';
import { serviceSettingsSchema } from '../../../lib/settings/services';
import { issueMessage } from '../../../lib/i18n/zod-issues';

const english = z.locales.en().localeError;

/** The first issue's message as the extension words it (the global config) and as zod's English locale does. */
function messages(schema: z.core.$ZodType, input: unknown): [string | undefined, string | undefined] {
  const ours = z.safeParse(schema, input).error?.issues[0]?.message;
  const theirs = z.safeParse(schema, input, { error: english }).error?.issues[0]?.message;
  return [ours, theirs];
}

describe('zod/mini issue messages', () => {
  it('are ours, not zod’s locale (which zod/mini leaves out of the bundle)', () => {
    expect(z.config().localeError).toBe(issueMessage);
  });

  it.each<[string, z.core.$ZodType, unknown]>([
    ['a wrong type', z.string(), 5],
    ['null for a number', z.number(), null],
    ['an array for an object', z.object({}), []],
    ['NaN', z.number(), Number.NaN],
    ['a missing field', z.object({ a: z.number() }), {}],
    ['a fraction for an int', z.int(), 1.5],
    ['a number under its minimum', z.number().check(z.minimum(0)), -1],
    ['a number over its maximum', z.int().check(z.maximum(100)), 120],
    ['zero for a positive number', z.number().check(z.positive()), 0],
    ['a negative for a nonnegative int', z.int().check(z.nonnegative()), -1],
    ['an empty string', z.string().check(z.minLength(1)), ''],
    ['a long string', z.string().check(z.maxLength(3)), 'abcd'],
    ['an empty array', z.array(z.string()).check(z.minLength(1)), []],
    ['a pattern mismatch', z.string().check(z.regex(/^[a-z0-9-]{1,40}$/)), 'A B'],
    ['a bad ISO datetime', z.iso.datetime({ offset: true }), 'yesterday'],
    ['an unknown option', z.enum(['pull', 'push']), 'both'],
    ['a wrong literal', z.literal('manga'), 'anime'],
    ['one extra key', z.strictObject({ a: z.string() }), { a: '', token: 'x' }],
    ['extra keys', z.strictObject({}), { a: 1, b: 2 }],
    ['a union with no match', z.union([z.string(), z.number()]), true],
  ])('words %s as zod English does', (_label, schema, input) => {
    const [ours, theirs] = messages(schema, input);
    expect(theirs).toBeDefined();
    expect(ours).toBe(theirs);
  });

  it('keeps a schema’s own message', () => {
    const [ours] = messages(serviceSettingsSchema.shape.clientId, 'a b');
    expect(ours).toBe('letters, digits, dots, dashes and underscores only');
  });

  it('reaches the reply of a rejected request', async () => {
    const sender = { id: browser.runtime.id, url: browser.runtime.getURL('/options.html') };
    expect(await routeMessage({ type: 'getActivity', data: { limit: 5000 } }, sender)).toEqual({
      ok: false,
      error: 'Invalid "getActivity" request: limit Too big: expected number to be <=1000',
    });
    expect(requestSchemas.getActivity.parse({})).toEqual({ limit: 200 });
  });
});
