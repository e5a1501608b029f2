import { useState } from 'preact/hooks';
import type { ReadingSettings, ReadMode } from '../../../../lib/settings/reading';
import { t } from '../../../../lib/i18n/t';

interface Props {
  reading: ReadingSettings;
  onSave: (reading: ReadingSettings) => Promise<void>;
}

const MODE_KEYS = {
  automatic: ['readingModeAutomatic', 'readingModeAutomaticHint'],
  ask: ['readingModeAsk', 'readingModeAskHint'],
  manual: ['readingModeManual', 'readingModeManualHint'],
} as const satisfies Record<ReadMode, readonly [string, string]>;

/** A reading mode's name: "Ask first". */
export const readModeName = (mode: ReadMode): string => t(MODE_KEYS[mode][0]);

/** The three reading modes in words (in the browser's language); Sites and the first-run guide offer the same choice. */
export function readModeChoices(): { mode: ReadMode; label: string; hint: string }[] {
  return (Object.keys(MODE_KEYS) as ReadMode[]).map((mode) => ({ mode, label: readModeName(mode), hint: t(MODE_KEYS[mode][1]) }));
}

/** How a chapter counts as read and what happens then (defaults: automatic, 10 s, ask before a jump of 10). */
export function ReadingForm({ reading, onSave }: Props) {
  const [draft, setDraft] = useState(reading);
  const update = (patch: Partial<ReadingSettings>) => setDraft((current) => ({ ...current, ...patch }));
  const number = (value: string, fallback: number) => (value.trim() === '' || !Number.isFinite(Number(value)) ? fallback : Math.round(Number(value)));

  return (
    <section class="card" aria-labelledby="reading-heading">
      <h2 id="reading-heading">{t('readingHeading')}</h2>
      <form
        class="form"
        onSubmit={(event) => {
          event.preventDefault();
          void onSave({ ...reading, ...draft, sites: reading.sites, ignored: reading.ignored });
        }}
      >
        <fieldset>
          <legend>{t('readingWhenRead')}</legend>
          {readModeChoices().map(({ mode, label, hint }) => (
            <label class="inline" key={mode}>
              <input type="radio" name="read-mode" value={mode} checked={draft.mode === mode} onChange={() => update({ mode })} />
              {label} <span class="muted">— {hint}</span>
            </label>
          ))}
        </fieldset>
        <fieldset>
          <legend>{t('readingDetails')}</legend>
          <div class="fields">
            <label>
              {t('readingMinSeconds')}
              <input type="number" min={0} max={600} value={draft.minSeconds} onInput={(e) => update({ minSeconds: number(e.currentTarget.value, reading.minSeconds) })} />
            </label>
            <label>
              {t('readingMaxJump')}
              <input type="number" min={1} max={1000} value={draft.maxJump} onInput={(e) => update({ maxJump: number(e.currentTarget.value, reading.maxJump) })} />
            </label>
            <label>
              {t('readingCountdown')}
              <input
                type="number"
                min={0}
                max={60}
                value={draft.countdownSeconds}
                onInput={(e) => update({ countdownSeconds: number(e.currentTarget.value, reading.countdownSeconds) })}
              />
            </label>
          </div>
          <label class="inline">
            <input type="checkbox" checked={draft.completeWithoutAsking} onChange={(e) => update({ completeWithoutAsking: e.currentTarget.checked })} />
            {t('readingCompleteWithoutAsking')}
          </label>
        </fieldset>
        <button type="submit">{t('readingSave')}</button>
      </form>
    </section>
  );
}
