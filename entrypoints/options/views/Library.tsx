import { useMemo, useRef, useState } from 'preact/hooks';
import { EntryEditor } from './library/EntryEditor';
import { NO_FILTER, filterRows, indexRows, type LibraryFilter } from './library/filter';
import { LibraryList } from './library/LibraryList';
import { LibraryToolbar } from './library/LibraryToolbar';
import { userScale } from './library/score-scale';
import { SyncControls } from './library/SyncControls';
import { useLibrary } from './library/useLibrary';
import { Slotted, slot } from '../../../components/Slotted';
import { t } from '../../../lib/i18n/t';

/** Every series across the services: search, filter, sync, and edit one entry at a time. */
export function Library() {
  const { library, error, reload, replaceRow } = useLibrary();
  const [filter, setFilter] = useState<LibraryFilter>(NO_FILTER);
  const [openId, setOpenId] = useState<string | null>(null);
  const rootRef = useRef<HTMLDivElement>(null);

  const indexed = useMemo(() => indexRows(library?.rows ?? []), [library]);
  const shown = useMemo(() => filterRows(indexed, filter), [indexed, filter]);
  const scale = useMemo(() => userScale(library?.scoreSettings ?? {}), [library]);
  const openRow = openId === null ? undefined : library?.rows.find((row) => row.seriesId === openId);

  const closeEditor = () => {
    const id = openId;
    setOpenId(null);
    // Back to the row the editor was opened from, when it is still on screen.
    const rows = rootRef.current?.querySelectorAll<HTMLElement>('[data-series-id]') ?? [];
    Array.from(rows).find((row) => row.dataset.seriesId === id)?.focus();
  };

  const empty = library?.rows.length === 0;
  // One tree whatever the state, so "Sync now" keeps its results when the first sync fills an empty library.
  return (
    <div class="library" ref={rootRef}>
      <section class="card" aria-labelledby="library-heading">
        <h2 id="library-heading">{empty ? t('libraryHeadingEmpty') : t('libraryHeading')}</h2>
        {!library && !error && <p class="muted">{t('libraryLoading')}</p>}
        {error && (
          <div role="alert">
            <p class="error">{library ? t('libraryReloadFailed', error) : t('libraryLoadFailed', error)}</p>
            <button type="button" onClick={() => void reload()}>
              {t('libraryTryAgain')}
            </button>
          </div>
        )}
        {empty && (
          <p class="muted">
            <Slotted text={t('libraryEmptyHint', slot(0))} elements={[<a href="#integrations">{t('optionsTabIntegrations')}</a>]} />
          </p>
        )}
        {library && !empty && <LibraryToolbar filter={filter} onChange={setFilter} shown={shown.length} total={library.rows.length} />}
        <SyncControls onSynced={reload} />
      </section>
      {openRow && <EntryEditor key={openRow.seriesId} row={openRow} scale={scale} onSaved={replaceRow} onClose={closeEditor} />}
      {library && !empty && shown.length === 0 && <p class="muted">{t('libraryNoMatch')}</p>}
      {shown.length > 0 && (
        // A new search or filter starts a new list at its top; a saved edit keeps the list where it is.
        <LibraryList key={`${filter.search}\n${filter.status}\n${filter.service}`} rows={shown} scale={scale} openId={openId} onOpen={setOpenId} />
      )}
    </div>
  );
}
