import { describe, expect, it } from 'vitest';
import { deriveState, EXPIRY_WARNING_MS } from '../../../lib/library/health';
import type { ConnectionRecord } from '../../../lib/library/db';

const NOW = 1_800_000_000_000;
const base: ConnectionRecord = {
  service: 'anilist', userId: '1', userName: 'Ayaka', scoreSetting: 'POINT_100', connectedAt: NOW - 1000,
  tokenExpiresAt: NOW + 300 * 86_400_000, lastCheckedAt: NOW - 1000, lastOutcome: 'ok', lastError: null, rateLimitedUntil: null,
};

describe('deriveState', () => {
  it.each<[string, ConnectionRecord | null, string]>([
    ['never connected', null, 'disconnected'],
    ['healthy', base, 'connected'],
    ['token ends within 14 days', { ...base, tokenExpiresAt: NOW + EXPIRY_WARNING_MS - 1 }, 'expiring'],
    ['token ended', { ...base, tokenExpiresAt: NOW }, 'expired'],
    ['service refused the token', { ...base, lastOutcome: 'auth', lastError: 'AniList …' }, 'expired'],
    ['asked to wait', { ...base, lastOutcome: 'rateLimited', rateLimitedUntil: NOW + 60_000 }, 'rate_limited'],
    ['wait is over, last call was the 429', { ...base, lastOutcome: 'rateLimited', rateLimitedUntil: NOW - 1 }, 'connected'],
    ['network down', { ...base, lastOutcome: 'transient' }, 'offline'],
    ['the service switched its API off (AniList 403)', { ...base, lastOutcome: 'unavailable', lastError: "AniList's API is unavailable" }, 'unavailable'],
    ['unexpected response', { ...base, lastOutcome: 'permanent' }, 'error'],
    ['no token expiry known', { ...base, tokenExpiresAt: null }, 'connected'],
  ])('%s → %s', (_label, record, expected) => {
    expect(deriveState(record, NOW)).toBe(expected);
  });
});
