import type { ActivityRecord } from '../../../../lib/protocol/messages';
import { SERVICE_NAMES } from '../../../../lib/model';
import { conflictOf, formatTime, runFacts } from './describe';
import { Slotted, slot } from '../../../../components/Slotted';
import { t } from '../../../../lib/i18n/t';

const KIND_KEYS = {
  run: 'activityKindRun',
  change: 'activityKindChange',
  conflict: 'activityKindConflict',
  error: 'activityKindError',
  removed: 'activityKindRemoved',
} as const satisfies Record<ActivityRecord['kind'], string>;

const DIRECTION_KEYS = { pull: 'activityPulled', push: 'activityPushed' } as const;

/** The sync log, newest first. Conflicts and errors say so in words, and colour repeats it. */
export function SyncLog({ log }: { log: ActivityRecord[] }) {
  const newestFirst = [...log].sort((a, b) => b.at - a.at || b.id - a.id);
  return (
    <section class="card" aria-labelledby="log-heading">
      <h2 id="log-heading">{t('activityLogHeading')}</h2>
      {newestFirst.length === 0 ? (
        <p class="muted">{t('activityLogEmpty')}</p>
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
        <span class="log-kind">{t(KIND_KEYS[record.kind])}</span>
        <time dateTime={new Date(record.at).toISOString()}>{formatTime(record.at)}</time>
        <span class="service-name">{record.service ? SERVICE_NAMES[record.service] : t('activityAllServices')}</span>
        {record.direction && <span class="muted">{t(DIRECTION_KEYS[record.direction])}</span>}
      </div>
      {/* A run that went well is said by its counts below; its stored sentence would only repeat them. */}
      {!(record.kind === 'run' && facts.length > 0) && <p class={record.kind === 'error' ? 'error' : undefined}>{record.message}</p>}
      {conflict && (
        <p class="conflict-values">
          <Slotted
            text={t('activityConflictValues', conflict.field, slot(0), slot(1))}
            elements={[<strong>{conflict.kept}</strong>, <del>{conflict.lost}</del>]}
          />
        </p>
      )}
      {facts.length > 0 && <p class={record.kind === 'run' ? undefined : 'muted'}>{facts.join(' · ')}</p>}
    </li>
  );
}
