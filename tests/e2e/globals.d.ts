/** Code passed to `serviceWorker.evaluate` runs in the extension's worker, where Chromium's `chrome` exists. */
declare const chrome: typeof import('@wxt-dev/browser').browser;
