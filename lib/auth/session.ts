/**
 * A service's signed-in session as the tracker clients see it: the current access token, and a refresh that
 * runs once however many requests saw the token fail (single flight), persisting the new pair before anyone
 * retries. Refresh tokens rotate (MAL, Kitsu), so a second refresh with the old one would sign the user out.
 */
import type { ServiceId } from '../model';
import { readCredentials, saveCredentials, type Credentials } from './credentials';
import { singleFlight } from './single-flight';

/** Exchanges a refresh token; resolves to new credentials, or null when the service refused it. */
export type RefreshGrant = (credentials: Credentials) => Promise<Credentials | null>;

export interface Session {
  /** The token to send now, or null when not signed in. Refreshes first when it is about to expire. */
  accessToken(): Promise<string | null>;
  /**
   * Called after the service rejected `staleToken`. Resolves true when a newer token is ready (refreshed now,
   * or already by a concurrent caller), false when the user has to sign in again.
   */
  refresh(staleToken: string): Promise<boolean>;
}

/** Refresh this long before the recorded expiry, so a request does not leave with a dying token. */
const EXPIRY_MARGIN_MS = 60_000;

export function createSession(service: ServiceId, refreshGrant: RefreshGrant | null, now: () => number = Date.now): Session {
  const refreshOnce = (staleToken: string) =>
    singleFlight(`refresh:${service}`, async () => {
      const current = await readCredentials(service);
      if (!current) return false;
      if (current.accessToken !== staleToken) return true;
      if (!refreshGrant || !current.refreshToken) return false;
      const next = await refreshGrant(current);
      if (!next) return false;
      await saveCredentials(service, next);
      return true;
    });

  return {
    async accessToken() {
      const credentials = await readCredentials(service);
      if (!credentials) return null;
      const expiring = credentials.expiresAt !== null && credentials.expiresAt - EXPIRY_MARGIN_MS <= now();
      if (expiring && refreshGrant && credentials.refreshToken) {
        await refreshOnce(credentials.accessToken);
        return (await readCredentials(service))?.accessToken ?? null;
      }
      return credentials.accessToken;
    },
    refresh: refreshOnce,
  };
}
