import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { STATUSES, type Status } from '../../../../lib/model';
import {
  fromKitsuDate,
  fromKitsuStatus,
  fromRatingTwenty,
  MAX_RECONSUME_COUNT,
  ratingSystemOf,
  STATUS_TABLE,
  toAttributes,
  toKitsuDate,
  toKitsuStatus,
  toRatingTwenty,
  toRemoteEntry,
  toRemoteMedia,
} from '../../../../lib/trackers/kitsu/mapping';
import { KITSU_STATUSES, libraryEntryResource, mangaResource, type KitsuStatus } from '../../../../lib/trackers/kitsu/schemas';
import { SCALES, type KitsuRatingSystem } from '../../../../lib/trackers/score';

const SYSTEMS: KitsuRatingSystem[] = ['simple', 'regular', 'advanced'];

describe('status table', () => {
  it.each([
    ['reading', 'current', false],
    ['rereading', 'current', true],
    ['planning', 'planned', false],
    ['completed', 'completed', false],
    ['on_hold', 'on_hold', false],
    ['dropped', 'dropped', false],
  ] as const)('%s → Kitsu %s (reconsuming %s)', (status, kitsu, reconsuming) => {
    expect(toKitsuStatus(status)).toEqual({ status: kitsu, reconsuming });
  });

  it.each([
    ['current', false, 'reading'],
    ['current', true, 'rereading'],
    ['planned', false, 'planning'],
    ['planned', true, 'planning'],
    ['completed', false, 'completed'],
    ['completed', true, 'completed'],
    ['on_hold', false, 'on_hold'],
    // A reread put on hold or dropped is on hold or dropped: the model has no "paused reread".
    ['on_hold', true, 'on_hold'],
    ['dropped', false, 'dropped'],
    ['dropped', true, 'dropped'],
  ] as const)('Kitsu %s (reconsuming %s) → %s', (kitsu, reconsuming, status) => {
    expect(fromKitsuStatus(kitsu, reconsuming)).toBe(status);
  });

  it('covers every canonical status once and every Kitsu status, and round-trips', () => {
    expect(STATUS_TABLE.map((r) => r.status).sort()).toEqual([...STATUSES].sort());
    expect(new Set(STATUS_TABLE.map((r) => r.kitsu))).toEqual(new Set<KitsuStatus>(KITSU_STATUSES));
    for (const status of STATUSES) {
      const k = toKitsuStatus(status);
      expect(fromKitsuStatus(k.status, k.reconsuming)).toBe<Status>(status);
    }
  });
});

describe('score ↔ ratingTwenty, per rating system', () => {
  it.each(SYSTEMS)('%s: every value Kitsu allows converts both ways exactly', (system) => {
    for (const { value } of SCALES.kitsu[system].points) {
      expect(fromRatingTwenty(value, system)).toBe(value * 5);
      expect(toRatingTwenty(value * 5, system)).toBe(value);
    }
  });

  it.each([
    // [canonical, system, ratingTwenty]: rounds half up to the nearest allowed value (DESIGN.md "Defaults").
    [85, 'advanced', 17], [87, 'advanced', 17], [88, 'advanced', 18], [1, 'advanced', 2], [100, 'advanced', 20],
    [85, 'regular', 18], [84, 'regular', 16], [75, 'regular', 16], [1, 'regular', 2], [100, 'regular', 20],
    [50, 'simple', 8], [56, 'simple', 14], [55, 'simple', 14], [85, 'simple', 20], [84, 'simple', 14], [1, 'simple', 2],
    [null, 'regular', null], [0, 'advanced', null], [-5, 'simple', null],
  ] as const)('%s/100 on %s → %s', (score, system, expected) => {
    expect(toRatingTwenty(score, system)).toBe(expected);
  });

  it.each([
    // Values set under another rating system still read back (Kitsu keeps ratingTwenty whatever the system).
    [15, 'regular', 75], [5, 'simple', 25], [17, 'simple', 85], [null, 'advanced', null], [1, 'advanced', null], [21, 'regular', null],
  ] as const)('ratingTwenty %s on %s → %s/100', (value, system, expected) => {
    expect(fromRatingTwenty(value, system)).toBe(expected);
  });

  it('never oscillates: converting back and forth lands on the same ratingTwenty', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 100 }), fc.constantFrom(...SYSTEMS), (score, system) => {
        const once = toRatingTwenty(score, system);
        expect(toRatingTwenty(fromRatingTwenty(once, system), system)).toBe(once);
      }),
    );
  });

  it.each([
    ['simple', 'simple'], ['regular', 'regular'], ['advanced', 'advanced'],
    [null, 'regular'], [undefined, 'regular'], ['POINT_10', 'regular'], ['', 'regular'],
  ] as const)('rating system %s → %s', (setting, system) => {
    expect(ratingSystemOf(setting)).toBe(system);
  });
});

describe('dates', () => {
  it.each([
    ['2024-03-05T00:00:00.000Z', { year: 2024, month: 3, day: 5 }],
    ['2024-12-24T18:30:00.000Z', { year: 2024, month: 12, day: 24 }],
    // Read in UTC, the zone we write in.
    ['2024-03-05T23:30:00.000-02:00', { year: 2024, month: 3, day: 6 }],
    [null, null],
  ] as const)('Kitsu %s → %j', (iso, date) => {
    expect(fromKitsuDate(iso)).toEqual(date);
  });

  it.each([
    [{ year: 2024, month: 3, day: 5 }, '2024-03-05T00:00:00.000Z'],
    // Kitsu cannot store partial dates: the first of the month or year.
    [{ year: 2024, month: 3, day: null }, '2024-03-01T00:00:00.000Z'],
    [{ year: 2024, month: null, day: null }, '2024-01-01T00:00:00.000Z'],
    [{ year: 2024, month: 2, day: 29 }, '2024-02-29T00:00:00.000Z'],
    [null, null],
    [{ year: 2023, month: 2, day: 29 }, undefined],
    [{ year: 2024, month: 13, day: 1 }, undefined],
    [{ year: Number.NaN, month: 1, day: 1 }, undefined],
    [{ year: 24, month: 1, day: 1 }, undefined],
  ] as const)('%j → Kitsu %s', (date, iso) => {
    expect(toKitsuDate(date)).toBe(iso);
  });

  it('a full date survives a round trip', () => {
    fc.assert(
      fc.property(fc.date({ min: new Date('1950-01-01'), max: new Date('2100-12-31'), noInvalidDate: true }), (d) => {
        const date = { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
        expect(fromKitsuDate(toKitsuDate(date) ?? null)).toEqual(date);
      }),
    );
  });
});

describe('toAttributes: only present fields, never volumesOwned', () => {
  it.each([
    [{}, {}],
    [{ status: 'rereading' }, { status: 'current', reconsuming: true }],
    [{ status: 'reading' }, { status: 'current', reconsuming: false }],
    [{ progress: 12.9 }, { progress: 12 }],
    [{ progress: -3 }, { progress: 0 }],
    [{ progress: Number.NaN }, {}],
    [{ progressVolumes: 4 }, {}],
    [{ score: 85 }, { ratingTwenty: 18 }],
    [{ score: null }, { ratingTwenty: null }],
    [{ score: 0 }, { ratingTwenty: null }],
    [{ startedAt: { year: 2024, month: 6, day: null }, completedAt: null }, { startedAt: '2024-06-01T00:00:00.000Z', finishedAt: null }],
    [{ completedAt: { year: 2024, month: 2, day: 30 } }, {}],
    [{ rereads: 3 }, { reconsumeCount: 3 }],
    [{ rereads: 2.7 }, { reconsumeCount: 2 }],
    [{ rereads: 51 }, { reconsumeCount: MAX_RECONSUME_COUNT }],
    [{ notes: 'fine' }, { notes: 'fine' }],
    [{ notes: '' }, { notes: null }],
    [{ private: true }, { private: true }],
    [{ private: false }, { private: false }],
  ] as const)('%j → %j (regular)', (fields, attributes) => {
    expect(toAttributes({ mediaId: '1', ...fields }, 'regular')).toEqual(attributes);
  });

  it('uses the rating system for the score', () => {
    expect(SYSTEMS.map((s) => toAttributes({ mediaId: '1', score: 85 }, s).ratingTwenty)).toEqual([20, 18, 17]);
  });
});

describe('resources → contract types', () => {
  const manga = mangaResource.parse({
    id: '183',
    type: 'manga',
    attributes: {
      slug: 'vagabond', canonicalTitle: 'Vagabond', titles: { en: 'Vagabond', ja_jp: 'バガボンド', en_us: null },
      abbreviatedTitles: ['VB', 'バガボンド'], chapterCount: 327, volumeCount: 0, extra: 'ignored',
    },
  });
  const entry = libraryEntryResource.parse({
    id: '101',
    type: 'libraryEntries',
    attributes: {
      status: 'current', progress: 40, volumesOwned: 9, reconsuming: true, reconsumeCount: 2, notes: null, private: true,
      ratingTwenty: 15, startedAt: '2024-03-05T00:00:00.000Z', finishedAt: null, updatedAt: '2025-01-10T08:00:00.123Z',
    },
  });

  it('describes a manga: titles deduplicated, count 0 = unknown, link by slug', () => {
    expect(toRemoteMedia(manga)).toEqual({
      id: '183', title: 'Vagabond', alternativeTitles: ['バガボンド', 'VB'], chapters: 327, volumes: null,
      crossIds: { kitsu: '183' }, url: 'https://kitsu.app/manga/vagabond',
    });
  });

  it('maps an entry; volumesOwned (owned, not read) never becomes progressVolumes', () => {
    expect(toRemoteEntry(entry, manga, 'regular')).toEqual({
      entryId: '101', media: toRemoteMedia(manga), status: 'rereading', progress: 40, progressVolumes: null, score: 75,
      startedAt: { year: 2024, month: 3, day: 5 }, completedAt: null, rereads: 2, notes: '', private: true,
      updatedAt: Date.UTC(2025, 0, 10, 8, 0, 0, 123),
    });
  });
});
