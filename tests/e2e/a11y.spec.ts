/**
 * Accessibility: axe-core on the popup and on every view of the options page, in the light and the dark colour
 * scheme. No violation of impact serious or critical may remain: names for every control, contrast, roles,
 * landmarks, heading order. Each scan's full report (every impact) is attached to the test. The same pages must show
 * no message key in place of its text (a message missing from the build's messages.json).
 */
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { CATALOG } from '../fakes/catalog';
import type { FakeInternet } from '../fakes';
import { expect, test } from './fixtures';
import { messageKeysShown } from './messages';
import { IntegrationsPage } from './pages/integrations';

const SCHEMES = ['light', 'dark'] as const;
const frieren = CATALOG.find((m) => m.anilist === 118586)!;
const chapter12 = frieren.mangadexChapters.find((c) => c.chapter === '12')!;

/**
 * Runs axe on `page` as it is now, once per colour scheme; every serious or critical violation is a failure.
 * Legacy mode runs axe inside the page alone: the default opens a blank tab to merge frame results, and that tab,
 * becoming the window's active one, would change what the popup shows. These pages have no frames to merge.
 */
async function expectAccessible(page: Page, what: string): Promise<void> {
  for (const colorScheme of SCHEMES) {
    await page.emulateMedia({ colorScheme });
    const { violations } = await new AxeBuilder({ page })
      .setLegacyMode()
      // WCAG 2.2 AA target size (24 × 24 px or enough spacing), which axe leaves off by default.
      .options({ rules: { 'target-size': { enabled: true } } })
      .analyze();
    await test.info().attach(`axe: ${what} (${colorScheme})`, { body: JSON.stringify(violations, null, 2), contentType: 'application/json' });
    const serious = violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.id} (${String(v.impact)}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(' | ')}`);
    expect.soft(serious, `${what}, ${colorScheme} scheme`).toEqual([]);
  }
  await page.emulateMedia({ colorScheme: null });
  // A name or a text that reads "librarySyncNow" is as unusable as none: every message must come from the build.
  expect.soft(await messageKeysShown(page), `${what}: message keys shown instead of text`).toEqual([]);
}

/** AniList (Ayaka) with three series, MyAnimeList (Hinata) with one of them behind: a sync leaves work for MAL. */
function seedLists(fake: FakeInternet, extensionId: string): void {
  const redirectUri = `https://${extensionId}.chromiumapp.org/`;
  const t = Math.floor(Date.now() / 1000) - 86_400;
  fake.services.anilist!.seed({
    users: [{
      id: 5001, name: 'Ayaka', scoreFormat: 'POINT_10_DECIMAL',
      list: [
        { mediaId: frieren.anilist, status: 'CURRENT', progress: 10, scoreRaw: 90, updatedAt: t + 500 },
        { mediaId: 30002, status: 'CURRENT', progress: 350, scoreRaw: 95, updatedAt: t + 300 },
        { mediaId: 30001, status: 'PLANNING', progress: 0, updatedAt: t + 100 },
      ],
    }],
    clients: [{ id: '4242', redirectUri }],
    authorize: { user: 'Ayaka', action: 'approve' },
  });
  fake.services.mal!.seed({
    clients: [{ id: 'e2e-mal', redirectUri }],
    users: [{ id: 6001, name: 'Hinata', list: [{ mangaId: frieren.mal, status: 'reading', num_chapters_read: 8, updated_at: new Date(t * 1000).toISOString() }] }],
    authorize: { user: 'Hinata', action: 'approve' },
  });
}

test('popup on an empty tab', async ({ openExtensionPage }) => {
  const popup = await openExtensionPage('popup.html');
  await expect(popup.getByText(/No chapter detected here/)).toBeVisible();
  await expect(popup.getByRole('listitem').filter({ hasText: 'Kitsu' })).toContainText('Not connected');
  await expect(popup.getByText(/never synced|last sync/)).toBeVisible();
  await expectAccessible(popup, 'popup, empty tab');
});

test('options: Integrations, Activity, Sites, Backup and Settings of a new profile', async ({ openExtensionPage }) => {
  const options = await openExtensionPage('options.html');
  const integrations = new IntegrationsPage(options);
  await expect(integrations.card('Kitsu')).toContainText('Not connected');
  // One service's settings open, so its form is checked too.
  await integrations.card('AniList').getByText('AniList settings', { exact: true }).click();
  await expect(integrations.card('AniList').getByLabel('AniList client ID')).toBeVisible();
  await expectAccessible(options, 'options, Integrations');

  await options.getByRole('tab', { name: 'Activity' }).click();
  await expect(options.getByRole('region', { name: 'Sync log' })).toBeVisible();
  await expectAccessible(options, 'options, Activity (empty)');

  await options.getByRole('tab', { name: 'Sites' }).click();
  await expect(options.getByRole('checkbox', { name: 'Track reading on MangaDex' })).toBeChecked();
  await expectAccessible(options, 'options, Sites');

  await options.getByRole('tab', { name: 'Backup' }).click();
  await expect(options.getByRole('tabpanel').getByRole('heading').first()).toBeVisible();
  await expectAccessible(options, 'options, Backup');

  await options.getByRole('tab', { name: 'Settings' }).click();
  await expect(options.getByRole('tabpanel').getByRole('heading').first()).toBeVisible();
  await expectAccessible(options, 'options, Settings');
});

test('options: the first-run guide, every step', async ({ openExtensionPage }) => {
  const guide = await openExtensionPage('options.html#welcome');
  await expect(guide.getByRole('heading', { name: 'Step 1 of 3: Connect your services' })).toBeVisible();
  await expect(guide.getByRole('region', { name: 'Kitsu' })).toContainText('Not connected');
  await expectAccessible(guide, 'first-run guide, step 1');
  await guide.getByRole('button', { name: 'Next' }).click();
  await guide.getByRole('radio', { name: /^Ask first/ }).check();
  await expect(guide.getByRole('status')).toHaveText('Saved: Ask first.');
  await expectAccessible(guide, 'first-run guide, step 2');
  await guide.getByRole('button', { name: 'Next' }).click();
  await expect(guide.getByRole('button', { name: 'Finish and open Sites' })).toBeVisible();
  await expectAccessible(guide, 'first-run guide, step 3');
});

test('options with a synced library (Library, the entry editor, Activity, Integrations) and the popup on a MangaDex reader tab', async ({ context, openExtensionPage, fake, extensionId }) => {
  test.setTimeout(180_000);
  seedLists(fake, extensionId);
  const options = await openExtensionPage('options.html#integrations');
  const integrations = new IntegrationsPage(options);
  await integrations.setClientId('AniList', '4242');
  await integrations.connect('AniList');
  await integrations.expectConnected('AniList', 'Ayaka');
  await integrations.setClientId('MyAnimeList', 'e2e-mal');
  await integrations.connect('MyAnimeList');
  await integrations.expectConnected('MyAnimeList', 'Hinata');

  // MyAnimeList refuses writes for a while: the library and Activity show changes waiting and errors.
  fake.faults.add({ host: 'api.myanimelist.net', method: 'PATCH', status: 503, times: 20 });
  await options.getByRole('tab', { name: 'Library' }).click();
  await options.getByRole('button', { name: 'Sync now' }).click();
  const library = options.getByRole('table', { name: 'Library' });
  for (const title of ['Berserk', 'Monster', frieren.title.romaji]) {
    await expect(library.getByRole('row').filter({ hasText: title })).toHaveCount(1, { timeout: 90_000 });
  }
  await expect(options.getByRole('button', { name: 'Sync now' })).toBeEnabled({ timeout: 90_000 });
  await expectAccessible(options, 'options, Library with rows');

  await library.getByRole('row').filter({ hasText: 'Berserk' }).click();
  await expect(options.getByRole('region', { name: 'Edit Berserk' })).toBeVisible();
  await expectAccessible(options, 'options, Library entry editor');

  await options.getByRole('tab', { name: 'Activity' }).click();
  await expect(options.getByRole('region', { name: 'Sync log' }).getByRole('listitem').first()).toBeVisible();
  await expectAccessible(options, 'options, Activity after a sync');

  await options.getByRole('tab', { name: 'Integrations' }).click();
  await integrations.expectConnected('MyAnimeList', 'Hinata');
  await expectAccessible(options, 'options, Integrations with connected services');

  // The popup on a reader tab with a detection: the series, its services, "Mark chapter 12 as read", quick edit.
  const reader = await context.newPage();
  await reader.goto(`https://mangadex.org/chapter/${chapter12.id}`);
  const popup = await openExtensionPage('popup.html');
  await reader.bringToFront();
  await expect(popup.getByRole('button', { name: 'Mark chapter 12 as read' })).toBeVisible({ timeout: 20_000 });
  await popup.getByText(`Edit ${frieren.title.romaji}`).click();
  await expect(popup.getByLabel('Chapters read')).toBeVisible();
  await expectAccessible(popup, 'popup, MangaDex reader tab');
});
