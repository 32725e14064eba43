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

  it('lets each waiter go on in a task of its own after the paint, not all in the task that reported it', async () => {
    const first = createFirstScreen(1000)
    const ran: string[] = []
    void first.whenPainted().then(async () => {
      ran.push('a')
      for (let i = 0; i < 5; i++) await Promise.resolve()
      ran.push('a done')
    })
    void first.whenPainted().then(() => ran.push('b'))
    first.report()
    for (let i = 0; i < 10; i++) await Promise.resolve()
    expect(ran).toEqual([])
    await vi.advanceTimersByTimeAsync(0)
    // In one task b would have run among a's microtasks; in tasks of their own, a's task ends first (and
    // whatever the page has waiting, a frame, a click, a navigation, can come in between).
    expect(ran).toEqual(['a', 'a done', 'b'])
    // Asked after the paint: still in a later task, never within the caller's.
    const late: string[] = []
    void first.whenPainted().then(() => late.push('late'))
    for (let i = 0; i < 10; i++) await Promise.resolve()
    expect(late).toEqual([])
    await vi.advanceTimersByTimeAsync(0)
    expect(late).toEqual(['late'])
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
