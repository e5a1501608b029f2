/** Message handlers for Options → Integrations and the popup's service list: connecting, settings, health. */
import { browser } from 'wxt/browser';
import { redirectUrl } from '../../auth/identity';
import { BUILD_CLIENTS } from '../../auth/build-clients';
import { readConnection, readConnectionStatuses } from '../../library/connections';
import { releaseAuthWaits } from '../../library/outbox';
import { SERVICE_IDS } from '../../model';
import { readServiceSettings, saveServiceSettings } from '../../settings/services';
import { scheduleAlarms } from '../../sync/scheduler';
import { claimServiceState, forgetServiceState } from '../../sync/state';
import { checkHealth, clientConfig, connectService, disconnectService, hasClientSecret, setClientSecret } from '../../trackers/accounts';
import { refreshProblems } from '../feedback/problems';
import type { Handlers } from './types';

type ConnectionMessage = 'getStatus' | 'connectService' | 'disconnectService' | 'checkHealth' | 'getIntegrationSettings' | 'saveIntegrationSettings';

export const connectionHandlers: Pick<Handlers, ConnectionMessage> = {
  async getStatus() {
    return { version: browser.runtime.getManifest().version, services: await readConnectionStatuses() };
  },
  async connectService({ service, login }) {
    // (Another account than before starts clean: the sync state is claimed by the account it syncs, context.ts.)
    const result = await connectService(service, login);
    if (result.ok) {
      // Another account than the one the sync state belongs to: that state is forgotten before anything uses it.
      const record = await readConnection(service);
      if (record?.userId) await claimServiceState(service, record.userId);
      // Changes that waited for this sign-in can go now.
      await releaseAuthWaits(service);
      await scheduleAlarms();
      await refreshProblems();
    }
    return result;
  },
  async disconnectService({ service }) {
    await disconnectService(service);
    // What was linked, agreed or owed belongs to the account that went; the library's own entries stay.
    await forgetServiceState(service);
    await refreshProblems();
    return { services: await readConnectionStatuses() };
  },
  async checkHealth({ service }) {
    await checkHealth(service ? [service] : SERVICE_IDS);
    return { services: await readConnectionStatuses() };
  },
  async getIntegrationSettings() {
    const services = await Promise.all(
      SERVICE_IDS.map(async (service) => ({
        service,
        settings: await readServiceSettings(service),
        effectiveClientId: (await clientConfig(service)).clientId,
        buildClientId: BUILD_CLIENTS[service].clientId,
        hasClientSecret: await hasClientSecret(service),
      })),
    );
    return { redirectUrl: redirectUrl(), services };
  },
  async saveIntegrationSettings({ service, settings, clientSecret }) {
    await saveServiceSettings(service, settings);
    if (clientSecret !== undefined) await setClientSecret(service, clientSecret);
    await scheduleAlarms();
    return { saved: true };
  },
};
