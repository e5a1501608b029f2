/** A small library to back up: three series, their entries, bindings, a site link and saved settings. */
import { putBinding } from '../../../lib/library/bindings';
import { putEntry } from '../../../lib/library/entries';
import { putSeries } from '../../../lib/library/series';
import { putSiteLink } from '../../../lib/library/site-links';
import { ENTRY_FIELDS, type EntryField, type EntryFields, type LibraryEntry, type Series } from '../../../lib/model';
import { DEFAULT_READING_SETTINGS, saveReadingSettings } from '../../../lib/settings/reading';
import { DEFAULT_SERVICE_SETTINGS, saveServiceSettings } from '../../../lib/settings/services';

export const FIELDS: EntryFields = {
  status: 'reading', progress: 12.5, progressVolumes: 2, score: 85, startedAt: { year: 2024, month: 3, day: null },
  completedAt: null, rereads: 0, notes: 'from the library', private: false,
};

export function series(id: string, title: string, ids: Series['ids'], over: Partial<Series> = {}): Series {
  return { id, title, altTitles: [], ids, totalChapters: null, totalVolumes: null, createdAt: 1_000, updatedAt: 1_000, ...over };
}

/** An entry whose every field changed at `at`, unless `changedAt` says otherwise. */
export function entry(seriesId: string, changes: Partial<EntryFields> = {}, at = 1_000, changedAt: Partial<Record<EntryField, number>> = {}): LibraryEntry {
  const times = Object.fromEntries(ENTRY_FIELDS.map((field) => [field, changedAt[field] ?? at])) as Record<EntryField, number>;
  return { ...FIELDS, ...changes, seriesId, changedAt: times, readFields: [] };
}

export const FRIEREN = series('s-frieren', 'Sousou no Frieren', { anilist: 118586, mal: 126287, kitsu: '44037' }, { altTitles: ['Frieren'] });
export const BERSERK = series('s-berserk', 'Berserk', { anilist: 30002, mal: 2 }, { totalChapters: null });
export const KOMGA_ONLY = series('s-komga', 'Local Only', {});

export async function seedLibrary(): Promise<void> {
  for (const s of [FRIEREN, BERSERK, KOMGA_ONLY]) await putSeries(s);
  await putEntry(entry(FRIEREN.id, { progress: 110 }));
  await putEntry(entry(BERSERK.id, { progress: 350, score: 95, notes: '' }));
  await putEntry(entry(KOMGA_ONLY.id, { progress: 4, score: null, status: 'on_hold' }));
  await putBinding({
    seriesId: FRIEREN.id, service: 'anilist', mediaId: '118586', entryId: '9001',
    base: { ...FIELDS, progress: 110 }, baseRemoteUpdatedAt: 5_000, syncedAt: 6_000, readAt: 5_500, asked: {}, removedAt: null, totals: null,
  });
  await putBinding({ seriesId: BERSERK.id, service: 'mal', mediaId: '2', entryId: null, base: null, baseRemoteUpdatedAt: null, syncedAt: null, asked: {}, removedAt: null, totals: null });
  await putSiteLink({ site: 'komga', seriesKey: 'komga.example.org/0G4V', seriesId: KOMGA_ONLY.id, how: 'user', at: 7_000 });
  await saveServiceSettings('anilist', { ...DEFAULT_SERVICE_SETTINGS, clientId: '4242', pullIntervalMinutes: 60 });
  await saveReadingSettings({ ...DEFAULT_READING_SETTINGS, mode: 'ask', ignored: [{ site: 'mangadex', seriesKey: 'abc', title: 'Not Mine' }] });
}
