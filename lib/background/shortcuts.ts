/**
 * Keyboard shortcuts (the manifest's `commands`; the user can change the keys in the browser's shortcut settings).
 * "Mark chapter read" takes the same path as the popup's "Mark chapter N as read": the badge shows the outcome,
 * and a notification too when the user opted in to them.
 */
import { browser } from 'wxt/browser';
import { notifyReadResult } from './feedback/notifications';
import { confirmReadOnTab } from '../reading/read-flow';

export const MARK_READ_COMMAND = 'mark-chapter-read';

/** The tab a command acts on: the one Chromium names, else the active tab of the focused window. */
async function targetTab(tabId: number | undefined): Promise<number | undefined> {
  if (tabId !== undefined && tabId >= 0) return tabId;
  const [active] = await browser.tabs.query({ active: true, lastFocusedWindow: true });
  return active?.id;
}

export async function runCommand(command: string, tabId: number | undefined): Promise<void> {
  if (command !== MARK_READ_COMMAND) return;
  const target = await targetTab(tabId);
  if (target === undefined) return;
  await notifyReadResult(await confirmReadOnTab(target));
}
