/**
 * Message handlers for Options → Backup. Extension pages only (they are not in CONTENT_SCRIPT_MESSAGES): a web
 * page can neither read the library out nor write a backup into it.
 */
import { exportBackup } from '../../backup/export';
import { applyImport, previewImport } from '../../backup/import';
import type { Handlers } from './types';
import type { MessageType } from '../../protocol/messages';
import { registerServerScripts } from '../../servers/self-hosted';
import { scheduleAlarms } from '../../sync/scheduler';

type BackupMessage = 'exportBackup' | 'previewImport' | 'applyImport';

export const backupHandlers: Pick<Handlers, Extract<MessageType, BackupMessage>> = {
  exportBackup() {
    return exportBackup();
  },
  previewImport({ text }) {
    return previewImport(text);
  },
  async applyImport({ text }) {
    const result = await applyImport(text);
    if (result.serversChanged) await registerServerScripts();
    // Imported service settings may change pull intervals; queued changes need their retry alarm.
    await scheduleAlarms();
    return result;
  },
};
