import { useEffect, useRef, useState } from 'preact/hooks';
import { TABS, tabFromHash, type TabId } from './tabs';

/** Options page: six tabs (WAI-ARIA tabs pattern: arrow keys, Home/End), the open tab kept in the URL hash. */
export function App() {
  const [active, setActive] = useState<TabId>(() => tabFromHash(location.hash));
  const tabRefs = useRef<Partial<Record<TabId, HTMLButtonElement | null>>>({});

  useEffect(() => {
    const onHash = () => setActive(tabFromHash(location.hash));
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, []);

  const select = (id: TabId, focus = false) => {
    setActive(id);
    history.replaceState(null, '', `#${id}`);
    if (focus) tabRefs.current[id]?.focus();
  };

  const onKeyDown = (event: KeyboardEvent) => {
    const index = TABS.findIndex((tab) => tab.id === active);
    const next =
      event.key === 'ArrowRight' ? (index + 1) % TABS.length
      : event.key === 'ArrowLeft' ? (index - 1 + TABS.length) % TABS.length
      : event.key === 'Home' ? 0
      : event.key === 'End' ? TABS.length - 1
      : -1;
    const tab = TABS[next];
    if (!tab) return;
    event.preventDefault();
    select(tab.id, true);
  };

  const current = TABS.find((tab) => tab.id === active) ?? TABS[0];
  const Panel = current.Panel;
  return (
    <div class="layout">
      <h1>Kuroibara Sync</h1>
      <div role="tablist" aria-label="Settings sections" onKeyDown={onKeyDown}>
        {TABS.map((tab) => (
          <button
            key={tab.id}
            ref={(el) => {
              tabRefs.current[tab.id] = el;
            }}
            type="button"
            role="tab"
            id={`tab-${tab.id}`}
            aria-selected={tab.id === active}
            aria-controls={`panel-${tab.id}`}
            tabIndex={tab.id === active ? 0 : -1}
            onClick={() => select(tab.id)}
          >
            {tab.label}
          </button>
        ))}
      </div>
      <section role="tabpanel" id={`panel-${current.id}`} aria-labelledby={`tab-${current.id}`} tabIndex={0}>
        <Panel />
      </section>
    </div>
  );
}
