import type { LibraryRow } from '../../../../lib/messages';
import { SERVICE_IDS, SERVICE_NAMES } from '../../../../lib/model';
import { FIELD_LABELS, listInWords } from '../../../../components/entry-format';

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
        const words = service.state;
        const detail = service.state === 'failed' && service.error ? `: ${service.error}` : '';
        return (
          <span key={id} class={`badge badge-${service.state}`} title={`${name} ${words}${detail}`}>
            {name}{' '}
            {service.state === 'synced' ? (
              <>
                <span aria-hidden="true">✓</span>
                <span class="visually-hidden">synced</span>
              </>
            ) : (
              words
            )}
            {detail && <span class="visually-hidden">{detail}</span>}
          </span>
        );
      })}
      {row.conflicts.length > 0 && (
        <span class="badge badge-conflict" title={`Services disagree on ${listInWords(row.conflicts.map((f) => FIELD_LABELS[f]))}`}>
          <span aria-hidden="true">⚠ </span>conflict
        </span>
      )}
    </span>
  );
}
