/** The first-run guide (options.html#welcome), opened by the worker on install. */
import { browser } from 'wxt/browser';
import { claimGuideOpening } from '../settings/first-run';

/** The guide's page, relative to the extension's root. */
const WELCOME_PATH = '/options.html#welcome';

/**
 * Opens the guide in a new tab, once: not when it was ended, nor when it was opened before. (Chromium installs an
 * unpacked build afresh at every browser start, so "install" alone does not mean a new user.)
 */
export async function openSetupGuide(now = Date.now()): Promise<void> {
  if (await claimGuideOpening(now)) await browser.tabs.create({ url: browser.runtime.getURL(WELCOME_PATH) });
}
