import type { LibraryRow } from '../../../../lib/protocol/messages';
import type { ServiceId, Status } from '../../../../lib/model';

export type StatusFilter = 'all' | 'none' | Status;
/** `attention`: anything waiting, failed, unresolved or in conflict; `missing:<service>`: not on that list yet. */
export type ServiceFilter = 'all' | 'attention' | `missing:${ServiceId}`;

export interface LibraryFilter {
  search: string;
  status: StatusFilter;
  service: ServiceFilter;
}

export const NO_FILTER: LibraryFilter = { search: '', status: 'all', service: 'all' };

/** A row with its search text folded once, so typing filters 10,000 rows without re-folding them. */
export interface IndexedRow {
  row: LibraryRow;
  haystack: string;
}

/** Case- and accent-insensitive form: "Frieren: Beyond Journey's End" and "FRÍEREN" meet at "frieren". */
export function foldText(text: string): string {
  return text.normalize('NFKD').replace(/\p{M}/gu, '').toLocaleLowerCase();
}

const collator = new Intl.Collator(undefined, { sensitivity: 'base', numeric: true });

/** Rows sorted by title, each with its folded titles. */
export function indexRows(rows: readonly LibraryRow[]): IndexedRow[] {
  return rows
    .map((row) => ({ row, haystack: foldText([row.title, ...row.altTitles].join('\n')) }))
    .sort((a, b) => collator.compare(a.row.title, b.row.title));
}

export function needsAttention(row: LibraryRow): boolean {
  if (row.conflicts.length > 0) return true;
  return Object.values(row.services).some((s) => s.state === 'pending' || s.state === 'failed' || s.state === 'unresolved');
}

function matchesService(row: LibraryRow, filter: ServiceFilter): boolean {
  if (filter === 'all') return true;
  if (filter === 'attention') return needsAttention(row);
  const service = filter.slice('missing:'.length) as ServiceId;
  return row.services[service]?.state === 'missing';
}

function matchesStatus(row: LibraryRow, filter: StatusFilter): boolean {
  if (filter === 'all') return true;
  if (filter === 'none') return row.entry === null;
  return row.entry?.status === filter;
}

/** Every word of the search must appear in the title or an alternative title. */
export function filterRows(rows: readonly IndexedRow[], filter: LibraryFilter): LibraryRow[] {
  const words = foldText(filter.search).split(/\s+/).filter(Boolean);
  const result: LibraryRow[] = [];
  for (const { row, haystack } of rows) {
    if (words.every((word) => haystack.includes(word)) && matchesStatus(row, filter.status) && matchesService(row, filter.service)) result.push(row);
  }
  return result;
}
