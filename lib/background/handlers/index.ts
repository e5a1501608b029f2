/** What the background does for each message, once the router has checked the sender and the request: one file per area. */
import { appHandlers } from './app';
import { backupHandlers } from './backup';
import { connectionHandlers } from './connections';
import { firstRunHandlers } from './first-run';
import { libraryHandlers } from './library';
import { readingHandlers } from './reading';
import { tabHandlers } from './tab';
import type { Handlers } from './types';

export type { Handlers, Sender } from './types';

export const handlers: Handlers = {
  ...connectionHandlers,
  ...tabHandlers,
  ...libraryHandlers,
  ...readingHandlers,
  ...appHandlers,
  ...backupHandlers,
  ...firstRunHandlers,
};
