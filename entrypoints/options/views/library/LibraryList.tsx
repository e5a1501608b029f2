import { defaultRangeExtractor, type Range } from '@tanstack/virtual-core';
import { useLayoutEffect, useRef, useState } from 'preact/hooks';
import { statusLabel } from '../../../../components/entry-format';
import { useVirtualList } from '../../../../components/useVirtualList';
import type { LibraryRow } from '../../../../lib/protocol/messages';
import { formatScore, type UserScale } from './score-scale';
import { ServiceBadges } from './ServiceBadges';
import { t } from '../../../../lib/i18n/t';

/** Fixed row height (CSS keeps each row to it), so no row is measured and scrolling 10,000 rows stays cheap. */
export const ROW_HEIGHT = 52;
/** The sticky header row above the rows, inside the scrolling table (CSS gives it this height). */
const HEADER_HEIGHT = 36;
/** The header row is row 1 of the table; series rows count from 2. */
const FIRST_ROW_INDEX = 2;

interface Props {
  rows: LibraryRow[];
  scale: UserScale;
  /** The series open in the editor, marked in the list. */
  openId: string | null;
  onOpen: (seriesId: string) => void;
}

/** "Ch. 12.5 / 100 · Vol. 3". */
function progressText(row: LibraryRow): string {
  if (!row.entry) return '—';
  const chapters = row.totalChapters !== null ? t('libraryProgressChapterOf', row.entry.progress, row.totalChapters) : t('libraryProgressChapter', row.entry.progress);
  // 0 volumes is what services report for "none counted": not worth a column of "Vol. 0".
  return row.entry.progressVolumes ? `${chapters} · ${t('libraryProgressVolume', row.entry.progressVolumes)}` : chapters;
}

/**
 * The library as an ARIA table of which only the visible rows (and a few either side) exist in the DOM; each
 * row says where it sits with `aria-rowindex`. Rows are one tab stop (roving tabindex): arrows, Page Up/Down,
 * Home and End move between them, Enter or Space opens the editor.
 */
export function LibraryList({ rows, scale, openId, onOpen }: Props) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const [active, setActive] = useState(0);
  const focusPending = useRef(false);
  const activeIndex = Math.max(0, Math.min(active, rows.length - 1));

  const virtualizer = useVirtualList<HTMLDivElement>({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    getItemKey: (index) => rows[index]?.seriesId ?? index,
    overscan: 6,
    // Rows start below the sticky header, and scrolling to a row must not leave it under the header.
    scrollMargin: HEADER_HEIGHT,
    scrollPaddingStart: HEADER_HEIGHT,
    // The row with the tab stop stays rendered while scrolled away, so focus is never lost to the page.
    rangeExtractor: (range: Range) => {
      const indexes = defaultRangeExtractor(range);
      return indexes.includes(activeIndex) || activeIndex >= range.count ? indexes : [...indexes, activeIndex].sort((a, b) => a - b);
    },
  });

  useLayoutEffect(() => {
    if (!focusPending.current) return;
    focusPending.current = false;
    scrollRef.current?.querySelector<HTMLElement>(`[data-index="${activeIndex}"]`)?.focus({ preventScroll: true });
  });

  const moveTo = (index: number) => {
    const next = Math.max(0, Math.min(index, rows.length - 1));
    setActive(next);
    focusPending.current = true;
    virtualizer.scrollToIndex(next);
  };

  const onKeyDown = (event: KeyboardEvent, index: number, row: LibraryRow) => {
    const page = Math.max(1, Math.floor((scrollRef.current?.clientHeight ?? ROW_HEIGHT) / ROW_HEIGHT) - 1);
    const target =
      event.key === 'ArrowDown' ? index + 1
      : event.key === 'ArrowUp' ? index - 1
      : event.key === 'PageDown' ? index + page
      : event.key === 'PageUp' ? index - page
      : event.key === 'Home' ? 0
      : event.key === 'End' ? rows.length - 1
      : null;
    if (target !== null) {
      event.preventDefault();
      moveTo(target);
    } else if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      onOpen(row.seriesId);
    }
  };

  return (
    <div class="library-table" role="table" aria-label={t('libraryTableLabel')} aria-rowcount={rows.length + 1} ref={scrollRef}>
      <div role="rowgroup" class="library-head">
        <div role="row" aria-rowindex={1} class="library-row">
          <span role="columnheader">{t('libraryColumnTitle')}</span>
          <span role="columnheader">{t('libraryColumnStatus')}</span>
          <span role="columnheader">{t('libraryColumnProgress')}</span>
          <span role="columnheader">{t('libraryColumnScore')}</span>
          <span role="columnheader">{t('libraryColumnServices')}</span>
        </div>
      </div>
      <div role="rowgroup" class="library-body" style={{ height: `${virtualizer.getTotalSize()}px` }}>
        {virtualizer.getVirtualItems().map((item) => {
          const row = rows[item.index];
          if (!row) return null;
          const score = formatScore(row.entry?.score ?? null, scale);
          return (
            <div
              key={item.key}
              role="row"
              aria-rowindex={item.index + FIRST_ROW_INDEX}
              data-index={item.index}
              data-series-id={row.seriesId}
              tabIndex={item.index === activeIndex ? 0 : -1}
              class={`library-row${row.seriesId === openId ? ' open' : ''}`}
              style={{ transform: `translateY(${item.start - HEADER_HEIGHT}px)` }}
              onClick={() => {
                setActive(item.index);
                onOpen(row.seriesId);
              }}
              onFocus={() => setActive(item.index)}
              onKeyDown={(e) => onKeyDown(e, item.index, row)}
            >
              <span role="cell" class="title" title={[row.title, ...row.altTitles].join('\n')}>
                {row.title}
              </span>
              <span role="cell">{row.entry ? statusLabel(row.entry.status) : <span class="muted">{t('libraryNoStatus')}</span>}</span>
              <span role="cell">{progressText(row)}</span>
              <span role="cell">
                {score ?? (
                  <>
                    <span aria-hidden="true">—</span>
                    <span class="visually-hidden">{t('libraryNoScore')}</span>
                  </>
                )}
              </span>
              <span role="cell">
                <ServiceBadges row={row} />
              </span>
            </div>
          );
        })}
      </div>
    </div>
  );
}
