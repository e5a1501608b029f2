/**
 * The MAL view of the shared catalogue (catalog.ts) plus any manga a test seeds. Totals of `null` in the shared
 * catalogue become 0 here because MAL reports unknown `num_chapters`/`num_volumes` as 0 (API-FACTS §B).
 */
import { calendarDate, TRACKER_CATALOG, type CatalogFormat } from '../catalog';
import type { MalManga } from './seed';

const PUBLISHING: Record<string, MalManga['status']> = {
  FINISHED: 'finished',
  RELEASING: 'currently_publishing',
  HIATUS: 'on_hiatus',
};

/**
 * `media_type` per format. The spec's list has `novel` only, but MAL answers `light_novel` for light novels
 * (3rd: public API v2 clients filter on `media_type === 'light_novel'`), and a client has to recognise it.
 */
const MEDIA_TYPES: Record<CatalogFormat, string> = { MANGA: 'manga', ONE_SHOT: 'one_shot', NOVEL: 'light_novel' };

export function catalogueManga(): MalManga[] {
  return TRACKER_CATALOG.map((m) => ({
    id: m.mal,
    title: m.title.romaji,
    alternative_titles: { synonyms: [...m.synonyms], en: m.title.english ?? '', ja: m.title.native ?? '' },
    num_chapters: m.chapters ?? 0,
    num_volumes: m.volumes ?? 0,
    status: PUBLISHING[m.publishing] ?? 'finished',
    media_type: MEDIA_TYPES[m.format],
    // `YYYY-MM-DD`, one of MAL's date forms (API-FACTS §B).
    start_date: calendarDate(m.startDate),
    nsfw: 'white',
  }));
}

/** MAL serves pictures from its CDN; the fake makes stable, well-formed URLs (spec `Picture.medium` is a uri). */
export function mainPicture(id: number): { medium: string; large: string } {
  return {
    medium: `https://cdn.myanimelist.net/images/manga/1/${id}.jpg`,
    large: `https://cdn.myanimelist.net/images/manga/1/${id}l.jpg`,
  };
}

/** Case-insensitive match on every title MAL's search looks at. */
export function matchesQuery(manga: MalManga, q: string): boolean {
  const needle = q.toLowerCase();
  const alt = manga.alternative_titles;
  const titles = [manga.title, ...(alt?.synonyms ?? []), alt?.en ?? '', alt?.ja ?? ''];
  return titles.some((t) => t !== '' && t.toLowerCase().includes(needle));
}
