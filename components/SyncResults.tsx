import type { SyncRunSummary } from '../lib/messages';
import { t } from '../lib/i18n';

/** What a "Sync now" did, one line per service (each message names its service). */
export function SyncResults({ runs }: { runs: SyncRunSummary[] }) {
  if (runs.length === 0) return <p class="muted">{t('syncResultsNothing')}</p>;
  return (
    <ul class="sync-results">
      {runs.map((run) => (
        <li key={run.service} class={run.ok ? 'ok' : 'error'}>
          {run.message}
        </li>
      ))}
    </ul>
  );
}
