// @vitest-environment happy-dom
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { beforeEach, expect, it, vi } from 'vitest';
import { SyncCard } from '../../../entrypoints/popup/SyncCard';
import type { ResponseMap } from '../../../lib/protocol/messages';
import { MessageError, sendMessage } from '../../../lib/protocol/send';
import { button, mountPoint, user, waitFor } from '../options/helpers';

vi.mock('../../../lib/protocol/send', async (importOriginal) => ({
  ...(await importOriginal<typeof import('../../../lib/protocol/send')>()),
  sendMessage: vi.fn(),
}));

const send = vi.mocked(sendMessage);
const LAST = Date.parse('2025-05-01T11:58:00Z');
const root = mountPoint();
let container: HTMLElement;
let activity: ResponseMap['getActivity'];

/** What the fake background answers; a throw here becomes a rejected promise, as a refusal is. */
function answer(type: keyof ResponseMap): unknown {
  if (type === 'getActivity') return structuredClone(activity);
  if (type === 'triggerSync') {
    activity = { ...activity, outbox: [] };
    return {
      runs: [
        { service: 'anilist', ok: true, message: 'AniList: 0 in, 1 out, 0 conflict(s) resolved.', requests: 1, changesIn: 0, changesOut: 1, conflicts: 0 },
        { service: 'kitsu', ok: true, message: 'Kitsu: 0 in, 0 out, 0 conflict(s) resolved.', requests: 1, changesIn: 0, changesOut: 0, conflicts: 0 },
      ],
    };
  }
  throw new MessageError(`unexpected ${type}`);
}

beforeEach(() => {
  activity = {
    log: [{ id: 9, at: LAST, kind: 'run', service: 'anilist', direction: null, message: 'AniList: 0 in, 0 out', details: {} }],
    outbox: [
      { id: 'anilist:s1', service: 'anilist', seriesId: 's1', title: 'Frieren', fields: ['progress'], state: 'pending', attempts: 0, nextAttemptAt: 0, lastError: null, refused: null },
      { id: 'mal:s1', service: 'mal', seriesId: 's1', title: 'Frieren', fields: ['progress'], state: 'waitingAuth', attempts: 1, nextAttemptAt: 0, lastError: null, refused: null },
    ],
    removed: [],
  };
  send.mockClear();
  send.mockImplementation((type) => new Promise((resolve) => resolve(answer(type) as never)));
  container = root();
});

it('shows waiting changes and the last sync from one small activity read; Sync now syncs and refreshes them', async () => {
  await act(() => render(<SyncCard />, container));
  await waitFor(() => expect(container.textContent).toContain('2 changes waiting'));
  expect(send).toHaveBeenCalledWith('getActivity', { limit: 1 });
  expect(container.textContent).toContain('(1 needs you: see Activity)');
  expect(container.textContent).toContain(`last sync ${new Date(LAST).toLocaleString()}`);

  await user(() => button(container, 'Sync now').click());
  await waitFor(() => expect(container.textContent).toContain('No changes waiting'));
  expect(send).toHaveBeenCalledWith('triggerSync', { forceFullSync: false });
  const results = Array.from(container.querySelectorAll('[role="status"] .sync-results li')).map((li) => li.textContent);
  expect(results).toEqual(['AniList: 0 changes in · 1 change out · 0 conflicts', 'Kitsu: already in step']);
});
