import { useState } from 'preact/hooks';
import { ServiceCard } from './integrations/ServiceCard';
import { useIntegrations } from './integrations/useIntegrations';

export function Integrations() {
  const { statuses, settings, error, reload } = useIntegrations();
  return (
    <>
      {settings && <RedirectUrl url={settings.redirectUrl} />}
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      {statuses?.map((status) => {
        const integration = settings?.services.find((s) => s.service === status.id);
        return integration && <ServiceCard key={status.id} status={status} integration={integration} onChanged={reload} />;
      })}
    </>
  );
}

/** The exact URL to register as the OAuth redirect for AniList and MyAnimeList apps. */
function RedirectUrl({ url }: { url: string }) {
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
