import { defineContentScript } from 'wxt/utils/define-content-script';
import { sendMessage } from '../../lib/protocol/send';
import { selfHostedAdapter } from '../../lib/sites/registry';
import { reportDetectedPages } from '../reader.content/report';

/**
 * Self-hosted reader servers (Komga, Kavita, Suwayomi, Kuroibara). Not in the manifest: the background registers
 * it at run time on exactly the origins the user added in Sites and granted, and tells it which server software
 * runs there. Same reporting as public sites; only the adapters differ.
 */
export default defineContentScript({
  registration: 'runtime',
  runAt: 'document_idle',
  async main(ctx) {
    const reading = await sendMessage('getReadingSettings', { site: null }).catch(() => null);
    const adapter = reading?.site ? selfHostedAdapter(reading.site) : undefined;
    if (adapter && reading && ctx.isValid) await reportDetectedPages(ctx, adapter, reading);
  },
});
