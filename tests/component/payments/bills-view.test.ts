import { enableAutoUnmount } from '@vue/test-utils'
import { afterEach, describe, expect, it } from 'vitest'
import type { Bill, BillersList, Coupon, Household } from '@shared/contract/payments'
import BillsView from '@renderer/views/bills/BillsView.vue'
import CouponSelect from '@renderer/features/payments/components/CouponSelect.vue'
import { $, answerBox, done, mountScreen, ok, refuse, settle, typeOnKeypad } from './screen'
import { householdPlace } from '@renderer/features/payments/bills'

enableAutoUnmount(afterEach)

const catalog: BillersList = {
  cities: [
    { cityCode: '110000', name: '北京市' },
    { cityCode: '310000', name: '上海市' },
  ],
  billers: [
    { billerId: 'BJ-W', name: '北京自来水', type: 'water', cityCode: '110000', householdPattern: '^\\d{10}$' },
    { billerId: 'BJ-E', name: '国网北京电力', type: 'electricity', cityCode: '110000', householdPattern: '^\\d{10}$' },
    { billerId: 'SH-G', name: '上海燃气', type: 'gas', cityCode: '310000', householdPattern: '^\\d{10}$' },
  ],
}

const bill = (billerId: string, household: string, amountDueFen = 12_345): Bill => ({
  biller: catalog.billers.find((b) => b.billerId === billerId)!,
  household,
  holderMasked: '王*',
  address: '北京市朝阳区**',
  period: '2025-05',
  amountDueFen,
  paid: false,
})

const coupon: Coupon = {
  couponId: 'C1',
  campaignId: 'K1',
  title: '缴费立减',
  minSpendFen: 10_000,
  discountFen: 500,
  scope: 'bill',
  merchantId: null,
  claimedAt: 1,
  validUntil: 2,
  status: 'available',
  usedTxId: null,
}

const gas: Household = {
  id: 'H1',
  utility: 'gas',
  cityCode: '',
  city: '上海市',
  billerId: 'SH-G',
  billerName: '上海燃气',
  household: '2000000002',
  alias: '',
  createdAt: 1,
  lastPaidAt: null,
}

function bank(households: Household[] = []) {
  let saved = [...households]
  return {
    'bills.billers': () => ok(catalog),
    'bills.households': () => ok({ households: saved }),
    'bills.query': (input: unknown) => {
      const { billerId, household } = input as { billerId: string; household: string }
      return household === '1000000000' ? ok(bill(billerId, household, 0)) : ok(bill(billerId, household))
    },
    'coupons.applicable': () => ok({ coupons: [coupon] }),
    'bills.pay': () => ok(done({ kind: 'bill', paidFen: 11_845, discountFen: 500 })),
    'bills.saveHousehold': (input: unknown) => {
      const { household } = input as { household: string }
      const h = { ...gas, id: 'H2', utility: 'water' as const, household, billerId: 'BJ-W', billerName: '北京自来水' }
      saved = [...saved, h]
      return ok(h)
    },
    'bills.removeHousehold': (input: unknown) => {
      saved = saved.filter((h) => h.id !== (input as { id: string }).id)
      return ok({ households: saved })
    },
  }
}

describe('生活缴费 (BillsView)', () => {
  it('queries the bill, takes a coupon, pays through the sheet, saves the household and shows the outcome', async () => {
    const { wrapper, sent } = await mountScreen(BillsView, bank())
    expect(wrapper.get('[data-testid="households"]').text()).toContain('暂无')
    await wrapper.get('[data-testid="bill-household"]').setValue(' 1000000001 ')
    await wrapper.get('[data-testid="bill-query"]').trigger('click')
    await settle()
    expect(sent('bills.query')).toEqual([{ billerId: 'BJ-W', household: '1000000001' }])
    expect(sent('coupons.applicable')).toEqual([{ scope: 'bill', amountFen: 12_345 }])
    expect(wrapper.get('[data-testid="bill-due"]').text()).toBe('¥123.45')
    wrapper.getComponent(CouponSelect).vm.$emit('update:modelValue', 'C1')
    await settle()
    await wrapper.get('[data-testid="bill-pay"]').trigger('click')
    await settle()
    expect($('pay-sheet-amount')!.textContent).toBe('¥118.45')
    expect($('pay-sheet-payee')!.textContent).toMatch(/^向 北京自来水\S* 缴纳水费$/)
    await typeOnKeypad('135790')
    expect(sent('bills.pay')).toEqual([
      { billerId: 'BJ-W', household: '1000000001', amountFen: 12_345, payPassword: '135790', couponId: 'C1', save: true },
    ])
    expect(wrapper.get('[data-testid="pay-outcome-title"]').text()).toBe('缴费成功')
    expect(sent('bills.households')).toHaveLength(2)
    await wrapper.get('[data-testid="pay-outcome-again"]').trigger('click')
    await settle()
    expect(wrapper.find('[data-testid="bill-card"]').exists()).toBe(false)
  })

  it('preselects the coupon that saves most, shows the saving, and keeps the user’s pick', async () => {
    const bigger: Coupon = { ...coupon, couponId: 'C2', discountFen: 1000, minSpendFen: 3000 }
    const { wrapper, sent } = await mountScreen(BillsView, {
      ...bank(),
      'coupons.applicable': () => ok({ coupons: [coupon, bigger] }),
    })
    await wrapper.get('[data-testid="bill-household"]').setValue('1000000001')
    await wrapper.get('[data-testid="bill-query"]').trigger('click')
    await settle()
    expect(wrapper.getComponent(CouponSelect).props('modelValue')).toBe('C2')
    expect(wrapper.get('[data-testid="coupon-saving"]').text()).toBe('已优惠 ¥10.00，实付 ¥113.45')
    wrapper.getComponent(CouponSelect).vm.$emit('update:modelValue', 'C1')
    await settle()
    expect(wrapper.get('[data-testid="coupon-saving"]').text()).toBe('已优惠 ¥5.00，实付 ¥118.45')
    await wrapper.get('[data-testid="bill-pay"]').trigger('click')
    await settle()
    expect($('pay-sheet-amount')!.textContent).toBe('¥118.45')
    await typeOnKeypad('135790')
    expect(sent('bills.pay')[0]).toMatchObject({ amountFen: 12_345, couponId: 'C1' })
  })

  it('names a saved household’s biller without saying its city twice', async () => {
    const water: Household = {
      ...gas,
      id: 'H2',
      utility: 'water',
      city: '北京市',
      billerId: 'BJ-W',
      billerName: '北京市自来水集团',
      household: '1000000001',
    }
    const { wrapper } = await mountScreen(BillsView, bank([water, gas]))
    expect(wrapper.get('[data-testid="household-1000000001"]').text()).toContain('北京市自来水集团')
    expect(wrapper.get('[data-testid="household-1000000001"]').text()).not.toContain('北京市 北京市')
    // A biller named without its city keeps the city in front.
    expect(wrapper.get('[data-testid="household-2000000002"]').text()).toContain('上海燃气')
    expect(householdPlace({ city: '北京市', billerName: '北京自来水' })).toBe('北京自来水')
    expect(householdPlace({ city: '上海市', billerName: '燃气集团' })).toBe('上海市 燃气集团')
    expect(householdPlace({ city: '', billerName: '燃气集团' })).toBe('燃气集团')
  })

  it('says when nothing is owed, saves a household on request and repeats a saved one', async () => {
    const { wrapper, sent } = await mountScreen(BillsView, bank([gas]))
    await wrapper.get('[data-testid="bill-household"]').setValue('1000000000')
    await wrapper.get('[data-testid="bill-query"]').trigger('click')
    await settle()
    expect(wrapper.find('[data-testid="bill-nothing"]').exists()).toBe(true)
    expect(sent('coupons.applicable')).toEqual([])
    await wrapper.get('[data-testid="bill-save-now"]').trigger('click')
    await settle()
    expect(sent('bills.saveHousehold')).toEqual([{ billerId: 'BJ-W', household: '1000000000' }])
    expect(wrapper.find('[data-testid="household-1000000000"]').exists()).toBe(true)
    expect(wrapper.find('[data-testid="bill-save-now"]').exists()).toBe(false)

    // A household from an older backup knows no city: its biller does.
    await wrapper.get('[data-testid="household-2000000002"] [data-testid="household-repeat"]').trigger('click')
    await settle()
    expect(sent('bills.query').at(-1)).toEqual({ billerId: 'SH-G', household: '2000000002' })
    expect(wrapper.get('[data-testid="bill-card"]').text()).toContain('上海燃气')

    await wrapper.get('[data-testid="household-2000000002"] [data-testid="household-remove"]').trigger('click')
    await settle()
    expect(await answerBox('删除')).toContain('2000000002（上海燃气）')
    expect(sent('bills.removeHousehold')).toEqual([{ id: 'H1' }])
    expect(wrapper.find('[data-testid="household-2000000002"]').exists()).toBe(false)
  })

  it('shows why a query was refused', async () => {
    const { wrapper } = await mountScreen(BillsView, { ...bank(), 'bills.query': () => refuse('BILL_NOT_FOUND') })
    await wrapper.get('[data-testid="bill-household"]').setValue('9000000000')
    await wrapper.get('[data-testid="bill-query"]').trigger('click')
    await settle()
    expect(wrapper.get('[data-testid="bill-error"]').text()).toBe('未查到该户号的账单，请核对户号与缴费单位。')
    expect(wrapper.find('[data-testid="bill-card"]').exists()).toBe(false)
  })
})
