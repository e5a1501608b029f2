import { useRef, useState } from 'preact/hooks';
import { errorText } from '../../../components/format';
import type { ImportResult } from '../../../lib/backup/import';
import type { ImportSummary } from '../../../lib/backup/plan';
import { MAX_BACKUP_CHARS } from '../../../lib/backup/limits';
import { sendMessage } from '../../../lib/messaging';
import { SERVICE_NAMES } from '../../../lib/model';
import { ImportPreview } from './backup/ImportPreview';

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
    `${series.added} series added, ${series.updated} updated`,
    `${entries.added} entries added, ${entries.updated} updated`,
    `${summary.bindings.added + summary.siteLinks.added} links added`,
  ];
  if (summary.settings.length > 0) parts.push(`${summary.settings.join(', ')} changed`);
  const left = summary.rejectedCount > 0 ? ` ${summary.rejectedCount} records with errors were left out.` : '';
  const sent = queued.length > 0 ? ` The changed entries are on their way to ${queued.map((s) => SERVICE_NAMES[s]).join(', ')} (see Activity).` : '';
  return `Imported: ${parts.join('; ')}.${left}${sent}`;
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
      setFeedback({ ok: true, text: `Backup saved as ${fileName}.` });
    } catch (e) {
      setFeedback({ ok: false, text: `The backup could not be made: ${errorText(e)}` });
    } finally {
      setBusy(false);
    }
  };

  const preview = async (file: File) => {
    setPending(null);
    if (file.size > MAX_BACKUP_CHARS) {
      setFeedback({ ok: false, text: `${file.name} is larger than 20 MB: that is not a backup made by Kuroibara Sync.` });
      resetFile();
      return;
    }
    setBusy(true);
    setFeedback({ ok: true, text: `Reading ${file.name}…` });
    try {
      const text = await file.text();
      setPending({ fileName: file.name, text, summary: await sendMessage('previewImport', { text }) });
      setFeedback(null);
    } catch (e) {
      setFeedback({ ok: false, text: `${file.name} cannot be imported. ${errorText(e)}` });
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
      setFeedback({ ok: false, text: `Nothing was imported: ${errorText(e)}` });
    } finally {
      setBusy(false);
    }
  };

  const cancel = () => {
    setPending(null);
    resetFile();
    setFeedback({ ok: true, text: 'Import cancelled; nothing was changed.' });
  };

  return (
    <div class="backup">
      <section class="card" aria-labelledby="backup-export-heading">
        <h2 id="backup-export-heading">Export</h2>
        <p class="muted">
          Your library (series and entries), which entry each series is on each service, the links from reader sites,
          and your settings, as one JSON file. Tokens, passwords and client secrets are never part of it.
        </p>
        <button type="button" disabled={busy} onClick={() => void exportNow()}>
          Export backup
        </button>
      </section>
      <section class="card" aria-labelledby="backup-import-heading">
        <h2 id="backup-import-heading">Import</h2>
        <p class="muted">
          Choose a backup file to see what it would change; nothing is written until you apply it. It is merged into
          your library: nothing is deleted, and changed entries go to your connected services.
        </p>
        <label class="file-picker">
          Import backup
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
