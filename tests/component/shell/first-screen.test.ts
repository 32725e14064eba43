import { describe, expect, it, vi } from 'vitest'
import { settlesNow, useFakeTimersEach } from '../fake-timers'
import { createFirstScreen, reportsOwnPaint } from '@renderer/features/shell/first-screen'

useFakeTimersEach()

describe('the first screen painted (what start-up work that screen does not need waits for)', () => {
  it('waits until the screen reports its paint', async () => {
    const first = createFirstScreen(1000)
    expect(await settlesNow(first.whenPainted())).toBe(false)
    expect(first.painted).toBe(false)
    first.report()
    expect(await settlesNow(first.whenPainted())).toBe(true)
    expect(first.painted).toBe(true)
    first.report()
    expect(vi.getTimerCount()).toBe(0)
  })

  it('ends the wait after the longest wait when nothing reports (a hidden window paints no frames)', async () => {
    const first = createFirstScreen(1000)
    await vi.advanceTimersByTimeAsync(999)
    expect(await settlesNow(first.whenPainted())).toBe(false)
    await vi.advanceTimersByTimeAsync(1)
    expect(await settlesNow(first.whenPainted())).toBe(true)
  })

  it('knows which views report their own paint: 账单, whose rows are read after it mounts', () => {
    expect(reportsOwnPaint('history')).toBe(true)
    expect([reportsOwnPaint('home'), reportsOwnPaint(undefined), reportsOwnPaint(null)]).toEqual([false, false, false])
  })
})
