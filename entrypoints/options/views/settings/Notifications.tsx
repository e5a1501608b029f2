import { useEffect, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { errorText } from '../../../../components/format';
import { sendMessage } from '../../../../lib/protocol/send';
import { t } from '../../../../lib/i18n/t';

/** The optional permission behind the setting (kept here: the options page does not bundle lib/settings/app). */
const NOTIFICATIONS = { permissions: ['notifications'] } satisfies { permissions: 'notifications'[] };

/** The notifications opt-in: off by default; turning it on asks the browser for the permission right then. */
export function Notifications() {
  const [on, setOn] = useState<boolean | null>(null);
  const [feedback, setFeedback] = useState<{ ok: boolean; text: string } | null>(null);

  useEffect(() => {
    sendMessage('getAppSettings', {}).then(
      (settings) => setOn(settings.notifications),
      (e: unknown) => setFeedback({ ok: false, text: t('settingsLoadFailed', errorText(e)) }),
    );
  }, []);

  const change = async (wanted: boolean) => {
    try {
      // Asked for on the click itself: the browser shows its prompt only in answer to the user's own act.
      if (wanted && !(await browser.permissions.request(NOTIFICATIONS))) {
        setFeedback({ ok: false, text: t('notificationsNotAllowed') });
        return;
      }
      const saved = await sendMessage('saveAppSettings', { settings: { notifications: wanted } });
      setOn(saved.notifications);
      setFeedback({ ok: true, text: saved.notifications ? t('settingsNotificationsOn') : t('settingsNotificationsOff') });
    } catch (e) {
      setFeedback({ ok: false, text: t('commonNotSaved', errorText(e)) });
    }
  };

  return (
    <section class="card" aria-labelledby="notifications-heading">
      <h2 id="notifications-heading">{t('settingsNotificationsHeading')}</h2>
      <label class="inline">
        <input type="checkbox" checked={on === true} disabled={on === null} onChange={(e) => void change(e.currentTarget.checked)} />
        {t('settingsNotificationsLabel')}
      </label>
      <p class="muted">{t('settingsNotificationsHint')}</p>
      <p role="status" class={feedback?.ok === false ? 'error' : 'muted'}>
        {feedback?.text ?? ''}
      </p>
    </section>
  );
}
