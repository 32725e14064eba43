import { defineConfig } from '@playwright/test'

// Drives the built app (out/main/index.js) with Playwright's _electron where the Electron binary is
// installed (the global setup provisions it as `npm start` does); elsewhere the tests report themselves as skipped, with the reason.
export default defineConfig({
  testDir: 'tests/e2e-electron',
  globalSetup: './tests/e2e-electron/global-setup.ts',
  timeout: 60_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [['list']],
  use: { trace: 'retain-on-failure' },
})
