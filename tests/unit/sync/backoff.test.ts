import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { backoffDelay } from '../../../src/main/base/backoff'

describe('backoffDelay', () => {
  it('stays within [0, min(cap, base·2^attempt)) for any attempt and random draw', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 200 }), fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), (attempt, r) => {
        const d = backoffDelay(attempt, { baseMs: 500, capMs: 30_000 }, () => r)
        expect(d).toBeGreaterThanOrEqual(0)
        expect(d).toBeLessThan(Math.min(30_000, 500 * 2 ** attempt))
        expect(Number.isInteger(d)).toBe(true)
      }),
    )
  })

  it('grows its ceiling exponentially until the cap', () => {
    const top = (a: number) => backoffDelay(a, { baseMs: 1000, capMs: 60_000 }, () => 0.999999)
    expect(top(0)).toBe(999)
    expect(top(1)).toBe(1999)
    expect(top(5)).toBe(31_999)
    expect(top(6)).toBe(59_999)
    expect(top(60)).toBe(59_999)
  })

  it('spreads many clients over the window (no synchronised retry storm)', () => {
    let seed = 7
    const random = () => ((seed = (seed * 16807) % 2147483647) - 1) / 2147483646
    const delays = Array.from({ length: 1000 }, () => backoffDelay(4, { baseMs: 1000, capMs: 60_000 }, random))
    const buckets = new Array(8).fill(0)
    for (const d of delays) buckets[Math.floor(d / 2000)]++
    for (const b of buckets) expect(b).toBeGreaterThan(80)
  })
})
