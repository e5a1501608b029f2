import { browser } from 'wxt/browser';

export function Settings() {
  const manifest = browser.runtime.getManifest();
  return (
    <section class="card" aria-labelledby="settings-heading">
      <h2 id="settings-heading">Settings</h2>
      <p class="muted">
        There is nothing to configure yet: reading detection and sync settings arrive with those features.
      </p>
      <p>
        {manifest.name} {manifest.version}
      </p>
    </section>
  );
}
