import { useEffect, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { ServiceState } from '../../components/ServiceState';
import type { ResponseMap, TabState } from '../../lib/protocol/messages';
import { sendMessage } from '../../lib/protocol/send';
import { CurrentTab } from './CurrentTab';
import { SyncCard } from './SyncCard';
import { t } from '../../lib/i18n/t';

type Status = ResponseMap['getStatus'];

interface ActiveTab {
  tabId: number;
  state: TabState;
}

/** The active tab of this window: the toolbar popup's page, or the tab beside popup.html opened as a tab. */
async function readActiveTab(): Promise<ActiveTab | null> {
  const [tab] = await browser.tabs.query({ active: true, currentWindow: true });
  if (tab?.id === undefined) return null;
  return { tabId: tab.id, state: await sendMessage('getTabState', { tabId: tab.id }) };
}

export function App() {
  const [status, setStatus] = useState<Status | null>(null);
  const [page, setPage] = useState<ActiveTab | null | undefined>(undefined);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    const fail = (e: unknown) => setError(e instanceof Error ? e.message : String(e));
    const refreshPage = () => void readActiveTab().then(setPage, fail);
    sendMessage('getStatus', {}).then(setStatus, fail);
    refreshPage();
    // Stay current while open: a detection can arrive after the popup rendered, and popup.html opened as a
    // tab follows whichever tab becomes active.
    const onStorage = (_changes: unknown, area: string) => area === 'session' && refreshPage();
    browser.storage.onChanged.addListener(onStorage);
    browser.tabs.onActivated.addListener(refreshPage);
    return () => {
      browser.storage.onChanged.removeListener(onStorage);
      browser.tabs.onActivated.removeListener(refreshPage);
    };
  }, []);

  return (
    <main>
      <header>
        <h1>{t('extName')}</h1>
        <button type="button" onClick={() => void browser.runtime.openOptionsPage()}>
          {t('popupSettings')}
        </button>
      </header>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      {page === null && <CurrentTab tabId={-1} state={{ page: null, match: null, row: null }} onState={() => undefined} />}
      {page && <CurrentTab key={page.tabId} tabId={page.tabId} state={page.state} onState={(state) => setPage({ tabId: page.tabId, state })} />}
      <SyncCard />
      <section class="card" aria-labelledby="services-heading">
        <h2 id="services-heading">{t('popupServices')}</h2>
        {status ? (
          <ul class="services">
            {status.services.map((service) => (
              <li key={service.id}>
                <span>{service.name}</span>
                <ServiceState service={service} />
              </li>
            ))}
          </ul>
        ) : (
          <p class="muted">{t('popupLoading')}</p>
        )}
      </section>
      {status && <p class="muted">{t('popupVersion', status.version)}</p>}
    </main>
  );
}
