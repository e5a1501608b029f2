import type { ServiceStatus } from '../lib/messages';

const LABELS: Record<ServiceStatus['state'], string> = {
  disconnected: 'Not connected',
  connected: 'Connected',
  expiring: 'Connected, token expires soon',
  expired: 'Needs reconnecting',
  rate_limited: 'Rate-limited, waiting',
  offline: 'Offline',
  error: 'Error',
};

/** One service's connection state in words (never colour alone), shared by popup and options. */
export function ServiceState({ service }: { service: ServiceStatus }) {
  const connectedAs = service.userName && service.state !== 'disconnected' ? `Connected as ${service.userName}` : null;
  return (
    <span class={`state state-${service.state}`}>
      {connectedAs ?? LABELS[service.state]}
      {connectedAs && service.state !== 'connected' ? ` · ${LABELS[service.state]}` : null}
    </span>
  );
}
