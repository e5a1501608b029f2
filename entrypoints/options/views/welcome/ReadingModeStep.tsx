import { useState } from 'preact/hooks';
import { errorText } from '../../../../components/format';
import type { SitesState } from '../../../../lib/protocol/messages';
import { sendMessage } from '../../../../lib/protocol/send';
import type { ReadMode } from '../../../../lib/settings/reading';
import { readModeChoices } from '../sites/ReadingForm';
import { t } from '../../../../lib/i18n/t';

interface Props {
  /** The Sites tab's state, whose reading settings this step changes (null while loading). */
  sites: SitesState | null;
  onSaved: (sites: SitesState) => void;
}

/** The guide's second step: the global reading mode, saved as soon as it is chosen (as Sites → Reading saves it). */
export function ReadingModeStep({ sites, onSaved }: Props) {
  const [feedback, setFeedback] = useState<{ ok: boolean; text: string } | null>(null);
  if (!sites) return <p class="muted">{t('welcomeReadingLoading')}</p>;

  const choose = async (mode: ReadMode, label: string) => {
    try {
      onSaved(await sendMessage('saveReadingSettings', { settings: { ...sites.reading, mode } }));
      setFeedback({ ok: true, text: t('welcomeReadingSaved', label) });
    } catch (e) {
      setFeedback({ ok: false, text: t('commonNotSaved', errorText(e)) });
    }
  };

  return (
    <>
      <fieldset>
        <legend>{t('readingWhenRead')}</legend>
        {readModeChoices().map(({ mode, label, hint }) => (
          <label class="inline" key={mode}>
            <input type="radio" name="setup-read-mode" value={mode} checked={sites.reading.mode === mode} onChange={() => void choose(mode, label)} />
            {label} <span class="muted">— {hint}</span>
          </label>
        ))}
      </fieldset>
      <p role="status" class={feedback?.ok === false ? 'error' : 'muted'}>
        {feedback?.text ?? ''}
      </p>
      <p class="muted">{t('welcomeReadingMore')}</p>
    </>
  );
}
