import { useEffect, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { errorText } from '../../../../components/format';
import { sendMessage } from '../../../../lib/messaging';

/** The optional permission behind the setting (kept here: the options page does not bundle lib/app-settings). */
const NOTIFICATIONS = { permissions: ['notifications'] } satisfies { permissions: 'notifications'[] };

/** The notifications opt-in: off by default; turning it on asks the browser for the permission right then. */
export function Notifications() {
  const [on, setOn] = useState<boolean | null>(null);
  const [feedback, setFeedback] = useState<{ ok: boolean; text: string } | null>(null);

  useEffect(() => {
    sendMessage('getAppSettings', {}).then(
      (settings) => setOn(settings.notifications),
      (e: unknown) => setFeedback({ ok: false, text: `Settings could not be loaded: ${errorText(e)}` }),
    );
  }, []);

  const change = async (wanted: boolean) => {
    try {
      // Asked for on the click itself: the browser shows its prompt only in answer to the user's own act.
      if (wanted && !(await browser.permissions.request(NOTIFICATIONS))) {
        setFeedback({ ok: false, text: 'The browser did not allow notifications, so they stay off.' });
        return;
      }
      const saved = await sendMessage('saveAppSettings', { settings: { notifications: wanted } });
      setOn(saved.notifications);
      setFeedback({ ok: true, text: saved.notifications ? 'Notifications are on.' : 'Notifications are off.' });
    } catch (e) {
      setFeedback({ ok: false, text: `Not saved: ${errorText(e)}` });
    }
  };

  return (
    <section class="card" aria-labelledby="notifications-heading">
      <h2 id="notifications-heading">Notifications</h2>
      <label class="inline">
        <input type="checkbox" checked={on === true} disabled={on === null} onChange={(e) => void change(e.currentTarget.checked)} />
        Notify me when an update fails or a service needs reconnecting
      </label>
      <p class="muted">
        One notification each time, never one per retry; the toolbar badge shows “!” either way.
      </p>
      <p role="status" class={feedback?.ok === false ? 'error' : 'muted'}>
        {feedback?.text ?? ''}
      </p>
    </section>
  );
}
