/**
 * The in-page notice (issue: in-page notice): what is about to be updated, a countdown in automatic mode, Undo,
 * "Don't track this series", and what each service answered. It lives in a shadow root so the page's styles
 * cannot restyle it, and it acts only on trusted (user-made) clicks so the page's scripts cannot press its
 * buttons. Plain DOM on purpose: the content script has a 15 KiB gzip budget.
 */
import { t, type MessageKey } from '../../lib/i18n/t';
import type { ReadChoice } from '../../lib/model';
import { readChoiceLabel } from '../../lib/reading/read-choice';

export interface NoticeServiceState {
  name: string;
  state: 'waiting' | 'sent' | 'retrying' | 'failed' | 'reconnect';
  message: string;
}

export interface NoticeActions {
  undo(): Promise<string>;
  dontTrack(): Promise<string>;
  /** Update, or the answer the user picked when the question offered choices. */
  confirm(choice?: ReadChoice): Promise<void>;
}

/** One answer a question offers, and the progress it leaves ("Resume at chapter 50"). */
export interface NoticeChoice {
  choice: ReadChoice;
  chapter: number;
}

export interface NoticeTimers {
  setTimeout(fn: () => void, ms: number): number;
  clearTimeout(id: number): void;
}

const STYLE = `
:host { all: initial; }
.card { position: fixed; right: 16px; bottom: 16px; z-index: 2147483647; max-width: 360px; box-sizing: border-box;
  padding: 12px 14px; border-radius: 10px; font: 14px/1.4 system-ui, sans-serif; color: #1c1b22; background: #fff;
  border: 1px solid #c9c6d3; box-shadow: 0 6px 24px rgb(0 0 0 / 0.25); }
.title { font-weight: 600; margin: 0 0 4px; }
.line { margin: 0 0 4px; }
ul { margin: 4px 0; padding-left: 18px; }
.failed, .reconnect { color: #a4161a; }
.actions { display: flex; flex-wrap: wrap; gap: 8px; margin-top: 8px; }
button { font: inherit; padding: 4px 10px; border-radius: 6px; border: 1px solid #6b6880; background: #f3f2f8; color: inherit; cursor: pointer; }
button.primary { background: #3b3486; border-color: #3b3486; color: #fff; }
button:focus-visible { outline: 2px solid #3b3486; outline-offset: 2px; }
@media (prefers-color-scheme: dark) {
  .card { color: #ecebf3; background: #25232e; border-color: #4a4759; }
  button { background: #34313f; border-color: #8a86a0; }
  button.primary { background: #8f86e8; border-color: #8f86e8; color: #141217; }
  .failed, .reconnect { color: #ff8a8f; }
}`;

const STATE_TEXT: Record<NoticeServiceState['state'], MessageKey> = {
  waiting: 'noticeStateWaiting',
  sent: 'noticeStateSent',
  retrying: 'noticeStateRetrying',
  failed: 'noticeStateFailed',
  reconnect: 'noticeStateReconnect',
};

/** How long a finished notice stays up before it hides itself. */
const LINGER_MS = 12_000;

export class ReadNotice {
  private readonly host: HTMLElement;
  private readonly card: HTMLElement;
  private timers: number[] = [];

  constructor(doc: Document, private readonly clock: NoticeTimers) {
    this.host = doc.createElement('kuroibara-sync-notice');
    const root = this.host.attachShadow({ mode: 'open' });
    const style = doc.createElement('style');
    style.textContent = STYLE;
    this.card = doc.createElement('section');
    this.card.className = 'card';
    this.card.setAttribute('role', 'status');
    this.card.setAttribute('aria-live', 'polite');
    this.card.setAttribute('aria-label', t('extName'));
    // The notice speaks the extension's language, not the page's (a Japanese page, an English notice).
    this.card.setAttribute('lang', t('uiLanguage'));
    root.append(style, this.card);
  }

  /** Automatic mode: the update is queued and goes out when the countdown ends, unless undone. */
  showCountdown(summary: string, services: string[], seconds: number, actions: NoticeActions): void {
    this.render(t('noticeCountdownTitle', summary, services.join(', ')));
    const line = this.line(seconds > 0 ? t('noticeUpdatingIn', seconds) : t('noticeUpdating'));
    let left = seconds;
    const tick = () => {
      left -= 1;
      if (left > 0) {
        line.textContent = t('noticeUpdatingIn', left);
        this.later(tick, 1000);
      } else line.textContent = t('noticeUpdating');
    };
    if (seconds > 0) this.later(tick, 1000);
    this.actions([
      [t('noticeUndo'), () => this.run(actions.undo(), t('noticeUndoBusy'))],
      [t('noticeDontTrack'), () => this.run(actions.dontTrack(), t('noticeDontTrackBusy'))],
      [t('noticeDismiss'), () => this.hide()],
    ]);
  }

  /**
   * Ask mode, or a question from the reading policy (a big jump, a reread). With `choices` (an older chapter of a
   * series on hold, dropped or planned) each answer is its own button instead of Update: there is no default.
   */
  showQuestion(question: string, services: string[], actions: NoticeActions, choices: readonly NoticeChoice[] = []): void {
    this.render(question);
    if (services.length > 0) this.line(t('noticeUpdatesServices', services.join(', ')));
    const answers: [string, () => void, boolean?][] =
      choices.length === 0
        ? [[t('noticeUpdate'), () => this.run(actions.confirm().then(() => null), t('noticeUpdateBusy')), true]]
        : choices.map(({ choice, chapter }) => [readChoiceLabel(choice, chapter), () => this.run(actions.confirm(choice).then(() => null), t('noticeUpdateBusy'))]);
    this.actions([
      ...answers,
      [t('noticeNotNow'), () => this.hide()],
      [t('noticeDontTrack'), () => this.run(actions.dontTrack(), t('noticeDontTrackBusy'))],
    ]);
  }

  /** What each service answered; keeps Undo available while it is shown. */
  showResults(summary: string, services: NoticeServiceState[], actions: Pick<NoticeActions, 'undo'>): void {
    const failed = services.filter((s) => s.state !== 'sent' && s.state !== 'waiting');
    this.render(failed.length === 0 ? t('noticeUpdated', summary) : t('noticeNotEveryService', summary));
    const list = this.card.ownerDocument.createElement('ul');
    for (const service of services) {
      const item = this.card.ownerDocument.createElement('li');
      item.className = service.state;
      const state = t(STATE_TEXT[service.state]);
      item.textContent = service.message ? t('noticeServiceStateDetail', service.name, state, service.message) : t('noticeServiceState', service.name, state);
      list.append(item);
    }
    this.card.append(list);
    this.actions([
      [t('noticeUndo'), () => this.run(actions.undo(), t('noticeUndoBusy'))],
      [t('noticeDismiss'), () => this.hide()],
    ]);
    this.later(() => this.hide(), LINGER_MS);
  }

  /** A plain message (undone, not linked yet, a failure to reach the extension). */
  showMessage(text: string): void {
    this.render(text);
    this.actions([[t('noticeDismiss'), () => this.hide()]]);
    this.later(() => this.hide(), LINGER_MS);
  }

  hide(): void {
    this.clearTimers();
    this.host.remove();
  }

  /** `busy` is shown while `action` runs ("Undo…"). */
  private run(action: Promise<string | null>, busy: string): void {
    this.clearTimers();
    this.render(busy);
    action.then(
      (message) => {
        if (message) this.showMessage(message);
      },
      () => this.showMessage(t('noticeReload')),
    );
  }

  private render(title: string): void {
    this.clearTimers();
    const doc = this.card.ownerDocument;
    const heading = doc.createElement('p');
    heading.className = 'title';
    heading.textContent = title;
    this.card.replaceChildren(heading);
    if (!this.host.isConnected) doc.documentElement.append(this.host);
  }

  private line(text: string): HTMLElement {
    const p = this.card.ownerDocument.createElement('p');
    p.className = 'line';
    p.textContent = text;
    this.card.append(p);
    return p;
  }

  private actions(buttons: [label: string, onClick: () => void, primary?: boolean][]): void {
    const doc = this.card.ownerDocument;
    const row = doc.createElement('div');
    row.className = 'actions';
    for (const [label, onClick, primary] of buttons) {
      const button = doc.createElement('button');
      button.type = 'button';
      button.textContent = label;
      if (primary) button.className = 'primary';
      button.addEventListener('click', (event) => {
        // Only a person's click counts: a page script calling click() produces an untrusted event.
        if (event.isTrusted) onClick();
      });
      row.append(button);
    }
    this.card.append(row);
  }

  private later(fn: () => void, ms: number): void {
    this.timers.push(this.clock.setTimeout(fn, ms));
  }

  private clearTimers(): void {
    for (const id of this.timers) this.clock.clearTimeout(id);
    this.timers = [];
  }
}
