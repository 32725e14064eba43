import { test as base, type BrowserContext } from '@playwright/test'
import { signInDemo, startHarness, type RunningHarness } from '../support/harness'
import { testClockShiftMs } from '../../scripts/lib/test-clock'

/**
 * The browser's side of the test clock switch (scripts/lib/test-clock.ts): when the run is moved to
 * another date, the page's Date moves with the bank's and the core's; time goes on flowing.
 */
export async function installTestClock(context: BrowserContext): Promise<void> {
  const shift = testClockShiftMs()
  if (shift !== 0) await context.clock.install({ time: Date.now() + shift })
}

/**
 * Each test gets its own harness on a fresh data folder (with its own embedded mock bank);
 * `signedIn` is the same with the demo customer already signed in on it. Every browser context,
 * the default one and those a test makes with `newContext`, runs on the test clock.
 */
export const test = base.extend<{ harness: RunningHarness; signedIn: RunningHarness; newContext: () => Promise<BrowserContext> }>(
  {
    context: async ({ context }, use) => {
      await installTestClock(context)
      await use(context)
    },
    newContext: async ({ browser }, use) => {
      const made: BrowserContext[] = []
      await use(async () => {
        const context = await browser.newContext()
        made.push(context)
        await installTestClock(context)
        return context
      })
      for (const context of made) await context.close()
    },
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
  },
)

export { expect } from '@playwright/test'
