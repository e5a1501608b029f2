import { useCallback, useEffect, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { errorText } from '../../../components/format';
import { Slotted, slot } from '../../../components/Slotted';
import type { SitesState } from '../../../lib/protocol/messages';
import { sendMessage } from '../../../lib/protocol/send';
import type { ReadingSettings, ReadMode } from '../../../lib/settings/reading';
import { normaliseOrigin, originPattern } from '../../../lib/servers/origin';
import { ReadingForm, readModeChoices, readModeName } from './sites/ReadingForm';
import { t } from '../../../lib/i18n/t';


/** Sites: how reading is tracked, which public sites are read, the user's own servers, series not tracked. */
export function Sites() {
  const [state, setState] = useState<SitesState | null>(null);
  const [feedback, setFeedback] = useState<{ ok: boolean; text: string } | null>(null);

  const reload = useCallback(async () => {
    try {
      setState(await sendMessage('getSites', {}));
    } catch (e) {
      setFeedback({ ok: false, text: t('sitesLoadFailed', errorText(e)) });
    }
  }, []);
  useEffect(() => void reload(), [reload]);

  const save = async (reading: ReadingSettings, done: string) => {
    try {
      setState(await sendMessage('saveReadingSettings', { settings: reading }));
      setFeedback({ ok: true, text: done });
    } catch (e) {
      setFeedback({ ok: false, text: t('commonNotSaved', errorText(e)) });
    }
  };

  if (!state) return <p role={feedback ? 'alert' : 'status'}>{feedback?.text ?? t('sitesLoading')}</p>;
  const { reading } = state;
  const publicSites = state.adapters.filter((a) => !a.selfHosted);
  const serverKinds = state.adapters.filter((a) => a.selfHosted);
  const siteSetting = (id: string) => (Object.hasOwn(reading.sites, id) ? reading.sites[id] : undefined) ?? { enabled: true, mode: null };

  return (
    <>
      {/* Sticky: the answer to a change at the foot of the page shows where the user is. */}
      <p role="status" class={`page-status ${feedback?.ok === false ? 'error' : 'muted'}`}>
        {feedback?.text ?? ''}
      </p>
      <ReadingForm reading={reading} onSave={(next) => save(next, t('sitesReadingSaved'))} />

      <section class="card" aria-labelledby="sites-heading">
        <h2 id="sites-heading">{t('sitesHeading')}</h2>
        <table>
          <thead>
            <tr>
              <th scope="col">{t('sitesColumnSite')}</th>
              <th scope="col">{t('sitesColumnAddresses')}</th>
              <th scope="col">{t('sitesColumnTrack')}</th>
              <th scope="col">{t('sitesColumnMode')}</th>
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
                      aria-label={t('sitesTrackLabel', site.name)}
                      checked={own.enabled}
                      onChange={(e) => put({ enabled: e.currentTarget.checked }, t(e.currentTarget.checked ? 'sitesTracked' : 'sitesNotTracked', site.name))}
                    />
                  </td>
                  <td>
                    <select
                      aria-label={t('sitesModeLabel', site.name)}
                      value={own.mode ?? ''}
                      disabled={!own.enabled}
                      onChange={(e) => {
                        const value = e.currentTarget.value;
                        put({ mode: value === '' ? null : (value as ReadMode) }, t('sitesModeSaved', site.name));
                      }}
                    >
                      <option value="">{t('sitesModeDefault', readModeName(reading.mode))}</option>
                      {readModeChoices().map(({ mode, label }) => (
                        <option key={mode} value={mode}>
                          {label}
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
        <h2 id="ignored-heading">{t('sitesIgnoredHeading')}</h2>
        {reading.ignored.length === 0 ? (
          <p class="muted">{t('sitesIgnoredNone')}</p>
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
                      t('sitesTrackedAgain', series.title),
                    )
                  }
                >
                  {t('sitesTrackAgain', series.title)}
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

  /**
   * Asks the browser for `origin` and, once allowed, has the background keep the server and read its pages. The
   * prompt must be asked for within the click itself (a user gesture), before anything is awaited.
   */
  const allow = (serverKind: string, origin: string, done: string, onAllowed?: () => void) => {
    browser.permissions.request({ origins: [originPattern(origin)] }).then(
      async (granted) => {
        if (!granted) {
          onFeedback({ ok: false, text: t('sitesAccessDenied', origin) });
          return;
        }
        onChange(await sendMessage('addServer', { kind: serverKind, origin }));
        onAllowed?.();
        onFeedback({ ok: true, text: done });
      },
      (e: unknown) => onFeedback({ ok: false, text: t('sitesServerNotAdded', origin, errorText(e)) }),
    ).catch((e: unknown) => onFeedback({ ok: false, text: t('sitesServerNotAdded', origin, errorText(e)) }));
  };

  const add = (event: Event) => {
    event.preventDefault();
    let origin: string;
    try {
      origin = normaliseOrigin(address);
    } catch (e) {
      onFeedback({ ok: false, text: errorText(e) });
      return;
    }
    allow(kind, origin, t('sitesServerAdded', origin), () => setAddress(''));
  };

  const remove = async (origin: string) => {
    try {
      onChange(await sendMessage('removeServer', { origin }));
      onFeedback({ ok: true, text: t('sitesServerRemoved', origin) });
    } catch (e) {
      onFeedback({ ok: false, text: t('sitesServerNotRemoved', origin, errorText(e)) });
    }
  };

  const nameOf = (id: string) => kinds.find((k) => k.id === id)?.name ?? id;
  return (
    <section class="card" aria-labelledby="servers-heading">
      <h2 id="servers-heading">{t('sitesServersHeading')}</h2>
      <p class="muted">{t('sitesServersHint', kinds.map((k) => k.name).join(', '))}</p>
      {state.servers.length > 0 && (
        <ul class="plain">
          {state.servers.map((server) => (
            <li key={server.origin}>
              <Slotted text={t('sitesServerAt', nameOf(server.kind), slot(0))} elements={[<code>{server.origin}</code>]} />
              {!server.granted && (
                <>
                  <span class="error"> — {t('sitesServerNoAccess')}</span>{' '}
                  <button type="button" onClick={() => allow(server.kind, server.origin, t('sitesServerAllowed', server.origin))}>
                    {t('sitesAllowServer', server.origin)}
                  </button>
                </>
              )}{' '}
              <button type="button" onClick={() => void remove(server.origin)}>
                {t('sitesRemoveServer', server.origin)}
              </button>
            </li>
          ))}
        </ul>
      )}
      <form class="form fields" onSubmit={add}>
        <label>
          {t('sitesServerType')}
          <select value={kind} onChange={(e) => setKind(e.currentTarget.value)}>
            {kinds.map((k) => (
              <option key={k.id} value={k.id}>
                {k.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('sitesServerAddress')}
          <input type="url" required placeholder="https://komga.example.org" value={address} onInput={(e) => setAddress(e.currentTarget.value)} />
        </label>
        <button type="submit">{t('sitesAddServer')}</button>
      </form>
    </section>
  );
}
