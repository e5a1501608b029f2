// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { countImagesSeen, createReadDetector, type ReadDetectorOptions, type ReadEvent } from '../../../lib/sites/shared/read-detector';
import type { DetectedPage } from '../../../lib/sites/types';

function chapterPage(chapter: number | null, progress: DetectedPage['progress'] = null, seriesKey = 'series-a'): DetectedPage {
  return {
    site: 'mangadex',
    seriesKey,
    title: 'No Game No Life',
    chapterKey: `${seriesKey}-ch-${String(chapter)}`,
    chapter,
    volume: null,
    progress,
    externalIds: {},
  };
}

function setup(overrides: Partial<ReadDetectorOptions> = {}) {
  const events: ReadEvent[] = [];
  const detector = createReadDetector({
    mode: 'automatic',
    // Node's fake timer handles convert to their numeric id, which clearTimeout accepts back.
    timers: { setTimeout: (fn, ms) => Number(setTimeout(fn, ms)), clearTimeout: (id) => clearTimeout(id) },
    now: () => Date.now(),
    onRead: (event) => events.push(event),
    ...overrides,
  });
  return { detector, events, reasons: () => events.map((e) => [e.page.chapter, e.reason]) };
}

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe('paginated chapters', () => {
  it('reached the last page before 10 s: counts as read when the 10 s are up, not earlier', () => {
    const { detector, reasons } = setup();
    detector.observe(chapterPage(4, { page: 1, pages: 3 }));
    vi.advanceTimersByTime(2_000);
    detector.observe(chapterPage(4, { page: 3, pages: 3 }));
    vi.advanceTimersByTime(7_999);
    expect(reasons()).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(reasons()).toEqual([[4, 'last-page']]);
  });

  it('reaching the last page after 10 s counts at once; later page turns do not count again', () => {
    const { detector, events } = setup();
    detector.observe(chapterPage(4, { page: 1, pages: 20 }));
    vi.advanceTimersByTime(30_000);
    detector.observe(chapterPage(4, { page: 20, pages: 20 }));
    expect(events).toEqual([{ page: chapterPage(4, { page: 20, pages: 20 }), reason: 'last-page', mode: 'automatic' }]);
    detector.observe(chapterPage(4, { page: 19, pages: 20 }));
    detector.observe(chapterPage(4, { page: 20, pages: 20 }));
    vi.advanceTimersByTime(60_000);
    expect(events).toHaveLength(1);
  });

  it('paging back from the last page before 10 s still counts: the last page was reached', () => {
    const { detector, reasons } = setup();
    detector.observe(chapterPage(4, { page: 5, pages: 5 }));
    detector.observe(chapterPage(4, { page: 2, pages: 5 }));
    vi.advanceTimersByTime(10_000);
    expect(reasons()).toEqual([[4, 'last-page']]);
  });

  it.each([
    ['page beyond pages', { page: 6, pages: 5 }],
    ['zero pages', { page: 0, pages: 0 }],
    ['NaN page', { page: Number.NaN, pages: Number.NaN }],
    ['fractional page', { page: 2.5, pages: 2.5 }],
    ['a hostile 1e9-page chapter', { page: 1e9, pages: 1e9 }],
  ])('ignores %s', (_label, progress) => {
    const { detector, events } = setup();
    detector.observe(chapterPage(4, progress));
    vi.advanceTimersByTime(60_000);
    detector.observe(chapterPage(4, progress));
    expect(events).toEqual([]);
  });
});

describe('long-strip chapters', () => {
  it.each([
    [89, 100, false],
    [90, 100, true],
    [9, 10, true],
    [100, 100, true],
  ])('%i of %i images seen → read: %s', (imagesSeen, imagesTotal, read) => {
    const { detector, reasons } = setup();
    detector.observe(chapterPage(7), { imagesSeen, imagesTotal });
    vi.advanceTimersByTime(10_000);
    expect(reasons()).toEqual(read ? [[7, 'strip']] : []);
  });

  it('ignores absurd image counts', () => {
    const { detector, events } = setup();
    vi.advanceTimersByTime(10_000);
    detector.observe(chapterPage(7), { imagesSeen: 1e9, imagesTotal: 1e9 });
    detector.observe(chapterPage(7), { imagesSeen: 12, imagesTotal: 10 });
    detector.observe(chapterPage(7), { imagesSeen: 0, imagesTotal: 0 });
    detector.observe(chapterPage(7), { imagesSeen: Number.NaN, imagesTotal: 10 });
    detector.observe(chapterPage(7));
    vi.advanceTimersByTime(60_000);
    expect(events).toEqual([]);
  });

  it('honours a custom threshold and minimum time', () => {
    const { detector, reasons } = setup({ stripThreshold: 0.5, minSeconds: 3 });
    detector.observe(chapterPage(7), { imagesSeen: 5, imagesTotal: 10 });
    vi.advanceTimersByTime(3_000);
    expect(reasons()).toEqual([[7, 'strip']]);
  });
});

describe('moving to another chapter', () => {
  it('marks the previous chapter read only after 10 s on it', () => {
    const { detector, reasons } = setup();
    detector.observe(chapterPage(1, { page: 2, pages: 9 }));
    vi.advanceTimersByTime(9_999);
    detector.observe(chapterPage(2, { page: 1, pages: 9 }));
    expect(reasons()).toEqual([]);
    vi.advanceTimersByTime(10_000);
    detector.observe(chapterPage(3, { page: 1, pages: 9 }));
    expect(reasons()).toEqual([[2, 'next-chapter']]);
  });

  it('does not mark a chapter left for an earlier one, the same number, or another series', () => {
    const { detector, events } = setup();
    for (const page of [chapterPage(5), chapterPage(4), chapterPage(4, null, 'series-b'), chapterPage(1)]) {
      detector.observe(page);
      vi.advanceTimersByTime(20_000);
    }
    const otherUpload = { ...chapterPage(1), chapterKey: 'another-group' };
    detector.observe(otherUpload);
    expect(events).toEqual([]);
  });

  it('cancels the pending last-page timer of the chapter left early, and never reports a chapter twice', () => {
    const { detector, reasons } = setup();
    detector.observe(chapterPage(1, { page: 3, pages: 3 }));
    vi.advanceTimersByTime(5_000);
    detector.observe(chapterPage(2, { page: 1, pages: 3 }));
    vi.advanceTimersByTime(60_000);
    expect(reasons()).toEqual([]);
    detector.observe(chapterPage(2, { page: 3, pages: 3 }));
    detector.observe(chapterPage(3, { page: 1, pages: 3 }));
    expect(reasons()).toEqual([[2, 'last-page']]);
  });
});

describe('modes and lifetime', () => {
  it('ask mode reports the same moments, marked as a question', () => {
    const { detector, events } = setup({ mode: 'ask' });
    detector.observe(chapterPage(4, { page: 3, pages: 3 }));
    vi.advanceTimersByTime(10_000);
    expect(events.map((e) => [e.reason, e.mode])).toEqual([['last-page', 'ask']]);
  });

  it('manual mode never reports anything', () => {
    const { detector, events } = setup({ mode: 'manual' });
    detector.observe(chapterPage(4, { page: 3, pages: 3 }));
    vi.advanceTimersByTime(20_000);
    detector.observe(chapterPage(5, { page: 3, pages: 3 }));
    vi.advanceTimersByTime(20_000);
    expect(events).toEqual([]);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('dispose cancels the pending timer and ignores later observations', () => {
    const { detector, events } = setup();
    detector.observe(chapterPage(4, { page: 3, pages: 3 }));
    expect(vi.getTimerCount()).toBe(1);
    detector.dispose();
    expect(vi.getTimerCount()).toBe(0);
    vi.advanceTimersByTime(20_000);
    detector.observe(chapterPage(5, { page: 3, pages: 3 }));
    expect(events).toEqual([]);
  });
});

describe('countImagesSeen', () => {
  function imageAt(top: number, height = 800): HTMLImageElement {
    const image = document.createElement('img');
    vi.spyOn(image, 'getBoundingClientRect').mockReturnValue(new DOMRect(0, top, 700, height));
    return image;
  }

  it('counts images whose top is above the viewport bottom', () => {
    const images = [imageAt(-2400), imageAt(-1600), imageAt(-800), imageAt(0), imageAt(799), imageAt(800), imageAt(1600)];
    expect(countImagesSeen(images, 800)).toBe(5);
  });

  it('skips images without height (hidden or not loaded yet) and handles an empty strip', () => {
    const images = [imageAt(-800), imageAt(100, 0), imageAt(100, 0), imageAt(100, 0)];
    expect(countImagesSeen(images, 800)).toBe(1);
    expect(countImagesSeen(document.querySelectorAll('img'), 800)).toBe(0);
  });
});
