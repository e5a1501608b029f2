export function Backup() {
  return (
    <section class="card" aria-labelledby="backup-empty">
      <h2 id="backup-empty">Backup</h2>
      <p class="muted">
        Exporting and importing your library, bindings and settings as a JSON file is planned for a later version.
        Tokens and passwords will never be part of an export.
      </p>
    </section>
  );
}
