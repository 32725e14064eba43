import { computed, ref, type Ref } from 'vue'
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

/** The coupon picked for a payment (CouponSelect's v-model) among those offered. */
export function useCouponChoice(offered: Readonly<Ref<Coupon[]>>) {
  const couponId = ref('')
  const discountFen = computed(() => offered.value.find((c) => c.couponId === couponId.value)?.discountFen ?? 0)
  /** The part of a payment's input that names the coupon, when one is picked. */
  const couponInput = (): { couponId?: string } => (couponId.value ? { couponId: couponId.value } : {})
  return { couponId, discountFen, couponInput }
}
