/**
 * Playwright fixtures: the built extension (.output/chrome-mv3) in Debian Chromium, headless, with every service
 * host resolved to the fake internet and every other host unresolvable (TESTING.md §2).
 */
import { test as base, chromium, expect, type BrowserContext, type Page, type Worker } from '@playwright/test';
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { startAllFakes, type FakeInternet } from '../fakes';
import { chromiumArgs, chromiumPath, EXTENSION_DIR } from './chromium';

export interface ExtensionFixtures {
  /**
   * Leave open the first-run guide's tab that the background opens on install (first-run.spec.ts). By default the
   * fixture waits for that tab and closes it, so that every test starts from the same tabs.
   */
  keepWelcomeTab: boolean;
  context: BrowserContext;
  /** The extension's id, read from its service worker's URL. */
  extensionId: string;
  /** The extension's service worker. After `stopServiceWorker()` it can be evaluated in again once an event woke it. */
  serviceWorker: Worker;
  /** Stops the service worker through CDP, as Chromium does to an idle worker; resolves once it has stopped. */
  stopServiceWorker: () => Promise<void>;
  /** Opens one of the extension's pages (`popup.html`, `options.html#library`) in a new tab. */
  openExtensionPage: (file: string) => Promise<Page>;
}

export const test = base.extend<ExtensionFixtures, { fake: FakeInternet }>({
  fake: [
    // eslint-disable-next-line no-empty-pattern -- Playwright requires the destructuring form here.
    async ({}, use) => {
      const fake = await startAllFakes();
      await use(fake);
      await fake.close();
    },
    { scope: 'worker' },
  ],

  keepWelcomeTab: [false, { option: true }],

  context: async ({ fake, keepWelcomeTab }, use, testInfo) => {
    if (!existsSync(path.join(EXTENSION_DIR, 'manifest.json'))) {
      throw new Error(`No build at ${EXTENSION_DIR}: run "npm run build" first.`);
    }
    fake.reset();
    const profile = testInfo.outputPath('profile');
    mkdirSync(path.join(profile, 'Default'), { recursive: true });
    // Developer mode keeps chrome.runtime.reload() from disabling the unpacked extension.
    writeFileSync(path.join(profile, 'Default', 'Preferences'), JSON.stringify({ extensions: { ui: { developer_mode: true } } }));
    const context = await launchBrowser(profile, fake);
    if (!keepWelcomeTab) await (await welcomeTab(context)).close();
    await use(context);
    await context.close();
  },

  serviceWorker: async ({ context }, use) => {
    await use(await currentServiceWorker(context));
  },

  extensionId: async ({ serviceWorker }, use) => {
    await use(new URL(serviceWorker.url()).host);
  },

  stopServiceWorker: async ({ context }, use) => {
    await use(async () => {
      const page = context.pages()[0] ?? (await context.newPage());
      const cdp = await context.newCDPSession(page);
      let stopped = false;
      cdp.on('ServiceWorker.workerVersionUpdated', ({ versions }) => {
        if (versions.some((v) => v.scriptURL.startsWith('chrome-extension://') && v.runningStatus === 'stopped')) stopped = true;
      });
      await cdp.send('ServiceWorker.enable');
      await cdp.send('ServiceWorker.stopAllWorkers');
      // Wait until Chromium reports the worker stopped (evaluating in a stopped worker hangs rather than waking
      // it). A pending event may start it again at once; the same handle works again then.
      await expect.poll(() => stopped, { message: 'service worker did not stop' }).toBe(true);
      await cdp.detach();
    });
  },

  openExtensionPage: async ({ context, extensionId }, use) => {
    await use(async (file) => {
      const page = await context.newPage();
      await page.goto(`chrome-extension://${extensionId}/${file}`);
      return page;
    });
  },
});

/** Starts Chromium with the built extension on `profile` (a fresh one, or one a test restarts on). */
export function launchBrowser(profile: string, fake: FakeInternet): Promise<BrowserContext> {
  return chromium.launchPersistentContext(profile, {
    executablePath: chromiumPath(),
    headless: true,
    args: chromiumArgs(fake.hostResolverRules()),
  });
}

/**
 * Records in a closed profile that the user allowed the extension `pattern` (an optional host permission), the
 * way Chromium itself records an "Allow" in its permission prompt. Headless Chromium cannot show that prompt to
 * be clicked, so this stands in for the click; the extension's own `permissions.request` then resolves `true`.
 */
export function grantInProfile(profile: string, extensionId: string, pattern: string): void {
  const file = path.join(profile, 'Default', 'Preferences');
  const prefs = JSON.parse(readFileSync(file, 'utf8')) as { extensions: { settings: Record<string, Record<string, { explicit_host?: string[] }>> } };
  const settings = prefs.extensions.settings[extensionId];
  if (!settings) throw new Error(`the profile has no settings for extension ${extensionId}`);
  for (const key of ['active_permissions', 'granted_permissions']) {
    const permissions = (settings[key] ??= {});
    permissions.explicit_host = [...new Set([...(permissions.explicit_host ?? []), pattern])];
  }
  writeFileSync(file, JSON.stringify(prefs));
}

const isWelcomeTab = (page: Page) => /^chrome-extension:\/\/[a-p]{32}\/options\.html#welcome$/.test(page.url());

/** The tabs showing the first-run guide's address. */
export function welcomeTabs(context: BrowserContext): Page[] {
  return context.pages().filter(isWelcomeTab);
}

/** The first-run guide's tab, which the background opens on install; waits for it to open. */
export async function welcomeTab(context: BrowserContext): Promise<Page> {
  await expect.poll(() => welcomeTabs(context).length, { message: 'the first-run guide did not open', timeout: 15_000 }).toBeGreaterThan(0);
  return welcomeTabs(context)[0]!;
}

/** The extension's live service worker, waiting for it to start when there is none. */
export async function currentServiceWorker(context: BrowserContext): Promise<Worker> {
  const running = context.serviceWorkers().find((w) => w.url().startsWith('chrome-extension://'));
  return running ?? (await context.waitForEvent('serviceworker'));
}

/**
 * Saves a full-page screenshot into the test's output folder and attaches it to the report. With
 * `SCREENSHOT_DIR` set (`npm run screenshots`) it is also written there, which is how the README's pictures are made.
 */
export async function keepScreenshot(page: Page, name: string): Promise<void> {
  const file = test.info().outputPath(`${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  await test.info().attach(name, { path: file, contentType: 'image/png' });
  const docs = process.env.SCREENSHOT_DIR;
  if (docs) {
    mkdirSync(docs, { recursive: true });
    copyFileSync(file, path.join(docs, `${name}.png`));
  }
}

export { expect } from '@playwright/test';
