/** How Chromium is started for the E2E tests and the demo (TESTING.md §2: flags verified on Debian). */
import path from 'node:path';

/**
 * The build under test: the production build, or another one (`wxt build --mode NAME` writes
 * .output/chrome-mv3-NAME) named by `EXTENSION_DIR`, so two checkouts' test runs need not share one folder.
 */
export const EXTENSION_DIR = path.resolve(import.meta.dirname, '../..', process.env.EXTENSION_DIR ?? '.output/chrome-mv3');

/** Debian's Chromium; `CHROMIUM_PATH` points elsewhere for people with another build. */
export function chromiumPath(): string {
  return process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
}

export function chromiumArgs(hostResolverRules: string, extensionDir = EXTENSION_DIR): string[] {
  return [
    `--disable-extensions-except=${extensionDir}`,
    `--load-extension=${extensionDir}`,
    `--host-resolver-rules=${hostResolverRules}`,
    // The fake internet's certificate is self-signed, made fresh at every start.
    '--ignore-certificate-errors',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
  ];
}
