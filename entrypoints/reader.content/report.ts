import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import { sendMessage } from '../../lib/messaging';
import { countImagesSeen, createReadDetector } from '../../lib/sites/shared/read-detector';
import type { DetectedPage, SiteAdapter } from '../../lib/sites/types';

/** Readers render asynchronously and change chapters without a reload: re-detect on DOM changes, debounced. */
const DEBOUNCE_MS = 300;

/** Identity of a detection: a new report goes out only when one of these changes. */
function detectionKey(page: DetectedPage): string {
  return JSON.stringify([page.seriesKey, page.chapterKey, page.chapter, page.volume, page.progress?.page, page.progress?.pages]);
}

export function reportDetectedPages(ctx: ContentScriptContext, adapter: SiteAdapter): void {
  let lastKey: string | null = null;
  let timer: number | undefined;
  // Automatic tracking is the default (DESIGN.md); the background re-checks every report against the tab.
  const detector = createReadDetector({
    mode: 'automatic',
    now: () => performance.now(),
    timers: { setTimeout: (fn, ms) => ctx.setTimeout(fn, ms), clearTimeout: (id) => clearTimeout(id) },
    onRead: ({ page, reason }) => {
      sendMessage('chapterRead', { page, reason }).catch(() => undefined);
    },
  });
  ctx.onInvalidated(() => detector.dispose());

  const detectNow = () => {
    timer = undefined;
    const page = adapter.detect(document, new URL(location.href));
    if (!page) return;
    const images = adapter.stripImages && !page.progress ? document.querySelectorAll(adapter.stripImages) : null;
    detector.observe(page, images ? { imagesSeen: countImagesSeen(images, window.innerHeight), imagesTotal: images.length } : undefined);
    const key = detectionKey(page);
    if (key === lastKey) return;
    lastKey = key;
    sendMessage('pageDetected', page).catch(() => {
      // The extension was updated or reloaded under this page; the next DOM change retries.
      lastKey = null;
    });
  };
  const schedule = () => {
    if (timer === undefined && ctx.isValid) timer = ctx.setTimeout(detectNow, DEBOUNCE_MS);
  };

  const observer = new MutationObserver(schedule);
  observer.observe(document.documentElement, { childList: true, subtree: true, characterData: true });
  ctx.onInvalidated(() => observer.disconnect());
  ctx.addEventListener(window, 'wxt:locationchange', schedule);
  ctx.addEventListener(window, 'scroll', schedule, { passive: true });
  detectNow();
}
