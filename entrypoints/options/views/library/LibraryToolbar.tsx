import { SERVICE_IDS, SERVICE_NAMES, STATUSES } from '../../../../lib/model';
import { statusLabel } from '../../../../components/entry-format';
import type { LibraryFilter, ServiceFilter, StatusFilter } from './filter';
import { t } from '../../../../lib/i18n/t';

interface Props {
  filter: LibraryFilter;
  onChange: (filter: LibraryFilter) => void;
  shown: number;
  total: number;
}

/** Search, the two filters and how many series they leave. */
export function LibraryToolbar({ filter, onChange, shown, total }: Props) {
  const set = (patch: Partial<LibraryFilter>) => onChange({ ...filter, ...patch });
  return (
    <div class="library-toolbar">
      <input
        type="search"
        aria-label={t('librarySearchLabel')}
        placeholder={t('librarySearchPlaceholder')}
        value={filter.search}
        onInput={(e) => set({ search: e.currentTarget.value })}
      />
      <select aria-label={t('libraryStatusFilter')} value={filter.status} onChange={(e) => set({ status: e.currentTarget.value as StatusFilter })}>
        <option value="all">{t('libraryAllStatuses')}</option>
        {STATUSES.map((status) => (
          <option key={status} value={status}>
            {statusLabel(status)}
          </option>
        ))}
        <option value="none">{t('libraryNoStatusYet')}</option>
      </select>
      <select aria-label={t('libraryServiceFilter')} value={filter.service} onChange={(e) => set({ service: e.currentTarget.value as ServiceFilter })}>
        <option value="all">{t('libraryAllServiceStates')}</option>
        <option value="attention">{t('libraryNeedsAttention')}</option>
        {SERVICE_IDS.map((id) => (
          <option key={id} value={`missing:${id}`}>
            {t('libraryMissingOn', SERVICE_NAMES[id])}
          </option>
        ))}
      </select>
      <span class="count" aria-live="polite">
        {t(shown === 1 ? 'librarySeriesOne' : 'librarySeriesMany', shown)}
        {shown !== total && <span class="muted"> {t('libraryOfTotal', total)}</span>}
      </span>
    </div>
  );
}
