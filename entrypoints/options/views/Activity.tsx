export function Activity() {
  return (
    <section class="card" aria-labelledby="activity-empty">
      <h2 id="activity-empty">No sync activity yet</h2>
      <p class="muted">Each sync run, its changes, conflicts and errors will be logged here once sync is available.</p>
    </section>
  );
}
