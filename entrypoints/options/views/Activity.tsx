import { PendingChanges } from './activity/PendingChanges';
import { SyncLog } from './activity/SyncLog';
import { useActivity } from './activity/useActivity';

/** What is waiting to go out, and what every sync did: runs, changes, conflicts and errors. */
export function Activity() {
  const { activity, loadedAt, error, loading, reload } = useActivity();
  return (
    <>
      <div class="row activity-bar">
        <p class="muted" aria-live="polite">
          {loading ? 'Loading activity…' : loadedAt !== null ? `Updated ${new Date(loadedAt).toLocaleTimeString()}` : ''}
        </p>
        <button type="button" disabled={loading} onClick={() => void reload()}>
          Refresh
        </button>
      </div>
      {error && (
        <p class="error" role="alert">
          Activity could not be loaded: {error}
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
