import { useRef, useState } from 'preact/hooks';
import { errorText } from '../../../components/format';
import type { ImportResult } from '../../../lib/backup/import';
import type { ImportSummary } from '../../../lib/backup/plan';
import { MAX_BACKUP_CHARS } from '../../../lib/backup/limits';
import { sendMessage } from '../../../lib/protocol/send';
import { SERVICE_NAMES } from '../../../lib/model';
import { ImportPreview } from './backup/ImportPreview';
import { t } from '../../../lib/i18n/t';

type Feedback = { ok: boolean; text: string };

/** Hands `text` to the browser as a file download. */
function download(fileName: string, text: string) {
  const url = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  // Revoked a little later: the download may still be reading the blob.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

function describeImport({ summary, queued }: ImportResult): string {
  const { series, entries } = summary;
  const parts = [
    t('backupImportedSeries', series.added, series.updated),
    t('backupImportedEntries', entries.added, entries.updated),
    t('backupImportedLinks', summary.bindings.added + summary.siteLinks.added),
  ];
  if (summary.settings.length > 0) parts.push(t('backupImportedSettings', summary.settings.join(', ')));
  // Whole sentences, one after the other.
  const sentences = [t('backupImported', parts.join('; '))];
  if (summary.rejectedCount > 0) sentences.push(t('backupImportedLeftOut', summary.rejectedCount));
  if (queued.length > 0) sentences.push(t('backupImportedSent', queued.map((s) => SERVICE_NAMES[s]).join(', ')));
  return sentences.join(' ');
}

/** Backup: export everything but secrets to a file; import one, after a preview of what it changes. */
export function Backup() {
  const [feedback, setFeedback] = useState<Feedback | null>(null);
  const [busy, setBusy] = useState(false);
  const [pending, setPending] = useState<{ fileName: string; text: string; summary: ImportSummary } | null>(null);
  const fileInput = useRef<HTMLInputElement>(null);

  const resetFile = () => {
    if (fileInput.current) fileInput.current.value = '';
  };

  const exportNow = async () => {
    setBusy(true);
    try {
      const { fileName, text } = await sendMessage('exportBackup', {});
      download(fileName, text);
      setFeedback({ ok: true, text: t('backupSaved', fileName) });
    } catch (e) {
      setFeedback({ ok: false, text: t('backupExportFailed', errorText(e)) });
    } finally {
      setBusy(false);
    }
  };

  const preview = async (file: File) => {
    setPending(null);
    if (file.size > MAX_BACKUP_CHARS) {
      setFeedback({ ok: false, text: t('backupTooLarge', file.name) });
      resetFile();
      return;
    }
    setBusy(true);
    setFeedback({ ok: true, text: t('backupReading', file.name) });
    try {
      const text = await file.text();
      setPending({ fileName: file.name, text, summary: await sendMessage('previewImport', { text }) });
      setFeedback(null);
    } catch (e) {
      setFeedback({ ok: false, text: t('backupCannotImport', file.name, errorText(e)) });
      resetFile();
    } finally {
      setBusy(false);
    }
  };

  const apply = async () => {
    if (!pending) return;
    setBusy(true);
    try {
      const result = await sendMessage('applyImport', { text: pending.text });
      setPending(null);
      resetFile();
      setFeedback({ ok: true, text: describeImport(result) });
    } catch (e) {
      setFeedback({ ok: false, text: t('backupNothingImported', errorText(e)) });
    } finally {
      setBusy(false);
    }
  };

  const cancel = () => {
    setPending(null);
    resetFile();
    setFeedback({ ok: true, text: t('backupCancelled') });
  };

  return (
    <div class="backup">
      <section class="card" aria-labelledby="backup-export-heading">
        <h2 id="backup-export-heading">{t('backupExportHeading')}</h2>
        <p class="muted">{t('backupExportHint')}</p>
        <button type="button" disabled={busy} onClick={() => void exportNow()}>
          {t('backupExportButton')}
        </button>
      </section>
      <section class="card" aria-labelledby="backup-import-heading">
        <h2 id="backup-import-heading">{t('backupImportHeading')}</h2>
        <p class="muted">{t('backupImportHint')}</p>
        <label class="file-picker">
          {t('backupImportButton')}
          <input
            ref={fileInput}
            type="file"
            accept=".json,application/json"
            disabled={busy}
            onChange={(e) => {
              const file = e.currentTarget.files?.[0];
              if (file) void preview(file);
            }}
          />
        </label>
      </section>
      <p role="status" class={feedback?.ok === false ? 'error' : 'muted'}>
        {feedback?.text ?? ''}
      </p>
      {pending && (
        <ImportPreview fileName={pending.fileName} summary={pending.summary} busy={busy} onApply={() => void apply()} onCancel={cancel} />
      )}
    </div>
  );
}
