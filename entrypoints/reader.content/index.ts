import { defineContentScript } from 'wxt/utils/define-content-script';
import { sendMessage } from '../../lib/protocol/send';
import { findAdapter, publicSiteMatches } from '../../lib/sites/registry';
import { reportDetectedPages } from './report';

/**
 * Public reader sites (declared in the manifest from the adapter registry). Picks the adapter for this site and
 * reports what it sees; it holds no tokens: the background decides what to do with a detection.
 */
export default defineContentScript({
  matches: publicSiteMatches(),
  runAt: 'document_idle',
  async main(ctx) {
    const adapter = findAdapter(new URL(location.href));
    if (!adapter) return;
    const reading = await sendMessage('getReadingSettings', { site: adapter.id }).catch(() => null);
    if (reading && ctx.isValid) await reportDetectedPages(ctx, adapter, reading);
  },
});
