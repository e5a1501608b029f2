import { useState } from 'preact/hooks';
import { ServiceCard, type HeadingLevel } from './integrations/ServiceCard';
import { useIntegrations } from './integrations/useIntegrations';
import { t } from '../../../lib/i18n/t';

export function Integrations() {
  return <IntegrationCards headingLevel={2} />;
}

/** The redirect URL to register and every service's card; also step 1 of the first-run guide (headings one level down). */
export function IntegrationCards({ headingLevel }: { headingLevel: HeadingLevel }) {
  const { statuses, settings, error, reload } = useIntegrations();
  return (
    <>
      {settings && <RedirectUrl url={settings.redirectUrl} headingLevel={headingLevel} />}
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      {statuses?.map((status) => {
        const integration = settings?.services.find((s) => s.service === status.id);
        return (
          integration && (
            <ServiceCard key={status.id} status={status} integration={integration} onChanged={reload} headingLevel={headingLevel} />
          )
        );
      })}
    </>
  );
}

/** The exact URL to register as the OAuth redirect for AniList and MyAnimeList apps. */
function RedirectUrl({ url, headingLevel }: { url: string; headingLevel: HeadingLevel }) {
  const Heading = `h${headingLevel}` as const;
  const [copied, setCopied] = useState<'idle' | 'copied' | 'failed'>('idle');
  const copy = () =>
    navigator.clipboard.writeText(url).then(
      () => setCopied('copied'),
      () => setCopied('failed'),
    );
  return (
    <section class="card" aria-labelledby="redirect-heading">
      <Heading id="redirect-heading">{t('integrationsRedirectHeading')}</Heading>
      <p class="muted">{t('integrationsRedirectHint')}</p>
      <div class="copy-row">
        <input readOnly value={url} aria-label={t('integrationsRedirectLabel')} onFocus={(e) => e.currentTarget.select()} />
        <button type="button" onClick={() => void copy()}>
          {t('integrationsRedirectCopy')}
        </button>
      </div>
      <p aria-live="polite" class="muted">
        {copied === 'copied' ? t('integrationsRedirectCopied') : copied === 'failed' ? t('integrationsRedirectCopyFailed') : ''}
      </p>
    </section>
  );
}
