import { useEffect, useRef, useState } from 'preact/hooks';
import { errorText } from '../../../components/format';
import type { SetupEnding } from '../../../lib/first-run';
import type { SitesState } from '../../../lib/messages';
import { sendMessage } from '../../../lib/messaging';
import type { TabId } from '../tabs';
import { IntegrationCards } from './Integrations';
import { ReadingModeStep } from './welcome/ReadingModeStep';

const STEPS = ['Connect your services', 'Choose how reading is tracked', 'Add your own server (optional)'] as const;

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
        setError(`Setup could not be loaded: ${errorText(e)}`);
        setOpen(true);
      },
    );
    sendMessage('getSites', {}).then(setSites, (e: unknown) => setError(`Reading settings could not be loaded: ${errorText(e)}`));
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
      setError(`Setup could not be saved: ${errorText(e)}`);
      setBusy(false);
    }
  };

  if (!open) return <p role="status">Loading…</p>;
  const last = STEPS.length - 1;
  const serverKinds = sites?.adapters.filter((a) => a.selfHosted).map((a) => a.name) ?? [];

  return (
    <>
      <h1>Welcome to Kuroibara Sync</h1>
      <p>
        Three short steps, and the chapters you read reach AniList, MyAnimeList and Kitsu by themselves. Every step can
        also be done later, in the tabs of this page.
      </p>
      <ol class="setup-steps" aria-label="Setup steps">
        {STEPS.map((title, index) => (
          <li key={title} aria-current={index === step ? 'step' : undefined}>
            {title}
          </li>
        ))}
      </ol>
      <section class="setup-step" aria-labelledby="setup-step-heading">
        <h2 id="setup-step-heading" tabIndex={-1} ref={stepHeading}>
          Step {step + 1} of {STEPS.length}: {STEPS[step]}
        </h2>
        {step === 0 && (
          <>
            <p class="muted">Connect the services you keep your list on; one is enough. More can be connected any time in Integrations.</p>
            <IntegrationCards headingLevel={3} />
          </>
        )}
        {step === 1 && <ReadingModeStep sites={sites} onSaved={setSites} />}
        {step === 2 && (
          <div class="card">
            <p>
              Reading on your own {serverKinds.length > 0 ? serverKinds.join(', ') : 'self-hosted'} server? Add its address in the
              Sites tab, under "Self-hosted servers": the browser asks you to allow that one address, and chapters read there
              are tracked like chapters on MangaDex.
            </p>
            <p class="muted">This step is optional: nothing else depends on it.</p>
            <button type="button" disabled={busy} onClick={() => void finish('done', 'sites')}>
              Finish and open Sites
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
            Back
          </button>
        )}
        {step < last ? (
          <button type="button" class="primary" onClick={() => go(step + 1)}>
            Next
          </button>
        ) : (
          <button type="button" class="primary" disabled={busy} onClick={() => void finish('done', 'integrations')}>
            Done
          </button>
        )}
        <button type="button" class="skip" disabled={busy} onClick={() => void finish('skipped', 'integrations')}>
          Skip setup
        </button>
      </div>
    </>
  );
}
