import { useState } from 'preact/hooks';
import type { ReadingSettings, ReadMode } from '../../../../lib/reading-settings';

interface Props {
  reading: ReadingSettings;
  onSave: (reading: ReadingSettings) => Promise<void>;
}

/** The three reading modes in words; the first-run guide offers the same choice. */
export const READ_MODE_CHOICES: { mode: ReadMode; label: string; hint: string }[] = [
  { mode: 'automatic', label: 'Automatic', hint: 'update after a short countdown, with Undo' },
  { mode: 'ask', label: 'Ask first', hint: 'the notice asks before anything is updated' },
  { mode: 'manual', label: 'Manual', hint: 'only "Mark chapter N as read" in the toolbar popup' },
];

/** How a chapter counts as read and what happens then (defaults: automatic, 10 s, ask before a jump of 10). */
export function ReadingForm({ reading, onSave }: Props) {
  const [draft, setDraft] = useState(reading);
  const update = (patch: Partial<ReadingSettings>) => setDraft((current) => ({ ...current, ...patch }));
  const number = (value: string, fallback: number) => (value.trim() === '' || !Number.isFinite(Number(value)) ? fallback : Math.round(Number(value)));

  return (
    <section class="card" aria-labelledby="reading-heading">
      <h2 id="reading-heading">Reading</h2>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          void onSave({ ...reading, ...draft, sites: reading.sites, ignored: reading.ignored });
        }}
      >
        <fieldset>
          <legend>When a chapter is read</legend>
          {READ_MODE_CHOICES.map(({ mode, label, hint }) => (
            <label class="inline" key={mode}>
              <input type="radio" name="read-mode" value={mode} checked={draft.mode === mode} onChange={() => update({ mode })} />
              {label} <span class="muted">— {hint}</span>
            </label>
          ))}
        </fieldset>
        <fieldset>
          <legend>Details</legend>
          <label>
            Seconds on a chapter before it counts
            <input type="number" min={0} max={600} value={draft.minSeconds} onInput={(e) => update({ minSeconds: number(e.currentTarget.value, reading.minSeconds) })} />
          </label>
          <label>
            Ask before jumping ahead more than (chapters)
            <input type="number" min={1} max={1000} value={draft.maxJump} onInput={(e) => update({ maxJump: number(e.currentTarget.value, reading.maxJump) })} />
          </label>
          <label>
            Countdown before an automatic update (seconds)
            <input
              type="number"
              min={0}
              max={60}
              value={draft.countdownSeconds}
              onInput={(e) => update({ countdownSeconds: number(e.currentTarget.value, reading.countdownSeconds) })}
            />
          </label>
          <label class="inline">
            <input type="checkbox" checked={draft.completeWithoutAsking} onChange={(e) => update({ completeWithoutAsking: e.currentTarget.checked })} />
            Mark a series completed at its last chapter without asking
          </label>
        </fieldset>
        <button type="submit">Save reading settings</button>
      </form>
    </section>
  );
}
