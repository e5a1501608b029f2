import { useState } from 'preact/hooks';
import { t } from '../../../../lib/i18n/t';

/** Kitsu signs in with a password grant: the password goes to Kitsu once and is never stored. */
export function KitsuLogin({ busy, onSubmit }: { busy: boolean; onSubmit: (login: { username: string; password: string }) => void }) {
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  return (
    <form
      class="login"
      onSubmit={(event) => {
        event.preventDefault();
        onSubmit({ username: username.trim(), password });
        setPassword('');
      }}
    >
      <label>
        {t('integrationsKitsuUser')}
        <input type="text" autoComplete="username" required value={username} onInput={(e) => setUsername(e.currentTarget.value)} />
      </label>
      <label>
        {t('integrationsKitsuPassword')}
        <input type="password" autoComplete="current-password" required value={password} onInput={(e) => setPassword(e.currentTarget.value)} />
      </label>
      <button type="submit" class="primary" disabled={busy}>
        {busy ? t('integrationsKitsuConnecting') : t('integrationsKitsuConnect')}
      </button>
      <p class="muted">{t('integrationsKitsuHint')}</p>
    </form>
  );
}
