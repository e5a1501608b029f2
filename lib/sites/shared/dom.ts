/** DOM reading helpers shared by site adapters. */

const NON_TEXT = 'script, style, template, noscript';

/**
 * The text a person sees in an element: whitespace collapsed, script/style content dropped (a page can hide
 * markup inside a title to make it lie), capped so a hostile page cannot hand us megabytes.
 */
export function visibleText(element: Element | null | undefined, maxLength = 500): string {
  if (!element) return '';
  let text = element.textContent;
  if (element.querySelector(NON_TEXT)) {
    const copy = element.cloneNode(true) as Element;
    copy.querySelectorAll(NON_TEXT).forEach((node) => node.remove());
    text = copy.textContent;
  }
  return text.replace(/\s+/g, ' ').trim().slice(0, maxLength);
}
