import { defineContentScript } from 'wxt/utils/define-content-script';
import { findAdapter } from '../../lib/sites/registry';
import { reportDetectedPages } from './report';

/**
 * Reader pages. Picks the adapter for this site and reports what it sees; it holds no tokens and makes no
 * requests of its own: the background decides what to do with a detection.
 */
export default defineContentScript({
  matches: ['https://mangadex.org/*'],
  runAt: 'document_idle',
  main(ctx) {
    const adapter = findAdapter(new URL(location.href));
    if (adapter) reportDetectedPages(ctx, adapter);
  },
});
