/**
 * The messages in the real browser: Chromium loads `_locales/en/messages.json` of the build, and every message,
 * with its placeholders' examples, reads exactly as the English getMessage of the unit tests gives it. So what the
 * unit tests assert about text is what users see, and a message Chromium cannot resolve fails here.
 */
import { ENGLISH, formatMessage } from '../unit/support/english-messages';
import { expect, test } from './fixtures';
import { MESSAGE_KEYS } from './messages';

/** A message's placeholder examples, in the order of their `$1`…`$9`. */
function examples(key: string): string[] {
  const placeholders = Object.values(ENGLISH[key]?.placeholders ?? {});
  return placeholders.sort((a, b) => a.content.localeCompare(b.content)).map((p) => p.example ?? '');
}

test('every message reads in Chromium as the unit tests read it, in pages and in the service worker', async ({ openExtensionPage, serviceWorker }) => {
  const cases = MESSAGE_KEYS.map((key) => ({ key, substitutions: examples(key) }));
  const expected = Object.fromEntries(cases.map(({ key, substitutions }) => [key, formatMessage(ENGLISH[key]!, substitutions)]));

  const options = await openExtensionPage('options.html');
  const inPage = await options.evaluate((all) => Object.fromEntries(all.map(({ key, substitutions }) => [key, chrome.i18n.getMessage(key, substitutions)])), cases);
  expect(inPage).toEqual(expected);

  // The background builds its errors, sync-log lines and notifications with the same messages.
  const inWorker = await serviceWorker.evaluate((all) => Object.fromEntries(all.map(({ key, substitutions }) => [key, chrome.i18n.getMessage(key, substitutions)])), cases);
  expect(inWorker).toEqual(expected);
});
