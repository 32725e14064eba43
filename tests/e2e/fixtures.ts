import { test as base } from '@playwright/test'
import { startHarness, type RunningHarness } from '../support/harness'

/** Each test gets its own harness on a fresh data folder. */
export const test = base.extend<{ harness: RunningHarness }>({
  // eslint-disable-next-line no-empty-pattern
  harness: async ({}, use) => {
    const harness = await startHarness()
    await use(harness)
    await harness.stop()
  },
})

export { expect } from '@playwright/test'
