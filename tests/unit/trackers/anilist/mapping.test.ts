/** The AniList mapping tables, exhaustively: status both ways, dates, scores, writes and entries. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { STATUSES, type Status } from '../../../../lib/model';
import {
  fromAniListScore,
  fromAniListStatus,
  fromFuzzyDate,
  parseAniListId,
  STATUS_TABLE,
  toAniListStatus,
  toFuzzyDate,
  toRemoteEntry,
  toRemoteMedia,
  toSaveVariables,
  toScoreRaw,
} from '../../../../lib/trackers/anilist/mapping';
import { MEDIA_LIST_STATUSES, type AniListMediaList, type MediaListStatus } from '../../../../lib/trackers/anilist/schemas';

describe('status table', () => {
  const EXPECTED: [MediaListStatus, Status][] = [
    ['CURRENT', 'reading'],
    ['PLANNING', 'planning'],
    ['COMPLETED', 'completed'],
    ['DROPPED', 'dropped'],
    ['PAUSED', 'on_hold'],
    ['REPEATING', 'rereading'],
  ];

  it.each(EXPECTED)('%s ↔ %s', (remote, canonical) => {
    expect(fromAniListStatus(remote)).toBe(canonical);
    expect(toAniListStatus(canonical)).toBe(remote);
  });

  it('covers every AniList status and every canonical status exactly once', () => {
    expect(EXPECTED.map(([remote]) => remote).sort()).toEqual([...MEDIA_LIST_STATUSES].sort());
    expect(EXPECTED.map(([, canonical]) => canonical).sort()).toEqual([...STATUSES].sort());
    expect(new Set(Object.values(STATUS_TABLE)).size).toBe(STATUSES.length);
    for (const remote of MEDIA_LIST_STATUSES) expect(toAniListStatus(fromAniListStatus(remote))).toBe(remote);
    for (const canonical of STATUSES) expect(fromAniListStatus(toAniListStatus(canonical))).toBe(canonical);
  });
});

describe('dates', () => {
  it.each([
    [null, null],
    [{ year: null, month: null, day: null }, null],
    [{ year: null, month: 4, day: 1 }, null],
    [{ year: 2021, month: null, day: null }, { year: 2021, month: null, day: null }],
    [{ year: 2021, month: 3, day: null }, { year: 2021, month: 3, day: null }],
    [{ year: 2021, month: 3, day: 4 }, { year: 2021, month: 3, day: 4 }],
  ])('FuzzyDate %j → %j', (fuzzy, calendar) => {
    expect(fromFuzzyDate(fuzzy)).toEqual(calendar);
  });

  it('writes null as a date of nulls (clears it) and round-trips every calendar date', () => {
    expect(toFuzzyDate(null)).toEqual({ year: null, month: null, day: null });
    const month = fc.option(fc.integer({ min: 1, max: 12 }), { nil: null });
    const day = fc.option(fc.integer({ min: 1, max: 31 }), { nil: null });
    fc.assert(
      fc.property(fc.record({ year: fc.integer({ min: 1900, max: 2100 }), month, day }), (date) => {
        expect(fromFuzzyDate(toFuzzyDate(date))).toEqual(date);
      }),
    );
  });
});

describe('scores (read as POINT_100, written as scoreRaw)', () => {
  it.each([
    [null, null],
    [0, null],
    [1, 1],
    [85, 85],
    [100, 100],
  ])('score(format: POINT_100) %j → %j', (remote, canonical) => {
    expect(fromAniListScore(remote)).toBe(canonical);
  });

  it.each([
    [null, 0],
    [85, 85],
    [72.6, 73],
    [100, 100],
  ])('canonical %j → scoreRaw %j', (canonical, raw) => {
    expect(toScoreRaw(canonical)).toBe(raw);
  });

  it('round-trips every canonical score exactly', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 100 }), (score) => fromAniListScore(toScoreRaw(score)) === score));
  });
});

describe('toSaveVariables', () => {
  it('sends only the fields present', () => {
    expect(toSaveVariables({ mediaId: '30002' })).toEqual({ mediaId: 30002 });
    expect(toSaveVariables({ mediaId: '30002', notes: '' })).toEqual({ mediaId: 30002, notes: '' });
  });

  it('maps every field, flooring counts: AniList takes integers, chapters may be decimals locally', () => {
    expect(
      toSaveVariables({
        mediaId: '118586', status: 'rereading', progress: 12.5, progressVolumes: 2.9, score: 73, rereads: 2,
        private: true, notes: 'side story', startedAt: { year: 2024, month: 1, day: null }, completedAt: null,
      }),
    ).toEqual({
      mediaId: 118586, status: 'REPEATING', progress: 12, progressVolumes: 2, scoreRaw: 73, repeat: 2, private: true,
      notes: 'side story', startedAt: { year: 2024, month: 1, day: null }, completedAt: { year: null, month: null, day: null },
    });
    expect(toSaveVariables({ mediaId: '1', score: null })).toEqual({ mediaId: 1, scoreRaw: 0 });
  });

  it('never sends a decimal count', () => {
    fc.assert(
      fc.property(fc.double({ min: 0, max: 5000, noNaN: true }), (progress) => {
        const vars = toSaveVariables({ mediaId: '1', progress, progressVolumes: progress, rereads: progress, score: progress / 50 });
        return [vars?.progress, vars?.progressVolumes, vars?.repeat, vars?.scoreRaw].every((v) => Number.isInteger(v));
      }),
    );
  });

  it.each(['', 'abc', '12a', '-3', '0', '1.5', '99999999999999999999'])('refuses media id %j', (id) => {
    expect(parseAniListId(id)).toBeNull();
    expect(toSaveVariables({ mediaId: id, progress: 1 })).toBeNull();
  });
});

describe('toRemoteMedia and toRemoteEntry', () => {
  const media = {
    id: 118586,
    idMal: 126287,
    title: { romaji: 'Sousou no Frieren', english: "Frieren: Beyond Journey's End", native: '葬送のフリーレン', userPreferred: 'Sousou no Frieren' },
    synonyms: ['Frieren at the Funeral', 'Sousou no Frieren', null, ' '],
    chapters: null,
    volumes: 13,
    siteUrl: 'https://anilist.co/manga/118586',
  };

  it('takes the preferred title and keeps every other name once', () => {
    expect(toRemoteMedia(media)).toEqual({
      id: '118586',
      title: 'Sousou no Frieren',
      alternativeTitles: ["Frieren: Beyond Journey's End", '葬送のフリーレン', 'Frieren at the Funeral'],
      chapters: null,
      volumes: 13,
      crossIds: { anilist: 118586, mal: 126287 },
      url: 'https://anilist.co/manga/118586',
    });
    const bare = toRemoteMedia({ ...media, idMal: null, siteUrl: null, synonyms: null, title: { romaji: null, english: 'Frieren', native: null, userPreferred: null } });
    expect(bare).toMatchObject({ title: 'Frieren', alternativeTitles: [], crossIds: { anilist: 118586 }, url: 'https://anilist.co/manga/118586' });
    expect(bare.crossIds).not.toHaveProperty('mal');
  });

  const entry: AniListMediaList = {
    id: 7, mediaId: 118586, status: 'PAUSED', score: 0, progress: null, progressVolumes: null, repeat: null,
    private: null, notes: null, startedAt: { year: null, month: null, day: null }, completedAt: null, updatedAt: 1_700_000_000, media,
  };

  it('fills AniList nulls with the model\'s "nothing" and converts seconds to ms', () => {
    expect(toRemoteEntry(entry)).toEqual({
      entryId: '7', media: toRemoteMedia(media), status: 'on_hold', progress: 0, progressVolumes: 0, score: null,
      startedAt: null, completedAt: null, rereads: 0, notes: '', private: false, updatedAt: 1_700_000_000_000,
    });
  });

  it('keeps an entry whose media AniList no longer returns', () => {
    expect(toRemoteEntry({ ...entry, media: null }).media).toMatchObject({ id: '118586', url: 'https://anilist.co/manga/118586', crossIds: { anilist: 118586 } });
  });
});
