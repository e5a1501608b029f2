import { useEffect, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { t } from '../../../../lib/i18n/t';

/** The keyboard shortcut as the browser has it now (the user may have changed or cleared it). */
export function Shortcut() {
  const [keys, setKeys] = useState<string | null>(null);
  useEffect(() => {
    browser.commands.getAll().then(
      (commands) => setKeys(commands.find((command) => command.name === 'mark-chapter-read')?.shortcut ?? ''),
      () => setKeys(''),
    );
  }, []);

  return (
    <section class="card" aria-labelledby="shortcut-heading">
      <h2 id="shortcut-heading">{t('settingsShortcutHeading')}</h2>
      <p>
        {t('settingsShortcutLabel')} <kbd>{keys === null ? '…' : keys || t('settingsShortcutNotSet')}</kbd>
      </p>
      <p class="muted">{t('settingsShortcutHint')}</p>
    </section>
  );
}
