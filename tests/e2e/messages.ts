/**
 * What the E2E specs know of the UI's messages: a message missing from the build shows as its key (t() falls
 * back to the key rather than to nothing), so a page that shows a key has lost a message.
 */
import type { Page } from '@playwright/test';
import english from '../../public/_locales/en/messages.json' with { type: 'json' };

export const MESSAGE_KEYS: readonly string[] = Object.keys(english);

/** Every message key that appears as a word in the page's text, title or the names and hints of its elements. */
export async function messageKeysShown(page: Page): Promise<string[]> {
  const shown = await page.evaluate(() => {
    const attributes = [...document.querySelectorAll('[aria-label], [title], [placeholder], [alt], [aria-description]')].flatMap((el) =>
      ['aria-label', 'title', 'placeholder', 'alt', 'aria-description'].map((name) => el.getAttribute(name) ?? ''),
    );
    return [document.title, document.body.innerText, ...attributes].join('\n');
  });
  const words = new Set(shown.split(/[^A-Za-z0-9]+/));
  return MESSAGE_KEYS.filter((key) => words.has(key));
}
