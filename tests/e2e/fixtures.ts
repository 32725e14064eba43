import { test as base } from '@playwright/test'
import { signInDemo, startHarness, type RunningHarness } from '../support/harness'

/**
 * Each test gets its own harness on a fresh data folder (with its own embedded mock bank);
 * `signedIn` is the same with the demo customer already signed in on it.
 */
export const test = base.extend<{ harness: RunningHarness; signedIn: RunningHarness }>({
  // eslint-disable-next-line no-empty-pattern
  harness: async ({}, use) => {
    const harness = await startHarness()
    await use(harness)
    await harness.stop()
  },
  // eslint-disable-next-line no-empty-pattern
  signedIn: async ({}, use) => {
    const harness = await startHarness()
    await signInDemo(harness)
    await use(harness)
    await harness.stop()
  },
})

export { expect } from '@playwright/test'
