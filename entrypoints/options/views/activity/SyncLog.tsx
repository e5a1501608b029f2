import type { ActivityRecord } from '../../../../lib/messages';
import { SERVICE_NAMES } from '../../../../lib/model';
import { conflictOf, formatTime, runFacts } from './describe';

const KIND_LABELS: Record<ActivityRecord['kind'], string> = {
  run: 'Sync run',
  change: 'Change',
  conflict: 'Conflict',
  error: 'Error',
};

const DIRECTION_LABELS = { pull: 'pulled', push: 'pushed' } as const;

/** The sync log, newest first. Conflicts and errors say so in words, and colour repeats it. */
export function SyncLog({ log }: { log: ActivityRecord[] }) {
  const newestFirst = [...log].sort((a, b) => b.at - a.at || b.id - a.id);
  return (
    <section class="card" aria-labelledby="log-heading">
      <h2 id="log-heading">Sync log</h2>
      {newestFirst.length === 0 ? (
        <p class="muted">Nothing has been synced yet. Press Sync now in the Library, or read a chapter on a supported site.</p>
      ) : (
        <ol class="activity-list">
          {newestFirst.map((record) => (
            <LogRecord key={record.id} record={record} />
          ))}
        </ol>
      )}
    </section>
  );
}

function LogRecord({ record }: { record: ActivityRecord }) {
  const conflict = conflictOf(record);
  const facts = runFacts(record);
  return (
    <li class={`log-record log-${record.kind}`}>
      <div class="log-meta">
        <span class="log-kind">{KIND_LABELS[record.kind]}</span>
        <time dateTime={new Date(record.at).toISOString()}>{formatTime(record.at)}</time>
        <span class="service-name">{record.service ? SERVICE_NAMES[record.service] : 'All services'}</span>
        {record.direction && <span class="muted">{DIRECTION_LABELS[record.direction]}</span>}
      </div>
      <p class={record.kind === 'error' ? 'error' : undefined}>{record.message}</p>
      {conflict && (
        <p class="conflict-values">
          {conflict.field}: kept <strong>{conflict.kept}</strong>, lost <del>{conflict.lost}</del>
        </p>
      )}
      {facts.length > 0 && <p class="muted">{facts.join(' · ')}</p>}
    </li>
  );
}
