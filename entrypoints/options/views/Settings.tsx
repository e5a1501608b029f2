import { browser } from 'wxt/browser';
import { Notifications } from './settings/Notifications';
import { Shortcut } from './settings/Shortcut';

export function Settings() {
  const manifest = browser.runtime.getManifest();
  return (
    <>
      <section class="card" aria-labelledby="settings-heading">
        <h2 id="settings-heading">Settings</h2>
        <p class="muted">
          How reading is tracked (modes, timing, sites, your own servers) is set in Sites; what each service syncs
          is set on its card in Integrations.
        </p>
        <p>
          {manifest.name} {manifest.version}
        </p>
      </section>
      <Notifications />
      <Shortcut />
    </>
  );
}
