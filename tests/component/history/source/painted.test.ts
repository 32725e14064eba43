import { describe, expect, it, vi } from 'vitest'
import { settlesNow, useFakeTimersEach } from '../../fake-timers'
import { createPaintSignal } from '@renderer/views/history/source/painted'

useFakeTimersEach()

describe('the first screen painted (what the 账单 query waits for before laying out the rest)', () => {
  it('waits until the list reports this generation painted', async () => {
    const signal = createPaintSignal(250)
    const wait = signal.when(1)
    expect(await settlesNow(wait)).toBe(false)
    signal.report(1)
    expect(await settlesNow(wait)).toBe(true)
  })

  it('is over at once for a generation already painted, and a later generation’s paint ends an older wait', async () => {
    const signal = createPaintSignal(250)
    signal.report(2)
    expect(await settlesNow(signal.when(1))).toBe(true)
    expect(await settlesNow(signal.when(2))).toBe(true)
    const third = signal.when(3)
    const fourth = signal.when(4)
    signal.report(3)
    expect(await settlesNow(third)).toBe(true)
    expect(await settlesNow(fourth)).toBe(false)
  })

  it('gives up after the wait when nothing is painted (a hidden window has no frames)', async () => {
    const signal = createPaintSignal(250)
    const wait = signal.when(1)
    await vi.advanceTimersByTimeAsync(249)
    expect(await settlesNow(wait)).toBe(false)
    await vi.advanceTimersByTimeAsync(1)
    expect(await settlesNow(wait)).toBe(true)
    // A report after the wait gave up finds nothing waiting, and later waits for it end at once.
    signal.report(1)
    expect(await settlesNow(signal.when(1))).toBe(true)
    expect(vi.getTimerCount()).toBe(0)
  })
})
