import type { ImportCounts, ImportSummary } from '../../../../lib/backup/plan';
import { t } from '../../../../lib/i18n/t';

interface Props {
  fileName: string;
  summary: ImportSummary;
  busy: boolean;
  onApply: () => void;
  onCancel: () => void;
}

const links = (counts: { added: number; kept: number }) =>
  counts.kept > 0 ? t('importPreviewLinksAddedKept', counts.added, counts.kept) : t('importPreviewLinksAdded', counts.added);

function CountsRow({ label, counts }: { label: string; counts: ImportCounts }) {
  return (
    <tr>
      <th scope="row">{label}</th>
      <td>{counts.added}</td>
      <td>{counts.updated}</td>
      <td>{counts.unchanged}</td>
    </tr>
  );
}

/** What an import will change, shown before anything is written; nothing happens until "Apply import". */
export function ImportPreview({ fileName, summary, busy, onApply, onCancel }: Props) {
  const hidden = summary.rejectedCount - summary.rejected.length;
  return (
    <section class="card import-preview" aria-labelledby="import-preview-heading">
      <h2 id="import-preview-heading">{t('importPreviewHeading', fileName)}</h2>
      <table aria-label={t('importPreviewTableLabel')}>
        <thead>
          <tr>
            <th scope="col">{t('importPreviewRecords')}</th>
            <th scope="col">{t('importPreviewAdded')}</th>
            <th scope="col">{t('importPreviewUpdated')}</th>
            <th scope="col">{t('importPreviewUnchanged')}</th>
          </tr>
        </thead>
        <tbody>
          <CountsRow label={t('importPreviewSeries')} counts={summary.series} />
          <CountsRow label={t('importPreviewEntries')} counts={summary.entries} />
        </tbody>
      </table>
      <p class="muted">{t('importPreviewHint')}</p>
      <dl class="import-facts">
        <dt>{t('importPreviewBindings')}</dt>
        <dd>{links(summary.bindings)}</dd>
        <dt>{t('importPreviewSiteLinks')}</dt>
        <dd>{links(summary.siteLinks)}</dd>
        <dt>{t('importPreviewSettings')}</dt>
        <dd>{summary.settings.length > 0 ? summary.settings.join(', ') : t('importPreviewNone')}</dd>
      </dl>
      {summary.rejectedCount > 0 && (
        <>
          <h3 id="import-rejected-heading">
            {t(summary.rejectedCount === 1 ? 'importPreviewRejectedOne' : 'importPreviewRejectedMany', summary.rejectedCount)}
          </h3>
          <ul class="rejected" aria-labelledby="import-rejected-heading">
            {summary.rejected.map((rejected) => (
              <li key={rejected.record}>
                <code>{rejected.record}</code>: {rejected.reason}
              </li>
            ))}
          </ul>
          {hidden > 0 && <p class="muted">{t('importPreviewMore', hidden)}</p>}
        </>
      )}
      {!summary.changes && <p>{t('importPreviewNoChanges')}</p>}
      <div class="actions">
        <button type="button" class="primary" disabled={busy || !summary.changes} aria-busy={busy} onClick={onApply}>
          {t('importPreviewApply')}
        </button>
        <button type="button" disabled={busy} onClick={onCancel}>
          {t('importPreviewCancel')}
        </button>
      </div>
    </section>
  );
}
