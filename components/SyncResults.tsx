import type { SyncRunSummary } from '../lib/protocol/messages';
import { t } from '../lib/i18n/t';
import { SERVICE_NAMES } from '../lib/model';
import { changeCounts } from './entry-format';

/**
 * What a "Sync now" did, one line per service: "AniList: 2 changes in · 1 change out · 0 conflicts", "Kitsu: already
 * in step", or the reason a service failed (which names the service).
 */
export function SyncResults({ runs }: { runs: SyncRunSummary[] }) {
  if (runs.length === 0) return <p class="muted">{t('syncResultsNothing')}</p>;
  return (
    <ul class="sync-results">
      {runs.map((run) => (
        <li key={run.service} class={run.ok ? 'ok' : 'error'}>
          {run.ok ? runInWords(run) : run.message}
        </li>
      ))}
    </ul>
  );
}

function runInWords(run: SyncRunSummary): string {
  const name = SERVICE_NAMES[run.service];
  if (run.changesIn === 0 && run.changesOut === 0 && run.conflicts === 0) return t('syncResultsInStep', name);
  return t('syncResultsCounts', name, changeCounts(run).join(' · '));
}
