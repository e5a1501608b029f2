import { useState } from 'preact/hooks';
import { SyncResults } from '../../../../components/SyncResults';
import type { SyncRunSummary } from '../../../../lib/protocol/messages';
import { sendMessage } from '../../../../lib/protocol/send';
import { errorText } from '../../../../components/format';
import { t } from '../../../../lib/i18n/t';

type Outcome = { runs: SyncRunSummary[] } | { error: string };

/**
 * "Sync now" and "Full resync". A full resync re-reads every list, which costs many requests, so it asks first
 * (inside the page: a `window.confirm` would block the page and cannot be styled or tested).
 */
export function SyncControls({ onSynced }: { onSynced: () => Promise<void> }) {
  const [busy, setBusy] = useState<'sync' | 'full' | null>(null);
  const [confirming, setConfirming] = useState(false);
  const [outcome, setOutcome] = useState<Outcome | null>(null);

  const sync = async (forceFullSync: boolean) => {
    setConfirming(false);
    setBusy(forceFullSync ? 'full' : 'sync');
    setOutcome(null);
    try {
      setOutcome(await sendMessage('triggerSync', { forceFullSync }));
    } catch (e) {
      setOutcome({ error: errorText(e) });
    } finally {
      setBusy(null);
    }
    await onSynced();
  };

  return (
    <div class="sync-controls">
      <div class="actions">
        {/* The name stays "Sync now" while busy (aria-busy says the rest), so it is the same button throughout. */}
        <button type="button" class="primary" disabled={busy !== null} aria-busy={busy === 'sync'} onClick={() => void sync(false)}>
          {t('librarySyncNow')}
        </button>
        <button type="button" disabled={busy !== null} aria-busy={busy === 'full'} aria-expanded={confirming} onClick={() => setConfirming(true)}>
          {t('libraryFullResync')}
        </button>
      </div>
      {confirming && (
        <div class="confirm" role="group" aria-labelledby="full-resync-question">
          <p id="full-resync-question">{t('libraryFullResyncQuestion')}</p>
          <div class="actions">
            <button type="button" class="primary" onClick={() => void sync(true)}>
              {t('libraryStartFullResync')}
            </button>
            <button type="button" onClick={() => setConfirming(false)}>
              {t('libraryCancel')}
            </button>
          </div>
        </div>
      )}
      <div role="status" aria-live="polite">
        {busy && <p class="muted">{busy === 'full' ? t('libraryRereading') : t('librarySyncing')}</p>}
        {outcome && ('error' in outcome ? <p class="error">{t('librarySyncFailed', outcome.error)}</p> : <SyncResults runs={outcome.runs} />)}
      </div>
    </div>
  );
}
