import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import { sendMessage } from '../../lib/messaging';
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

  const detectNow = () => {
    timer = undefined;
    const page = adapter.detect(document, new URL(location.href));
    if (!page) return;
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
  detectNow();
}
