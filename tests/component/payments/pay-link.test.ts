import { enableAutoUnmount, mount } from '@vue/test-utils'
import ElementPlus from 'element-plus'
import { createPinia } from 'pinia'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { createMemoryHistory, createRouter } from 'vue-router'
import type { Checkout } from '@shared/contract/payments'
import { setBridge } from '@renderer/api/client'
import { i18n } from '@renderer/i18n'
import { routes } from '@renderer/router'
import PayView from '@renderer/views/pay/PayView.vue'
import CheckoutPanel from '@renderer/views/pay/CheckoutPanel.vue'
import PayPasswordSheet from '@renderer/components/PayPasswordSheet.vue'
import { createFakeBridge } from '../fake-bridge'
import { $, mountScreen, ok, settle, typeOnKeypad } from './screen'

vi.mock('qrcode', () => ({ default: { toCanvas: vi.fn(() => Promise.resolve()) } }))
vi.mock('jsbarcode', () => ({ default: vi.fn() }))

enableAutoUnmount(afterEach)

const LINK = 'icbc-wallet://pay?order=ORD1&merchant=SHOP&amount=7980&expires=1893456000000&sig=00112233445566778899aabbccddeeff'
const OTHER = 'icbc-wallet://pay?order=ORD2&merchant=SHOP&amount=1990&expires=1893456000000&sig=ffeeddccbbaa99887766554433221100'

function order(orderId: string, amountFen: number): Checkout {
  return {
    order: {
      orderId,
      merchant: { merchantId: 'SHOP', name: '工银融e购' },
      items: [{ sku: 'MUG', name: '工行纪念马克杯', qty: 1, priceFen: amountFen }],
      amountFen,
      status: 'created',
      createdAt: 1,
      expiresAt: new Date(2030, 0, 1, 9, 30).getTime(),
      paidAt: null,
      txId: null,
    },
    sig: 'SIG',
    coupons: [],
  }
}

function bank() {
  return {
    'checkout.open': (input: unknown) => {
      const { link } = input as { link: string }
      if (link === LINK) return ok(order('ORD1', 7980))
      if (link === OTHER) return ok(order('ORD2', 1990))
      return {
        ok: false as const,
        error: { code: 'INVALID_INPUT' as const, message: 'x', details: { field: 'link', reason: 'NOT_A_PAY_LINK' } },
      }
    },
    // Refused: only what was sent matters here.
    'checkout.pay': () => ({ ok: false as const, error: { code: 'INVALID_INPUT' as const, message: 'x' } }),
    'cards.list': () => ok({ cards: [], fresh: true }),
    'transfer.limits': () => ok({ balanceFen: 0 }),
  }
}

/** PayView under the app's own routes, at the location App.vue pushes when the OS hands over a pay link. */
async function mountPay(at: string) {
  i18n.global.locale.value = 'zh-CN'
  const fake = createFakeBridge(bank())
  setBridge(fake.bridge)
  const router = createRouter({ history: createMemoryHistory(), routes })
  await router.push(at)
  await router.isReady()
  const wrapper = mount(PayView, { global: { plugins: [createPinia(), router, i18n, ElementPlus] }, attachTo: document.body })
  await settle()
  const opened = () => fake.calls.filter((c) => c.channel === 'checkout.open').map((c) => c.input)
  const paid = () => fake.calls.filter((c) => c.channel === 'checkout.pay').map((c) => c.input)
  return { wrapper, router, opened, paid }
}

describe('a pay link delivered by the OS (App.vue → /pay)', () => {
  it('opens 网上购物 with the order shown, not 充值', async () => {
    const { wrapper, router, opened } = await mountPay(`/pay?action=checkout&link=${encodeURIComponent(LINK)}`)
    expect(wrapper.find('[data-testid="panel-topup"]').exists()).toBe(false)
    expect(opened()).toEqual([{ link: LINK }])
    expect(wrapper.get('[data-testid="checkout-sheet"]').text()).toContain('工行纪念马克杯')
    expect(wrapper.get('[data-testid="checkout-amount"]').text()).toBe('¥79.80')
    // The link is taken out of the address once opened: a reload or 返回 does not open it a second time.
    expect(router.currentRoute.value.query).toEqual({ action: 'online' })
  })

  it('a second link while the checkout is open shows that order instead', async () => {
    const { wrapper, router, opened } = await mountPay(`/pay?action=checkout&link=${encodeURIComponent(LINK)}`)
    await router.push({ path: '/pay', query: { action: 'checkout', link: OTHER } })
    await settle()
    expect(opened()).toEqual([{ link: LINK }, { link: OTHER }])
    expect(wrapper.get('[data-testid="checkout-amount"]').text()).toBe('¥19.90')
    expect((wrapper.get('[data-testid="checkout-link"]').element as HTMLInputElement).value).toBe(OTHER)
  })

  it('a link arriving while the password sheet is open changes nothing paid; it opens after the sheet', async () => {
    const { wrapper, router, opened, paid } = await mountPay(`/pay?action=checkout&link=${encodeURIComponent(LINK)}`)
    await wrapper.get('[data-testid="checkout-pay"]').trigger('click')
    await settle()
    expect($('pay-sheet-amount')?.textContent).toContain('79.80')
    await router.push({ path: '/pay', query: { action: 'checkout', link: OTHER } })
    await settle()
    // The sheet still shows, and the password pays, the order it was opened for.
    expect($('pay-sheet-amount')?.textContent).toContain('79.80')
    expect(opened()).toEqual([{ link: LINK }])
    expect($('pay-sheet-payee')?.textContent).toContain('工银融e购')
    await typeOnKeypad('135792')
    expect(paid()).toEqual([{ orderId: 'ORD1', sig: 'SIG', payPassword: '135792' }])
    // Closing the sheet opens the order that came meanwhile.
    wrapper.findComponent(PayPasswordSheet).vm.$emit('update:modelValue', false)
    await settle()
    await vi.waitFor(() => expect(opened()).toEqual([{ link: LINK }, { link: OTHER }]))
    expect(wrapper.get('[data-testid="checkout-amount"]').text()).toBe('¥19.90')
  })

  it('the same link again after 返回 opens it again', async () => {
    const { wrapper, router, opened } = await mountPay(`/pay?action=checkout&link=${encodeURIComponent(LINK)}`)
    await router.push({ path: '/pay', query: { action: 'topup' } })
    await settle()
    await router.push({ path: '/pay', query: { action: 'checkout', link: LINK } })
    await settle()
    expect(opened()).toEqual([{ link: LINK }, { link: LINK }])
    expect(wrapper.get('[data-testid="checkout-amount"]').text()).toBe('¥79.80')
  })
})

describe('a pay link pasted into 网上购物', () => {
  it('opens the order at once, even when the copy broke the link across lines', async () => {
    const { wrapper, sent } = await mountScreen(CheckoutPanel, bank())
    const input = wrapper.get('[data-testid="checkout-link"]')
    const data = new DataTransfer()
    data.setData('text/plain', `${LINK.slice(0, 40)}\n${LINK.slice(40)}\n`)
    const event = new Event('paste', { bubbles: true, cancelable: true }) as Event & { clipboardData: DataTransfer }
    Object.defineProperty(event, 'clipboardData', { value: data })
    input.element.dispatchEvent(event)
    await settle()
    expect(sent('checkout.open')).toEqual([{ link: LINK }])
    expect(wrapper.get('[data-testid="checkout-sheet"]').text()).toContain('工行纪念马克杯')
  })
})
