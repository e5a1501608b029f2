// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ReadNotice, type NoticeActions } from '../../../entrypoints/reader.content/notice';

const timers = { setTimeout: (fn: () => void, ms: number) => window.setTimeout(fn, ms), clearTimeout: (id: number) => window.clearTimeout(id) };

function card(): HTMLElement | null {
  return document.querySelector('kuroibara-sync-notice')?.shadowRoot?.querySelector('section') ?? null;
}
function button(name: string): HTMLButtonElement {
  const found = [...(card()?.querySelectorAll('button') ?? [])].find((b) => b.textContent === name);
  if (!found) throw new Error(`no button ${name}`);
  return found;
}
/** A person's click: the browser marks it trusted, which a page script's `click()` never is. */
function trustedClick(target: HTMLElement): void {
  const event = new MouseEvent('click', { bubbles: true });
  Object.defineProperty(event, 'isTrusted', { value: true });
  target.dispatchEvent(event);
}

const undo = vi.fn(() => Promise.resolve('Undone: Berserk is back as it was.'));
const dontTrack = vi.fn(() => Promise.resolve('Berserk will not be tracked on this site.'));
const confirm = vi.fn(() => Promise.resolve());
const actions: NoticeActions = { undo, dontTrack, confirm };
beforeEach(() => {
  vi.useFakeTimers();
  vi.clearAllMocks();
});
afterEach(() => {
  vi.useRealTimers();
  document.documentElement.querySelector('kuroibara-sync-notice')?.remove();
});

describe('the in-page notice', () => {
  it('says what will be updated and counts down to it', () => {
    new ReadNotice(document, timers).showCountdown('Chapter 12', ['AniList', 'MyAnimeList', 'Kitsu'], 5, actions);
    expect(card()?.getAttribute('role')).toBe('status');
    expect(card()?.textContent).toContain('Chapter 12 → AniList, MyAnimeList, Kitsu');
    expect(card()?.textContent).toContain('Updating in 5 s');
    vi.advanceTimersByTime(2000);
    expect(card()?.textContent).toContain('Updating in 3 s');
    vi.advanceTimersByTime(3000);
    expect(card()?.textContent).toContain('Updating…');
  });

  it('acts on a person’s click and ignores a page script’s', async () => {
    new ReadNotice(document, timers).showCountdown('Chapter 12', ['AniList'], 5, actions);
    button('Undo').click();
    button("Don't track this series").click();
    expect(undo).not.toHaveBeenCalled();
    expect(dontTrack).not.toHaveBeenCalled();
    trustedClick(button('Undo'));
    expect(undo).toHaveBeenCalledTimes(1);
    // The background's answer arrives a microtask later.
    await Promise.resolve();
    await Promise.resolve();
    expect(card()?.textContent).toContain('Undone: Berserk is back as it was.');
  });

  it('names the service that failed and keeps Undo available', () => {
    new ReadNotice(document, timers).showResults(
      'Chapter 12',
      [
        { name: 'AniList', state: 'sent', message: '' },
        { name: 'MyAnimeList', state: 'retrying', message: 'MyAnimeList is not answering (HTTP 503).' },
      ],
      actions,
    );
    expect(card()?.textContent).toContain('Chapter 12: not every service was updated');
    expect(card()?.textContent).toContain('MyAnimeList: not updated yet — queued, will retry (MyAnimeList is not answering (HTTP 503).)');
    expect(button('Undo')).toBeTruthy();
  });

  it('asks first in ask mode and updates only on Update', () => {
    new ReadNotice(document, timers).showQuestion('Chapter 12 → update your lists?', ['AniList', 'Kitsu'], actions);
    expect(card()?.textContent).toContain('Updates AniList, Kitsu');
    trustedClick(button('Not now'));
    expect(confirm).not.toHaveBeenCalled();
    expect(document.querySelector('kuroibara-sync-notice')).toBeNull();
    new ReadNotice(document, timers).showQuestion('Chapter 12 → update your lists?', ['AniList'], actions);
    trustedClick(button('Update'));
    expect(confirm).toHaveBeenCalledTimes(1);
    expect(confirm).toHaveBeenCalledWith();
  });

  describe('for an older chapter of a series on hold, dropped or planned', () => {
    const question = 'Chapter 3 is behind your progress (chapter 50). Resume where you left off, or reread from here?';
    const choices = [{ choice: 'resume', chapter: 50 }, { choice: 'reread', chapter: 3 }] as const;
    const buttons = () => [...(card()?.querySelectorAll('button') ?? [])].map((b) => b.textContent);

    it('offers Resume and Reread, each saying where it leaves the progress, and no plain Update', () => {
      new ReadNotice(document, timers).showQuestion(question, ['AniList', 'MyAnimeList', 'Kitsu'], actions, choices);
      expect(card()?.textContent).toContain(question);
      expect(card()?.textContent).toContain('Updates AniList, MyAnimeList, Kitsu');
      expect(buttons()).toEqual(['Resume at chapter 50', 'Reread from chapter 3', 'Not now', "Don't track this series"]);
      // Real buttons whose accessible name is their text.
      for (const b of card()?.querySelectorAll('button') ?? []) {
        expect(b.type).toBe('button');
        expect(b.hasAttribute('aria-label')).toBe(false);
      }
    });

    it.each([
      ['Resume at chapter 50', 'resume'],
      ['Reread from chapter 3', 'reread'],
    ])('%s, clicked by a person, confirms with that answer; a page script’s click does nothing', (name, choice) => {
      new ReadNotice(document, timers).showQuestion(question, ['AniList'], actions, choices);
      button(name).click();
      expect(confirm).not.toHaveBeenCalled();
      trustedClick(button(name));
      expect(confirm).toHaveBeenCalledTimes(1);
      expect(confirm).toHaveBeenCalledWith(choice);
      expect(card()?.textContent).toContain('Update…');
    });

    it('Not now answers nothing and closes the notice', () => {
      new ReadNotice(document, timers).showQuestion(question, ['AniList'], actions, choices);
      trustedClick(button('Not now'));
      expect(confirm).not.toHaveBeenCalled();
      expect(document.querySelector('kuroibara-sync-notice')).toBeNull();
    });

    it('"Don\'t track this series" is offered as with any question', () => {
      new ReadNotice(document, timers).showQuestion(question, ['AniList'], actions, choices);
      trustedClick(button("Don't track this series"));
      expect(dontTrack).toHaveBeenCalledTimes(1);
      expect(confirm).not.toHaveBeenCalled();
    });
  });

  it('shows page text as text, never as markup', () => {
    new ReadNotice(document, timers).showMessage('<img src=x onerror=alert(1)> is not linked yet.');
    expect(card()?.querySelector('img')).toBeNull();
    expect(card()?.textContent).toContain('<img src=x onerror=alert(1)> is not linked yet.');
  });

  it('hides itself a while after it has said its piece', () => {
    new ReadNotice(document, timers).showMessage('Done.');
    vi.advanceTimersByTime(13_000);
    expect(document.querySelector('kuroibara-sync-notice')).toBeNull();
  });
});
