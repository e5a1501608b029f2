/**
 * The first-run guide: the background opens it once on install (the fixture's profile is a fresh one), "Done" or
 * "Skip setup" ends it, and from then on the options page never shows it again, whatever the address.
 */
import type { BrowserContext, Page } from '@playwright/test';
import { currentServiceWorker, expect, keepScreenshot, launchBrowser, test, welcomeTab, welcomeTabs } from './fixtures';

test.use({ keepWelcomeTab: true });

/** The options page shows its tabs (Integrations open), not the guide. */
async function expectIntegrations(page: Page): Promise<void> {
  await expect(page.getByRole('tab', { name: 'Integrations', selected: true })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Welcome to Kuroibara Sync' })).toHaveCount(0);
  // The address no longer names the guide, so a reload or a bookmark of it shows the tabs too.
  await expect(page).not.toHaveURL(/#welcome$/);
}

/** Opens `file` of the extension in a new tab of `context`. */
async function open(context: BrowserContext, file: string): Promise<Page> {
  const extensionId = new URL((await currentServiceWorker(context)).url()).host;
  const page = await context.newPage();
  await page.goto(`chrome-extension://${extensionId}/${file}`);
  return page;
}

test('on install the guide opens once; Done keeps the reading mode chosen and ends it for good', async ({ context, openExtensionPage, stopServiceWorker }) => {
  const guide = await welcomeTab(context);
  await expect(guide.getByRole('heading', { level: 1, name: 'Welcome to Kuroibara Sync' })).toBeVisible();
  expect(welcomeTabs(context)).toHaveLength(1);
  // The guide stands in place of the tabs.
  await expect(guide.getByRole('tab')).toHaveCount(0);

  // Step 1: the same service cards as Integrations, ready to connect.
  await expect(guide.getByRole('heading', { name: 'Step 1 of 3: Connect your services' })).toBeVisible();
  for (const name of ['AniList', 'MyAnimeList'] as const) {
    await expect(guide.getByRole('region', { name }).getByRole('button', { name: `Connect ${name}` })).toBeVisible();
  }
  await expect(guide.getByRole('region', { name: 'Kitsu' }).getByLabel('Kitsu email or username')).toBeVisible();
  await keepScreenshot(guide, 'options-welcome');
  await guide.getByRole('button', { name: 'Next' }).click();

  // Step 2: the reading mode, saved as soon as it is chosen.
  await expect(guide.getByRole('heading', { name: 'Step 2 of 3: Choose how reading is tracked' })).toBeFocused();
  await expect(guide.getByRole('radio', { name: /^Automatic/ })).toBeChecked();
  await guide.getByRole('radio', { name: /^Ask first/ }).check();
  await expect(guide.getByRole('status')).toHaveText('Saved: Ask first.');
  await guide.getByRole('button', { name: 'Next' }).click();

  // Step 3: own servers are optional and live in Sites.
  await expect(guide.getByRole('heading', { name: 'Step 3 of 3: Add your own server (optional)' })).toBeFocused();
  await expect(guide.getByRole('button', { name: 'Finish and open Sites' })).toBeVisible();
  await guide.getByRole('button', { name: 'Done', exact: true }).click();

  // Done: the page becomes the options page, focus on the Integrations tab.
  await expectIntegrations(guide);
  await expect(guide.getByRole('tab', { name: 'Integrations' })).toBeFocused();
  await guide.getByRole('tab', { name: 'Sites' }).click();
  await expect(guide.getByRole('radio', { name: /^Ask first/ })).toBeChecked();

  // Reopened, even at the guide's own address, the options page shows Integrations.
  await expectIntegrations(await openExtensionPage('options.html'));
  await expectIntegrations(await openExtensionPage('options.html#welcome'));
  // The same once the service worker has restarted: the flag lives in IndexedDB, not in the worker's memory.
  await stopServiceWorker();
  await expectIntegrations(await openExtensionPage('options.html#welcome'));
  expect(welcomeTabs(context)).toHaveLength(0);
});

test('Skip setup on the first step ends the guide, and changes nothing else', async ({ context, openExtensionPage, stopServiceWorker }) => {
  const guide = await welcomeTab(context);
  await guide.getByRole('button', { name: 'Skip setup' }).click();
  await expectIntegrations(guide);
  await expect(guide.getByRole('tab', { name: 'Integrations' })).toBeFocused();

  await stopServiceWorker();
  const again = await openExtensionPage('options.html#welcome');
  await expectIntegrations(again);
  await again.getByRole('tab', { name: 'Sites' }).click();
  await expect(again.getByRole('radio', { name: /^Automatic/ })).toBeChecked();
});

test('a guide closed unfinished is not opened again when the browser restarts, yet its address still shows it', async ({ context, fake }, testInfo) => {
  await (await welcomeTab(context)).close();
  await context.close();

  // Chromium installs an unpacked build afresh at every start, so "install" fires again on the same profile.
  const restarted = await launchBrowser(testInfo.outputPath('profile'), fake);
  try {
    await currentServiceWorker(restarted);
    // Without the "opened once" record the tab appears within a second of the worker starting.
    await new Promise((resolve) => setTimeout(resolve, 3000));
    expect(welcomeTabs(restarted)).toHaveLength(0);
    // Not ended, so the guide is still there for whoever goes back to it.
    const guide = await open(restarted, 'options.html#welcome');
    await expect(guide.getByRole('heading', { level: 1, name: 'Welcome to Kuroibara Sync' })).toBeVisible();
  } finally {
    await restarted.close();
  }
});
