import { SITE_ADAPTERS } from '../../../lib/sites/registry';

/** Lists the reader sites this build recognises, straight from the adapter registry. */
export function Sites() {
  return (
    <>
      <section class="card" aria-labelledby="sites-heading">
        <h2 id="sites-heading">Supported reader sites</h2>
        <table>
          <thead>
            <tr>
              <th scope="col">Site</th>
              <th scope="col">Pages</th>
            </tr>
          </thead>
          <tbody>
            {SITE_ADAPTERS.map((adapter) => (
              <tr key={adapter.id}>
                <td>{adapter.name}</td>
                <td>
                  {adapter.matches.map((pattern) => (
                    <code key={pattern}>{pattern} </code>
                  ))}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      <section class="card" aria-labelledby="selfhosted-heading">
        <h2 id="selfhosted-heading">Self-hosted servers</h2>
        <p class="muted">
          Adding your own Kuroibara, Komga, Kavita or Suwayomi server (with a permission for that one address only) is
          planned for a later version.
        </p>
      </section>
    </>
  );
}
