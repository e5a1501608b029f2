/** MyAnimeList as the registry sees it (lib/trackers/registry.ts). */
import type { TrackerModule } from '../module';
import { connectMal, malRefreshGrant } from './auth';
import { keepsWhatItIsSent } from '../tracker';
import { createMalTracker, MAL_CAPABILITIES } from './client';
import { MAL_NAME } from './errors';

export const mal: TrackerModule = {
  id: 'mal',
  name: MAL_NAME,
  capabilities: MAL_CAPABILITIES,
  signIn: 'oauth',
  // API-FACTS §B: every call needs an app registration (a token issued to it, or its id in X-MAL-CLIENT-ID).
  needsClientId: true,
  createTracker: createMalTracker,
  connect: connectMal,
  refreshGrant: malRefreshGrant,
  // MAL's rules are not documented beyond the field ranges the client already keeps to; what it answers is the base.
  storage: keepsWhatItIsSent,
};
