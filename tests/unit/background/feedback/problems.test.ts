import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { browser } from 'wxt/browser';
import { saveAppSettings } from '../../../../lib/settings/app';
import { DONE_MARK, PROBLEM_MARK } from '../../../../lib/background/feedback/badge';
import { listOutbox, releaseAuthWaits } from '../../../../lib/library/outbox';
import { openNotification, problemNotice } from '../../../../lib/background/feedback/notifications';
import { readProblems, refreshProblems, unannounced, type Problem } from '../../../../lib/background/feedback/problems';
import { serviceContext } from '../../../../lib/sync/context';
import { flushService } from '../../../../lib/sync/flush';
import { confirmReadOnTab } from '../../../../lib/reading/read-flow';
import { flushAll } from '../../../../lib/sync/scheduler';
import { saveTabPage } from '../../../../lib/reading/tab-pages';
import { checkHealth } from '../../../../lib/trackers/accounts';
import type { FakeInternet } from '../../../fakes/index';
import { connectEmptyAccounts, frierenPage, resetLibrary, startWorld, writeCounts } from '../../sync/world';

// The services' pace is tested on its own (rate-limiter, http); here it would only make the test slow.
vi.mock('../../../../lib/trackers/rate-limiter', async (importOriginal) => {
  const original = await importOriginal<typeof import('../../../../lib/trackers/rate-limiter')>();
  return { ...original, createRateLimiter: () => original.createRateLimiter({ perMinute: 6000, burst: 100 }) };
});

vi.setConfig({ testTimeout: 60_000 });

/** MyAnimeList refuses the values (HTTP 400 invalid_content): a permanent failure. */
const MAL_REFUSES = { host: 'api.myanimelist.net', method: 'PATCH', status: 400, body: '{"error":"invalid_content","message":""}', times: 100 } as const;

/** fake-browser has no `permissions`: this stands in for Chromium's, with the grant the options page would obtain. */
let granted: Set<string>;
beforeEach(() => {
  granted = new Set();
  Object.assign(browser, {
    permissions: {
      ...browser.permissions,
      contains: (p: { permissions?: string[] }) => Promise.resolve((p.permissions ?? []).every((name) => granted.has(name))),
      remove: (p: { permissions?: string[] }) => {
        for (const name of p.permissions ?? []) granted.delete(name);
        return Promise.resolve(true);
      },
    },
  });
});

const optIn = async () => {
  granted.add('notifications');
  await saveAppSettings({ notifications: true });
};

describe('which problems are news', () => {
  const a: Problem = { key: 'failed:mal:s1', kind: 'failed', service: 'mal', title: 'A' };
  const b: Problem = { key: 'reconnect:kitsu', kind: 'reconnect', service: 'kitsu', title: null };

  it('announces a problem once, and again only after it went away and came back', () => {
    expect(unannounced([a], [])).toEqual([a]);
    expect(unannounced([a, b], [a.key])).toEqual([b]);
    expect(unannounced([a, b], [a.key, b.key])).toEqual([]);
    // Gone (the retry succeeded or it was discarded), then failing again: news again.
    expect(unannounced([a], [b.key])).toEqual([a]);
  });

  it('words each notice with the service and the series, and opens the tab to act on', () => {
    expect(problemNotice(a)).toEqual({
      id: 'kuroibara:activity:failed:mal:s1',
      title: 'MyAnimeList did not accept an update',
      message: 'A: the change is kept. Click to retry or discard it in Activity.',
    });
    expect(problemNotice(b)).toMatchObject({ id: 'kuroibara:integrations:reconnect:kitsu', title: 'Kitsu needs reconnecting' });
  });
});

describe('problems on a signed-in world', () => {
  let internet: FakeInternet;
  beforeAll(async () => {
    internet = await startWorld();
  });
  afterAll(() => internet.close());
  afterEach(resetLibrary);

  beforeEach(async () => {
    await connectEmptyAccounts(internet);
    // A real tab, so that painting every tab reaches it.
    tab = (await browser.tabs.create({ url: 'https://mangadex.org/chapter/x' })).id!;
    await saveTabPage(tab, frierenPage());
  });
  let tab: number;

  /** "Mark chapter 12 as read" on the tab: recorded, and sent to every service at once. */
  const markRead = async () => expect((await confirmReadOnTab(tab)).outcome).toBe('updated');

  /** Sends MyAnimeList's queue now, backoff or not (as "Sync now" does). */
  const flushMal = async () => {
    const context = await serviceContext('mal');
    await flushService(context!, Date.now, { retryNow: true });
  };
  const badgeText = (tabId?: number) => browser.action.getBadgeText(tabId === undefined ? {} : { tabId });

  it('notifies once when an update fails for good, never for the retries before it', async () => {
    await optIn();
    const created = vi.spyOn(browser.notifications, 'create');
    internet.faults.add({ host: 'api.myanimelist.net', method: 'PATCH', status: 503, times: 100 });
    await markRead();
    await flushMal();
    await flushMal();
    expect(writeCounts(internet)).toMatchObject({ anilist: 1, kitsu: 1 });
    expect((await listOutbox()).map((item) => [item.service, item.state, item.attempts])).toEqual([['mal', 'pending', 3]]);
    expect(created).not.toHaveBeenCalled();
    expect(await badgeText(tab)).toBe(DONE_MARK);

    internet.faults.clear();
    internet.faults.add(MAL_REFUSES);
    await flushMal();
    expect((await listOutbox()).map((item) => item.state)).toEqual(['failed']);
    expect(created).toHaveBeenCalledTimes(1);
    expect(created.mock.calls[0]![0]).toMatch(/^kuroibara:activity:failed:mal:/);
    expect(created.mock.calls[0]![1]).toMatchObject({
      type: 'basic',
      title: 'MyAnimeList did not accept an update',
      message: 'Sousou no Frieren: the change is kept. Click to retry or discard it in Activity.',
    });
    expect(await badgeText(tab)).toBe(PROBLEM_MARK);
    expect(await badgeText()).toBe(PROBLEM_MARK);

    // Later sync runs, alarms and start-ups look again: the same failure is not news.
    await flushAll();
    await refreshProblems();
    await refreshProblems();
    expect(created).toHaveBeenCalledTimes(1);
  });

  it('notifies once when a service needs reconnecting, however many calls it refuses', async () => {
    await optIn();
    const created = vi.spyOn(browser.notifications, 'create');
    internet.faults.add({ host: 'api.myanimelist.net', status: 401, body: '{"error":"invalid_token"}', times: 1000 });
    await markRead();
    await checkHealth(['mal']);
    await checkHealth(['mal']);
    expect(await readProblems()).toEqual([{ key: 'reconnect:mal', kind: 'reconnect', service: 'mal', title: null }]);
    expect(created).toHaveBeenCalledTimes(1);
    expect(created.mock.calls[0]![1]).toMatchObject({ title: 'MyAnimeList needs reconnecting' });
    // Nothing of the service's answer (nor any token) reaches the notification.
    expect(JSON.stringify(created.mock.calls[0])).not.toMatch(/token|invalid|401/i);
    expect(await badgeText(tab)).toBe(PROBLEM_MARK);

    // Reconnected (the connect handler releases the waiting changes): the badge is back to the recorded chapter.
    internet.faults.clear();
    await releaseAuthWaits('mal');
    await flushMal();
    expect(await readProblems()).toEqual([]);
    expect(await badgeText(tab)).toBe(DONE_MARK);
    expect(await badgeText()).toBe('');
  });

  it('shows the problem on the badge without a notification when the user did not opt in, and does not announce it later', async () => {
    const created = vi.spyOn(browser.notifications, 'create');
    internet.faults.add(MAL_REFUSES);
    await markRead();
    expect(await badgeText(tab)).toBe(PROBLEM_MARK);
    expect(created).not.toHaveBeenCalled();
    // Turned on afterwards: only failures from then on are announced, not the old one.
    await optIn();
    await refreshProblems();
    expect(created).not.toHaveBeenCalled();
  });

  it('stays quiet when the setting is on but the permission was taken back in the browser', async () => {
    await optIn();
    granted.delete('notifications');
    const created = vi.spyOn(browser.notifications, 'create');
    internet.faults.add(MAL_REFUSES);
    await markRead();
    expect(await badgeText(tab)).toBe(PROBLEM_MARK);
    expect(created).not.toHaveBeenCalled();
  });
});

describe('clicking a notification', () => {
  it.each([
    ['kuroibara:activity:failed:mal:s1', '#activity'],
    ['kuroibara:integrations:reconnect:mal', '#integrations'],
    ['kuroibara:activity:shortcut', '#activity'],
  ])('%s opens the options page at %s', async (id, hash) => {
    await browser.notifications.create(id, { type: 'basic', iconUrl: 'x', title: 't', message: 'm' });
    await openNotification(id);
    const tabs = await browser.tabs.query({});
    expect(tabs.flatMap((tab) => tab.url ?? [])).toEqual([browser.runtime.getURL(`/options.html${hash}`)]);
    expect(await browser.notifications.getAll()).toEqual({});
  });

  it('ignores notifications that are not ours', async () => {
    await openNotification('someone-else:1');
    expect((await browser.tabs.query({})).flatMap((tab) => tab.url ?? [])).toEqual([]);
  });
});
