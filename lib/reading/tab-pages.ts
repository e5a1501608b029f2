/**
 * What each open tab shows, kept in `storage.session`: it survives the service worker being stopped, is cleared
 * when the browser closes, and is never synced or exported. Content scripts cannot read it.
 */
import { browser } from 'wxt/browser';
import { tabPageSchema, type TabPage } from './page';

const key = (tabId: number) => `tab:${tabId}`;

export async function saveTabPage(tabId: number, page: TabPage): Promise<void> {
  await browser.storage.session.set({ [key(tabId)]: page });
}

export async function readTabPage(tabId: number): Promise<TabPage | null> {
  const stored = (await browser.storage.session.get(key(tabId)))[key(tabId)];
  const parsed = tabPageSchema.safeParse(stored);
  return parsed.success ? parsed.data : null;
}

export async function forgetTab(tabId: number): Promise<void> {
  await browser.storage.session.remove(key(tabId));
}
