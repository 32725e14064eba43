import { shiftedClock, testClockShiftMs as shiftMs, TEST_DATE_ENV, type Clock } from '../../src/shared/clock'

/**
 * The test-date switch (src/shared/clock.ts) as scripts and tests read it: from this process's
 * environment, against the real clock.
 */
export { shiftedClock, TEST_DATE_ENV }

/** Milliseconds from the real today (UTC) to the date ICBC_WALLET_TEST_DATE names; 0 when it is not set. */
export function testClockShiftMs(env: NodeJS.ProcessEnv = process.env, realNow = Date.now()): number {
  return shiftMs(env, realNow)
}

/** The clock a test run's processes use: the system clock, moved when the switch is set. */
export function testRunClock(env: NodeJS.ProcessEnv = process.env): Clock {
  return shiftedClock(testClockShiftMs(env))
}
