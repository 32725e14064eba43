import { computed, ref, shallowRef } from 'vue'
import type { Campaign, Coupon, CouponsOverview } from '@shared/contract/payments'
import { call } from '@renderer/api/client'
import { useAsyncAction } from '@renderer/composables/useAsyncAction'

const DAY_MS = 86_400_000
const HOUR_MS = 3_600_000
/** A coupon shows its time left, rather than its date, in its last three days. */
export const COUNTDOWN_FROM_MS = 3 * DAY_MS

export type TimeLeft = { unit: 'days' | 'hours' | 'minutes'; n: number }

/** How long a coupon valid until `validUntil` has left at `now`, in its last three days; undefined otherwise. */
export function timeLeft(validUntil: number, now: number): TimeLeft | undefined {
  const left = validUntil - now
  if (left <= 0 || left > COUNTDOWN_FROM_MS) return undefined
  if (left >= DAY_MS) return { unit: 'days', n: Math.floor(left / DAY_MS) }
  if (left >= HOUR_MS) return { unit: 'hours', n: Math.floor(left / HOUR_MS) }
  return { unit: 'minutes', n: Math.max(1, Math.floor(left / 60_000)) }
}

/** What a campaign's button says and whether it may be pressed. */
export type ClaimState = 'claim' | 'claimed' | 'soldOut' | 'notStarted' | 'over' | 'notEligible'

export function claimState(c: Campaign): ClaimState {
  if (c.claimed) return 'claimed'
  if (c.status === 'upcoming') return 'notStarted'
  if (c.status === 'ended') return 'over'
  if (!c.eligible) return 'notEligible'
  if (c.stockLeft <= 0) return 'soldOut'
  return 'claim'
}

export type CouponFilter = Coupon['status']

/**
 * 优惠's state: the campaigns and my coupons as the bank last said, with the bank's time of that answer
 * (countdowns run on it, plus the time passed here since), and 领取.
 */
export function usePromotions() {
  const overview = shallowRef<CouponsOverview>()
  const action = useAsyncAction<'load' | 'claim'>()
  /** The campaign being claimed, for its button's spinner. */
  const claiming = ref<string>()
  let loadedAt = 0
  const tick = ref(0)

  const load = () =>
    action.run(
      'load',
      () => call('coupons.list'),
      (answer) => {
        overview.value = answer
        loadedAt = performance.now()
      },
    )

  /** The bank's time now, from its last answer (read it again after `refreshNow()`). */
  const now = computed(() => {
    void tick.value
    return overview.value ? overview.value.asOf + (performance.now() - loadedAt) : 0
  })
  const refreshNow = () => tick.value++

  const byStatus = (status: CouponFilter) =>
    computed(() =>
      (overview.value?.coupons ?? [])
        .filter((c) => c.status === status)
        .sort((a, b) => (status === 'available' ? a.validUntil - b.validUntil : b.validUntil - a.validUntil)),
    )
  const coupons = { available: byStatus('available'), used: byStatus('used'), expired: byStatus('expired') }

  /** Claims the campaign's coupon, then reads both lists again (stock and claimed state are the bank's). */
  async function claim(campaignId: string): Promise<boolean> {
    claiming.value = campaignId
    try {
      const ok = await action.run(
        'claim',
        () => call('coupons.claim', { campaignId }),
        () => {},
      )
      if (ok) await load()
      return ok
    } finally {
      claiming.value = undefined
    }
  }

  return { overview, coupons, action, claiming, now, refreshNow, load, claim }
}
