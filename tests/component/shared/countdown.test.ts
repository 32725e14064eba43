import { afterEach, describe, expect, it, vi } from 'vitest'
import { effectScope } from 'vue'
import { secondsLeft, useCountdown } from '@renderer/composables/useCountdown'

afterEach(() => vi.useRealTimers())

function countdownTo(target: number) {
  const scope = effectScope()
  const countdown = scope.run(() => useCountdown(() => target))!
  return { countdown, stop: () => scope.stop() }
}

describe('useCountdown', () => {
  it('starts at the wait the bank gave, not one second above it, though its clock runs a little ahead', () => {
    vi.useFakeTimers({ now: 1_750_000_000_000 })
    // A 60 s resend wait and a 5-minute code, stamped by a bank clock 20 ms ahead of this one.
    const resend = countdownTo(Date.now() + 60_020)
    const code = countdownTo(Date.now() + 300_020)
    expect(resend.countdown.seconds.value).toBe(60)
    expect(code.countdown.text.value).toBe('5:00')
    resend.stop()
    code.stop()
  })

  it('never shows 0 while time is left, and ends exactly when the target passes', () => {
    vi.useFakeTimers({ now: 1_750_000_000_000 })
    const { countdown, stop } = countdownTo(Date.now() + 1_300)
    expect(countdown.seconds.value).toBe(1)
    expect(countdown.active.value).toBe(true)
    vi.advanceTimersByTime(1_000)
    expect(countdown.seconds.value).toBe(1)
    expect(countdown.active.value).toBe(true)
    vi.advanceTimersByTime(1_000)
    expect(countdown.seconds.value).toBe(0)
    expect(countdown.active.value).toBe(false)
    stop()
  })

  it('rounds to the nearest second in between', () => {
    expect([60_020, 59_600, 59_400, 1, 0, -5].map(secondsLeft)).toEqual([60, 60, 59, 1, 0, 0])
  })
})
