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
  /** While the coupons for the amount typed are being asked for: paying waits, so the sheet and the charge agree. */
  const querying = ref(false)
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

  // The coupons that fit depend on the amount; ask again when it changes. The old list goes at once (a
  // coupon for 50 must not stand for 20 meanwhile); a pick offered again comes back with the new list.
  let asked = 0
  watch([merchant, amount], async ([m, a]) => {
    const ask = ++asked
    coupons.value = []
    if (!m || !a.ok) {
      querying.value = false
      return
    }
    querying.value = true
    try {
      const found = await applicableCoupons({ scope: 'merchant', merchantId: m.merchantId, amountFen: a.fen })
      // An answer for an amount typed over since is dropped.
      if (ask === asked) coupons.value = found
    } finally {
      if (ask === asked) querying.value = false
    }
  })

  /**
   * What the sheet is opened for, fixed at that moment: the merchant, the amount before the coupon (the
   * bank takes the saving off) and the coupon. The password is sent with exactly this.
   */
  function request(amountFen: number) {
    return { merchantId: merchant.value?.merchantId ?? '', amountFen, ...coupon.couponInput() }
  }

  function pay(payPassword: string, fixed: ReturnType<typeof request>): Promise<PaymentDone> {
    return call('scan.pay', { ...fixed, payPassword })
  }

  return { merchant, coupons, coupon, payableFen, querying, action, decode, request, pay }
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

  /** The order and coupon the sheet is opened for, fixed then: a link arriving meanwhile changes nothing paid. */
  function request() {
    const c = checkout.value
    return { orderId: c?.order.orderId ?? '', sig: c?.sig ?? '', ...coupon.couponInput() }
  }

  function pay(payPassword: string, fixed: ReturnType<typeof request>): Promise<CheckoutPaid> {
    return call('checkout.pay', { ...fixed, payPassword })
  }

  return { checkout, coupon, payableFen, action, open, request, pay }
}
