/**
 * What the user sees of work done below: the lower layers report (a flush ended, a sign-in was refused, a chapter
 * read was answered or undone) and this decides what to show — the toolbar badge and, when the user opted in,
 * notifications. Registered once, as the worker starts (entrypoints/background), before any work can report.
 */
import { readAnswered, readUndone } from '../../reading/read-flow';
import { flushed } from '../../sync/flush';
import { signInRefused } from '../../trackers/accounts';
import { clearReadResult, showReadResult } from './badge';
import { refreshProblems } from './problems';

/** Call once per worker (each call adds the listeners again). */
export function listenToWork(): void {
  // A refused update is a problem for the badge (and a notification); one delivered may have ended one.
  flushed.listen((report) => (report.sent + report.failed + report.refused > 0 ? refreshProblems(report.at) : undefined));
  // A refused sign-in means the service needs reconnecting: the badge (and a notification) say so.
  signInRefused.listen(() => refreshProblems());
  readAnswered.listen(({ tabId, page, reply }) => showReadResult(tabId, page, reply));
  readUndone.listen(({ tabId }) => clearReadResult(tabId));
}
