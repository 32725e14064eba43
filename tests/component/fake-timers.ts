import { afterEach, beforeEach, vi } from 'vitest'

/** Fake timers for every test of the file that calls this. */
export function useFakeTimersEach(): void {
  beforeEach(() => vi.useFakeTimers())
  afterEach(() => vi.useRealTimers())
}

/** Whether the promise has settled once the callbacks due now have run (under fake timers). */
export async function settlesNow(p: Promise<unknown>): Promise<boolean> {
  let done = false
  void p.then(
    () => (done = true),
    () => (done = true),
  )
  await vi.advanceTimersByTimeAsync(0)
  return done
}
