import { useEffect, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { chapterLabel } from '../../components/format';
import { ServiceState } from '../../components/ServiceState';
import type { ResponseMap, TabPage } from '../../lib/messages';
import { sendMessage } from '../../lib/messaging';
import { SyncCard } from './SyncCard';

type Status = ResponseMap['getStatus'];

interface ActiveTab {
  tabId: number;
  page: TabPage;
}

/** The active tab of this window: the toolbar popup's page, or the tab beside popup.html opened as a tab. */
async function readActiveTabPage(): Promise<ActiveTab | null> {
  const [tab] = await browser.tabs.query({ active: true, currentWindow: true });
  if (tab?.id === undefined) return null;
  const { page } = await sendMessage('getTabState', { tabId: tab.id });
  return page ? { tabId: tab.id, page } : null;
}

export function App() {
  const [status, setStatus] = useState<Status | null>(null);
  const [page, setPage] = useState<ActiveTab | null | undefined>(undefined);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    const fail = (e: unknown) => setError(e instanceof Error ? e.message : String(e));
    const refreshPage = () => void readActiveTabPage().then(setPage, fail);
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
        <h1>Kuroibara Sync</h1>
        <button type="button" onClick={() => void browser.runtime.openOptionsPage()}>
          Settings
        </button>
      </header>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      <CurrentTab page={page} />
      <SyncCard />
      <section class="card" aria-labelledby="services-heading">
        <h2 id="services-heading">Services</h2>
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
          <p class="muted">Loading…</p>
        )}
      </section>
      {status && <p class="muted">Version {status.version}</p>}
    </main>
  );
}

function CurrentTab({ page: active }: { page: ActiveTab | null | undefined }) {
  const [result, setResult] = useState<{ ok: boolean; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  if (active === undefined) return null;
  if (active === null) {
    return (
      <section class="card" aria-labelledby="tab-heading">
        <h2 id="tab-heading">This tab</h2>
        <p class="muted">No chapter detected here. Open a chapter on a supported reader, such as MangaDex.</p>
      </section>
    );
  }
  const { page, tabId } = active;
  const markRead = async () => {
    setBusy(true);
    try {
      const reply = await sendMessage('markChapterRead', { tabId });
      setResult({ ok: reply.outcome === 'updated', text: reply.message });
    } catch (e) {
      setResult({ ok: false, text: e instanceof Error ? e.message : String(e) });
    } finally {
      setBusy(false);
    }
  };
  return (
    <section class="card" aria-labelledby="tab-heading">
      <h2 id="tab-heading">{page.title}</h2>
      <p>
        <strong>{chapterLabel(page.chapter)}</strong>
        {page.volume !== null && <span class="muted"> · Volume {page.volume}</span>}
        {page.progress && (
          <span class="muted">
            {' '}
            · Page {page.progress.page} of {page.progress.pages}
          </span>
        )}
      </p>
      {page.chapter !== null && (
        <button type="button" class="primary" disabled={busy} onClick={() => void markRead()}>
          Mark chapter {page.chapter} as read
        </button>
      )}
      {result && (
        <p class={result.ok ? 'muted' : 'error'} role="status">
          {result.text}
        </p>
      )}
    </section>
  );
}
