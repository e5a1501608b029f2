import { useEffect, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';

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
      <h2 id="shortcut-heading">Keyboard shortcut</h2>
      <p>
        Mark the chapter on this tab as read: <kbd>{keys === null ? '…' : keys || 'not set'}</kbd>
      </p>
      <p class="muted">Change it in the browser’s extension shortcut settings (chrome://extensions/shortcuts).</p>
    </section>
  );
}
