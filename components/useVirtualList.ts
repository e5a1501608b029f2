import { Virtualizer, elementScroll, observeElementOffset, observeElementRect, type VirtualizerOptions } from '@tanstack/virtual-core';
import { useLayoutEffect, useState } from 'preact/hooks';

/** What a caller decides; the scroll wiring (a scrolling element, not the window) is ours. */
export type VirtualListOptions<TItem extends Element> = Pick<
  VirtualizerOptions<HTMLElement, TItem>,
  'count' | 'getScrollElement' | 'estimateSize' | 'getItemKey' | 'overscan' | 'rangeExtractor' | 'scrollMargin' | 'scrollPaddingStart'
>;

/**
 * A Preact binding for @tanstack/virtual-core (the same shape as its React adapter): one Virtualizer per
 * component, given fresh options on every render, re-rendering the component whenever the visible range moves.
 * Only the rows it returns from `getVirtualItems()` need to be in the DOM, so 10,000 rows cost what 20 do.
 */
export function useVirtualList<TItem extends Element>(options: VirtualListOptions<TItem>): Virtualizer<HTMLElement, TItem> {
  const [, setRenders] = useState(0);
  const resolved: VirtualizerOptions<HTMLElement, TItem> = {
    observeElementRect,
    observeElementOffset,
    scrollToFn: elementScroll,
    ...options,
    onChange: () => setRenders((n) => n + 1),
  };
  const [virtualizer] = useState(() => new Virtualizer<HTMLElement, TItem>(resolved));
  virtualizer.setOptions(resolved);

  useLayoutEffect(() => virtualizer._didMount(), [virtualizer]);
  // Every render: attaches to the scroll element once it is mounted, or again when it is replaced.
  useLayoutEffect(() => {
    virtualizer._willUpdate();
  });
  return virtualizer;
}
