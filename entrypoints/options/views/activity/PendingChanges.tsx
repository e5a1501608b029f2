import { counted, fieldLabel } from '../../../../components/entry-format';
import type { OutboxSummary } from '../../../../lib/protocol/messages';
import { ENTRY_FIELDS, SERVICE_NAMES } from '../../../../lib/model';
import { formatFieldValue, outboxStateText } from './describe';
import { t } from '../../../../lib/i18n/t';

interface Props {
  outbox: OutboxSummary[];
  now: number;
  busy: boolean;
  /** Runs a decision on a refused change; resolves when the tab has been read again. */
  onDecide: (type: 'retryChange' | 'discardChange', id: string) => void;
}

/** What a refused change asked for, in words: "progress: chapter 330". */
function refusedValues(item: OutboxSummary): string {
  const refused: Record<string, unknown> = item.refused ?? {};
  return ENTRY_FIELDS.filter((field) => field in refused)
    .map((field) => `${fieldLabel(field)}: ${formatFieldValue(field, refused[field])}`)
    .join(', ');
}

/** The outbox: changes owed to a service, why each one has not gone out yet, and what to do with a refusal. */
export function PendingChanges({ outbox, now, busy, onDecide }: Props) {
  return (
    <section class="card" aria-labelledby="pending-heading">
      <h2 id="pending-heading">{t('activityPendingHeading')}</h2>
      {outbox.length === 0 ? (
        <p class="muted">{t('activityPendingNone')}</p>
      ) : (
        <ul class="activity-list">
          {outbox.map((item) => {
            const name = SERVICE_NAMES[item.service];
            const values = item.state === 'failed' ? refusedValues(item) : '';
            return (
              <li key={item.id} class={`outbox-item outbox-${item.state}`}>
                <div class="row">
                  <strong>{item.title}</strong>
                  <span class="service-name">{name}</span>
                </div>
                <p class={item.state === 'pending' ? 'muted' : item.state === 'failed' ? 'error' : 'warn'}>
                  {t('activityOutboxLine', item.fields.map(fieldLabel).join(', '), outboxStateText(item, now))}
                  {item.attempts > 0 && ` ${counted(item.attempts, 'activityAttemptsOne', 'activityAttemptsMany')}`}
                </p>
                {values && <p class="muted">{t('activityRefusedValues', name, values)}</p>}
                {item.state === 'waitingAuth' && <a href="#integrations">{t('activityReconnect', name)}</a>}
                {item.state === 'failed' && (
                  <div class="actions">
                    <button type="button" disabled={busy} aria-label={t('activityRetryLabel', item.title, name)} onClick={() => onDecide('retryChange', item.id)}>
                      {t('activityRetry')}
                    </button>
                    <button type="button" disabled={busy} aria-label={t('activityDiscardLabel', item.title, name)} onClick={() => onDecide('discardChange', item.id)}>
                      {t('activityDiscard')}
                    </button>
                  </div>
                )}
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
