import { enableAutoUnmount } from '@vue/test-utils'
import { afterEach, describe, expect, it } from 'vitest'
import type { Campaign, Coupon, CouponsOverview } from '@shared/contract/payments'
import PromotionsView from '@renderer/views/promotions/PromotionsView.vue'
import { mountScreen, ok, refuse, settle } from '../payments/screen'

enableAutoUnmount(afterEach)

const DAY = 86_400_000
const NOW = Date.UTC(2030, 5, 1, 4)

const campaign = (patch: Partial<Campaign>): Campaign => ({
  campaignId: 'CP-BILL-5',
  title: '生活缴费满50减5',
  description: '缴纳水费满 ¥50.00 立减 ¥5.00',
  minSpendFen: 5000,
  discountFen: 500,
  scope: 'bill',
  merchantId: null,
  validDays: 30,
  startsAt: NOW - DAY,
  endsAt: NOW + 29 * DAY,
  nextStartsAt: NOW + 29 * DAY,
  status: 'active',
  stockTotal: 5000,
  stockLeft: 4998,
  newCustomersWithinDays: null,
  eligible: true,
  claimed: false,
  ...patch,
})

const coupon = (patch: Partial<Coupon>): Coupon => ({
  couponId: 'C1',
  campaignId: 'CP-BILL-5',
  title: '生活缴费满50减5',
  minSpendFen: 5000,
  discountFen: 500,
  scope: 'bill',
  merchantId: null,
  claimedAt: NOW - DAY,
  validUntil: NOW + 20 * DAY,
  status: 'available',
  usedTxId: null,
  ...patch,
})

function bank(overview: CouponsOverview) {
  let current = overview
  return {
    'coupons.list': () => ok(current),
    'coupons.claim': (input: unknown) => {
      const { campaignId } = input as { campaignId: string }
      const claimed = coupon({ couponId: 'NEW', campaignId })
      current = {
        ...current,
        coupons: [...current.coupons, claimed],
        campaigns: current.campaigns.map((c) =>
          c.campaignId === campaignId ? { ...c, claimed: true, stockLeft: c.stockLeft - 1 } : c,
        ),
      }
      return ok(claimed)
    },
  }
}

describe('优惠 (PromotionsView)', () => {
  it('lists campaigns with rule, period, stock and the button each allows; 领取 claims and shows it claimed', async () => {
    const overview: CouponsOverview = {
      asOf: NOW,
      coupons: [],
      campaigns: [
        campaign({}),
        campaign({
          campaignId: 'CP-CINEMA-20',
          title: '万达影城满100减20',
          scope: 'merchant',
          status: 'upcoming',
          startsAt: NOW + 2 * DAY,
        }),
        campaign({
          campaignId: 'CP-WELCOME',
          title: '新客专享',
          newCustomersWithinDays: 7,
          eligible: false,
          endsAt: NOW + 3650 * DAY,
        }),
        campaign({ campaignId: 'CP-SHOP-20', title: '融e购', scope: 'online', stockLeft: 0 }),
      ],
    }
    const { wrapper, sent } = await mountScreen(PromotionsView, bank(overview))
    const card = wrapper.get('[data-testid="campaign-CP-BILL-5"]')
    expect(card.get('[data-testid="campaign-rule"]').text()).toBe('满 ¥50.00 减 ¥5.00')
    expect(card.text()).toContain('生活缴费')
    expect(card.get('[data-testid="campaign-stock"]').text()).toBe('剩余 4,998 / 5,000 份')
    // Days as the bank counts them (China Standard Time): the round's last day is the day before it ends.
    expect(card.get('[data-testid="campaign-period"]').text()).toBe('2030/05/31 至 2030/06/30')
    expect(wrapper.get('[data-testid="campaign-CP-WELCOME"] [data-testid="campaign-period"]').text()).toBe('长期有效')
    expect(card.get('[data-testid="campaign-status"]').text()).toBe('进行中')
    const button = (id: string) => wrapper.get(`[data-testid="campaign-${id}"] [data-testid="campaign-claim"]`)
    expect(button('CP-CINEMA-20').text()).toBe('未开始')
    expect(button('CP-CINEMA-20').attributes('disabled')).toBeDefined()
    expect(wrapper.get('[data-testid="campaign-CP-CINEMA-20"]').text()).toContain('即将开始')
    expect(button('CP-WELCOME').text()).toBe('仅限新客')
    expect(wrapper.get('[data-testid="campaign-CP-WELCOME"]').text()).toContain('新客专享 · 注册 7 天内')
    expect(button('CP-SHOP-20').text()).toBe('已抢光')

    await button('CP-BILL-5').trigger('click')
    await settle()
    expect(sent('coupons.claim')).toEqual([{ campaignId: 'CP-BILL-5' }])
    expect(button('CP-BILL-5').text()).toBe('已领取')
    expect(button('CP-BILL-5').attributes('disabled')).toBeDefined()
    expect(wrapper.get('[data-testid="campaign-CP-BILL-5"] [data-testid="campaign-stock"]').text()).toBe('剩余 4,997 / 5,000 份')
    expect(document.body.textContent).toContain('领取成功')
  })

  it('says why a claim was refused, in Chinese', async () => {
    const overview: CouponsOverview = { asOf: NOW, coupons: [], campaigns: [campaign({})] }
    const { wrapper } = await mountScreen(PromotionsView, {
      ...bank(overview),
      'coupons.claim': () => refuse('COUPON_OUT_OF_STOCK'),
    })
    await wrapper.get('[data-testid="campaign-claim"]').trigger('click')
    await settle()
    expect(document.body.textContent).toContain('优惠券已被领完')
  })

  it('sorts my coupons into 可用 / 已使用 / 已过期, with a countdown in the last three days, and empty states', async () => {
    const overview: CouponsOverview = {
      asOf: NOW,
      campaigns: [],
      coupons: [
        coupon({ couponId: 'SOON', validUntil: NOW + 2 * DAY + 5 * 3_600_000 }),
        coupon({ couponId: 'HOURS', validUntil: NOW + 5.5 * 3_600_000 }),
        coupon({ couponId: 'LATER', validUntil: NOW + 20 * DAY }),
        coupon({ couponId: 'USED', status: 'used', usedTxId: 'T1' }),
      ],
    }
    const { wrapper } = await mountScreen(PromotionsView, bank(overview))
    expect(wrapper.get('[data-testid="campaigns-empty"]').text()).toContain('暂无优惠活动')
    await wrapper.findAll('.el-tabs__item')[1]!.trigger('click')
    await settle()
    expect(wrapper.get('[data-testid="coupon-filter"]').text()).toContain('可用 (3)')
    expect(wrapper.get('[data-testid="coupon-SOON"] [data-testid="coupon-expiry"]').text()).toBe('还剩 2 天')
    expect(wrapper.get('[data-testid="coupon-HOURS"] [data-testid="coupon-expiry"]').text()).toBe('还剩 5 小时')
    expect(wrapper.get('[data-testid="coupon-LATER"] [data-testid="coupon-expiry"]').text()).toMatch(/^有效期至/)
    expect(wrapper.find('[data-testid="coupon-USED"]').exists()).toBe(false)
    // The one expiring first comes first.
    expect(wrapper.findAll('[data-testid^="coupon-"][class*="coupon"]').map((w) => w.attributes('data-testid'))).toEqual([
      'coupon-HOURS',
      'coupon-SOON',
      'coupon-LATER',
    ])

    await wrapper.get('[data-testid="coupon-filter-used"] input').setValue(true)
    await settle()
    expect(wrapper.get('[data-testid="coupon-USED"]').text()).toContain('已使用')
    await wrapper.get('[data-testid="coupon-filter-expired"] input').setValue(true)
    await settle()
    expect(wrapper.get('[data-testid="coupons-empty"]').text()).toContain('暂无已过期的优惠券')
  })

  it('shows loading, then a Chinese error with 重试 that loads again', async () => {
    let fail = true
    let release: () => void = () => {}
    const gate = new Promise<void>((r) => (release = r))
    const { wrapper, sent } = await mountScreen(PromotionsView, {
      'coupons.list': async () => {
        await gate
        return fail ? refuse('OFFLINE') : ok({ asOf: NOW, coupons: [], campaigns: [campaign({})] })
      },
    })
    expect(wrapper.find('[data-testid="promotions-loading"]').exists()).toBe(true)
    release()
    await settle()
    expect(wrapper.get('[data-testid="promotions-error"]').text()).toContain('优惠加载失败')
    expect(wrapper.get('[data-testid="promotions-error"]').text()).toContain('无法连接银行')
    fail = false
    await wrapper.get('[data-testid="promotions-retry"]').trigger('click')
    await settle()
    expect(sent('coupons.list')).toHaveLength(2)
    expect(wrapper.find('[data-testid="campaign-CP-BILL-5"]').exists()).toBe(true)
  })
})
