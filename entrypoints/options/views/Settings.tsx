import { browser } from 'wxt/browser';
import { Notifications } from './settings/Notifications';
import { Shortcut } from './settings/Shortcut';
import { t } from '../../../lib/i18n/t';

export function Settings() {
  const manifest = browser.runtime.getManifest();
  return (
    <>
      <section class="card" aria-labelledby="settings-heading">
        <h2 id="settings-heading">{t('settingsHeading')}</h2>
        <p class="muted">{t('settingsWhereElse')}</p>
        <p>{t('settingsVersion', t('extName'), manifest.version)}</p>
      </section>
      <Notifications />
      <Shortcut />
    </>
  );
}
