import { useCallback, useEffect, useState } from 'preact/hooks';
import type { IntegrationSettings, ResponseMap, ServiceStatus } from '../../../../lib/protocol/messages';
import { sendMessage } from '../../../../lib/protocol/send';
import { errorText } from '../../../../components/format';

export interface IntegrationsState {
  statuses: ServiceStatus[] | null;
  settings: ResponseMap['getIntegrationSettings'] | null;
  error: string | null;
  /** Re-reads statuses and settings from the background. */
  reload: () => Promise<void>;
  setStatuses: (statuses: ServiceStatus[]) => void;
}

export { errorText };

/** Loads what the Integrations tab shows: connection states and per-service settings. */
export function useIntegrations(): IntegrationsState {
  const [statuses, setStatuses] = useState<ServiceStatus[] | null>(null);
  const [settings, setSettings] = useState<ResponseMap['getIntegrationSettings'] | null>(null);
  const [error, setError] = useState<string | null>(null);

  const reload = useCallback(async () => {
    try {
      const [status, integrationSettings] = await Promise.all([sendMessage('getStatus', {}), sendMessage('getIntegrationSettings', {})]);
      setStatuses(status.services);
      setSettings(integrationSettings);
      setError(null);
    } catch (e) {
      setError(errorText(e));
    }
  }, []);

  useEffect(() => {
    void reload();
  }, [reload]);

  return { statuses, settings, error, reload, setStatuses };
}

export type { IntegrationSettings };
