// @vitest-environment happy-dom
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { Activity } from '../../../entrypoints/options/views/Activity';
import type { ActivityRecord, OutboxSummary, ResponseMap } from '../../../lib/protocol/messages';
import { MessageError, sendMessage } from '../../../lib/protocol/send';
import { button, mountPoint, user, waitFor } from './helpers';

vi.mock('../../../lib/protocol/send', async (importOriginal) => ({
  ...(await importOriginal<typeof import('../../../lib/protocol/send')>()),
  sendMessage: vi.fn(),
}));

const send = vi.mocked(sendMessage);
const NOW = Date.parse('2025-05-01T12:00:00Z');

const root = mountPoint();
let container: HTMLElement;
let activity: ResponseMap['getActivity'] | Error;

/** What the fake background answers; a throw here becomes a rejected promise, as a refusal is. */
function answer(type: keyof ResponseMap): unknown {
  if (type in decisions) return { message: decisions[type as keyof typeof decisions] };
  if (type !== 'getActivity') throw new MessageError(`unexpected ${type}`);
  if (activity instanceof Error) throw activity;
  return structuredClone(activity);
}

/** What the fake background says to each decision. */
const decisions = {
  retryChange: 'Sent to Kitsu again.',
  discardChange: 'Discarded; the library now holds what Kitsu has.',
  addBack: 'Frieren goes back on your Kitsu list.',
  removeEverywhere: 'Frieren is off every list and out of the library.',
};

beforeEach(() => {
  activity = { log: [], outbox: [], removed: [] };
  send.mockClear();
  send.mockImplementation((type) => new Promise((resolve) => resolve(answer(type) as never)));
  vi.spyOn(Date, 'now').mockReturnValue(NOW);
  container = root();
});

async function open(): Promise<void> {
  await act(() => render(<Activity />, container));
  await waitFor(() => expect(container.textContent).not.toContain('Loading activity'));
}

const section = (heading: string) => {
  const found = Array.from(container.querySelectorAll('section')).find((s) => s.querySelector('h2')?.textContent === heading);
  if (!found) throw new Error(`no section "${heading}"`);
  return found;
};
const items = (heading: string) => Array.from(section(heading).querySelectorAll('li'));

const outboxItem = (overrides: Partial<OutboxSummary>): OutboxSummary => ({
  id: 'anilist:s1',
  service: 'anilist',
  seriesId: 's1',
  title: 'Frieren',
  fields: ['progress'],
  state: 'pending',
  attempts: 0,
  nextAttemptAt: NOW - 1000,
  lastError: null,
  refused: null,
  ...overrides,
});

const record = (overrides: Partial<ActivityRecord>): ActivityRecord => ({
  id: 1,
  at: NOW - 60_000,
  kind: 'run',
  service: 'anilist',
  direction: null,
  message: 'AniList: 0 in, 0 out, 0 conflict(s) resolved.',
  details: {},
  ...overrides,
});

describe('Activity', () => {
  it('asks for the newest 200 log records', async () => {
    await open();
    expect(send).toHaveBeenCalledWith('getActivity', { limit: 200 });
  });

  it('lists pending changes with their state in words', async () => {
    const retryAt = NOW + 5 * 60_000;
    activity = {
      log: [],
      removed: [],
      outbox: [
        outboxItem({ id: 'anilist:s1', fields: ['progress', 'score'] }),
        outboxItem({ id: 'mal:s1', service: 'mal', state: 'waitingAuth', attempts: 1, lastError: 'MyAnimeList: the sign-in has expired.' }),
        outboxItem({ id: 'kitsu:s2', service: 'kitsu', title: 'Berserk', fields: ['status'], state: 'failed', attempts: 3, lastError: 'Kitsu refused the change: invalid status' }),
        outboxItem({ id: 'anilist:s3', title: 'Dungeon Meshi', attempts: 2, nextAttemptAt: retryAt }),
      ],
    };
    await open();
    const [waiting, reconnect, failed, retrying] = items('Pending changes').map((li) => li.textContent);

    expect(waiting).toContain('Frieren');
    expect(waiting).toContain('AniList');
    expect(waiting).toContain('chapters, score — waiting to send');
    expect(reconnect).toContain('MyAnimeList');
    expect(reconnect).toContain('waiting for you to reconnect MyAnimeList');
    expect(reconnect).toContain('(1 attempt)');
    expect(reconnect).toContain('Reconnect MyAnimeList in Integrations');
    expect(failed).toContain('Berserk');
    expect(failed).toContain('failed: Kitsu refused the change: invalid status');
    expect(failed).toContain('(3 attempts)');
    expect(retrying).toContain(`next try at ${new Date(retryAt).toLocaleString()}`);
    expect(retrying).toContain('(2 attempts)');
  });

  it('shows the sync log newest first, with conflicts naming the value kept and the value lost', async () => {
    activity = {
      outbox: [],
      removed: [],
      log: [
        record({ id: 1, at: NOW - 120_000, kind: 'run', message: 'AniList: 2 in, 1 out, 1 conflict(s) resolved.', details: { requests: 3, changesIn: 2, changesOut: 1, conflicts: 1, full: false } }),
        record({
          id: 2,
          at: NOW - 60_000,
          kind: 'conflict',
          direction: 'pull',
          message: 'Frieren: status changed in the library and on AniList; kept the AniList value (the later change).',
          details: { seriesId: 's1', field: 'status', kept: 'completed', lost: 'on_hold' },
        }),
        record({
          id: 3,
          at: NOW - 30_000,
          kind: 'conflict',
          service: 'mal',
          direction: 'pull',
          message: 'Berserk: score changed in the library and on MyAnimeList; kept the library value (the later change).',
          details: { seriesId: 's2', field: 'score', kept: 90, lost: null },
        }),
        record({ id: 4, at: NOW - 10_000, kind: 'error', service: 'kitsu', message: 'Kitsu: the service is not answering; changes stay queued.', details: { requests: 1 } }),
      ],
    };
    await open();
    const log = items('Sync log');

    expect(log.map((li) => li.className)).toEqual(['log-record log-error', 'log-record log-conflict', 'log-record log-conflict', 'log-record log-run']);
    const [error, scoreConflict, statusConflict, run] = log;
    expect(error!.textContent).toContain('Error');
    expect(error!.textContent).toContain('Kitsu');
    expect(error!.querySelector('p.error')?.textContent).toBe('Kitsu: the service is not answering; changes stay queued.');
    expect(statusConflict!.textContent).toContain('Conflict');
    expect(statusConflict!.textContent).toContain('pulled');
    expect(statusConflict!.querySelector('.conflict-values')?.textContent).toBe('status: kept Completed, lost On hold');
    expect(scoreConflict!.querySelector('.conflict-values')?.textContent).toBe('score: kept 90/100, lost none');
    expect(run!.textContent).toContain('3 requests · 2 changes in · 1 change out · 1 conflict');
    // The run's stored sentence would only repeat its counts.
    expect(run!.textContent).not.toContain('conflict(s) resolved');
    expect(run!.querySelector('time')?.textContent).toBe(new Date(NOW - 120_000).toLocaleString());
  });

  it('says so when nothing is pending and nothing was logged', async () => {
    await open();
    expect(section('Pending changes').textContent).toContain('Nothing is waiting');
    expect(section('Sync log').textContent).toContain('Nothing has been synced yet');
  });

  it('Refresh reads the activity again; a failure is shown as text', async () => {
    await open();
    activity = { log: [record({ message: 'MyAnimeList: 1 in, 0 out, 0 conflict(s) resolved.', service: 'mal' })], outbox: [], removed: [] };
    await user(() => button(container, 'Refresh').click());
    await waitFor(() => expect(items('Sync log')).toHaveLength(1));
    expect(send).toHaveBeenCalledTimes(2);

    activity = new MessageError('No answer from the background for "getActivity".');
    await user(() => button(container, 'Refresh').click());
    await waitFor(() => expect(container.querySelector('[role="alert"]')?.textContent).toBe('Activity could not be loaded: No answer from the background for "getActivity".'));
  });

  it('offers Retry and Discard on a refused change, shows what was refused, and reads the tab again after each', async () => {
    activity = {
      log: [],
      removed: [],
      outbox: [
        outboxItem({ id: 'kitsu:s1', service: 'kitsu', state: 'failed', attempts: 1, lastError: 'Kitsu does not take progress 330: the manga has 327 chapters there.', refused: { progress: 330 } }),
        outboxItem({ id: 'anilist:s2', title: 'Berserk' }),
      ],
    };
    await open();
    const [refused, pending] = items('Pending changes');
    expect(refused!.textContent).toContain('Kitsu refused: chapters: chapter 330');
    // Only the refusal waits for the user; a change on its way has no buttons.
    expect(pending!.querySelectorAll('button')).toHaveLength(0);

    await user(() => button(container, 'Retry: Frieren on Kitsu').click());
    await waitFor(() => expect(container.querySelector('[role="status"]')?.textContent).toBe('Sent to Kitsu again.'));
    expect(send).toHaveBeenCalledWith('retryChange', { id: 'kitsu:s1' });
    await user(() => button(container, 'Discard: Frieren on Kitsu').click());
    await waitFor(() => expect(container.querySelector('[role="status"]')?.textContent).toBe('Discarded; the library now holds what Kitsu has.'));
    expect(send).toHaveBeenCalledWith('discardChange', { id: 'kitsu:s1' });
    expect(send.mock.calls.filter(([type]) => type === 'getActivity')).toHaveLength(3);
  });

  it('lists entries removed on a service with Add back and Remove everywhere, and shows nothing when there are none', async () => {
    await open();
    expect(container.textContent).not.toContain('Removed on a service');
    activity = { log: [], outbox: [], removed: [{ service: 'kitsu', seriesId: 's1', title: 'Frieren', removedAt: NOW - 60_000 }] };
    await user(() => button(container, 'Refresh').click());
    await waitFor(() => expect(items('Removed on a service')).toHaveLength(1));
    expect(items('Removed on a service')[0]!.textContent).toContain('Removed from your Kitsu list');
    await user(() => button(container, 'Add Frieren back to Kitsu').click());
    await waitFor(() => expect(send).toHaveBeenCalledWith('addBack', { service: 'kitsu', seriesId: 's1' }));
    await user(() => button(container, 'Remove Frieren everywhere').click());
    await waitFor(() => expect(send).toHaveBeenCalledWith('removeEverywhere', { seriesId: 's1' }));
    await waitFor(() => expect(container.querySelector('[role="status"]')?.textContent).toBe('Frieren is off every list and out of the library.'));
  });

  it('follows changes on their way without a click, and stops once only decisions are left', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    try {
      activity = { log: [], removed: [], outbox: [outboxItem({ id: 'mal:s1', service: 'mal' })] };
      await open();
      const reads = () => send.mock.calls.filter(([type]) => type === 'getActivity').length;
      expect(reads()).toBe(1);
      activity = { log: [], removed: [], outbox: [outboxItem({ id: 'mal:s1', service: 'mal', state: 'failed', refused: { progress: 3 } })] };
      await act(() => {
        vi.advanceTimersByTime(3_000);
      });
      await waitFor(() => expect(items('Pending changes')[0]!.textContent).toContain('failed'));
      expect(reads()).toBe(2);
      // Only a refusal is left: it waits for the user, so nothing more is read by itself.
      await act(() => {
        vi.advanceTimersByTime(30_000);
      });
      expect(reads()).toBe(2);
    } finally {
      vi.useRealTimers();
    }
  });
});
