import { describe, expect, it } from 'vitest'
import type { Campaign } from '@shared/contract/payments'
import { bestCoupon, savingOf } from '@renderer/features/payments/coupons'
import { claimState, timeLeft } from '@renderer/features/payments/promotions'

const DAY = 86_400_000
const HOUR = 3_600_000
const c = (couponId: string, discountFen: number, validUntil = 10 * DAY) => ({ couponId, discountFen, validUntil })

describe('which coupon a checkout preselects', () => {
  it('takes the largest saving on the amount', () => {
    expect(bestCoupon([c('A', 500), c('B', 1000), c('C', 800)], 5000)?.couponId).toBe('B')
  })

  it('counts a saving as at most the amount', () => {
    expect(savingOf({ discountFen: 2000 }, 1500)).toBe(1500)
    // 20 off 15 saves 15, as does 15 off 15: the one that expires first wins the tie.
    expect(bestCoupon([c('BIG', 2000, 9 * DAY), c('EXACT', 1500, 2 * DAY)], 1500)?.couponId).toBe('EXACT')
  })

  it('of equal savings, takes the one that expires first; none when none is offered', () => {
    expect(bestCoupon([c('LATE', 500, 9 * DAY), c('SOON', 500, 3 * DAY)], 5000)?.couponId).toBe('SOON')
    expect(bestCoupon([], 5000)).toBeUndefined()
  })
})

describe('a coupon’s time left', () => {
  const now = 1_000 * DAY
  it('counts down only in the last three days: days, then hours, then minutes', () => {
    expect(timeLeft(now + 3 * DAY + 1, now)).toBeUndefined()
    expect(timeLeft(now + 3 * DAY, now)).toEqual({ unit: 'days', n: 3 })
    expect(timeLeft(now + 2 * DAY + 5 * HOUR, now)).toEqual({ unit: 'days', n: 2 })
    expect(timeLeft(now + 5 * HOUR + 59 * 60_000, now)).toEqual({ unit: 'hours', n: 5 })
    expect(timeLeft(now + 30_000, now)).toEqual({ unit: 'minutes', n: 1 })
    expect(timeLeft(now + 42 * 60_000, now)).toEqual({ unit: 'minutes', n: 42 })
  })

  it('says nothing once expired', () => {
    expect(timeLeft(now, now)).toBeUndefined()
    expect(timeLeft(now - HOUR, now)).toBeUndefined()
  })
})

describe('a campaign’s 领取 button', () => {
  const base: Campaign = {
    campaignId: 'K',
    title: 't',
    description: 'd',
    minSpendFen: 0,
    discountFen: 100,
    scope: 'bill',
    merchantId: null,
    validDays: 30,
    startsAt: 0,
    endsAt: 10,
    nextStartsAt: 20,
    status: 'active',
    stockTotal: 10,
    stockLeft: 3,
    newCustomersWithinDays: null,
    eligible: true,
    claimed: false,
  }
  it('is pressable only for an active round with stock, for whom it is meant, not yet claimed', () => {
    expect(claimState(base)).toBe('claim')
    expect(claimState({ ...base, claimed: true, stockLeft: 0 })).toBe('claimed')
    expect(claimState({ ...base, status: 'upcoming' })).toBe('notStarted')
    expect(claimState({ ...base, status: 'ended' })).toBe('over')
    expect(claimState({ ...base, eligible: false })).toBe('notEligible')
    expect(claimState({ ...base, stockLeft: 0 })).toBe('soldOut')
  })
})
