import type { FunctionComponent } from 'preact';
import { Activity } from './views/Activity';
import { Backup } from './views/Backup';
import { Integrations } from './views/Integrations';
import { Library } from './views/Library';
import { Settings } from './views/Settings';
import { Sites } from './views/Sites';
import type { MessageKey } from '../../lib/i18n/t';

export const TABS = [
  { id: 'integrations', labelKey: 'optionsTabIntegrations', Panel: Integrations },
  { id: 'library', labelKey: 'optionsTabLibrary', Panel: Library },
  { id: 'activity', labelKey: 'optionsTabActivity', Panel: Activity },
  { id: 'sites', labelKey: 'optionsTabSites', Panel: Sites },
  { id: 'backup', labelKey: 'optionsTabBackup', Panel: Backup },
  { id: 'settings', labelKey: 'optionsTabSettings', Panel: Settings },
] as const satisfies readonly { id: string; labelKey: MessageKey; Panel: FunctionComponent }[];

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
