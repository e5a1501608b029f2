/**
 * The MAL view of the shared catalogue (catalog.ts) plus any manga a test seeds. Totals of `null` in the shared
 * catalogue become 0 here because MAL reports unknown `num_chapters`/`num_volumes` as 0 (API-FACTS §B).
 */
import { CATALOG } from '../catalog';
import type { MalManga } from './seed';

const PUBLISHING: Record<string, MalManga['status']> = {
  FINISHED: 'finished',
  RELEASING: 'currently_publishing',
  HIATUS: 'on_hiatus',
};

export function catalogueManga(): MalManga[] {
  return CATALOG.map((m) => ({
    id: m.mal,
    title: m.title.romaji,
    alternative_titles: { synonyms: [...m.synonyms], en: m.title.english ?? '', ja: m.title.native ?? '' },
    num_chapters: m.chapters ?? 0,
    num_volumes: m.volumes ?? 0,
    status: PUBLISHING[m.publishing] ?? 'finished',
    media_type: 'manga',
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
