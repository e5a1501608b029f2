/** AniList as a `TrackerModule`: GraphQL client, OAuth sign-in (implicit, or code + secret), no refresh tokens. */
import type { TrackerModule } from '../module';
import { connectAniList } from './auth';
import { ANILIST_CAPABILITIES, createAniListTracker } from './client';
import { aniListStorage } from './storage';

export { tokenExpiryWarning } from './auth';

export const anilist: TrackerModule = {
  id: 'anilist',
  name: 'AniList',
  capabilities: ANILIST_CAPABILITIES,
  signIn: 'oauth',
  needsClientId: true,
  createTracker: createAniListTracker,
  connect: connectAniList,
  // AniList tokens last a year and cannot be refreshed (API-FACTS §A Auth): the user reconnects.
  refreshGrant: () => null,
  storage: aniListStorage,
};
