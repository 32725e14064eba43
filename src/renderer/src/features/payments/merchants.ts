import { computed, ref, watch, type Ref } from 'vue'
import type { Checkout, CheckoutPaid, Coupon, MerchantInfo, PaymentDone } from '@shared/contract/payments'
import { call } from '@renderer/api/client'
import { useAsyncAction } from '@renderer/composables/useAsyncAction'
import type { AmountCheck } from './amount'
import { applicableCoupons, useCouponChoice } from './coupons'

/** 扫一扫's state: the merchant a QR code names (as the bank knows it) and the coupons for the amount typed. */
export function useScan(amount: Readonly<Ref<AmountCheck>>) {
  const merchant = ref<MerchantInfo>()
  const coupons = ref<Coupon[]>([])
  const coupon = useCouponChoice(coupons)
  const action = useAsyncAction<'decode'>()

  function decode(text: string): Promise<boolean> {
    merchant.value = undefined
    return action.run(
      'decode',
      () => call('scan.decode', { text }),
      (found) => (merchant.value = found.merchant),
    )
  }

  // The coupons that fit depend on the amount; ask again when it changes.
  watch([merchant, amount], async ([m, a]) => {
    coupon.couponId.value = ''
    coupons.value = []
    if (!m || !a.ok) return
    coupons.value = await applicableCoupons({ scope: 'merchant', merchantId: m.merchantId, amountFen: a.fen })
  })

  function pay(payPassword: string, amountFen: number): Promise<PaymentDone> {
    return call('scan.pay', { merchantId: merchant.value?.merchantId ?? '', amountFen, payPassword, ...coupon.couponInput() })
  }

  return { merchant, coupons, coupon, action, decode, pay }
}

/** 网上购物's state: an icbc-wallet://pay link opened as the bank has the order, and its coupon. */
export function useCheckout() {
  const checkout = ref<Checkout>()
  const coupon = useCouponChoice(computed(() => checkout.value?.coupons ?? []))
  const action = useAsyncAction<'open'>()
  /** What the wallet pays: the order's amount as the bank has it, less the coupon's discount. */
  const payableFen = computed(() => (checkout.value ? checkout.value.order.amountFen - coupon.discountFen.value : 0))

  function open(link: string): Promise<boolean> {
    checkout.value = undefined
    coupon.couponId.value = ''
    return action.run(
      'open',
      () => call('checkout.open', { link }),
      (found) => (checkout.value = found),
    )
  }

  function pay(payPassword: string): Promise<CheckoutPaid> {
    const c = checkout.value
    return call('checkout.pay', { orderId: c?.order.orderId ?? '', sig: c?.sig ?? '', payPassword, ...coupon.couponInput() })
  }

  return { checkout, coupon, payableFen, action, open, pay }
}
