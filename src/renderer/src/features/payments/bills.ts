import { computed, ref, type Ref } from 'vue'
import type { Bill, BillersList, BillType, Coupon, Household, PaymentResult } from '@shared/contract/payments'
import { call } from '@renderer/api/client'
import { useAsyncAction } from '@renderer/composables/useAsyncAction'
import { applicableCoupons, useCouponChoice } from './coupons'

/** 生活缴费's state for one visit of the screen: the billers, the saved households, the bill asked for. */
export function useBills(type: Readonly<Ref<BillType>>, cityCode: Readonly<Ref<string>>) {
  const catalog = ref<BillersList>({ cities: [], billers: [] })
  const households = ref<Household[]>([])
  const bill = ref<Bill>()
  const coupons = ref<Coupon[]>([])
  const coupon = useCouponChoice(
    coupons,
    computed(() => bill.value?.amountDueFen ?? 0),
  )
  const action = useAsyncAction<'billers' | 'query'>()

  /** The billers of the chosen utility in the chosen city. */
  const billers = computed(() => catalog.value.billers.filter((b) => b.type === type.value && b.cityCode === cityCode.value))

  const loadBillers = () =>
    action.run(
      'billers',
      () => call('bills.billers', {}),
      (list) => (catalog.value = list),
    )

  async function loadHouseholds(): Promise<void> {
    try {
      households.value = (await call('bills.households')).households
    } catch {
      households.value = []
    }
  }

  /** The household's outstanding bill, then the coupons that fit it (the query counts as busy until both are in). */
  function query(billerId: string, household: string): Promise<boolean> {
    bill.value = undefined
    return action.run(
      'query',
      async () => {
        const found = await call('bills.query', { billerId, household })
        bill.value = found
        coupon.reset()
        coupons.value = []
        if (found.amountDueFen > 0) coupons.value = await applicableCoupons({ scope: 'bill', amountFen: found.amountDueFen })
        return found
      },
      () => {},
    )
  }

  /** What the wallet pays for the bill on screen: what is due, less the coupon's discount. */
  const payableFen = computed(() => Math.max(0, (bill.value?.amountDueFen ?? 0) - coupon.discountFen.value))

  /** Pays the bill on screen, in full, with the coupon picked; `save` keeps the household for one-click repeat. */
  function pay(payPassword: string, save: boolean): Promise<PaymentResult> {
    const b = bill.value
    return call('bills.pay', {
      billerId: b?.biller.billerId ?? '',
      household: b?.household ?? '',
      amountFen: b?.amountDueFen ?? 0,
      payPassword,
      ...coupon.couponInput(),
      ...(save ? { save: true } : {}),
    })
  }

  async function saveHousehold(billerId: string, household: string): Promise<void> {
    await call('bills.saveHousehold', { billerId, household })
    await loadHouseholds()
  }

  async function removeHousehold(target: Household): Promise<void> {
    households.value = (await call('bills.removeHousehold', { id: target.id })).households
  }

  return {
    catalog,
    billers,
    households,
    bill,
    coupons,
    coupon,
    payableFen,
    action,
    loadBillers,
    loadHouseholds,
    query,
    pay,
    saveHousehold,
    removeHousehold,
  }
}

/**
 * Where a saved household's biller is, in the list: the city, then the biller, unless the biller's name
 * already begins with the city (北京市自来水集团 in 北京市, or 北京自来水 in 北京市), which said twice would read
 * 北京市 北京市自来水集团.
 */
export function householdPlace(h: Pick<Household, 'city' | 'billerName'>): string {
  const city = h.city.trim()
  const short = city.replace(/[市省]$/, '')
  if (!city || (short && h.billerName.startsWith(short))) return h.billerName
  return `${city} ${h.billerName}`
}
