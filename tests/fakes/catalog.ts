/**
 * One small fictional-but-plausible catalogue shared by every fake, so that cross-service ids line up the way
 * they do on the real services: AniList `idMal`, Kitsu mappings and MangaDex `links` all point at the same manga.
 * Totals of `null` mean "unknown / still publishing" (MAL reports those as 0, AniList as null, Kitsu as null).
 *
 * `CATALOG` holds what MangaDex hosts too; `TRACKER_ONLY` what only the trackers list (MangaDex has no novels);
 * the tracker fakes serve `TRACKER_CATALOG`, both together. Tests pick entries by position, so new entries go
 * at the end.
 */

/** The kind of work, in AniList's MediaFormat words; each fake says it in its own (MAL `media_type`, Kitsu `subtype`). */
export type CatalogFormat = 'MANGA' | 'ONE_SHOT' | 'NOVEL';

/** A work as AniList, MAL and Kitsu know it. */
export interface CatalogWork {
  /** AniList media id. */
  anilist: number;
  /** MyAnimeList manga id. */
  mal: number;
  /** Kitsu manga id (string, as Kitsu ids are). */
  kitsu: string;
  kitsuSlug: string;
  title: { romaji: string; english: string | null; native: string | null };
  synonyms: string[];
  chapters: number | null;
  volumes: number | null;
  /** AniList MediaStatus. */
  publishing: 'FINISHED' | 'RELEASING' | 'HIATUS';
  format: CatalogFormat;
  /** First publication, served as each service writes it (AniList FuzzyDate, MAL and Kitsu `YYYY-MM-DD`). */
  startDate: { year: number; month: number; day: number };
}

/** A manga MangaDex hosts as well. */
export interface CatalogManga extends CatalogWork {
  /** MangaDex manga UUID. */
  mangadex: string;
  /** MangaDex chapters served by the fake (chapter UUID → number/volume/pages). */
  mangadexChapters: { id: string; chapter: string | null; volume: string | null; pages: number; title: string | null }[];
  /** MangaDex `links` when they differ from those derived from the tracker ids; `{}` = nobody linked the trackers. */
  mangadexLinks?: Record<string, string>;
}

export const CATALOG: readonly CatalogManga[] = [
  {
    anilist: 30002, mal: 2, kitsu: '24', kitsuSlug: 'berserk',
    mangadex: '801513ba-a712-498c-8f57-cae55b38cc92',
    title: { romaji: 'Berserk', english: 'Berserk', native: 'ベルセルク' },
    synonyms: [], chapters: null, volumes: null, publishing: 'RELEASING',
    format: 'MANGA', startDate: { year: 1989, month: 8, day: 25 },
    mangadexChapters: [
      { id: '6310f6a1-17ee-4890-b837-2ec1b372905b', chapter: '1', volume: '1', pages: 12, title: 'The Black Swordsman' },
      { id: 'c1a7f2de-5b0e-4d8c-9a61-0f2b6d7e8a11', chapter: '2', volume: '1', pages: 10, title: null },
    ],
  },
  {
    anilist: 30013, mal: 13, kitsu: '38', kitsuSlug: 'one-piece',
    mangadex: 'a1c7c817-4e59-43b7-9365-09675a149a6f',
    title: { romaji: 'ONE PIECE', english: 'One Piece', native: 'ONE PIECE' },
    synonyms: [], chapters: null, volumes: null, publishing: 'RELEASING',
    format: 'MANGA', startDate: { year: 1997, month: 7, day: 22 },
    mangadexChapters: [
      { id: '3e8a2b7c-9d41-4f06-8b5e-2c7d1a9f0e33', chapter: '1100', volume: null, pages: 17, title: null },
      { id: '5b2f9c1d-7e3a-4a8b-9c6d-1e0f2a3b4c55', chapter: '1100.5', volume: null, pages: 6, title: 'Extra' },
    ],
  },
  {
    anilist: 30656, mal: 656, kitsu: '183', kitsuSlug: 'vagabond',
    mangadex: 'd1a9fdeb-f713-407f-960c-8326b586e6fd',
    title: { romaji: 'Vagabond', english: 'Vagabond', native: 'バガボンド' },
    synonyms: [], chapters: 327, volumes: 37, publishing: 'HIATUS',
    format: 'MANGA', startDate: { year: 1998, month: 9, day: 3 },
    mangadexChapters: [
      { id: '9a7b6c5d-4e3f-4a1b-8c2d-3e4f5a6b7c88', chapter: '327', volume: '37', pages: 20, title: null },
    ],
  },
  {
    anilist: 30001, mal: 1, kitsu: '8', kitsuSlug: 'monster',
    mangadex: 'd9e30523-9d65-469e-92a2-302995770950',
    title: { romaji: 'Monster', english: 'Monster', native: 'MONSTER' },
    synonyms: [], chapters: 162, volumes: 18, publishing: 'FINISHED',
    format: 'MANGA', startDate: { year: 1994, month: 12, day: 5 },
    mangadexChapters: [
      { id: '0f1e2d3c-4b5a-4968-8776-5a4b3c2d1e99', chapter: '162', volume: '18', pages: 24, title: 'The Nameless Monster' },
    ],
  },
  {
    anilist: 118586, mal: 126287, kitsu: '44037', kitsuSlug: 'sousou-no-frieren',
    mangadex: 'b0b721ff-c388-4486-aa0f-c2b0bb321512',
    title: { romaji: 'Sousou no Frieren', english: "Frieren: Beyond Journey's End", native: '葬送のフリーレン' },
    synonyms: ['Frieren at the Funeral'], chapters: null, volumes: null, publishing: 'RELEASING',
    format: 'MANGA', startDate: { year: 2020, month: 4, day: 28 },
    mangadexChapters: [
      { id: '2c3d4e5f-6a7b-4c8d-9e0f-1a2b3c4d5e66', chapter: '12', volume: '2', pages: 18, title: null },
      { id: '7d8e9f0a-1b2c-4d3e-8f4a-5b6c7d8e9f77', chapter: '12.5', volume: '2', pages: 8, title: 'Side story' },
    ],
  },
  {
    anilist: 105778, mal: 116778, kitsu: '41347', kitsuSlug: 'chainsaw-man',
    mangadex: 'a77742b1-befd-49a4-bff5-1ad4e6b0ef7b',
    title: { romaji: 'Chainsaw Man', english: 'Chainsaw Man', native: 'チェンソーマン' },
    synonyms: [], chapters: null, volumes: null, publishing: 'RELEASING',
    format: 'MANGA', startDate: { year: 2018, month: 12, day: 3 },
    mangadexChapters: [
      { id: '4e5f6a7b-8c9d-4e0f-a1b2-c3d4e5f6a7b8', chapter: null, volume: null, pages: 30, title: 'Oneshot' },
    ],
  },
  // A spin-off whose English title starts like the next entry's: title matching must not settle for it. Its
  // MangaDex page links the trackers as usual. It precedes the main series in MAL's search order here.
  {
    anilist: 100997, mal: 110997, kitsu: '40997', kitsuSlug: 'ookami-to-koushinryou-gaiden',
    mangadex: 'e120d2ab-ae46-4aa3-9744-e0fc3f095930',
    title: { romaji: 'Ookami to Koushinryou Gaiden', english: 'Spice and Wolf: Side Story', native: '狼と香辛料 外伝' },
    synonyms: [], chapters: 12, volumes: 2, publishing: 'FINISHED',
    format: 'MANGA', startDate: { year: 2016, month: 3, day: 26 },
    mangadexChapters: [
      { id: '5becd2be-692f-4f19-88b7-92c8b0eed4f8', chapter: '1', volume: '1', pages: 16, title: null },
    ],
  },
  // On all three trackers, but its MangaDex page links none of them: only title matching can bind it. The
  // trackers also list the light novel of the same name (TRACKER_ONLY), which a manga search must leave out.
  {
    anilist: 39116, mal: 9116, kitsu: '5763', kitsuSlug: 'ookami-to-koushinryou',
    mangadex: 'd3562372-6e38-42b8-b80c-2f506b91cf22',
    title: { romaji: 'Ookami to Koushinryou', english: 'Spice and Wolf', native: '狼と香辛料' },
    synonyms: ['Spice & Wolf'], chapters: 101, volumes: 16, publishing: 'FINISHED',
    format: 'MANGA', startDate: { year: 2007, month: 9, day: 27 },
    mangadexLinks: {},
    mangadexChapters: [
      { id: 'b200c8b2-313e-49e3-a91b-e5a2a78a52aa', chapter: '1', volume: '1', pages: 14, title: 'Wolf and Wheat' },
      { id: '18a5f13a-c01d-419b-9735-720e59008bc7', chapter: '2', volume: '1', pages: 12, title: null },
    ],
  },
];

export const TRACKER_ONLY: readonly CatalogWork[] = [
  // The light novel the manga above adapts: the same titles, a year earlier, lower ids on every service.
  {
    anilist: 39115, mal: 9115, kitsu: '5762', kitsuSlug: 'ookami-to-koushinryou-novel',
    title: { romaji: 'Ookami to Koushinryou', english: 'Spice and Wolf', native: '狼と香辛料' },
    synonyms: ['Spice & Wolf'], chapters: null, volumes: null, publishing: 'RELEASING',
    format: 'NOVEL', startDate: { year: 2006, month: 2, day: 10 },
  },
];

/** A start date as MAL and Kitsu write it: `YYYY-MM-DD`. */
export function calendarDate({ year, month, day }: CatalogWork['startDate']): string {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** Everything AniList, MAL and Kitsu list. */
export const TRACKER_CATALOG: readonly CatalogWork[] = [...CATALOG, ...TRACKER_ONLY];
