import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createRefresher, REFRESH_MS } from '@renderer/views/history/source/refresh'

beforeEach(() => {
  vi.useFakeTimers()
  vi.setSystemTime(1_000_000)
})
afterEach(() => vi.useRealTimers())

describe('following the replica (a refresh after sync, never during a run, at most every REFRESH_MS)', () => {
  it('refreshes at once after a quiet spell, then at most once per REFRESH_MS however often pages arrive', () => {
    const refresh = vi.fn()
    const refresher = createRefresher(refresh)
    refresher.changed()
    vi.advanceTimersByTime(0)
    expect(refresh).toHaveBeenCalledTimes(1)
    for (let i = 0; i < 5; i++) {
      vi.advanceTimersByTime(100)
      refresher.changed()
    }
    expect(refresh).toHaveBeenCalledTimes(1)
    vi.advanceTimersByTime(REFRESH_MS - 500)
    expect(refresh).toHaveBeenCalledTimes(2)
  })

  it('waits for a run under way and refreshes once after it', () => {
    const refresh = vi.fn()
    const refresher = createRefresher(refresh)
    refresher.started()
    refresher.changed()
    refresher.changed()
    vi.advanceTimersByTime(10 * REFRESH_MS)
    expect(refresh).not.toHaveBeenCalled()
    refresher.finished()
    vi.advanceTimersByTime(0)
    expect(refresh).toHaveBeenCalledTimes(1)
  })

  it('puts off a refresh that falls due during a run until the run ends', () => {
    const refresh = vi.fn()
    const refresher = createRefresher(refresh)
    refresher.changed()
    refresher.started()
    vi.advanceTimersByTime(0)
    expect(refresh).not.toHaveBeenCalled()
    refresher.finished()
    vi.advanceTimersByTime(0)
    expect(refresh).toHaveBeenCalledTimes(1)
  })

  it('forgets a change the run took in (a new run starts from the replica as it is), and a cancelled refresh', () => {
    const refresh = vi.fn()
    const refresher = createRefresher(refresh)
    refresher.started()
    refresher.changed()
    refresher.started()
    refresher.finished()
    vi.advanceTimersByTime(10 * REFRESH_MS)
    expect(refresh).not.toHaveBeenCalled()
    refresher.changed()
    refresher.cancel()
    vi.advanceTimersByTime(10 * REFRESH_MS)
    expect(refresh).not.toHaveBeenCalled()
  })
})
