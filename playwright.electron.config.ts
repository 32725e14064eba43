import { defineConfig } from '@playwright/test'

// Drives the built app (out/main/index.js) with Playwright's _electron where the Electron binary is
// installed; elsewhere the tests report themselves as skipped, with the reason.
export default defineConfig({
  testDir: 'tests/e2e-electron',
  timeout: 60_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [['list']],
  use: { trace: 'retain-on-failure' },
})
