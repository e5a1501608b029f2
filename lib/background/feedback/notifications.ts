/**
 * System notifications, opt-in (Options → Settings): one when an update fails for good, one when a service needs
 * reconnecting, and the outcome of the keyboard shortcut. Clicking one opens the options tab where the user can act.
 * Texts name the service and the series only: never a token, an account secret or a service's raw answer.
 */
import { browser, type Browser } from 'wxt/browser';
import { effectiveAppSettings } from '../../settings/app';
import type { ChapterReadReply } from '../../reading/read-flow';
import { SERVICE_NAMES } from '../../model';
import type { Problem } from './problem';
import { t } from '../../i18n/t';

/** Chromium requires an icon on every notification (48 px, kept out of the worker's bundle). */
const ICON_PATH = '/notification.png';

/** The options tabs a notification can open. */
type OptionsTab = 'activity' | 'integrations';

/** What a notification says, and where clicking it leads. */
export interface Notice {
  /** Notification id: `kuroibara:<options tab>:<what>`; the same problem always gets the same id. */
  id: string;
  title: string;
  message: string;
}

const noticeId = (tab: OptionsTab, what: string) => `kuroibara:${tab}:${what}`;

export function problemNotice(problem: Problem): Notice {
  const service = SERVICE_NAMES[problem.service];
  if (problem.kind === 'reconnect') {
    return {
      id: noticeId('integrations', problem.key),
      title: t('notifyReconnectTitle', service),
      message: t('notifyReconnectMessage', service),
    };
  }
  return {
    id: noticeId('activity', problem.key),
    title: t('notifyFailedTitle', service),
    message: problem.title === null ? t('notifyFailedMessageUnknown') : t('notifyFailedMessage', problem.title),
  };
}

/** The keyboard shortcut's outcome, for a user who cannot see the page's notice (or has none). */
export function readNotice(reply: ChapterReadReply): Notice {
  const id = noticeId('activity', 'shortcut');
  if (reply.outcome === 'updated') return { id, title: t('notifyMarkedRead', reply.summary), message: reply.message };
  return { id, title: t('notifyNothingMarked'), message: reply.outcome === 'ask' ? reply.question : reply.message };
}

/** The notifications API, present only while the optional permission is granted. */
function notificationsApi(): typeof Browser.notifications | undefined {
  return (browser as Partial<typeof browser>).notifications;
}

/** Shows `notice` when the user opted in; a notification is a courtesy and never fails the work that caused it. */
async function show(notice: Notice): Promise<void> {
  try {
    const api = notificationsApi();
    if (!api || !(await effectiveAppSettings()).notifications) return;
    await api.create(notice.id, { type: 'basic', iconUrl: browser.runtime.getURL(ICON_PATH), title: notice.title, message: notice.message });
  } catch {
    // The permission was taken back meanwhile, or the system refused: the badge still tells.
  }
}

export function notifyProblem(problem: Problem): Promise<void> {
  return show(problemNotice(problem));
}

export function notifyReadResult(reply: ChapterReadReply): Promise<void> {
  return show(readNotice(reply));
}

/** Clicking one of our notifications opens the options page on the tab it speaks of. */
export async function openNotification(id: string): Promise<void> {
  const [prefix, tab] = id.split(':');
  if (prefix !== 'kuroibara') return;
  const target: OptionsTab = tab === 'integrations' ? 'integrations' : 'activity';
  await browser.tabs.create({ url: browser.runtime.getURL(`/options.html#${target}`) });
  await notificationsApi()?.clear(id);
}

function onNotificationClicked(id: string): void {
  void openNotification(id);
}

/**
 * Listens for clicks on notifications. The API exists only while the permission is granted, so this runs at
 * start-up and again when the permission is added.
 */
export function listenToNotificationClicks(): void {
  const api = notificationsApi();
  if (api && !api.onClicked.hasListener(onNotificationClicked)) api.onClicked.addListener(onNotificationClicked);
}
