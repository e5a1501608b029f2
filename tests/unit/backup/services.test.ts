/** An imported change reaches the services through the outbox, and the messages are for extension pages only. */
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { browser, type Browser } from 'wxt/browser';
import { exportBackup } from '../../../lib/backup/export';
import { applyImport } from '../../../lib/backup/import';
import { listOutbox } from '../../../lib/library/outbox';
import { listSeries } from '../../../lib/library/series';
import { routeMessage } from '../../../lib/background/router';
import type { LibraryEntry } from '../../../lib/model';
import { runSync } from '../../../lib/sync/engine';
import type { FakeInternet } from '../../fakes';
import { connectAll, resetLibrary, seedOverlappingLists, startWorld, useFakeInternet, writeCounts } from '../sync/world';

// The services' pace is tested on its own (rate-limiter, http); here it would only make the test slow.
vi.mock('../../../lib/trackers/rate-limiter', async (importOriginal) => {
  const original = await importOriginal<typeof import('../../../lib/trackers/rate-limiter')>();
  return { ...original, createRateLimiter: () => original.createRateLimiter({ perMinute: 6000, burst: 100 }) };
});

// Real per-service pacing makes the runs against the fakes take seconds, by design.
vi.setConfig({ testTimeout: 60_000 });

let internet: FakeInternet;
beforeAll(async () => {
  internet = await startWorld();
});
afterAll(() => internet.close());
afterEach(resetLibrary);

type MalState = { users: { list: { mangaId: number; num_chapters_read: number }[] }[] };
type KitsuState = { entries: { mangaId: string; progress: number }[] };
type AniListState = { users: { list: { mediaId: number; progress: number }[] }[] };

describe('importing into a connected library', () => {
  it('sends an imported newer progress to every service through the outbox, and the next sync writes nothing', async () => {
    seedOverlappingLists(internet);
    useFakeInternet(internet);
    await connectAll(internet);
    await runSync();

    const file = JSON.parse((await exportBackup()).text) as { library: { series: { id: string; ids: { anilist?: number } }[]; entries: LibraryEntry[] } };
    const frieren = file.library.series.find((s) => s.ids.anilist === 118586)!;
    const later = Date.now() + 60_000;
    file.library.entries = file.library.entries.map((e) =>
      e.seriesId === frieren.id ? { ...e, progress: 123, changedAt: { ...e.changedAt, progress: later } } : e,
    );

    internet.log.clear();
    const result = await applyImport(JSON.stringify(file));
    expect(result.summary.entries).toEqual({ added: 0, updated: 1, unchanged: 2 });
    expect(result.queued.sort()).toEqual(['anilist', 'kitsu', 'mal']);
    expect(writeCounts(internet)).toEqual({ anilist: 1, mal: 1, kitsu: 1 });
    expect((internet.services.anilist!.state() as AniListState).users[0]!.list.find((e) => e.mediaId === 118586)?.progress).toBe(123);
    expect((internet.services.mal!.state() as MalState).users[0]!.list.find((e) => e.mangaId === 126287)?.num_chapters_read).toBe(123);
    expect((internet.services.kitsu!.state() as KitsuState).entries.find((e) => e.mangaId === '44037')?.progress).toBe(123);
    expect(await listOutbox()).toEqual([]);
    expect(await listSeries()).toHaveLength(3);

    internet.log.clear();
    await runSync();
    expect(writeCounts(internet)).toEqual({ anilist: 0, mal: 0, kitsu: 0 });
  });
});

describe('backup messages', () => {
  const extensionPage: Browser.runtime.MessageSender = { id: browser.runtime.id, url: browser.runtime.getURL('/options.html') };
  const webPage: Browser.runtime.MessageSender = { id: browser.runtime.id, url: 'https://mangadex.org/title/x', tab: { id: 3 } as Browser.tabs.Tab };

  it('are refused to content scripts', async () => {
    for (const [type, data] of [['exportBackup', {}], ['previewImport', { text: '{}' }], ['applyImport', { text: '{}' }]] as const) {
      expect(await routeMessage({ type, data }, webPage)).toEqual({ ok: false, error: `"${type}" is not available to web pages.` });
    }
  });

  it('answer the options page, and a refused file comes back as a readable error', async () => {
    const exported = await routeMessage({ type: 'exportBackup', data: {} }, extensionPage);
    expect(exported).toMatchObject({ ok: true, data: { fileName: expect.stringMatching(/^kuroibara-sync-backup-\d{4}-\d\d-\d\d\.json$/) as unknown } });
    expect(await routeMessage({ type: 'applyImport', data: { text: '{"format":"kuroibara-sync-backup","version":3}' } }, extensionPage)).toEqual({
      ok: false,
      error: 'This backup was made by a newer version of Kuroibara Sync (format version 3); update the extension to import it.',
    });
    const huge = await routeMessage({ type: 'previewImport', data: { text: 'x'.repeat(20 * 1024 * 1024 + 1) } }, extensionPage);
    expect(huge.ok).toBe(false);
  });
});
