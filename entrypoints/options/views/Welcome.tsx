import { useEffect, useRef, useState } from 'preact/hooks';
import { errorText } from '../../../components/format';
import type { SetupEnding } from '../../../lib/settings/first-run';
import type { SitesState } from '../../../lib/protocol/messages';
import { sendMessage } from '../../../lib/protocol/send';
import type { TabId } from '../tabs';
import { IntegrationCards } from './Integrations';
import { ReadingModeStep } from './welcome/ReadingModeStep';
import { t } from '../../../lib/i18n/t';

const STEPS = ['welcomeStepConnect', 'welcomeStepReading', 'welcomeStepServer'] as const;

interface Props {
  /** Leaves the guide for a tab (after it was finished or skipped, or when it had been already). */
  onLeave: (tab: TabId) => void;
}

/**
 * The first-run guide the background opens on install: three steps, each of which can also be done later in
 * the tabs. "Skip setup" and "Done" both end it for good.
 */
export function Welcome({ onLeave }: Props) {
  const [open, setOpen] = useState(false);
  const [step, setStep] = useState(0);
  const [sites, setSites] = useState<SitesState | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const stepHeading = useRef<HTMLHeadingElement>(null);
  const moved = useRef(false);

  useEffect(() => {
    // Once ended, never shown again: a bookmark or a reopened tab of the guide shows Integrations instead.
    sendMessage('getSetup', {}).then(
      (setup) => (setup.done ? onLeave('integrations') : setOpen(true)),
      (e: unknown) => {
        setError(t('welcomeSetupLoadFailed', errorText(e)));
        setOpen(true);
      },
    );
    sendMessage('getSites', {}).then(setSites, (e: unknown) => setError(t('welcomeSitesLoadFailed', errorText(e))));
    // Once, on opening (`onLeave` is a new function on every render of the page, with the same meaning).
  }, []);

  // A new step is announced by moving focus to its heading (not on first display: the page starts at its top).
  useEffect(() => {
    if (moved.current) stepHeading.current?.focus();
  }, [step]);

  const go = (next: number) => {
    moved.current = true;
    setStep(next);
  };

  const finish = async (ending: SetupEnding, tab: TabId) => {
    setBusy(true);
    try {
      await sendMessage('finishSetup', { ending });
      onLeave(tab);
    } catch (e) {
      setError(t('welcomeSetupSaveFailed', errorText(e)));
      setBusy(false);
    }
  };

  if (!open) return <p role="status">{t('welcomeLoading')}</p>;
  const last = STEPS.length - 1;
  const serverKinds = sites?.adapters.filter((a) => a.selfHosted).map((a) => a.name) ?? [];

  return (
    <>
      <h1>{t('welcomeHeading')}</h1>
      <p>{t('welcomeIntro')}</p>
      <ol class="setup-steps" aria-label={t('welcomeStepsLabel')}>
        {STEPS.map((key, index) => (
          <li key={key} aria-current={index === step ? 'step' : undefined}>
            {t(key)}
          </li>
        ))}
      </ol>
      <section class="setup-step" aria-labelledby="setup-step-heading">
        <h2 id="setup-step-heading" tabIndex={-1} ref={stepHeading}>
          {t('welcomeStepHeading', step + 1, STEPS.length, t(STEPS[step] ?? 'welcomeStepConnect'))}
        </h2>
        {step === 0 && (
          <>
            <p class="muted">{t('welcomeConnectHint')}</p>
            <IntegrationCards headingLevel={3} />
          </>
        )}
        {step === 1 && <ReadingModeStep sites={sites} onSaved={setSites} />}
        {step === 2 && (
          <div class="card">
            <p>{t('welcomeServerHint', serverKinds.length > 0 ? serverKinds.join(', ') : t('welcomeSelfHosted'))}</p>
            <p class="muted">{t('welcomeOptional')}</p>
            <button type="button" disabled={busy} onClick={() => void finish('done', 'sites')}>
              {t('welcomeFinishSites')}
            </button>
          </div>
        )}
      </section>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      <div class="setup-actions">
        {step > 0 && (
          <button type="button" onClick={() => go(step - 1)}>
            {t('welcomeBack')}
          </button>
        )}
        {step < last ? (
          <button type="button" class="primary" onClick={() => go(step + 1)}>
            {t('welcomeNext')}
          </button>
        ) : (
          <button type="button" class="primary" disabled={busy} onClick={() => void finish('done', 'integrations')}>
            {t('welcomeDone')}
          </button>
        )}
        <button type="button" class="skip" disabled={busy} onClick={() => void finish('skipped', 'integrations')}>
          {t('welcomeSkip')}
        </button>
      </div>
    </>
  );
}
