import type { ServiceStatus } from '../lib/protocol/messages';
import { t } from '../lib/i18n/t';

const LABEL_KEYS = {
  disconnected: 'serviceStateDisconnected',
  connected: 'serviceStateConnected',
  expiring: 'serviceStateExpiring',
  expired: 'serviceStateExpired',
  rate_limited: 'serviceStateRateLimited',
  unavailable: 'serviceStateUnavailable',
  offline: 'serviceStateOffline',
  error: 'serviceStateError',
} as const satisfies Record<ServiceStatus['state'], string>;
const label = (state: ServiceStatus['state']) => t(LABEL_KEYS[state]);

/** One service's connection state in words (never colour alone), shared by popup and options. */
export function ServiceState({ service }: { service: ServiceStatus }) {
  const connectedAs = service.userName && service.state !== 'disconnected' ? t('serviceStateConnectedAs', service.userName) : null;
  return (
    <span class={`state state-${service.state}`}>
      {connectedAs ?? label(service.state)}
      {connectedAs && service.state !== 'connected' ? ` · ${label(service.state)}` : null}
    </span>
  );
}
