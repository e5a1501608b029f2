import { useState } from 'preact/hooks';
import type { IntegrationSettings } from '../../../../lib/messages';
import { sendMessage } from '../../../../lib/messaging';
import type { ServiceSettings } from '../../../../lib/settings';
import { errorText } from './useIntegrations';

interface Props {
  name: string;
  integration: IntegrationSettings;
  onSaved: () => Promise<void>;
}

const FIELDS: { key: keyof ServiceSettings['sync']; label: string }[] = [
  { key: 'progress', label: 'Chapters and volumes' },
  { key: 'status', label: 'Status' },
  { key: 'score', label: 'Score' },
  { key: 'datesNotes', label: 'Dates and notes' },
];

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
      setFeedback({ ok: true, text: `${name} settings saved.` });
      await onSaved();
    } catch (e) {
      setFeedback({ ok: false, text: `${name} settings not saved: ${errorText(e)}` });
    }
  };

  return (
    <details class="settings">
      <summary>{name} settings</summary>
      <form onSubmit={(e) => void save(e)}>
        <fieldset>
          <legend>App registration</legend>
          <label>
            {name} client ID
            <input
              type="text"
              value={settings.clientId}
              placeholder="not set"
              onInput={(e) => update({ clientId: e.currentTarget.value })}
            />
          </label>
          {id !== 'kitsu' && (
            <label>
              {name} client secret
              <input
                type="password"
                autoComplete="off"
                value={secret}
                placeholder={integration.hasClientSecret ? 'saved (type to replace)' : 'optional'}
                onInput={(e) => setSecret(e.currentTarget.value)}
              />
            </label>
          )}
        </fieldset>
        <fieldset>
          <legend>Sync</legend>
          <label class="inline">
            <input type="checkbox" checked={settings.enabled} onChange={(e) => update({ enabled: e.currentTarget.checked })} />
            Sync with {name}
          </label>
          <label>
            Direction
            <select value={settings.direction} onChange={(e) => update({ direction: e.currentTarget.value as ServiceSettings['direction'] })}>
              <option value="both">Both ways</option>
              <option value="push">Only send my changes</option>
              <option value="pull">Only take {name}'s changes</option>
            </select>
          </label>
          {FIELDS.map((field) => (
            <label class="inline" key={field.key}>
              <input
                type="checkbox"
                checked={settings.sync[field.key]}
                onChange={(e) => update({ sync: { ...settings.sync, [field.key]: e.currentTarget.checked } })}
              />
              {field.label}
            </label>
          ))}
          <label class="inline">
            <input type="checkbox" checked={settings.autoSyncOnRead} onChange={(e) => update({ autoSyncOnRead: e.currentTarget.checked })} />
            Update as soon as I read a chapter
          </label>
          <label>
            Check {name} for changes every (minutes)
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
        <button type="submit">Save {name} settings</button>
        {feedback && (
          <p class={feedback.ok ? 'muted' : 'error'} role={feedback.ok ? 'status' : 'alert'}>
            {feedback.text}
          </p>
        )}
      </form>
    </details>
  );
}
