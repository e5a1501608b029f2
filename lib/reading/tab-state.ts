/** The popup's card for a tab: the page, its series (or the candidates to pick from), and the library row. */
import { libraryRow, type LibraryRow } from '../library/view';
import { matchPage, type MatchOutcome, type SeriesCandidate } from './match-series';
import type { TabPage } from './page';

/** The popup's current-tab card: what the tab shows, which series it is, and that series in the library. */
export interface TabState {
  page: TabPage | null;
  match:
    | { kind: 'matched'; how: 'ids' | 'search' | 'user'; title: string }
    | { kind: 'choose'; candidates: SeriesCandidate[] }
    | { kind: 'none'; message: string }
    | null;
  row: LibraryRow | null;
}

export async function tabState(page: TabPage | null, known?: MatchOutcome): Promise<TabState> {
  if (!page) return { page: null, match: null, row: null };
  const match = known ?? (await matchPage(page, { search: false }));
  if (match.kind !== 'matched') return { page, match, row: null };
  return { page, match: { kind: 'matched', how: match.how, title: match.series.title }, row: await libraryRow(match.series.id) };
}
