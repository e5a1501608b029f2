// @vitest-environment happy-dom
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { CurrentTab } from '../../../entrypoints/popup/CurrentTab';
import type { ChapterReadReply, RequestMap, TabState } from '../../../lib/protocol/messages';
import { MessageError, sendMessage } from '../../../lib/protocol/send';
import { button, field, mountPoint, row, typeInto, user, waitFor } from '../options/helpers';

vi.mock('../../../lib/protocol/send', async (importOriginal) => ({
  ...(await importOriginal<typeof import('../../../lib/protocol/send')>()),
  sendMessage: vi.fn(),
}));

const send = vi.mocked(sendMessage);
const TAB = 21;
const root = mountPoint();
let container: HTMLElement;

const state: TabState = {
  page: {
    site: 'mangadex', seriesKey: 'b0b721ff-c388-4486-aa0f-c2b0bb321512', title: 'Sousou no Frieren', chapterKey: 'c3', chapter: 3, volume: null,
    progress: null, externalIds: {}, tabUrl: 'https://mangadex.org/chapter/c3', detectedAt: 0,
  },
  match: { kind: 'matched', how: 'ids', title: 'Sousou no Frieren' },
  row: null,
};

const question = 'Chapter 3 is behind your progress (chapter 50). Resume where you left off, or reread from here?';
const choose: ChapterReadReply = {
  outcome: 'ask', question, message: question, services: ['AniList', 'MyAnimeList', 'Kitsu'],
  choices: ['resume', 'reread'], choiceChapters: { resume: 50, reread: 3 },
};
const updated = (summary: string): ChapterReadReply => ({
  outcome: 'updated', readId: 'r1', summary, services: ['AniList'], countdownSeconds: 0, message: `${summary} saved; sending to your services.`,
});

/** What the fake background answers "Mark chapter N as read" with, by the answer it was sent. */
let markReply: (data: RequestMap['markChapterRead']) => ChapterReadReply;

beforeEach(() => {
  send.mockReset();
  send.mockImplementation((type, data) => {
    if (type === 'getTabState') return Promise.resolve(state as never);
    if (type === 'markChapterRead') return Promise.resolve(markReply(data as RequestMap['markChapterRead']) as never);
    return Promise.reject(new MessageError(`unexpected ${type}`));
  });
  container = root();
});

const markCalls = () => send.mock.calls.filter(([type]) => type === 'markChapterRead').map(([, data]) => data);

describe('"Mark chapter N as read" for an older chapter of a series on hold, dropped or planned', () => {
  it.each([
    ['Resume at chapter 50', 'resume', 'Chapter 50: reading again'],
    ['Reread from chapter 3', 'reread', 'Chapter 3: rereading'],
  ] as const)('asks Resume or Reread; %s sends that answer', async (name, choice, summary) => {
    markReply = (data) => (data.choice === undefined ? choose : updated(summary));
    await act(() => render(<CurrentTab tabId={TAB} state={state} onState={() => undefined} />, container));

    await user(() => button(container, 'Mark chapter 3 as read').click());
    const group = await waitFor(() => {
      const found = container.querySelector('[role="group"]');
      if (!found) throw new Error('no question');
      return found;
    });
    // The question names the group the two answers are in; each answer is a real button named by its text.
    expect(document.getElementById(group.getAttribute('aria-labelledby') ?? '')?.textContent).toBe(question);
    expect(Array.from(group.querySelectorAll('button')).map((b) => b.textContent)).toEqual(['Resume at chapter 50', 'Reread from chapter 3']);
    expect(markCalls()).toEqual([{ tabId: TAB }]);

    await user(() => button(container, name).click());
    await waitFor(() => expect(container.querySelector('[role="status"]')?.textContent).toBe(`${summary} saved; sending to your services.`));
    expect(markCalls()).toEqual([{ tabId: TAB }, { tabId: TAB, choice }]);
    // Answered: the question is gone.
    expect(container.querySelector('[role="group"]')).toBeNull();
  });

  it('shows any other question as a message, as before', async () => {
    markReply = () => ({ outcome: 'ask', question: 'Jump from chapter 0 to 3?', message: 'Jump from chapter 0 to 3?', services: ['AniList'] });
    await act(() => render(<CurrentTab tabId={TAB} state={state} onState={() => undefined} />, container));
    await user(() => button(container, 'Mark chapter 3 as read').click());
    await waitFor(() => expect(container.querySelector('[role="status"]')?.textContent).toBe('Jump from chapter 0 to 3?'));
    expect(container.querySelector('[role="group"]')).toBeNull();
    expect(container.textContent).not.toContain('Resume at chapter');
  });
});

describe('the quick edit of the series on the tab', () => {
  it('sends only what the user changed: a value a sync brought in since the popup opened is not written over', async () => {
    const opened: TabState = { ...state, row: row({ seriesId: 's1', title: 'Sousou no Frieren', entry: { ...row({ seriesId: 's1', title: '' }).entry!, progress: 12, score: 70 } }) };
    send.mockImplementation((type) => {
      if (type === 'getTabState') return Promise.resolve(opened as never);
      if (type === 'updateEntry') return Promise.resolve({} as never);
      return Promise.reject(new MessageError(`unexpected ${type}`));
    });
    await act(() => render(<CurrentTab tabId={TAB} state={opened} onState={() => undefined} />, container));
    await user(() => typeInto(field(container, 'Score (0–100)'), '85'));
    await user(() => button(container, 'Save').click());
    await waitFor(() => expect(send.mock.calls.filter(([type]) => type === 'updateEntry')).toHaveLength(1));
    // The score alone: chapters read (12 when the form opened; the phone may be further along by now) are not sent.
    expect(send.mock.calls.find(([type]) => type === 'updateEntry')?.[1]).toEqual({ seriesId: 's1', changes: { score: 85 }, opened: { score: 70 } });
  });
});
