import { deleteDB } from 'idb';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { readCredentials, saveCredentials, type Credentials } from '../../../lib/auth/credentials';
import { createSession } from '../../../lib/auth/session';
import { DB_NAME } from '../../../lib/library/db';
import { withSession } from '../../../lib/trackers/module';
import type { CallResult } from '../../../lib/trackers/tracker';

afterEach(async () => {
  await deleteDB(DB_NAME);
});

const stale: Credentials = { accessToken: 'old-access', refreshToken: 'old-refresh', expiresAt: null, clientId: 'c' };

describe('session refresh', () => {
  it('5 concurrent 401s cause exactly one refresh, and all 5 calls then succeed', async () => {
    await saveCredentials('mal', stale);
    const grant = vi.fn(async (c: Credentials) => {
      await new Promise((r) => setTimeout(r, 20));
      return { ...c, accessToken: 'new-access', refreshToken: 'new-refresh' };
    });
    const session = createSession('mal', grant);
    const call = (token: string): Promise<CallResult<string>> =>
      Promise.resolve(token === 'new-access' ? { kind: 'ok', value: 'fine' } : { kind: 'auth', message: 'MyAnimeList no longer accepts the saved sign-in' });
    const results = await Promise.all(Array.from({ length: 5 }, () => withSession(session, 'MyAnimeList', call)));
    expect(results).toEqual(Array(5).fill({ kind: 'ok', value: 'fine' }));
    expect(grant).toHaveBeenCalledTimes(1);
    expect(await readCredentials('mal')).toMatchObject({ accessToken: 'new-access', refreshToken: 'new-refresh' });
  });

  it('a 401 that arrives after someone else refreshed retries with the new token without refreshing again', async () => {
    await saveCredentials('mal', { ...stale, accessToken: 'new-access' });
    const grant = vi.fn();
    const session = createSession('mal', grant);
    expect(await session.refresh('old-access')).toBe(true);
    expect(grant).not.toHaveBeenCalled();
  });

  it('refreshes before sending when the token is about to expire', async () => {
    await saveCredentials('mal', { ...stale, expiresAt: 1_000 });
    const grant = vi.fn((c: Credentials) => Promise.resolve({ ...c, accessToken: 'new-access', expiresAt: 10_000_000 }));
    const session = createSession('mal', grant, () => 5_000);
    expect(await session.accessToken()).toBe('new-access');
    expect(grant).toHaveBeenCalledTimes(1);
  });

  it('a refused refresh leaves the call failed as auth (the user must reconnect)', async () => {
    await saveCredentials('mal', stale);
    const session = createSession('mal', () => Promise.resolve(null));
    const result = await withSession(session, 'MyAnimeList', () => Promise.resolve<CallResult<string>>({ kind: 'auth', message: 'MyAnimeList: reconnect' }));
    expect(result.kind).toBe('auth');
  });

  it('a refresh that cannot reach the service is transient, not a sign-out', async () => {
    await saveCredentials('mal', stale);
    const session = createSession('mal', () => Promise.reject(new TypeError('fetch failed')));
    const result = await withSession(session, 'MyAnimeList', () => Promise.resolve<CallResult<string>>({ kind: 'auth', message: 'x' }));
    expect(result.kind).toBe('transient');
    expect(await readCredentials('mal')).toEqual(stale);
  });

  it('without credentials the call is auth and never sent', async () => {
    const call = vi.fn();
    const result = await withSession(createSession('kitsu', null), 'Kitsu', call);
    expect(result).toEqual({ kind: 'auth', message: 'Kitsu is not connected.' });
    expect(call).not.toHaveBeenCalled();
  });
});
