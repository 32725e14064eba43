/**
 * Time as every part of the app and the mock bank reads it: injected, so tests move time instead of
 * sleeping. Main's services take a Clock (src/main/base/ports.ts re-exports it); the mock bank takes
 * one too and adds its own movable offset (src/mock-bank/index.ts).
 */
export interface Clock {
  now(): number
}

export const systemClock: Clock = { now: () => Date.now() }

/**
 * The one switch that moves the clock of a whole test run: `ICBC_WALLET_TEST_DATE=2027-12-03` makes
 * the mock bank (`npm run bank`, src/mock-bank/cli.ts, and the harness's embedded one), the wallet
 * core in the harness and the tests' own cores, and the browser in the e2e suite (tests/e2e/fixtures.ts)
 * all live on that date, at the real time of day. The shift is whole days, so processes started
 * seconds apart agree. Development and tests only: the packaged app never reads it.
 */
export const TEST_DATE_ENV = 'ICBC_WALLET_TEST_DATE'

const DAY_MS = 86_400_000

/** Milliseconds from the real today (UTC) to the date the switch names in `env`; 0 when it is not set. */
export function testClockShiftMs(env: Readonly<Record<string, string | undefined>>, realNow: number): number {
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
