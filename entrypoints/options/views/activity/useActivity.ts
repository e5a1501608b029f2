import { useCallback, useEffect, useState } from 'preact/hooks';
import type { ResponseMap } from '../../../../lib/protocol/messages';
import { sendMessage } from '../../../../lib/protocol/send';
import { errorText } from '../../../../components/format';

/** How many sync-log records the tab shows. */
export const LOG_LIMIT = 200;

/** While changes are on their way, the tab reads the activity again this often, so what it shows keeps up. */
export const LIVE_REFRESH_MS = 3_000;

export function useActivity() {
  const [activity, setActivity] = useState<ResponseMap['getActivity'] | null>(null);
  const [loadedAt, setLoadedAt] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);

  const load = useCallback(async (quietly: boolean) => {
    if (!quietly) setLoading(true);
    try {
      setActivity(await sendMessage('getActivity', { limit: LOG_LIMIT }));
      // A quiet reload leaves the "Updated at" line (a live region) alone, so a screen reader is not interrupted.
      if (!quietly) setLoadedAt(Date.now());
      setError(null);
    } catch (e) {
      setError(errorText(e));
    } finally {
      if (!quietly) setLoading(false);
    }
  }, []);
  const reload = useCallback(() => load(false), [load]);

  useEffect(() => {
    void reload();
  }, [reload]);

  // Changes on their way (not those waiting for the user) settle by themselves: follow them without a click.
  const moving = activity?.outbox.some((item) => item.state === 'pending') ?? false;
  useEffect(() => {
    if (!moving) return undefined;
    const timer = setInterval(() => void load(true), LIVE_REFRESH_MS);
    return () => clearInterval(timer);
  }, [moving, load]);

  return { activity, loadedAt, error, loading, reload };
}
