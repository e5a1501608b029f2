import { useCallback, useEffect, useState } from 'preact/hooks';
import type { ResponseMap } from '../../../../lib/messages';
import { sendMessage } from '../../../../lib/messaging';
import { errorText } from '../../../../components/format';

/** How many sync-log records the tab shows. */
export const LOG_LIMIT = 200;

export function useActivity() {
  const [activity, setActivity] = useState<ResponseMap['getActivity'] | null>(null);
  const [loadedAt, setLoadedAt] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);

  const reload = useCallback(async () => {
    setLoading(true);
    try {
      setActivity(await sendMessage('getActivity', { limit: LOG_LIMIT }));
      setLoadedAt(Date.now());
      setError(null);
    } catch (e) {
      setError(errorText(e));
    } finally {
      setLoading(false);
    }
  }, []);

  useEffect(() => {
    void reload();
  }, [reload]);

  return { activity, loadedAt, error, loading, reload };
}
