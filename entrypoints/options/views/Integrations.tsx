import { useEffect, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { ServiceState } from '../../../components/ServiceState';
import { BUILD_CLIENTS } from '../../../lib/config';
import type { ServiceStatus } from '../../../lib/messages';
import { sendMessage } from '../../../lib/messaging';

export function Integrations() {
  const [services, setServices] = useState<ServiceStatus[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    sendMessage('getStatus', {}).then(
      (status) => setServices(status.services),
      (e: unknown) => setError(e instanceof Error ? e.message : String(e)),
    );
  }, []);

  return (
    <>
      <RedirectUrl />
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      {services?.map((service) => (
        <section key={service.id} class="card" aria-labelledby={`service-${service.id}`}>
          <div class="row">
            <h2 id={`service-${service.id}`}>{service.name}</h2>
            <ServiceState service={service} />
          </div>
          {service.lastError && <p class="error">{service.lastError}</p>}
          {service.lastCheckedAt !== null && (
            <p class="muted">Last checked {new Date(service.lastCheckedAt).toLocaleString()}</p>
          )}
          <p class="muted">
            Client ID from this build:{' '}
            {BUILD_CLIENTS[service.id].clientId ? <code>{BUILD_CLIENTS[service.id].clientId}</code> : 'none set'}
          </p>
          {service.state === 'disconnected' && (
            <p class="muted">Signing in to {service.name} from here is not available in this version yet.</p>
          )}
        </section>
      ))}
    </>
  );
}

/** The exact URL to register as the OAuth redirect for AniList and MyAnimeList apps. */
function RedirectUrl() {
  const url = browser.identity.getRedirectURL();
  const [copied, setCopied] = useState<'idle' | 'copied' | 'failed'>('idle');
  const copy = () =>
    navigator.clipboard.writeText(url).then(
      () => setCopied('copied'),
      () => setCopied('failed'),
    );
  return (
    <section class="card" aria-labelledby="redirect-heading">
      <h2 id="redirect-heading">OAuth redirect URL</h2>
      <p class="muted">Register this URL as the redirect URI of your AniList and MyAnimeList API clients.</p>
      <div class="copy-row">
        <input readOnly value={url} aria-label="Redirect URL" onFocus={(e) => e.currentTarget.select()} />
        <button type="button" onClick={() => void copy()}>
          Copy redirect URL
        </button>
      </div>
      <p aria-live="polite" class="muted">
        {copied === 'copied' ? 'Copied.' : copied === 'failed' ? 'Copying failed: select the URL and copy it by hand.' : ''}
      </p>
    </section>
  );
}
