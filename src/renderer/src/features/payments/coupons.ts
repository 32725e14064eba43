import { computed, ref, watch, type Ref } from 'vue'
import type { ApplicableCouponsInput, Coupon } from '@shared/contract/payments'
import { call } from '@renderer/api/client'

/** My coupons usable for a payment; none when the bank cannot say (a coupon is never required). */
export async function applicableCoupons(input: ApplicableCouponsInput): Promise<Coupon[]> {
  try {
    return (await call('coupons.applicable', input)).coupons
  } catch {
    return []
  }
}

/** What a coupon takes off a payment of `amountFen`: its discount, never more than the amount (as the bank counts it). */
export function savingOf(coupon: Pick<Coupon, 'discountFen'>, amountFen: number): number {
  return Math.max(0, Math.min(coupon.discountFen, amountFen))
}

/**
 * The coupon a checkout preselects: the largest saving on this amount among those offered (which main has
 * already limited to the ones that apply); of equal savings, the one that expires first. None when none is offered.
 */
export function bestCoupon<C extends Pick<Coupon, 'couponId' | 'discountFen' | 'validUntil'>>(
  offered: readonly C[],
  amountFen: number,
): C | undefined {
  let best: C | undefined
  for (const c of offered) {
    if (!best) best = c
    else {
      const [a, b] = [savingOf(c, amountFen), savingOf(best, amountFen)]
      if (a > b || (a === b && c.validUntil < best.validUntil)) best = c
    }
  }
  return best
}

/**
 * The coupon picked for a payment (CouponSelect's v-model) among those offered. Each new list of offers
 * preselects the best one, unless the user has picked meanwhile (a coupon still offered, or none):
 * their choice stands. `reset()` starts a new checkout.
 */
export function useCouponChoice(offered: Readonly<Ref<Coupon[]>>, amountFen: Readonly<Ref<number>>) {
  const picked = ref('')
  let chosenByUser = false
  const couponId = computed<string>({
    get: () => picked.value,
    set: (id) => {
      picked.value = id
      chosenByUser = true
    },
  })

  watch(
    offered,
    (list) => {
      if (chosenByUser && (picked.value === '' || list.some((c) => c.couponId === picked.value))) return
      chosenByUser = false
      picked.value = bestCoupon(list, amountFen.value)?.couponId ?? ''
    },
    { immediate: true },
  )

  const selected = computed(() => offered.value.find((c) => c.couponId === picked.value))
  const discountFen = computed(() => (selected.value ? savingOf(selected.value, amountFen.value) : 0))

  function reset(): void {
    chosenByUser = false
    picked.value = ''
  }

  /** The part of a payment's input that names the coupon, when one is picked. */
  const couponInput = (): { couponId?: string } => (selected.value ? { couponId: selected.value.couponId } : {})
  return { couponId, discountFen, couponInput, reset }
}
