import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { STATUSES } from '../../../../lib/model';
import {
  formatMalDate,
  fromMalScore,
  fromMalStatus,
  parseMalDate,
  STATUS_TABLE,
  toMalScore,
  toPatchForm,
  toRemoteEntry,
  toRemoteMedia,
} from '../../../../lib/trackers/mal/mapping';
import { MAL_LIST_STATUSES, malListStatusSchema, type MalListStatus } from '../../../../lib/trackers/mal/schemas';
import type { CalendarDate, EntryWrite } from '../../../../lib/trackers/tracker';

const form = (write: Omit<EntryWrite, 'mediaId'>): Record<string, string> => Object.fromEntries(toPatchForm({ mediaId: '2', ...write }));

describe('status table', () => {
  it.each([
    ['reading', 'reading', 'false'],
    ['completed', 'completed', 'false'],
    ['on_hold', 'on_hold', 'false'],
    ['dropped', 'dropped', 'false'],
    ['planning', 'plan_to_read', 'false'],
    // A reread stays completed on MAL with the flag set (spec: "MyAnimeList treats the manga as 'reading'").
    ['rereading', 'completed', 'true'],
  ] as const)('%s is written as status=%s, is_rereading=%s', (status, malStatus, flag) => {
    expect(form({ status })).toEqual({ status: malStatus, is_rereading: flag });
  });

  it('covers every canonical status', () => {
    expect(Object.keys(STATUS_TABLE).sort()).toEqual([...STATUSES].sort());
  });

  it.each([
    ['reading', false, 'reading'],
    ['completed', false, 'completed'],
    ['on_hold', false, 'on_hold'],
    ['dropped', false, 'dropped'],
    ['plan_to_read', false, 'planning'],
    ['completed', true, 'rereading'],
    // Other clients write rereads as reading + flag: still a reread.
    ['reading', true, 'rereading'],
    ['on_hold', true, 'rereading'],
  ] as const)('MAL %s with is_rereading=%s reads as %s', (malStatus, flag, expected) => {
    expect(fromMalStatus(malStatus, flag)).toBe(expected);
  });

  it('round-trips every canonical status through what MAL stores', () => {
    for (const status of STATUSES) {
      const written = STATUS_TABLE[status];
      expect(fromMalStatus(written.status, written.isRereading)).toBe(status);
    }
    for (const malStatus of MAL_LIST_STATUSES) expect(STATUSES).toContain(fromMalStatus(malStatus, false));
  });
});

describe('scores (MAL 0–10, 0 = none)', () => {
  it.each([
    [0, null],
    [1, 10],
    [7, 70],
    [10, 100],
  ])('MAL %i → %s/100', (mal, canonical) => {
    expect(fromMalScore(mal)).toBe(canonical);
  });

  it.each([
    [null, 0],
    [0, 0],
    [4, 1],
    [84, 8],
    [85, 9],
    [100, 10],
  ])('%s/100 → MAL %i', (canonical, mal) => {
    expect(toMalScore(canonical)).toBe(mal);
    expect(form({ score: canonical })).toEqual({ score: String(mal) });
  });

  it('never oscillates: MAL → canonical → MAL is the identity for every MAL score', () => {
    for (let mal = 0; mal <= 10; mal++) expect(toMalScore(fromMalScore(mal))).toBe(mal);
  });
});

describe('dates', () => {
  const date = (year: number, month: number | null = null, day: number | null = null): CalendarDate => ({ year, month, day });

  it.each([
    ['2017-10-23', date(2017, 10, 23)],
    ['2017-10', date(2017, 10)],
    ['2017', date(2017)],
    ['2024-02-29', date(2024, 2, 29)],
    // Unknown or impossible parts are unknown, not wrong.
    ['2017-00-00', date(2017)],
    ['2017-10-00', date(2017, 10)],
    ['2017-13-01', date(2017)],
    ['2023-02-29', date(2023, 2)],
    ['0000-00-00', null],
    ['', null],
    [null, null],
    [undefined, null],
    ['23 Oct 2017', null],
  ])('reads %s', (value, expected) => {
    expect(parseMalDate(value)).toEqual(expected);
  });

  it.each([
    [date(2017, 10, 23), '2017-10-23'],
    [date(2017, 1, 2), '2017-01-02'],
    [date(2017, 10), '2017-10'],
    [date(2017), '2017'],
    // A day without a month is not a date MAL can hold; the year is what is known.
    [date(2017, null, 5), '2017'],
    // The empty string clears the date on MAL (API-FACTS §B).
    [null, ''],
  ])('writes %o as "%s"', (value, expected) => {
    expect(formatMalDate(value)).toBe(expected);
    expect(form({ startedAt: value, completedAt: value })).toEqual({ start_date: expected, finish_date: expected });
  });

  it('round-trips any valid date', () => {
    fc.assert(
      fc.property(fc.date({ min: new Date('1900-01-01'), max: new Date('2100-12-31'), noInvalidDate: true }), fc.integer({ min: 0, max: 2 }), (d, precision) => {
        const full = date(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate());
        const value = precision === 0 ? full : precision === 1 ? { ...full, day: null } : { ...full, month: null, day: null };
        expect(parseMalDate(formatMalDate(value))).toEqual(value);
      }),
    );
  });
});

describe('the PATCH form', () => {
  it('sends only the fields present, and never a private flag', () => {
    expect(form({})).toEqual({});
    expect(form({ private: true })).toEqual({});
    expect(form({ progress: 12 })).toEqual({ num_chapters_read: '12' });
    expect(form({ notes: 'guts', rereads: 2, progressVolumes: 3 })).toEqual({ comments: 'guts', num_times_reread: '2', num_volumes_read: '3' });
  });

  it('sends every field MAL stores when all are present', () => {
    expect(
      form({
        status: 'completed',
        progress: 162,
        progressVolumes: 18,
        score: 95,
        startedAt: { year: 2020, month: 1, day: 2 },
        completedAt: null,
        rereads: 1,
        notes: '',
        private: false,
      }),
    ).toEqual({
      status: 'completed',
      is_rereading: 'false',
      num_chapters_read: '162',
      num_volumes_read: '18',
      score: '10',
      start_date: '2020-01-02',
      finish_date: '',
      num_times_reread: '1',
      comments: '',
    });
  });

  it.each([
    [12.5, '12'],
    [12.99, '12'],
    [0, '0'],
    [-3, '0'],
  ])('progress %s is sent as whole chapters %s', (progress, expected) => {
    expect(form({ progress })).toEqual({ num_chapters_read: expected });
  });
});

describe('remote entries and media', () => {
  const status = (over: Partial<MalListStatus> = {}): MalListStatus =>
    malListStatusSchema.parse({ status: 'reading', is_rereading: false, num_volumes_read: 3, num_chapters_read: 30, score: 8, updated_at: '2021-03-22T18:15:09+00:00', ...over });

  it('maps a node: unknown totals (0) are null, alternative titles are deduplicated', () => {
    const media = toRemoteMedia({
      id: 126287,
      title: 'Sousou no Frieren',
      alternative_titles: { synonyms: ['Frieren at the Funeral', 'Sousou no Frieren'], en: "Frieren: Beyond Journey's End", ja: '' },
      num_chapters: 0,
      num_volumes: 12,
    });
    expect(media).toEqual({
      id: '126287',
      title: 'Sousou no Frieren',
      alternativeTitles: ['Frieren at the Funeral', "Frieren: Beyond Journey's End"],
      chapters: null,
      volumes: 12,
      crossIds: { mal: 126287 },
      url: 'https://myanimelist.net/manga/126287',
    });
    expect(toRemoteMedia({ id: 1, title: 'Monster' })).toMatchObject({ chapters: null, volumes: null, alternativeTitles: [] });
  });

  it('maps a list status to the canonical entry', () => {
    const media = toRemoteMedia({ id: 2, title: 'Berserk', num_chapters: 0 });
    expect(toRemoteEntry(media, status({ start_date: '2019-05', finish_date: null, num_times_reread: 2, comments: 'guts' }))).toEqual({
      entryId: '2',
      media,
      status: 'reading',
      progress: 30,
      progressVolumes: 3,
      score: 80,
      startedAt: { year: 2019, month: 5, day: null },
      completedAt: null,
      rereads: 2,
      notes: 'guts',
      private: false,
      updatedAt: Date.UTC(2021, 2, 22, 18, 15, 9),
    });
  });

  it('reads absent optional fields as empty, and a zero score as none', () => {
    const entry = toRemoteEntry(toRemoteMedia({ id: 2, title: 'Berserk' }), status({ score: 0, is_rereading: true, status: 'completed' }));
    expect(entry).toMatchObject({ status: 'rereading', score: null, startedAt: null, completedAt: null, rereads: 0, notes: '' });
  });

  it('refuses list statuses MAL does not have, and malformed dates', () => {
    expect(malListStatusSchema.safeParse({ ...status(), status: 'rereading' }).success).toBe(false);
    expect(malListStatusSchema.safeParse({ ...status(), start_date: '22/03/2021' }).success).toBe(false);
    expect(malListStatusSchema.safeParse({ ...status(), score: 11 }).success).toBe(false);
  });
});
