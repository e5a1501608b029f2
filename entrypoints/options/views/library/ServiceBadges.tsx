import type { LibraryRow, ServiceEntryState } from '../../../../lib/protocol/messages';
import { SERVICE_IDS, SERVICE_NAMES } from '../../../../lib/model';
import { fieldLabel, listInWords } from '../../../../components/entry-format';
import { t } from '../../../../lib/i18n/t';

const STATE_KEYS = {
  synced: 'libraryBadgeSynced',
  pending: 'libraryBadgePending',
  failed: 'libraryBadgeFailed',
  missing: 'libraryBadgeMissing',
  unresolved: 'libraryBadgeUnresolved',
} as const satisfies Record<ServiceEntryState, string>;

/**
 * One compact badge per service the series is known to, its state in words ("AniList ✓", "Kitsu unresolved";
 * colour only repeats them), and a marker when services disagree.
 */
export function ServiceBadges({ row }: { row: LibraryRow }) {
  return (
    <span class="badges">
      {SERVICE_IDS.map((id) => {
        const service = row.services[id];
        if (!service) return null;
        const name = SERVICE_NAMES[id];
        const words = t(STATE_KEYS[service.state]);
        const detail = service.state === 'failed' && service.error ? t('libraryBadgeError', service.error) : '';
        return (
          <span key={id} class={`badge badge-${service.state}`} title={t('libraryBadgeTitle', name, words) + detail}>
            {name}{' '}
            {service.state === 'synced' ? (
              <>
                <span aria-hidden="true">✓</span>
                <span class="visually-hidden">{words}</span>
              </>
            ) : (
              words
            )}
            {detail && <span class="visually-hidden">{detail}</span>}
          </span>
        );
      })}
      {row.conflicts.length > 0 && (
        <span class="badge badge-conflict" title={t('libraryConflictTitle', listInWords(row.conflicts.map(fieldLabel)))}>
          <span aria-hidden="true">⚠ </span>
          {t('libraryBadgeConflict')}
        </span>
      )}
    </span>
  );
}
