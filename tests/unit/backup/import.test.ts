import { deleteDB } from 'idb';
import { afterEach, describe, expect, it } from 'vitest';
import { exportBackup } from '../../../lib/backup/export';
import { applyImport, previewImport } from '../../../lib/backup/import';
import { BackupError } from '../../../lib/backup/schemas';
import { getBinding, listBindings } from '../../../lib/library/bindings';
import { DB_NAME } from '../../../lib/library/db';
import { getEntry, listEntries, putEntry } from '../../../lib/library/entries';
import { listSeries, putSeries } from '../../../lib/library/series';
import { getSiteLink } from '../../../lib/library/site-links';
import { readReadingSettings } from '../../../lib/settings/reading';
import { readServiceSettings } from '../../../lib/settings/services';
import { BERSERK, entry, FIELDS, FRIEREN, seedLibrary, series } from './library';

afterEach(async () => {
  await deleteDB(DB_NAME);
});

type File = {
  format: string; version: number; exportedAt?: string;
  library: { series: unknown[]; entries: unknown[] };
  bindings: unknown[]; siteLinks: unknown[];
  settings: { services: Record<string, unknown>; reading?: unknown; servers?: unknown[] };
};

/** A backup file of these records, as an export writes it. */
function backupOf(records: Partial<Pick<File, 'bindings' | 'siteLinks'>> & { series?: unknown[]; entries?: unknown[]; settings?: File['settings'] }): string {
  const file: File = {
    format: 'kuroibara-sync-backup', version: 1, exportedAt: '2025-05-06T12:00:00.000Z',
    library: { series: records.series ?? [], entries: records.entries ?? [] },
    bindings: records.bindings ?? [], siteLinks: records.siteLinks ?? [], settings: records.settings ?? { services: {} },
  };
  return JSON.stringify(file);
}

const withoutTime = (text: string): File => ({ ...(JSON.parse(text) as File), exportedAt: undefined });

describe('import round trip', () => {
  it('restores a wiped library exactly as it was exported', async () => {
    await seedLibrary();
    const first = await exportBackup();
    await deleteDB(DB_NAME);
    expect(await listSeries()).toEqual([]);

    const preview = await previewImport(first.text);
    expect(preview).toMatchObject({
      series: { added: 3, updated: 0, unchanged: 0 },
      entries: { added: 3, updated: 0, unchanged: 0 },
      bindings: { added: 2, kept: 0 },
      siteLinks: { added: 1, kept: 0 },
      settings: ['AniList settings', 'Reading settings'],
      rejected: [],
      changes: true,
    });
    // A preview writes nothing.
    expect(await listSeries()).toEqual([]);

    const result = await applyImport(first.text);
    expect(result.summary).toEqual(preview);
    expect(result.queued).toEqual([]);
    const second = await exportBackup();
    expect(withoutTime(second.text)).toEqual(withoutTime(first.text));
  });

  it('changes nothing when the same backup is imported into the library it came from', async () => {
    await seedLibrary();
    const { text } = await exportBackup();
    const preview = await previewImport(text);
    expect(preview).toMatchObject({
      series: { added: 0, updated: 0, unchanged: 3 },
      entries: { added: 0, updated: 0, unchanged: 3 },
      bindings: { added: 0, kept: 2 },
      siteLinks: { added: 0, kept: 1 },
      settings: [],
      changes: false,
    });
    await applyImport(text);
    expect(withoutTime((await exportBackup()).text)).toEqual(withoutTime(text));
  });
});

describe('merging into a library', () => {
  it('joins a backup series to the library series with the same MyAnimeList id instead of adding it twice', async () => {
    await putSeries(BERSERK);
    await putEntry(entry(BERSERK.id, { progress: 350 }));
    const theirs = series('uuid-from-another-install', 'ベルセルク', { mal: 2, kitsu: '24' }, { altTitles: ['Berserk'], totalChapters: 380 });
    const text = backupOf({
      series: [theirs],
      entries: [entry(theirs.id, { progress: 360 }, 9_000)],
      bindings: [{ seriesId: theirs.id, service: 'kitsu', mediaId: '24', entryId: '77', base: null, baseRemoteUpdatedAt: null, syncedAt: null }],
    });
    expect(await previewImport(text)).toMatchObject({ series: { added: 0, updated: 1, unchanged: 0 }, entries: { added: 0, updated: 1, unchanged: 0 }, bindings: { added: 1, kept: 0 } });

    await applyImport(text, 50_000);
    const all = await listSeries();
    expect(all).toHaveLength(1);
    // The library's record stays (its id, title and ids), with what the backup adds.
    expect(all[0]).toMatchObject({ id: BERSERK.id, title: 'Berserk', ids: { anilist: 30002, mal: 2, kitsu: '24' }, altTitles: ['ベルセルク'], totalChapters: 380, updatedAt: 50_000 });
    expect((await listEntries()).map((e) => [e.seriesId, e.progress])).toEqual([[BERSERK.id, 360]]);
    expect(await getBinding('kitsu', BERSERK.id)).toMatchObject({ mediaId: '24', entryId: '77' });
  });

  it('takes each field from whichever side changed it later', async () => {
    await putSeries(FRIEREN);
    await putEntry(entry(FRIEREN.id, { progress: 10, score: 80, notes: 'mine' }, 1_000, { progress: 2_000, score: 5_000, notes: 3_000 }));
    const text = backupOf({
      series: [FRIEREN],
      entries: [entry(FRIEREN.id, { progress: 20, score: 60, notes: 'mine' }, 1_000, { progress: 3_000, score: 4_000, notes: 9_000 })],
    });
    await applyImport(text);
    const merged = await getEntry(FRIEREN.id);
    expect(merged).toMatchObject({ progress: 20, score: 80, notes: 'mine' });
    expect(merged?.changedAt).toMatchObject({ progress: 3_000, score: 5_000, notes: 3_000 });
  });

  it('never replaces an existing binding or its base, and keeps bindings only for series that exist', async () => {
    await seedLibrary();
    const before = await getBinding('anilist', FRIEREN.id);
    const text = backupOf({
      series: [FRIEREN],
      bindings: [
        { seriesId: FRIEREN.id, service: 'anilist', mediaId: '118586', entryId: '1', base: { ...FIELDS, progress: 999 }, baseRemoteUpdatedAt: 99_999, syncedAt: 99_999 },
        { seriesId: 'gone', service: 'mal', mediaId: '5', entryId: null, base: null, baseRemoteUpdatedAt: null, syncedAt: null },
      ],
    });
    const preview = await previewImport(text);
    expect(preview.bindings).toEqual({ added: 0, kept: 1 });
    expect(preview.rejected).toEqual([{ record: 'bindings[1]', reason: 'seriesId: no series "gone" in this backup or the library' }]);
    await applyImport(text);
    expect(await getBinding('anilist', FRIEREN.id)).toEqual(before);
    expect(await listBindings('mal')).toHaveLength(1);
  });

  it('gives a backup series a new id when the library uses its id for another manga', async () => {
    await putSeries(series('same-id', 'Monster', { mal: 1 }));
    await applyImport(backupOf({ series: [series('same-id', 'Vagabond', { mal: 656 })], entries: [entry('same-id', { progress: 3 })] }));
    const all = await listSeries();
    expect(all.map((s) => s.title).sort()).toEqual(['Monster', 'Vagabond']);
    const vagabond = all.find((s) => s.title === 'Vagabond')!;
    expect(vagabond.id).not.toBe('same-id');
    expect(await getEntry(vagabond.id)).toMatchObject({ progress: 3 });
    expect(await getEntry('same-id')).toBeNull();
  });
});

describe('checking a backup record by record', () => {
  it('leaves out each bad record with its reason and imports the good ones', async () => {
    await putSeries(FRIEREN);
    const good = series('s-good', 'Vagabond', { anilist: 30656, mal: 656 });
    const text = backupOf({
      series: [good, { ...series('s-bad', 'Bad', { anilist: -4 }) }, { id: 's-untitled', ids: {} }],
      entries: [
        entry(FRIEREN.id, { status: 'reading_hard' as 'reading' }),
        entry(good.id, { progress: 30 }),
        entry('s-bad', { progress: 1 }),
        entry(FRIEREN.id, { progress: 1e9 }),
      ],
      bindings: [{ seriesId: good.id, service: 'myspace', mediaId: '1', entryId: null, base: null, baseRemoteUpdatedAt: null, syncedAt: null }],
      siteLinks: [{ site: 'mangadex', seriesKey: 'd1a9fdeb', seriesId: good.id, how: 'ids', at: 1 }, { site: 'Not A Site', seriesKey: 'x', seriesId: good.id, how: 'ids', at: 1 }],
      settings: { services: { mal: { enabled: 'yes' }, myspace: {} }, servers: [{ kind: 'komga', origin: 'ftp://files', addedAt: 1 }] },
    });
    const preview = await previewImport(text);
    expect(preview.rejected).toEqual([
      { record: 'series[1]', reason: 'ids.anilist: Too small: expected number to be >0' },
      { record: 'series[2]', reason: 'title: Invalid input: expected string, received undefined' },
      { record: 'entries[0]', reason: 'status: Invalid option: expected one of "reading"|"completed"|"on_hold"|"dropped"|"planning"|"rereading"' },
      { record: 'entries[3]', reason: 'progress: Too big: expected number to be <=100000' },
      { record: 'bindings[0]', reason: 'service: Invalid option: expected one of "anilist"|"mal"|"kitsu"' },
      { record: 'siteLinks[1]', reason: 'site: Invalid string: must match pattern /^[a-z0-9-]{1,40}$/' },
      { record: 'settings.services.mal', reason: 'enabled: Invalid input: expected boolean, received string' },
      { record: 'settings.services.myspace', reason: 'not a service this extension syncs with' },
      { record: 'settings.servers[0]', reason: 'origin: not a server address such as https://komga.example.org' },
      { record: 'entries[2]', reason: 'seriesId: no series "s-bad" in this backup or the library' },
    ]);
    expect(preview).toMatchObject({ series: { added: 1, updated: 0, unchanged: 0 }, entries: { added: 1, updated: 0, unchanged: 0 }, siteLinks: { added: 1, kept: 0 }, settings: [], rejectedCount: 10 });

    await applyImport(text);
    expect((await listSeries()).map((s) => s.title).sort()).toEqual(['Sousou no Frieren', 'Vagabond']);
    expect((await listEntries()).map((e) => [e.seriesId, e.progress])).toEqual([[good.id, 30]]);
    expect(await listBindings()).toEqual([]);
    expect(await getSiteLink('mangadex', 'd1a9fdeb')).toMatchObject({ seriesId: good.id });
    expect((await readServiceSettings('mal')).enabled).toBe(true);
  });

  it.each([
    ['garbage', 'not json at all {', 'This file is not a Kuroibara Sync backup: it is not valid JSON.'],
    ['another format', JSON.stringify({ format: 'tachiyomi-backup', version: 1 }), 'This file is not a Kuroibara Sync backup.'],
    ['a JSON array', '[1, 2]', 'This file is not a Kuroibara Sync backup.'],
    ['a future version', backupOf({}).replace('"version":1', '"version":2'), 'This backup was made by a newer version of Kuroibara Sync (format version 2); update the extension to import it.'],
    ['a version that is no number', backupOf({}).replace('"version":1', '"version":"1"'), 'This backup has no valid format version, so it cannot be imported.'],
    ['a backup without its library', JSON.stringify({ format: 'kuroibara-sync-backup', version: 1, bindings: [] }), 'This backup is damaged: library: Invalid input: expected object, received undefined.'],
  ])('refuses %s and writes nothing', async (_label, text, message) => {
    await seedLibrary();
    const before = withoutTime((await exportBackup()).text);
    await expect(previewImport(text)).rejects.toThrow(new BackupError(message));
    await expect(applyImport(text)).rejects.toThrow(message);
    expect(withoutTime((await exportBackup()).text)).toEqual(before);
    expect(await readReadingSettings()).toMatchObject({ mode: 'ask' });
  });
});
