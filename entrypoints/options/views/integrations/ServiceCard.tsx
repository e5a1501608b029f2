import { useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { SERVICE_ORIGINS } from '../../../../lib/model';
import { ServiceState } from '../../../../components/ServiceState';
import { listInWords } from '../../../../components/entry-format';
import type { IntegrationSettings, ServiceStatus } from '../../../../lib/protocol/messages';
import { sendMessage } from '../../../../lib/protocol/send';
import { KitsuLogin } from './KitsuLogin';
import { SettingsForm } from './SettingsForm';
import { errorText } from './useIntegrations';
import { t } from '../../../../lib/i18n/t';

/** Cards sit under the tab's heading (h2), or under a step of the first-run guide (h3). */
export type HeadingLevel = 2 | 3;

interface Props {
  status: ServiceStatus;
  integration: IntegrationSettings;
  onChanged: () => Promise<void>;
  headingLevel?: HeadingLevel;
}

/** One service: its state, connect/disconnect, client settings and sync settings. */
export function ServiceCard({ status, integration, onChanged, headingLevel = 2 }: Props) {
  const Heading = `h${headingLevel}` as const;
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  const name = status.name;
  const connected = status.state !== 'disconnected';
  const needsReconnect = status.state === 'expired';

  const run = async (action: () => Promise<string | null>) => {
    setBusy(true);
    setMessage(null);
    try {
      setMessage(await action());
    } catch (e) {
      setMessage(errorText(e));
    } finally {
      setBusy(false);
      await onChanged();
    }
  };

  const connect = (login?: { username: string; password: string }) =>
    run(async () => {
      const origins = SERVICE_ORIGINS[status.id];
      if (!(await browser.permissions.contains({ origins })) && !(await browser.permissions.request({ origins }))) {
        return t('integrationsNoPermission', name, listInWords(origins));
      }
      const result = await sendMessage('connectService', { service: status.id, login });
      return result.ok ? null : result.message;
    });
  const disconnect = () =>
    run(async () => {
      await sendMessage('disconnectService', { service: status.id });
      return null;
    });
  const check = () =>
    run(async () => {
      await sendMessage('checkHealth', { service: status.id });
      return null;
    });

  const lastError = message ?? status.lastError;
  return (
    <section class="card service-card" aria-labelledby={`service-${status.id}`}>
      <div class="row">
        <Heading id={`service-${status.id}`}>{name}</Heading>
        <ServiceState service={status} />
      </div>
      {status.state === 'rate_limited' && status.rateLimitedUntil !== null && (
        <p class="warn">{t('integrationsRateLimited', new Date(status.rateLimitedUntil).toLocaleTimeString())}</p>
      )}
      {status.state === 'expiring' && status.tokenExpiresAt !== null && (
        <p class="warn">{t('integrationsExpiring', new Date(status.tokenExpiresAt).toLocaleDateString())}</p>
      )}
      {lastError && (
        <p class="error" role="alert">
          {lastError}
        </p>
      )}
      {status.lastCheckedAt !== null && <p class="muted">{t('integrationsLastChecked', new Date(status.lastCheckedAt).toLocaleString())}</p>}
      <div class="actions">
        {status.id === 'kitsu' && (!connected || needsReconnect) ? (
          <KitsuLogin busy={busy} onSubmit={(login) => void connect(login)} />
        ) : !connected || needsReconnect ? (
          <button type="button" class="primary" disabled={busy} onClick={() => void connect()}>
            {busy ? t('integrationsConnecting', name) : t('integrationsConnect', name)}
          </button>
        ) : null}
        {connected && (
          <>
            <button type="button" disabled={busy} onClick={() => void check()}>
              {t('integrationsCheck', name)}
            </button>
            <button type="button" disabled={busy} onClick={() => void disconnect()}>
              {t('integrationsDisconnect', name)}
            </button>
          </>
        )}
      </div>
      <SettingsForm name={name} integration={integration} onSaved={onChanged} />
    </section>
  );
}
