import type { ImportCounts, ImportSummary } from '../../../../lib/backup/plan';

interface Props {
  fileName: string;
  summary: ImportSummary;
  busy: boolean;
  onApply: () => void;
  onCancel: () => void;
}

const links = (counts: { added: number; kept: number }) =>
  `${counts.added} added` + (counts.kept > 0 ? `, ${counts.kept} already in the library (kept as they are)` : '');

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
      <h2 id="import-preview-heading">What importing {fileName} will change</h2>
      <table aria-label="Records in the backup">
        <thead>
          <tr>
            <th scope="col">Records</th>
            <th scope="col">Added</th>
            <th scope="col">Updated</th>
            <th scope="col">Unchanged</th>
          </tr>
        </thead>
        <tbody>
          <CountsRow label="Series" counts={summary.series} />
          <CountsRow label="Entries" counts={summary.entries} />
        </tbody>
      </table>
      <p class="muted">A series already in your library is matched by its AniList, MyAnimeList, Kitsu or MangaDex id, never added twice. An entry's field is replaced only where the backup changed it later than your library did.</p>
      <dl class="import-facts">
        <dt>Links to service entries</dt>
        <dd>{links(summary.bindings)}</dd>
        <dt>Links from reader sites</dt>
        <dd>{links(summary.siteLinks)}</dd>
        <dt>Settings changed</dt>
        <dd>{summary.settings.length > 0 ? summary.settings.join(', ') : 'none'}</dd>
      </dl>
      {summary.rejectedCount > 0 && (
        <>
          <h3 id="import-rejected-heading">
            Not imported: {summary.rejectedCount} {summary.rejectedCount === 1 ? 'record' : 'records'} with errors
          </h3>
          <ul class="rejected" aria-labelledby="import-rejected-heading">
            {summary.rejected.map((rejected) => (
              <li key={rejected.record}>
                <code>{rejected.record}</code>: {rejected.reason}
              </li>
            ))}
          </ul>
          {hidden > 0 && <p class="muted">…and {hidden} more.</p>}
        </>
      )}
      {!summary.changes && <p>Nothing in this file differs from your library.</p>}
      <div class="actions">
        <button type="button" class="primary" disabled={busy || !summary.changes} aria-busy={busy} onClick={onApply}>
          Apply import
        </button>
        <button type="button" disabled={busy} onClick={onCancel}>
          Cancel
        </button>
      </div>
    </section>
  );
}
