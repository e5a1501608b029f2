import { useCallback, useEffect, useState } from 'preact/hooks';
import type { LibraryRow, ResponseMap } from '../../../../lib/protocol/messages';
import { sendMessage } from '../../../../lib/protocol/send';
import { errorText } from '../../../../components/format';

export interface LibraryState {
  /** null until the first answer. */
  library: ResponseMap['getLibrary'] | null;
  /** Why the last load failed (the last good library stays shown). */
  error: string | null;
  reload: () => Promise<void>;
  /** Puts a row the background returned (after an edit) in place of the old one. */
  replaceRow: (row: LibraryRow) => void;
}

export function useLibrary(): LibraryState {
  const [library, setLibrary] = useState<ResponseMap['getLibrary'] | null>(null);
  const [error, setError] = useState<string | null>(null);

  const reload = useCallback(async () => {
    try {
      setLibrary(await sendMessage('getLibrary', {}));
      setError(null);
    } catch (e) {
      setError(errorText(e));
    }
  }, []);

  useEffect(() => {
    void reload();
  }, [reload]);

  const replaceRow = useCallback((row: LibraryRow) => {
    setLibrary((current) => current && { ...current, rows: current.rows.map((r) => (r.seriesId === row.seriesId ? row : r)) });
  }, []);

  return { library, error, reload, replaceRow };
}
