/** Kitsu as the registry sees it (module.ts): password sign-in, refresh tokens, the JSON:API client. */
import { SERVICE_NAMES } from '../../model';
import type { TrackerModule } from '../module';
import { connect, refreshGrant } from './auth';
import { createKitsuTracker, KITSU_CAPABILITIES } from './client';
import { kitsuStorage } from './storage';

export const kitsu: TrackerModule = {
  id: 'kitsu',
  name: SERVICE_NAMES.kitsu,
  capabilities: KITSU_CAPABILITIES,
  signIn: 'password',
  // Kitsu's public client constants work for everyone (API-FACTS §C); a configured client is optional.
  needsClientId: false,
  createTracker: createKitsuTracker,
  connect,
  refreshGrant,
  storage: kitsuStorage,
};
