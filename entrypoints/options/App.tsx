import { useEffect, useRef, useState } from 'preact/hooks';
import { TABS, viewFromHash, WELCOME, type TabId, type View } from './tabs';
import { Welcome } from './views/Welcome';
import { t } from '../../lib/i18n/t';

/**
 * Options page: six tabs (WAI-ARIA tabs pattern: arrow keys, Home/End), the open tab kept in the URL hash; or,
 * at `#welcome`, the first-run guide in their place.
 */
export function App() {
  const [active, setActive] = useState<View>(() => viewFromHash(location.hash));
  const tabRefs = useRef<Partial<Record<TabId, HTMLButtonElement | null>>>({});
  // A tab to focus once rendered: leaving the guide puts the tabs on screen only in the next render.
  const focusNext = useRef<TabId | null>(null);

  useEffect(() => {
    const onHash = () => setActive(viewFromHash(location.hash));
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, []);

  useEffect(() => {
    if (focusNext.current === null) return;
    tabRefs.current[focusNext.current]?.focus();
    focusNext.current = null;
  });

  const select = (id: TabId, focus = false) => {
    setActive(id);
    history.replaceState(null, '', `#${id}`);
    if (focus) {
      focusNext.current = id;
      tabRefs.current[id]?.focus();
    }
  };

  if (active === WELCOME) {
    return (
      <main class="layout">
        <Welcome onLeave={(tab) => select(tab, true)} />
      </main>
    );
  }

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
    <main class="layout">
      <h1>{t('extName')}</h1>
      <div role="tablist" aria-label={t('optionsTablistLabel')} onKeyDown={onKeyDown}>
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
            {t(tab.labelKey)}
          </button>
        ))}
      </div>
      <section role="tabpanel" id={`panel-${current.id}`} aria-labelledby={`tab-${current.id}`} tabIndex={0}>
        <Panel />
      </section>
    </main>
  );
}
