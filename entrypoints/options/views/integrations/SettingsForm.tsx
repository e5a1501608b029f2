import { useState } from 'preact/hooks';
import type { IntegrationSettings } from '../../../../lib/protocol/messages';
import { sendMessage } from '../../../../lib/protocol/send';
import type { ServiceSettings } from '../../../../lib/settings/services';
import { errorText } from './useIntegrations';
import { t } from '../../../../lib/i18n/t';

interface Props {
  name: string;
  integration: IntegrationSettings;
  onSaved: () => Promise<void>;
}

const FIELDS = [
  { key: 'progress', labelKey: 'integrationsSyncProgress' },
  { key: 'status', labelKey: 'integrationsSyncStatus' },
  { key: 'score', labelKey: 'integrationsSyncScore' },
  { key: 'datesNotes', labelKey: 'integrationsSyncDatesNotes' },
] as const satisfies readonly { key: keyof ServiceSettings['sync']; labelKey: string }[];

/** A service's client and sync settings; the background validates and saves them. */
export function SettingsForm({ name, integration, onSaved }: Props) {
  // The field shows the client id in force: the user's own, else the one built in (prefilled from the build env).
  const [settings, setSettings] = useState<ServiceSettings>({
    ...integration.settings,
    clientId: integration.settings.clientId || integration.buildClientId,
  });
  const [secret, setSecret] = useState('');
  const [feedback, setFeedback] = useState<{ ok: boolean; text: string } | null>(null);
  const id = integration.service;
  const update = (patch: Partial<ServiceSettings>) => setSettings((current) => ({ ...current, ...patch }));

  const save = async (event: Event) => {
    event.preventDefault();
    try {
      // Keeping the built-in id is stored as "none of my own", so a later build with a new id takes effect.
      const own = settings.clientId.trim() === integration.buildClientId ? '' : settings.clientId.trim();
      await sendMessage('saveIntegrationSettings', {
        service: id,
        settings: { ...settings, clientId: own },
        clientSecret: secret === '' ? undefined : secret,
      });
      setSecret('');
      setFeedback({ ok: true, text: t('integrationsSettingsSaved', name) });
      await onSaved();
    } catch (e) {
      setFeedback({ ok: false, text: t('integrationsSettingsNotSaved', name, errorText(e)) });
    }
  };

  return (
    <details class="settings">
      <summary>{t('integrationsSettings', name)}</summary>
      <form onSubmit={(e) => void save(e)}>
        <fieldset>
          <legend>{t('integrationsAppRegistration')}</legend>
          <label>
            {t('integrationsClientId', name)}
            <input
              type="text"
              value={settings.clientId}
              placeholder={t('integrationsClientIdNotSet')}
              onInput={(e) => update({ clientId: e.currentTarget.value })}
            />
          </label>
          {id !== 'kitsu' && (
            <label>
              {t('integrationsClientSecret', name)}
              <input
                type="password"
                autoComplete="off"
                value={secret}
                placeholder={integration.hasClientSecret ? t('integrationsClientSecretSaved') : t('integrationsClientSecretOptional')}
                onInput={(e) => setSecret(e.currentTarget.value)}
              />
            </label>
          )}
        </fieldset>
        <fieldset>
          <legend>{t('integrationsSyncLegend')}</legend>
          <label class="inline">
            <input type="checkbox" checked={settings.enabled} onChange={(e) => update({ enabled: e.currentTarget.checked })} />
            {t('integrationsSyncWith', name)}
          </label>
          <label>
            {t('integrationsDirection')}
            <select value={settings.direction} onChange={(e) => update({ direction: e.currentTarget.value as ServiceSettings['direction'] })}>
              <option value="both">{t('integrationsDirectionBoth')}</option>
              <option value="push">{t('integrationsDirectionPush')}</option>
              <option value="pull">{t('integrationsDirectionPull', name)}</option>
            </select>
          </label>
          {FIELDS.map((field) => (
            <label class="inline" key={field.key}>
              <input
                type="checkbox"
                checked={settings.sync[field.key]}
                onChange={(e) => update({ sync: { ...settings.sync, [field.key]: e.currentTarget.checked } })}
              />
              {t(field.labelKey)}
            </label>
          ))}
          <label class="inline">
            <input type="checkbox" checked={settings.autoSyncOnRead} onChange={(e) => update({ autoSyncOnRead: e.currentTarget.checked })} />
            {t('integrationsAutoSyncOnRead')}
          </label>
          <label>
            {t('integrationsPullInterval', name)}
            <input
              type="number"
              min={5}
              max={1440}
              step={1}
              value={settings.pullIntervalMinutes}
              onInput={(e) => update({ pullIntervalMinutes: Number(e.currentTarget.value) })}
            />
          </label>
        </fieldset>
        <button type="submit">{t('integrationsSaveSettings', name)}</button>
        {feedback && (
          <p class={feedback.ok ? 'muted' : 'error'} role={feedback.ok ? 'status' : 'alert'}>
            {feedback.text}
          </p>
        )}
      </form>
    </details>
  );
}
