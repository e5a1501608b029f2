import { SERVICE_IDS, SERVICE_NAMES, STATUSES } from '../../../../lib/model';
import { STATUS_LABELS } from '../../../../components/entry-format';
import type { LibraryFilter, ServiceFilter, StatusFilter } from './filter';

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
        aria-label="Search library"
        placeholder="Search titles"
        value={filter.search}
        onInput={(e) => set({ search: e.currentTarget.value })}
      />
      <select aria-label="Status filter" value={filter.status} onChange={(e) => set({ status: e.currentTarget.value as StatusFilter })}>
        <option value="all">All statuses</option>
        {STATUSES.map((status) => (
          <option key={status} value={status}>
            {STATUS_LABELS[status]}
          </option>
        ))}
        <option value="none">No status yet</option>
      </select>
      <select aria-label="Service state filter" value={filter.service} onChange={(e) => set({ service: e.currentTarget.value as ServiceFilter })}>
        <option value="all">All service states</option>
        <option value="attention">Needs attention (pending, failed, unresolved, conflicts)</option>
        {SERVICE_IDS.map((id) => (
          <option key={id} value={`missing:${id}`}>
            Missing on {SERVICE_NAMES[id]}
          </option>
        ))}
      </select>
      <span class="count" aria-live="polite">
        {shown} series{shown !== total && <span class="muted"> (of {total})</span>}
      </span>
    </div>
  );
}
