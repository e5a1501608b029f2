/**
 * How alike two manga titles are, for matching a reader page's series to a service's search results when the
 * page offers no ids (DESIGN.md "Matching": title search scored by similarity). Pure functions.
 */

/** Lower case, accents and punctuation dropped, "&" read as "and", spaces collapsed. */
export function normaliseTitle(title: string): string {
  return title
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/&/g, ' and ')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

function bigrams(text: string): Map<string, number> {
  const grams = new Map<string, number>();
  const padded = ` ${text} `;
  for (let i = 0; i < padded.length - 1; i++) {
    const gram = padded.slice(i, i + 2);
    grams.set(gram, (grams.get(gram) ?? 0) + 1);
  }
  return grams;
}

/** Sørensen–Dice similarity of two titles' character pairs, 0…1; 1 for the same title after normalising. */
export function titleSimilarity(a: string, b: string): number {
  const x = normaliseTitle(a);
  const y = normaliseTitle(b);
  if (x === '' || y === '') return 0;
  if (x === y) return 1;
  const left = bigrams(x);
  const right = bigrams(y);
  let shared = 0;
  for (const [gram, count] of left) shared += Math.min(count, right.get(gram) ?? 0);
  let total = 0;
  for (const count of left.values()) total += count;
  for (const count of right.values()) total += count;
  return (2 * shared) / total;
}

export interface ScoredCandidate {
  /** 0…1: the best similarity of the page's title to any of the candidate's titles, less penalties. */
  score: number;
}

/**
 * A candidate's score for a page: its best title similarity; a chapter beyond the candidate's known total
 * (chapter 150 of a 20-chapter spin-off) makes it an unlikely match.
 */
export function scoreCandidate(pageTitle: string, chapter: number | null, candidate: { title: string; altTitles: string[]; totalChapters: number | null }): number {
  const similarity = Math.max(...[candidate.title, ...candidate.altTitles].map((title) => titleSimilarity(pageTitle, title)));
  const beyondTotal = chapter !== null && candidate.totalChapters !== null && Math.floor(chapter) > candidate.totalChapters;
  return beyondTotal ? similarity * 0.5 : similarity;
}

/** Bind without asking only when the best is this alike… */
export const AUTO_MATCH_SCORE = 0.9;
/** …and clearly ahead of the runner-up (a "Side Story" of the same name must not be picked by a coin toss). */
export const AUTO_MATCH_MARGIN = 0.1;

/** The candidate to bind without asking, or null when the user should choose. Expects candidates sorted best first. */
export function confidentMatch<T extends ScoredCandidate>(sorted: readonly T[]): T | null {
  const [best, second] = sorted;
  if (!best || best.score < AUTO_MATCH_SCORE) return null;
  return !second || best.score - second.score >= AUTO_MATCH_MARGIN ? best : null;
}
