/** Message handlers for the first-run guide on the options page. */
import { finishSetup, readSetup } from '../../settings/first-run';
import type { Handlers } from './types';

export const firstRunHandlers: Pick<Handlers, 'getSetup' | 'finishSetup'> = {
  getSetup() {
    return readSetup();
  },
  finishSetup({ ending }) {
    return finishSetup(ending);
  },
};
