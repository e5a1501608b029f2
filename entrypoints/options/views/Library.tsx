export function Library() {
  return (
    <section class="card" aria-labelledby="library-empty">
      <h2 id="library-empty">Your library is empty</h2>
      <p class="muted">
        Series will be listed here once the library is imported from your connected services; that arrives together
        with sync in a coming version.
      </p>
    </section>
  );
}
