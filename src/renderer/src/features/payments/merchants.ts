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
  const coupon = useCouponChoice(
    coupons,
    computed(() => (amount.value.ok ? amount.value.fen : 0)),
  )
  const action = useAsyncAction<'decode'>()
  /** What the wallet pays for the amount typed: less the coupon's saving. */
  const payableFen = computed(() => (amount.value.ok ? amount.value.fen - coupon.discountFen.value : 0))

  function decode(text: string): Promise<boolean> {
    merchant.value = undefined
    coupon.reset()
    return action.run(
      'decode',
      () => call('scan.decode', { text }),
      (found) => (merchant.value = found.merchant),
    )
  }

  // The coupons that fit depend on the amount; ask again when it changes (a pick still offered stays).
  let asked = 0
  watch([merchant, amount], async ([m, a]) => {
    const ask = ++asked
    if (!m || !a.ok) {
      coupons.value = []
      return
    }
    const found = await applicableCoupons({ scope: 'merchant', merchantId: m.merchantId, amountFen: a.fen })
    // An answer for an amount typed over since is dropped.
    if (ask === asked) coupons.value = found
  })

  /** `amountFen`: the amount before the coupon (the bank takes the saving off). */
  function pay(payPassword: string, amountFen: number): Promise<PaymentDone> {
    return call('scan.pay', { merchantId: merchant.value?.merchantId ?? '', amountFen, payPassword, ...coupon.couponInput() })
  }

  return { merchant, coupons, coupon, payableFen, action, decode, pay }
}

/** 网上购物's state: an icbc-wallet://pay link opened as the bank has the order, and its coupon. */
export function useCheckout() {
  const checkout = ref<Checkout>()
  const coupon = useCouponChoice(
    computed(() => checkout.value?.coupons ?? []),
    computed(() => checkout.value?.order.amountFen ?? 0),
  )
  const action = useAsyncAction<'open'>()
  /** What the wallet pays: the order's amount as the bank has it, less the coupon's discount. */
  const payableFen = computed(() => (checkout.value ? checkout.value.order.amountFen - coupon.discountFen.value : 0))

  function open(link: string): Promise<boolean> {
    checkout.value = undefined
    coupon.reset()
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
