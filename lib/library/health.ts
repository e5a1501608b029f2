/**
 * A service's health as the user sees it, derived from what real calls reported (the connection record):
 * connected | expiring soon | expired | rate-limited until T | API unavailable | offline | error.
 */
import type { ConnectionRecord } from './db';
import type { ConnectionState } from '../model';

/** Warn this long before a token's end (AniList tokens last a year and cannot be refreshed). */
export const EXPIRY_WARNING_MS = 14 * 24 * 60 * 60 * 1000;

export function deriveState(record: ConnectionRecord | null, now: number): ConnectionState {
  if (!record?.userId) return 'disconnected';
  if (record.lastOutcome === 'auth') return 'expired';
  if (record.tokenExpiresAt !== null && record.tokenExpiresAt <= now) return 'expired';
  if (record.rateLimitedUntil !== null && record.rateLimitedUntil > now) return 'rate_limited';
  if (record.lastOutcome === 'unavailable') return 'unavailable';
  if (record.lastOutcome === 'transient') return 'offline';
  if (record.lastOutcome === 'permanent') return 'error';
  if (record.tokenExpiresAt !== null && record.tokenExpiresAt - EXPIRY_WARNING_MS <= now) return 'expiring';
  return 'connected';
}
