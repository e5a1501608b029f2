import type { FunctionComponent } from 'preact';
import { Activity } from './views/Activity';
import { Backup } from './views/Backup';
import { Integrations } from './views/Integrations';
import { Library } from './views/Library';
import { Settings } from './views/Settings';
import { Sites } from './views/Sites';

export const TABS = [
  { id: 'integrations', label: 'Integrations', Panel: Integrations },
  { id: 'library', label: 'Library', Panel: Library },
  { id: 'activity', label: 'Activity', Panel: Activity },
  { id: 'sites', label: 'Sites', Panel: Sites },
  { id: 'backup', label: 'Backup', Panel: Backup },
  { id: 'settings', label: 'Settings', Panel: Settings },
] as const satisfies readonly { id: string; label: string; Panel: FunctionComponent }[];

export type TabId = (typeof TABS)[number]['id'];

/** `#library` → `library`; anything unknown opens Integrations. */
export function tabFromHash(hash: string): TabId {
  const id = hash.replace(/^#/, '');
  return TABS.find((tab) => tab.id === id)?.id ?? 'integrations';
}

/** The first-run guide: not a tab, reached only by its own address (the background opens it on install). */
export const WELCOME = 'welcome';

/** What the page shows: one of the tabs, or the first-run guide. */
export type View = TabId | typeof WELCOME;

/** `#welcome` → the guide; anything else as `tabFromHash`. */
export function viewFromHash(hash: string): View {
  return hash.replace(/^#/, '') === WELCOME ? WELCOME : tabFromHash(hash);
}
