import { PendingChanges } from './activity/PendingChanges';
import { SyncLog } from './activity/SyncLog';
import { useActivity } from './activity/useActivity';
import { t } from '../../../lib/i18n';

/** What is waiting to go out, and what every sync did: runs, changes, conflicts and errors. */
export function Activity() {
  const { activity, loadedAt, error, loading, reload } = useActivity();
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
      {activity && (
        <>
          <PendingChanges outbox={activity.outbox} now={loadedAt ?? Date.now()} />
          <SyncLog log={activity.log} />
        </>
      )}
    </>
  );
}
