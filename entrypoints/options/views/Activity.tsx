import { useState } from 'preact/hooks';
import { errorText } from '../../../components/format';
import type { RemovedEntry } from '../../../lib/protocol/messages';
import { sendMessage } from '../../../lib/protocol/send';
import { PendingChanges } from './activity/PendingChanges';
import { RemovedEntries } from './activity/RemovedEntries';
import { SyncLog } from './activity/SyncLog';
import { useActivity } from './activity/useActivity';
import { t } from '../../../lib/i18n/t';

/** What is waiting to go out, what needs the user's decision, and what every sync did. */
export function Activity() {
  const { activity, loadedAt, error, loading, reload } = useActivity();
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<{ ok: boolean; text: string } | null>(null);

  const decide = async (work: () => Promise<{ message: string }>) => {
    setBusy(true);
    try {
      setOutcome({ ok: true, text: (await work()).message });
    } catch (e) {
      setOutcome({ ok: false, text: errorText(e) });
    } finally {
      setBusy(false);
      await reload();
    }
  };
  const onDecide = (type: 'retryChange' | 'discardChange', id: string) => void decide(() => sendMessage(type, { id }));
  const onAddBack = (entry: RemovedEntry) => void decide(() => sendMessage('addBack', { service: entry.service, seriesId: entry.seriesId }));
  const onRemoveEverywhere = (entry: RemovedEntry) => void decide(() => sendMessage('removeEverywhere', { seriesId: entry.seriesId }));

  return (
    <>
      <div class="row activity-bar">
        <p class="muted" aria-live="polite">
          {loading ? t('activityLoading') : loadedAt !== null ? t('activityUpdated', new Date(loadedAt).toLocaleTimeString()) : ''}
        </p>
        <button type="button" disabled={loading} onClick={() => void reload()}>
          {t('activityRefresh')}
        </button>
      </div>
      {error && (
        <p class="error" role="alert">
          {t('activityLoadFailed', error)}
        </p>
      )}
      <p class={outcome?.ok === false ? 'error' : 'muted'} role="status">
        {outcome?.text ?? ''}
      </p>
      {activity && (
        <>
          <RemovedEntries removed={activity.removed} busy={busy} onAddBack={onAddBack} onRemoveEverywhere={onRemoveEverywhere} />
          <PendingChanges outbox={activity.outbox} now={Date.now()} busy={busy} onDecide={onDecide} />
          <SyncLog log={activity.log} />
        </>
      )}
    </>
  );
}
