import { FIELD_LABELS, plural } from '../../../../components/entry-format';
import type { OutboxSummary } from '../../../../lib/messages';
import { SERVICE_NAMES } from '../../../../lib/model';
import { outboxStateText } from './describe';

/** The outbox: changes owed to a service, and why each one has not gone out yet. */
export function PendingChanges({ outbox, now }: { outbox: OutboxSummary[]; now: number }) {
  return (
    <section class="card" aria-labelledby="pending-heading">
      <h2 id="pending-heading">Pending changes</h2>
      {outbox.length === 0 ? (
        <p class="muted">Nothing is waiting: every change has reached its service.</p>
      ) : (
        <ul class="activity-list">
          {outbox.map((item) => (
            <li key={item.id} class={`outbox-item outbox-${item.state}`}>
              <div class="row">
                <strong>{item.title}</strong>
                <span class="service-name">{SERVICE_NAMES[item.service]}</span>
              </div>
              <p class={item.state === 'pending' ? 'muted' : item.state === 'failed' ? 'error' : 'warn'}>
                {item.fields.map((f) => FIELD_LABELS[f]).join(', ')} — {outboxStateText(item, now)}
                {item.attempts > 0 && ` (${plural(item.attempts, 'attempt')})`}
              </p>
              {item.state === 'waitingAuth' && <a href="#integrations">Reconnect {SERVICE_NAMES[item.service]} in Integrations</a>}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
