import { useCallback, useEffect, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { errorText } from '../../../components/format';
import type { SitesState } from '../../../lib/messages';
import { sendMessage } from '../../../lib/messaging';
import type { ReadingSettings, ReadMode } from '../../../lib/reading-settings';
import { normaliseOrigin, originPattern } from '../../../lib/server-origin';
import { ReadingForm } from './sites/ReadingForm';

const MODE_NAMES: Record<ReadMode, string> = { automatic: 'Automatic', ask: 'Ask first', manual: 'Manual' };

/** Sites: how reading is tracked, which public sites are read, the user's own servers, series not tracked. */
export function Sites() {
  const [state, setState] = useState<SitesState | null>(null);
  const [feedback, setFeedback] = useState<{ ok: boolean; text: string } | null>(null);

  const reload = useCallback(async () => {
    try {
      setState(await sendMessage('getSites', {}));
    } catch (e) {
      setFeedback({ ok: false, text: `Sites could not be loaded: ${errorText(e)}` });
    }
  }, []);
  useEffect(() => void reload(), [reload]);

  const save = async (reading: ReadingSettings, done: string) => {
    try {
      setState(await sendMessage('saveReadingSettings', { settings: reading }));
      setFeedback({ ok: true, text: done });
    } catch (e) {
      setFeedback({ ok: false, text: `Not saved: ${errorText(e)}` });
    }
  };

  if (!state) return <p role={feedback ? 'alert' : 'status'}>{feedback?.text ?? 'Loading…'}</p>;
  const { reading } = state;
  const publicSites = state.adapters.filter((a) => !a.selfHosted);
  const serverKinds = state.adapters.filter((a) => a.selfHosted);
  const siteSetting = (id: string) => (Object.hasOwn(reading.sites, id) ? reading.sites[id] : undefined) ?? { enabled: true, mode: null };

  return (
    <>
      <p role="status" class={feedback?.ok === false ? 'error' : 'muted'}>
        {feedback?.text ?? ''}
      </p>
      <ReadingForm reading={reading} onSave={(next) => save(next, 'Reading settings saved.')} />

      <section class="card" aria-labelledby="sites-heading">
        <h2 id="sites-heading">Reader sites</h2>
        <table>
          <thead>
            <tr>
              <th scope="col">Site</th>
              <th scope="col">Addresses</th>
              <th scope="col">Track</th>
              <th scope="col">Mode</th>
            </tr>
          </thead>
          <tbody>
            {publicSites.map((site) => {
              const own = siteSetting(site.id);
              const put = (patch: Partial<typeof own>, done: string) =>
                void save({ ...reading, sites: { ...reading.sites, [site.id]: { ...own, ...patch } } }, done);
              return (
                <tr key={site.id}>
                  <th scope="row">{site.name}</th>
                  <td>{site.hosts.join(', ')}</td>
                  <td>
                    <input
                      type="checkbox"
                      aria-label={`Track reading on ${site.name}`}
                      checked={own.enabled}
                      onChange={(e) => put({ enabled: e.currentTarget.checked }, `${site.name}: ${e.currentTarget.checked ? 'tracked' : 'not tracked'}.`)}
                    />
                  </td>
                  <td>
                    <select
                      aria-label={`Reading mode on ${site.name}`}
                      value={own.mode ?? ''}
                      disabled={!own.enabled}
                      onChange={(e) => {
                        const value = e.currentTarget.value;
                        put({ mode: value === '' ? null : (value as ReadMode) }, `${site.name}: mode saved.`);
                      }}
                    >
                      <option value="">Default ({MODE_NAMES[reading.mode]})</option>
                      {(Object.keys(MODE_NAMES) as ReadMode[]).map((mode) => (
                        <option key={mode} value={mode}>
                          {MODE_NAMES[mode]}
                        </option>
                      ))}
                    </select>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </section>

      <ServersSection state={state} kinds={serverKinds} onChange={setState} onFeedback={setFeedback} />

      <section class="card" aria-labelledby="ignored-heading">
        <h2 id="ignored-heading">Series not tracked</h2>
        {reading.ignored.length === 0 ? (
          <p class="muted">None. "Don't track this series" in the reading notice adds a series here.</p>
        ) : (
          <ul class="plain">
            {reading.ignored.map((series) => (
              <li key={`${series.site}:${series.seriesKey}`}>
                {series.title} <span class="muted">({series.site})</span>{' '}
                <button
                  type="button"
                  onClick={() =>
                    void save(
                      { ...reading, ignored: reading.ignored.filter((s) => s !== series) },
                      `${series.title} is tracked again.`,
                    )
                  }
                >
                  Track {series.title} again
                </button>
              </li>
            ))}
          </ul>
        )}
      </section>
    </>
  );
}

interface ServersProps {
  state: SitesState;
  kinds: SitesState['adapters'];
  onChange: (state: SitesState) => void;
  onFeedback: (feedback: { ok: boolean; text: string }) => void;
}

/** The user's own servers: each origin is granted on its own, through the browser's permission prompt. */
function ServersSection({ state, kinds, onChange, onFeedback }: ServersProps) {
  const [kind, setKind] = useState(kinds[0]?.id ?? '');
  const [address, setAddress] = useState('');

  const add = (event: Event) => {
    event.preventDefault();
    let origin: string;
    try {
      origin = normaliseOrigin(address);
    } catch (e) {
      onFeedback({ ok: false, text: errorText(e) });
      return;
    }
    // The prompt must be asked for within the click itself (a user gesture), before anything is awaited.
    browser.permissions.request({ origins: [originPattern(origin)] }).then(
      async (granted) => {
        if (!granted) {
          onFeedback({ ok: false, text: `Access to ${origin} was not granted, so its pages cannot be read.` });
          return;
        }
        onChange(await sendMessage('addServer', { kind, origin }));
        setAddress('');
        onFeedback({ ok: true, text: `${origin} added. Open a chapter there to start tracking.` });
      },
      (e: unknown) => onFeedback({ ok: false, text: `${origin} not added: ${errorText(e)}` }),
    ).catch((e: unknown) => onFeedback({ ok: false, text: `${origin} not added: ${errorText(e)}` }));
  };

  const remove = async (origin: string) => {
    try {
      onChange(await sendMessage('removeServer', { origin }));
      onFeedback({ ok: true, text: `${origin} removed; its permission was given back.` });
    } catch (e) {
      onFeedback({ ok: false, text: `${origin} not removed: ${errorText(e)}` });
    }
  };

  const nameOf = (id: string) => kinds.find((k) => k.id === id)?.name ?? id;
  return (
    <section class="card" aria-labelledby="servers-heading">
      <h2 id="servers-heading">Self-hosted servers</h2>
      <p class="muted">
        Your own {kinds.map((k) => k.name).join(', ')} server. The browser asks you to allow access to that one address;
        nothing else is granted.
      </p>
      {state.servers.length > 0 && (
        <ul class="plain">
          {state.servers.map((server) => (
            <li key={server.origin}>
              {nameOf(server.kind)} at <code>{server.origin}</code>
              {!server.granted && <span class="error"> — access was taken back in the browser; remove and add it again</span>}{' '}
              <button type="button" onClick={() => void remove(server.origin)}>
                Remove {server.origin}
              </button>
            </li>
          ))}
        </ul>
      )}
      <form class="row" onSubmit={add}>
        <label>
          Server type
          <select value={kind} onChange={(e) => setKind(e.currentTarget.value)}>
            {kinds.map((k) => (
              <option key={k.id} value={k.id}>
                {k.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          Server address
          <input type="url" required placeholder="https://komga.example.org" value={address} onInput={(e) => setAddress(e.currentTarget.value)} />
        </label>
        <button type="submit">Add server</button>
      </form>
    </section>
  );
}
