import { useEffect, useRef, useState } from 'preact/hooks';
import { formatCalendarDate, listInWords, pickFields, statusLabel } from '../../../../components/entry-format';
import type { LibraryRow } from '../../../../lib/protocol/messages';
import { sendMessage } from '../../../../lib/protocol/send';
import { SERVICE_IDS, SERVICE_NAMES, STATUSES, type CalendarDate } from '../../../../lib/model';
import { errorText } from '../../../../components/format';
import { changesFromForm, formFromEntry, type EntryForm } from './entry-form';
import type { UserScale } from './score-scale';
import { t } from '../../../../lib/i18n/t';

interface Props {
  row: LibraryRow;
  scale: UserScale;
  onSaved: (row: LibraryRow) => void;
  onClose: () => void;
}

/** "Saved; going out to AniList and MyAnimeList." plus anything that will not go out by itself. */
export function savedMessage(row: LibraryRow): string {
  const names = (state: string) => SERVICE_IDS.filter((id) => row.services[id]?.state === state).map((id) => SERVICE_NAMES[id]);
  const parts = [names('pending').length > 0 ? t('librarySavedGoingOut', listInWords(names('pending'))) : t('librarySaved')];
  for (const id of SERVICE_IDS) {
    const service = row.services[id];
    if (service?.state === 'unresolved') parts.push(t('libraryServiceUnresolved', SERVICE_NAMES[id]));
    if (service?.state === 'failed') parts.push(service.error ? t('libraryServiceFailedWith', SERVICE_NAMES[id], service.error) : t('libraryServiceFailed', SERVICE_NAMES[id]));
  }
  return parts.join(' ');
}

/** A date the service knows only in part (a year, a month) cannot be shown by a date input; say so. */
function PartialDate({ date }: { date: CalendarDate | null }) {
  if (!date || (date.month !== null && date.day !== null)) return null;
  return <p class="muted hint">{t('libraryPartialDate', formatCalendarDate(date))}</p>;
}

/**
 * Edits one series. Only the fields the user changed are sent, as absolute values; the background validates them
 * and queues them for each service, and its answer (the row as it now stands) says where the change goes next.
 */
export function EntryEditor({ row, scale, onSaved, onClose }: Props) {
  const [initial, setInitial] = useState<EntryForm>(() => formFromEntry(row.entry, scale));
  // The entry as the form shows it: a value a sync brings in while the form is open is logged when the save replaces it.
  const [shown, setShown] = useState(row.entry);
  const [form, setForm] = useState<EntryForm>(initial);
  const [busy, setBusy] = useState(false);
  const [feedback, setFeedback] = useState<{ ok: boolean; text: string } | null>(null);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const headingId = `editor-${row.seriesId}`;

  useEffect(() => headingRef.current?.focus(), []);

  const update = (patch: Partial<EntryForm>) => {
    setForm((current) => ({ ...current, ...patch }));
    setFeedback(null);
  };

  const save = async (event: Event) => {
    event.preventDefault();
    const result = changesFromForm(initial, form, scale, row.entry === null);
    if (!result.ok) {
      setFeedback({ ok: false, text: result.error });
      return;
    }
    if (Object.keys(result.value).length === 0) {
      setFeedback({ ok: true, text: t('libraryNothingToSave') });
      return;
    }
    setBusy(true);
    try {
      const opened = shown ? pickFields(shown, result.value) : undefined;
      const { row: saved } = await sendMessage('updateEntry', { seriesId: row.seriesId, changes: result.value, ...(opened ? { opened } : {}) });
      setShown(saved.entry);
      const next = formFromEntry(saved.entry, scale);
      setInitial(next);
      setForm(next);
      onSaved(saved);
      setFeedback({ ok: true, text: savedMessage(saved) });
    } catch (e) {
      setFeedback({ ok: false, text: t('commonNotSaved', errorText(e)) });
    } finally {
      setBusy(false);
    }
  };

  const links = SERVICE_IDS.flatMap((id) => {
    const url = row.services[id]?.url;
    return url ? [{ id, url }] : [];
  });

  return (
    <section
      class="card editor"
      aria-labelledby={headingId}
      onKeyDown={(e) => {
        if (e.key === 'Escape') onClose();
      }}
    >
      <div class="row">
        <h2 id={headingId} ref={headingRef} tabIndex={-1}>
          {t('libraryEditTitle', row.title)}
        </h2>
        <button type="button" onClick={onClose}>
          {t('libraryCloseEditor')}
        </button>
      </div>
      {links.length > 0 && (
        <p class="muted">
          {links.map(({ id, url }) => (
            <a key={id} href={url} target="_blank" rel="noreferrer" class="service-link">
              {t('libraryOpenOn', SERVICE_NAMES[id])}
            </a>
          ))}
        </p>
      )}
      {/* The fields are checked here and what is wrong is said as text; the browser's own bubbles would block the save instead. */}
      <form noValidate onSubmit={(e) => void save(e)}>
        <div class="editor-grid">
          <label>
            {t('libraryFieldStatus')}
            <select value={form.status} onChange={(e) => update({ status: e.currentTarget.value as EntryForm['status'] })}>
              {STATUSES.map((status) => (
                <option key={status} value={status}>
                  {statusLabel(status)}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t('libraryChaptersRead')}
            {row.totalChapters !== null && ` ${t('libraryOfTotal', row.totalChapters)}`}
            <input type="number" min={0} step="any" inputMode="decimal" value={form.progress} onInput={(e) => update({ progress: e.currentTarget.value })} />
          </label>
          <label>
            {t('libraryVolumesRead')}
            {row.totalVolumes !== null && ` ${t('libraryOfTotal', row.totalVolumes)}`}
            <input type="number" min={0} step={1} value={form.progressVolumes} onInput={(e) => update({ progressVolumes: e.currentTarget.value })} />
          </label>
          <label>
            {t('libraryScoreLabel', scale.max)}
            <input
              type="number"
              min={0}
              max={scale.max}
              step={scale.step}
              placeholder={t('libraryNoScorePlaceholder')}
              value={form.score}
              onInput={(e) => update({ score: e.currentTarget.value })}
            />
          </label>
          <div>
            <label>
              {t('libraryStartDate')}
              <input type="date" value={form.startedAt} onInput={(e) => update({ startedAt: e.currentTarget.value })} />
            </label>
            {form.startedAt === '' && <PartialDate date={row.entry?.startedAt ?? null} />}
          </div>
          <div>
            <label>
              {t('libraryFinishDate')}
              <input type="date" value={form.completedAt} onInput={(e) => update({ completedAt: e.currentTarget.value })} />
            </label>
            {form.completedAt === '' && <PartialDate date={row.entry?.completedAt ?? null} />}
          </div>
          <label>
            {t('libraryRereads')}
            <input type="number" min={0} step={1} value={form.rereads} onInput={(e) => update({ rereads: e.currentTarget.value })} />
          </label>
          <label class="inline">
            <input type="checkbox" checked={form.private} onChange={(e) => update({ private: e.currentTarget.checked })} />
            {t('libraryPrivate')}
          </label>
          <label class="wide">
            {t('libraryNotes')}
            <textarea rows={3} maxLength={6000} value={form.notes} onInput={(e) => update({ notes: e.currentTarget.value })} />
          </label>
        </div>
        <div class="actions">
          <button type="submit" class="primary" disabled={busy} aria-busy={busy}>
            {t('librarySaveChanges')}
          </button>
        </div>
        {feedback && (
          <p class={feedback.ok ? 'muted' : 'error'} role={feedback.ok ? 'status' : 'alert'}>
            {feedback.text}
          </p>
        )}
      </form>
    </section>
  );
}
