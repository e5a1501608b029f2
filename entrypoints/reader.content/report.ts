import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import type { ResponseMap } from '../../lib/protocol/messages';
import type { SiteReading } from '../../lib/settings/reading';
import { sendMessage } from '../../lib/protocol/send';
import { countImagesSeen, createReadDetector, type ReadEvent } from '../../lib/sites/shared/read-detector';
import type { DetectedPage, SiteAdapter } from '../../lib/sites/types';
import type { ReadChoice } from '../../lib/model';
import { ReadNotice, type NoticeActions, type NoticeChoice } from './notice';
import { createServerApi } from './server-api';

/** Readers render asynchronously and change chapters without a reload: re-detect on DOM changes, debounced. */
const DEBOUNCE_MS = 300;
/** After the countdown: how often and how long to ask how the services answered. */
const STATUS_POLL_MS = 1000;
const STATUS_POLL_LIMIT = 20;

/** Identity of a detection: a new report goes out only when one of these changes. */
function detectionKey(page: DetectedPage): string {
  return JSON.stringify([page.seriesKey, page.chapterKey, page.chapter, page.volume, page.progress?.page, page.progress?.pages]);
}

export async function reportDetectedPages(ctx: ContentScriptContext, adapter: SiteAdapter, reading: SiteReading): Promise<void> {
  if (!reading.enabled) return;

  const timers = { setTimeout: (fn: () => void, ms: number) => ctx.setTimeout(fn, ms), clearTimeout: (id: number) => clearTimeout(id) };
  const notice = new ReadNotice(document, timers);
  ctx.onInvalidated(() => notice.hide());
  const server = adapter.load ? createServerApi(location.origin) : null;

  const detector = createReadDetector({
    mode: reading.mode,
    minSeconds: reading.minSeconds,
    now: () => performance.now(),
    timers,
    onRead: (event) => void showRead(event),
  });
  ctx.onInvalidated(() => detector.dispose());

  let readSerial = 0;
  /** `event` null: the user confirmed (Update, or the `choice` they picked) what the notice asked. */
  const showRead = async (event: ReadEvent | null, choice?: ReadChoice) => {
    const serial = ++readSerial;
    const reply = await (event ? sendMessage('chapterRead', { page: event.page, reason: event.reason }) : sendMessage('confirmRead', { choice })).catch(() => null);
    if (!reply || serial !== readSerial || !ctx.isValid) return;
    presentReply(reply, serial);
  };

  const presentReply = (reply: ResponseMap['chapterRead'], serial: number) => {
    const readId = reply.outcome === 'updated' ? reply.readId : null;
    const actions: NoticeActions = {
      undo: async () => {
        readSerial++;
        return readId ? (await sendMessage('undoRead', { readId })).message : '';
      },
      dontTrack: async () => {
        readSerial++;
        return (await sendMessage('ignoreSeries', { readId })).message;
      },
      confirm: (choice) => showRead(null, choice),
    };
    if (reply.outcome === 'updated') {
      const { readId: id } = reply;
      notice.showCountdown(reply.summary, reply.services, reply.countdownSeconds, actions);
      let polls = 0;
      const poll = async () => {
        if (serial !== readSerial || !ctx.isValid) return;
        const status = await sendMessage('getReadStatus', { readId: id }).catch(() => null);
        if (serial !== readSerial || !status) return;
        if (status.services.some((s) => s.state === 'waiting') && ++polls < STATUS_POLL_LIMIT) ctx.setTimeout(() => void poll(), STATUS_POLL_MS);
        else notice.showResults(reply.summary, status.services, actions);
      };
      ctx.setTimeout(() => void poll(), reply.countdownSeconds * 1000 + STATUS_POLL_MS);
    } else if (reply.outcome === 'ask') {
      const { choices = [], choiceChapters } = reply;
      const answers: NoticeChoice[] = choiceChapters ? choices.map((choice) => ({ choice, chapter: choiceChapters[choice] })) : [];
      notice.showQuestion(reply.question, reply.services, actions, answers);
    } else if (!reply.quiet) {
      notice.showMessage(reply.message);
    }
  };

  let lastKey: string | null = null;
  let timer: number | undefined;
  let detectSerial = 0;
  const detectNow = async () => {
    timer = undefined;
    const serial = ++detectSerial;
    const url = new URL(location.href);
    const found = adapter.load && server ? await adapter.load(document, url, server).catch(() => null) : adapter.detect(document, url);
    // A slower, older load must not overwrite what a newer one found.
    if (!found || serial !== detectSerial || !ctx.isValid) return;
    // Self-hosted series ids are only unique on their own server.
    const page = adapter.selfHosted ? { ...found, seriesKey: `${location.host}/${found.seriesKey}`.slice(0, 200) } : found;
    const images = adapter.stripImages && !page.progress ? document.querySelectorAll(adapter.stripImages) : null;
    const key = detectionKey(page);
    if (key !== lastKey) {
      lastKey = key;
      // The background must know the chapter before the detector can report it read.
      const recorded = await sendMessage('pageDetected', page).catch(() => null);
      // The extension was updated or reloaded under this page; the next change retries.
      if (!recorded) lastKey = null;
    }
    detector.observe(page, images ? { imagesSeen: countImagesSeen(images, window.innerHeight), imagesTotal: images.length } : undefined);
  };
  const schedule = () => {
    if (timer === undefined && ctx.isValid) timer = ctx.setTimeout(() => void detectNow(), DEBOUNCE_MS);
  };

  const observer = new MutationObserver(schedule);
  observer.observe(document.documentElement, { childList: true, subtree: true, characterData: true });
  ctx.onInvalidated(() => observer.disconnect());
  // WXT polls the address for this event, so Kavita's and Komga's `history.replaceState` are seen too.
  ctx.addEventListener(window, 'wxt:locationchange', schedule);
  ctx.addEventListener(window, 'scroll', schedule, { passive: true });
  await detectNow();
}
