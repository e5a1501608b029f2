import { useEffect, useState } from 'preact/hooks';
import { errorText } from '../../components/format';
import { SyncResults } from '../../components/SyncResults';
import type { SyncRunSummary } from '../../lib/protocol/messages';
import { sendMessage } from '../../lib/protocol/send';
import { t } from '../../lib/i18n/t';

interface Summary {
  /** Changes still owed to a service. */
  waiting: number;
  /** Of those, the ones that wait for the user (a reconnect, a refused change). */
  stuck: number;
  /** The newest sync-log record's time. */
  lastActivityAt: number | null;
}

async function readSummary(): Promise<Summary> {
  // One log record is enough for "last activity"; the outbox comes whole but is small (one item per series and service).
  const { log, outbox } = await sendMessage('getActivity', { limit: 1 });
  return { waiting: outbox.length, stuck: outbox.filter((item) => item.state !== 'pending').length, lastActivityAt: log[0]?.at ?? null };
}

/** "Sync now", how many changes are waiting, and when the last sync activity was. */
export function SyncCard() {
  const [summary, setSummary] = useState<Summary | null>(null);
  const [busy, setBusy] = useState(false);
  const [runs, setRuns] = useState<SyncRunSummary[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  const refresh = () => readSummary().then(setSummary, (e: unknown) => setError(errorText(e)));
  useEffect(() => {
    void refresh();
  }, []);

  const sync = async () => {
    setBusy(true);
    setRuns(null);
    setError(null);
    try {
      setRuns((await sendMessage('triggerSync', { forceFullSync: false })).runs);
    } catch (e) {
      setError(t('popupSyncFailed', errorText(e)));
    } finally {
      setBusy(false);
    }
    await refresh();
  };

  return (
    <section class="card" aria-labelledby="sync-heading">
      <div class="row">
        <h2 id="sync-heading">{t('popupSync')}</h2>
        <button type="button" class="primary" disabled={busy} aria-busy={busy} onClick={() => void sync()}>
          {t('popupSyncNow')}
        </button>
      </div>
      {summary && (
        <p class="muted">
          {summary.waiting === 0 ? t('popupNoChangesWaiting')
          : summary.waiting === 1 ? t('popupChangeWaiting')
          : t('popupChangesWaiting', summary.waiting)}
          {summary.stuck > 0 && <span class="warn"> {t(summary.stuck === 1 ? 'popupStuckOne' : 'popupStuckMany', summary.stuck)}</span>}
          {' · '}
          {summary.lastActivityAt === null ? t('popupNeverSynced') : t('popupLastSync', new Date(summary.lastActivityAt).toLocaleString())}
        </p>
      )}
      <div role="status" aria-live="polite">
        {busy && <p class="muted">{t('popupSyncing')}</p>}
        {runs && <SyncResults runs={runs} />}
        {error && <p class="error">{error}</p>}
      </div>
    </section>
  );
}
