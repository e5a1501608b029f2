import { useState } from 'preact/hooks';

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
        Kitsu email or username
        <input type="text" autoComplete="username" required value={username} onInput={(e) => setUsername(e.currentTarget.value)} />
      </label>
      <label>
        Kitsu password
        <input type="password" autoComplete="current-password" required value={password} onInput={(e) => setPassword(e.currentTarget.value)} />
      </label>
      <button type="submit" class="primary" disabled={busy}>
        {busy ? 'Connecting Kitsu…' : 'Connect Kitsu'}
      </button>
      <p class="muted">Your password is sent to Kitsu once to get a token and is never stored.</p>
    </form>
  );
}
