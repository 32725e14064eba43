import type { Clock } from '../../src/main/core/ports'

/**
 * The one switch that moves the clock of a whole test run: `ICBC_WALLET_TEST_DATE=2027-12-03` makes
 * the mock bank (scripts/bank.ts and the harness's embedded one), the wallet core in the harness and
 * the tests' own cores, and the browser in the e2e suite (tests/e2e/fixtures.ts) all live on that
 * date, at the real time of day. The shift is whole days, so processes started seconds apart agree.
 * Development and tests only: the packaged app never reads it.
 */
export const TEST_DATE_ENV = 'ICBC_WALLET_TEST_DATE'

const DAY_MS = 86_400_000

/** Milliseconds from the real today (UTC) to the date the switch names; 0 when it is not set. */
export function testClockShiftMs(env: NodeJS.ProcessEnv = process.env, realNow = Date.now()): number {
  const value = env[TEST_DATE_ENV]?.trim()
  if (!value) return 0
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value) || Number.isNaN(Date.parse(`${value}T00:00:00Z`)))
    throw new Error(`${TEST_DATE_ENV} wants a date as YYYY-MM-DD, not ${JSON.stringify(value)}`)
  return Date.parse(`${value}T00:00:00Z`) - Math.floor(realNow / DAY_MS) * DAY_MS
}

/** The system clock moved by `shiftMs`. */
export function shiftedClock(shiftMs: number): Clock {
  return shiftMs === 0 ? { now: () => Date.now() } : { now: () => Date.now() + shiftMs }
}

/** The clock a test run's processes use: the system clock, moved when the switch is set. */
export function testRunClock(env: NodeJS.ProcessEnv = process.env): Clock {
  return shiftedClock(testClockShiftMs(env))
}
