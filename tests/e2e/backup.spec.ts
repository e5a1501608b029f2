/** Options → Backup through the real build: export, wipe, import, and an import file with bad records. */
import { readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import type { FakeInternet } from '../fakes';
import { writeCounts } from '../fakes/writes';
import { currentServiceWorker, expect, keepScreenshot, test } from './fixtures';
import { connectAllThroughOptions, seedOverlappingAccounts } from './pages/integrations';

interface BackupJson {
  format: string;
  version: number;
  exportedAt?: string;
  library: { series: { id: string; title: string; ids: Record<string, unknown> }[]; entries: { seriesId: string; progress: number }[] };
  bindings: { seriesId: string; service: string }[];
  siteLinks: unknown[];
  settings: Record<string, unknown>;
}

/** Connects the three services, syncs their lists into the library, and waits for the run to end. */
async function syncedLibrary(fake: FakeInternet, extensionId: string, openExtensionPage: (file: string) => Promise<Page>): Promise<Page> {
  seedOverlappingAccounts(fake, extensionId);
  const { page } = await connectAllThroughOptions(await openExtensionPage('options.html#integrations'));
  await page.getByRole('tab', { name: 'Library' }).click();
  await page.getByRole('button', { name: 'Sync now' }).click();
  const library = page.getByRole('table', { name: 'Library' });
  for (const title of ['Berserk', 'Monster', 'Sousou no Frieren']) {
    await expect(library.getByRole('row').filter({ hasText: title })).toHaveCount(1, { timeout: 90_000 });
  }
  await expect(page.getByRole('button', { name: 'Sync now' })).toBeEnabled({ timeout: 90_000 });
  return page;
}

/** "Export backup" on the Backup tab; the downloaded file, parsed. */
async function exportBackup(page: Page): Promise<BackupJson> {
  await page.getByRole('tab', { name: 'Backup' }).click();
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export backup' }).click()]);
  expect(download.suggestedFilename()).toMatch(/^kuroibara-sync-backup-\d{4}-\d\d-\d\d\.json$/);
  return JSON.parse(readFileSync(await download.path(), 'utf8')) as BackupJson;
}

/** Picks a file in "Import backup" and waits for the preview. */
async function chooseImport(page: Page, file: BackupJson, name = 'library.json') {
  await page.getByRole('tab', { name: 'Backup' }).click();
  await page.getByLabel('Import backup').setInputFiles({ name, mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(file)) });
  const preview = page.getByRole('region', { name: `What importing ${name} will change` });
  await expect(preview).toBeVisible();
  return preview;
}

/** The file without its time of export, the one thing two exports of the same library may differ in. */
const withoutTime = (file: BackupJson): BackupJson => ({ ...file, exportedAt: undefined });

/** The titles the Library tab shows now (it loads the library when it opens: poll this). */
async function libraryTitles(page: Page): Promise<string[]> {
  await page.getByRole('tab', { name: 'Library' }).click();
  const titles = page.getByRole('table', { name: 'Library' }).getByRole('row').getByRole('cell').and(page.locator('.title'));
  return (await titles.allInnerTexts()).map((text) => text.trim()).sort();
}

test.describe('Backup', () => {
  test.setTimeout(180_000);

  test('export, wipe the library, import: the same rows come back and a new export equals the first', async ({ context, fake, extensionId, openExtensionPage }) => {
    const page = await syncedLibrary(fake, extensionId, openExtensionPage);
    const titles = ['Berserk', 'Monster', 'Sousou no Frieren'];
    await expect.poll(() => libraryTitles(page)).toEqual(titles);
    const first = await exportBackup(page);
    expect(first).toMatchObject({ format: 'kuroibara-sync-backup', version: 1 });
    expect(first.library.series).toHaveLength(3);
    expect(first.bindings.length).toBeGreaterThanOrEqual(3);
    // The file carries no secrets: the tokens the fakes issued are nowhere in it.
    expect(JSON.stringify(first)).not.toMatch(/access_?token|refresh_?token|clientSecret|password/i);

    // Wipe: the extension's whole database goes, as on a new machine.
    const worker = await currentServiceWorker(context);
    await worker.evaluate(
      () =>
        new Promise<void>((resolve, reject) => {
          const request = indexedDB.deleteDatabase('kuroibara-sync');
          request.onsuccess = () => resolve();
          request.onerror = () => reject(new Error(String(request.error)));
        }),
    );
    await page.reload();
    await page.getByRole('tab', { name: 'Library' }).click();
    await expect(page.getByRole('heading', { name: 'Your library is empty' })).toBeVisible();

    const preview = await chooseImport(page, first);
    await expect(preview.getByRole('row', { name: /^Series/ })).toHaveText(/Series\s*3\s*0\s*0/);
    await expect(preview.getByRole('row', { name: /^Entries/ })).toHaveText(/Entries\s*3\s*0\s*0/);
    await expect(preview).toContainText(`Links to service entries${first.bindings.length} added`);
    await expect(preview).not.toContainText('Not imported');
    await keepScreenshot(page, 'options-backup-preview');
    await preview.getByRole('button', { name: 'Apply import' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Imported' })).toContainText('Imported: 3 series added, 0 updated; 3 entries added, 0 updated');
    await expect(preview).toBeHidden();

    await expect.poll(() => libraryTitles(page)).toEqual(titles);
    const second = await exportBackup(page);
    expect(withoutTime(second)).toEqual(withoutTime(first));
  });

  test('an import file with bad records: the preview lists each with its reason, and only the good ones are imported', async ({ fake, extensionId, openExtensionPage }) => {
    const page = await syncedLibrary(fake, extensionId, openExtensionPage);
    const before = await exportBackup(page);
    const frieren = before.library.series.find((s) => s.title === 'Sousou no Frieren')!;
    const frierenEntry = before.library.entries.find((e) => e.seriesId === frieren.id)!;
    const now = Date.now();
    const changedAt = Object.fromEntries(['status', 'progress', 'progressVolumes', 'score', 'startedAt', 'completedAt', 'rereads', 'notes', 'private'].map((f) => [f, now]));
    const vagabond = { id: 'from-backup-vagabond', title: 'Vagabond', altTitles: [], ids: { anilist: 30656, mal: 656, kitsu: '183' }, totalChapters: 327, totalVolumes: 37, createdAt: now, updatedAt: now };
    const fields = { status: 'reading', progress: 5, progressVolumes: null, score: null, startedAt: null, completedAt: null, rereads: 0, notes: '', private: false };
    const file: BackupJson = {
      ...before,
      library: {
        series: [...before.library.series, vagabond, { ...vagabond, id: 'from-backup-broken', title: 'Broken', ids: { anilist: -7 } }],
        entries: [
          ...before.library.entries,
          { ...fields, seriesId: vagabond.id, changedAt } as never,
          // A newer but absurd progress for Frieren: it must not reach the library or any service.
          { ...frierenEntry, progress: 1e9, changedAt } as never,
          { ...fields, seriesId: 'from-backup-broken', changedAt } as never,
        ],
      },
      bindings: [...before.bindings, { seriesId: vagabond.id, service: 'myspace', mediaId: '656', entryId: null, base: null, baseRemoteUpdatedAt: null, syncedAt: null } as never],
    };
    const n = before.library.entries.length;
    const preview = await chooseImport(page, file, 'with-errors.json');
    await expect(preview.getByRole('heading', { name: 'Not imported: 4 records with errors' })).toBeVisible();
    const rejected = preview.getByRole('list', { name: 'Not imported: 4 records with errors' }).getByRole('listitem');
    await expect(rejected).toHaveText([
      `series[${before.library.series.length + 1}]: ids.anilist: Too small: expected number to be >0`,
      `entries[${n + 1}]: progress: Too big: expected number to be <=100000`,
      `bindings[${before.bindings.length}]: service: Invalid option: expected one of "anilist"|"mal"|"kitsu"`,
      `entries[${n + 2}]: seriesId: no series "from-backup-broken" in this backup or the library`,
    ]);
    await expect(preview.getByRole('row', { name: /^Series/ })).toHaveText(/Series\s*1\s*0\s*3/);
    await expect(preview.getByRole('row', { name: /^Entries/ })).toHaveText(/Entries\s*1\s*0\s*3/);
    await expect(preview).toContainText('Settings changednone');
    await keepScreenshot(page, 'options-backup-rejected');

    fake.log.clear();
    await preview.getByRole('button', { name: 'Apply import' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Imported' })).toContainText('Imported: 1 series added, 0 updated; 1 entries added, 0 updated');
    await expect(page.getByRole('status').filter({ hasText: 'Imported' })).toContainText('4 records with errors were left out');

    await expect.poll(() => libraryTitles(page)).toEqual(['Berserk', 'Monster', 'Sousou no Frieren', 'Vagabond']);
    // The services got Vagabond, through the outbox, and nothing else.
    expect(writeCounts(fake)).toEqual({ anilist: 1, mal: 1, kitsu: 1 });
    const anilist = fake.services.anilist!.state() as { users: { list: { mediaId: number; progress: number }[] }[] };
    expect(anilist.users[0]!.list.find((e) => e.mediaId === 30656)?.progress).toBe(5);
    expect(anilist.users[0]!.list.find((e) => e.mediaId === 118586)?.progress).toBe(110);
    const mal = fake.services.mal!.state() as { users: { list: { mangaId: number; num_chapters_read: number }[] }[] };
    expect(mal.users[0]!.list.find((e) => e.mangaId === 656)?.num_chapters_read).toBe(5);
    const kitsu = fake.services.kitsu!.state() as { entries: { mangaId: string; progress: number }[] };
    expect(kitsu.entries.find((e) => e.mangaId === '183')?.progress).toBe(5);

    // Nothing else changed: the library is the old one plus Vagabond (and the links its first sync made).
    const after = await exportBackup(page);
    const added = after.library.series.find((s) => s.title === 'Vagabond')!;
    expect(added.id).toBe(vagabond.id);
    expect(withoutTime({
      ...after,
      library: { series: after.library.series.filter((s) => s !== added), entries: after.library.entries.filter((e) => e.seriesId !== added.id) },
      bindings: after.bindings.filter((b) => b.seriesId !== added.id),
    })).toEqual(withoutTime(before));
    expect(after.bindings.filter((b) => b.seriesId === added.id).map((b) => b.service).sort()).toEqual(['anilist', 'kitsu', 'mal']);
  });

  test('a self-hosted server restored from a backup is listed without access, with a button to allow it again', async ({ serviceWorker, openExtensionPage }) => {
    const page = await openExtensionPage('options.html');
    const empty = await exportBackup(page);
    const komga = 'https://komga.home.test';
    const file: BackupJson = { ...empty, settings: { ...empty.settings, servers: [{ kind: 'komga', origin: komga, addedAt: Date.now() }] } };
    const preview = await chooseImport(page, file, 'with-server.json');
    await preview.getByRole('button', { name: 'Apply import' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Imported' })).toBeVisible();

    // A file cannot grant a permission: the server is kept, but no script is registered until the user allows it.
    await page.getByRole('tab', { name: 'Sites' }).click();
    await expect(page.getByRole('listitem').filter({ hasText: `Komga at ${komga}` })).toContainText('no access: the browser has not allowed it');
    await expect(page.getByRole('button', { name: `Allow access to ${komga}` })).toBeVisible();
    expect(await serviceWorker.evaluate(() => chrome.scripting.getRegisteredContentScripts())).toEqual([]);
  });
});
