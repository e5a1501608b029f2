/** Message handlers for the Library and Activity tabs and "Sync now": the library, its edits, what waits or was refused. */
import { currentSeriesId } from '../../library/absorb-series';
import { libraryRow, libraryRows } from '../../library/view';
import { SERVICE_IDS } from '../../model';
import { activity } from '../../sync/activity';
import { applyLocalChange } from '../../sync/edit';
import { runSync } from '../../sync/engine';
import { scheduleAlarms } from '../../sync/scheduler';
import { addBack, discardRefused, removeEverywhere, retryRefused } from '../../sync/settle';
import { refreshProblems } from '../feedback/problems';
import type { Handlers } from './types';
import { t } from '../../i18n/t';

type LibraryMessage = 'triggerSync' | 'getLibrary' | 'updateEntry' | 'getActivity' | 'retryChange' | 'discardChange' | 'addBack' | 'removeEverywhere';

export const libraryHandlers: Pick<Handlers, LibraryMessage> = {
  async triggerSync({ service, forceFullSync, direction }) {
    const services = service ? [service] : SERVICE_IDS;
    // A full resync re-reads whole lists and merges them like any pull: links and what was agreed stay, so a
    // service whose pull fails is never overwritten with the library's values (DESIGN.md rule 8).
    const runs = await runSync({ services, forceFullSync, direction, retryNow: true });
    await scheduleAlarms();
    return { runs };
  },
  getLibrary() {
    return libraryRows();
  },
  async updateEntry({ seriesId, changes, opened }) {
    // (An editor opened on a series a sync has since joined into another edits the series it became.)
    await applyLocalChange(seriesId, changes, Date.now(), opened ? { opened } : {});
    await scheduleAlarms();
    const row = await libraryRow(await currentSeriesId(seriesId));
    if (!row) throw new Error(t('seriesNotInLibrary'));
    return { row };
  },
  async getActivity({ limit }) {
    return activity(limit);
  },
  async retryChange({ id }) {
    const message = await retryRefused(id);
    await scheduleAlarms();
    await refreshProblems();
    return { message };
  },
  async discardChange({ id }) {
    const message = await discardRefused(id);
    await scheduleAlarms();
    await refreshProblems();
    return { message };
  },
  async addBack({ service, seriesId }) {
    const message = await addBack(service, seriesId);
    await scheduleAlarms();
    return { message };
  },
  async removeEverywhere({ seriesId }) {
    const message = await removeEverywhere(seriesId);
    await scheduleAlarms();
    await refreshProblems();
    return { message };
  },
};
