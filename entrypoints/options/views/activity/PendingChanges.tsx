import { counted, fieldLabel } from '../../../../components/entry-format';
import type { OutboxSummary } from '../../../../lib/messages';
import { SERVICE_NAMES } from '../../../../lib/model';
import { outboxStateText } from './describe';
import { t } from '../../../../lib/i18n';

/** The outbox: changes owed to a service, and why each one has not gone out yet. */
export function PendingChanges({ outbox, now }: { outbox: OutboxSummary[]; now: number }) {
  return (
    <section class="card" aria-labelledby="pending-heading">
      <h2 id="pending-heading">{t('activityPendingHeading')}</h2>
      {outbox.length === 0 ? (
        <p class="muted">{t('activityPendingNone')}</p>
      ) : (
        <ul class="activity-list">
          {outbox.map((item) => (
            <li key={item.id} class={`outbox-item outbox-${item.state}`}>
              <div class="row">
                <strong>{item.title}</strong>
                <span class="service-name">{SERVICE_NAMES[item.service]}</span>
              </div>
              <p class={item.state === 'pending' ? 'muted' : item.state === 'failed' ? 'error' : 'warn'}>
                {t('activityOutboxLine', item.fields.map(fieldLabel).join(', '), outboxStateText(item, now))}
                {item.attempts > 0 && ` ${counted(item.attempts, 'activityAttemptsOne', 'activityAttemptsMany')}`}
              </p>
              {item.state === 'waitingAuth' && <a href="#integrations">{t('activityReconnect', SERVICE_NAMES[item.service])}</a>}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
