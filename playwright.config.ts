import { defineConfig } from '@playwright/test';

/**
 * E2E: the production build in Debian Chromium against the fake internet (TESTING.md §2). One worker: each test
 * launches a whole browser, and the machines this runs on have two cores.
 */
export default defineConfig({
  testDir: 'tests/e2e',
  outputDir: 'test-results',
  fullyParallel: false,
  workers: 1,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  forbidOnly: !!process.env.CI,
  reporter: [['list'], ['html', { open: 'never', outputFolder: 'playwright-report' }]],
});
