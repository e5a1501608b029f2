import type { RemovedEntry } from '../../../../lib/protocol/messages';
import { SERVICE_NAMES } from '../../../../lib/model';
import { formatTime } from './describe';
import { t } from '../../../../lib/i18n/t';

interface Props {
  removed: RemovedEntry[];
  busy: boolean;
  onAddBack: (entry: RemovedEntry) => void;
  onRemoveEverywhere: (entry: RemovedEntry) => void;
}

/**
 * Entries the user removed on a service (its website, a phone app) while they were linked here. The sync never
 * undoes that by itself: nothing is sent there until the user chooses.
 */
export function RemovedEntries({ removed, busy, onAddBack, onRemoveEverywhere }: Props) {
  if (removed.length === 0) return null;
  return (
    <section class="card" aria-labelledby="removed-heading">
      <h2 id="removed-heading">{t('activityRemovedHeading')}</h2>
      <ul class="activity-list">
        {removed.map((entry) => {
          const name = SERVICE_NAMES[entry.service];
          return (
            <li key={`${entry.service}:${entry.seriesId}`} class="removed-item">
              <div class="row">
                <strong>{entry.title}</strong>
                <span class="service-name">{name}</span>
              </div>
              <p class="warn">{t('activityRemovedLine', name, formatTime(entry.removedAt))}</p>
              <div class="actions">
                <button type="button" disabled={busy} aria-label={t('activityAddBackLabel', entry.title, name)} onClick={() => onAddBack(entry)}>
                  {t('activityAddBack', name)}
                </button>
                <button type="button" disabled={busy} aria-label={t('activityRemoveEverywhereLabel', entry.title)} onClick={() => onRemoveEverywhere(entry)}>
                  {t('activityRemoveEverywhere')}
                </button>
              </div>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
