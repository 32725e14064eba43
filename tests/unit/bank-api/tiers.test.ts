import { describe, expect, it } from 'vitest'
import { balanceCapExceeded, DEFAULT_TIER_CAPS, paymentCapExceeded, remainingLimits, tierFor } from '../../../src/shared/bank-api'

describe('wallet tiers', () => {
  it.each([
    [{ counterVerified: false, idVerified: false, hasBoundCard: false }, 4],
    [{ counterVerified: false, idVerified: true, hasBoundCard: false }, 3],
    [{ counterVerified: false, idVerified: true, hasBoundCard: true }, 2],
    [{ counterVerified: false, idVerified: false, hasBoundCard: true }, 4],
    [{ counterVerified: true, idVerified: true, hasBoundCard: false }, 1],
  ])('%j is tier %i', (facts, tier) => {
    expect(tierFor(facts)).toBe(tier)
  })

  it('names the cap a payment would break, in order: per payment, day, year', () => {
    const caps = DEFAULT_TIER_CAPS[4]
    expect(paymentCapExceeded(caps, { todayFen: 0, yearFen: 0, balanceFen: 0 }, 200_001)).toBe('PER_TX')
    expect(paymentCapExceeded(caps, { todayFen: 400_000, yearFen: 0, balanceFen: 0 }, 100_001)).toBe('DAILY')
    expect(paymentCapExceeded(caps, { todayFen: 0, yearFen: 4_900_000, balanceFen: 0 }, 100_001)).toBe('YEARLY')
    expect(paymentCapExceeded(caps, { todayFen: 300_000, yearFen: 4_800_000, balanceFen: 0 }, 200_000)).toBeUndefined()
    expect(paymentCapExceeded(DEFAULT_TIER_CAPS[1], { todayFen: 1e12, yearFen: 1e13, balanceFen: 0 }, 1e12)).toBeUndefined()
  })

  it('reports the room left', () => {
    expect(remainingLimits(DEFAULT_TIER_CAPS[3], { todayFen: 700_000, yearFen: 700_000, balanceFen: 1_500_000 })).toEqual({
      paymentFen: 300_000,
      dayFen: 300_000,
      yearFen: null,
      receiveFen: 500_000,
    })
    expect(remainingLimits(DEFAULT_TIER_CAPS[1], { todayFen: 1, yearFen: 1, balanceFen: 1 })).toEqual({
      paymentFen: null,
      dayFen: null,
      yearFen: null,
      receiveFen: null,
    })
    expect(balanceCapExceeded(DEFAULT_TIER_CAPS[3], 1_999_999, 1)).toBe(false)
    expect(balanceCapExceeded(DEFAULT_TIER_CAPS[3], 1_999_999, 2)).toBe(true)
  })
})
