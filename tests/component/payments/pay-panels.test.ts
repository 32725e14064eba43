import { enableAutoUnmount } from '@vue/test-utils'
import { afterEach, describe, expect, it, vi } from 'vitest'
import type { BoundCard, Checkout, Coupon } from '@shared/contract/payments'
import CardMoneyPanel from '@renderer/views/pay/CardMoneyPanel.vue'
import CheckoutPanel from '@renderer/views/pay/CheckoutPanel.vue'
import PayCodePanel from '@renderer/views/pay/PayCodePanel.vue'
import ScanPanel from '@renderer/views/pay/ScanPanel.vue'
import CouponSelect from '@renderer/features/payments/components/CouponSelect.vue'
import { $, answerBox, done, fieldErrors, mountScreen, ok, refuse, settle, typeOnKeypad } from './screen'

// happy-dom has no 2D canvas: the codes are drawn by libraries these tests do not look at.
vi.mock('qrcode', () => ({ default: { toCanvas: vi.fn(() => Promise.resolve()) } }))
vi.mock('jsbarcode', () => ({ default: vi.fn() }))

enableAutoUnmount(afterEach)

const card = (last4: string, label: string | null = null): BoundCard => ({
  cardId: `K${last4}`,
  bankName: '工商银行',
  masked: `6222 **** **** ${last4}`,
  last4,
  boundAt: 1,
  label,
})

const limits = { balanceFen: 50_000 }

describe('充值 / 提现 (CardMoneyPanel)', () => {
  function bank() {
    let cards = [card('4562', '工资卡'), card('0122')]
    return {
      'cards.list': () => ok({ cards, fresh: true }),
      'transfer.limits': () => ok(limits),
      'pay.topup': () =>
        ok(
          done(
            {
              kind: 'topup',
              direction: 'in',
              paidFen: 10_050,
              amountFen: 10_050,
              counterparty: { kind: 'card', name: '工商银行', account: '6222 **** **** 4562' },
            },
            60_050,
          ),
        ),
      'pay.withdraw': () => ok({ queued: true, outboxId: 'O1', kind: 'withdraw', amountFen: 100, status: 'unsent' }),
      'cards.unbind': (input: unknown) => {
        cards = cards.filter((c) => c.cardId !== (input as { cardId: string }).cardId)
        return ok({ tier: 3 })
      },
      'cards.bind': () => {
        cards = [...cards, card('9999')]
        return ok({ card: card('9999'), tier: 2 })
      },
      'cards.setLabel': (input: unknown) => ok(input),
    }
  }

  it('tops up from the chosen card through the sheet and shows the balance after', async () => {
    const { wrapper, sent } = await mountScreen(CardMoneyPanel, bank(), { mode: 'topup' })
    expect(wrapper.get('[data-testid="wallet-balance"]').text()).toBe('¥500.00')
    expect(wrapper.get('[data-testid="card-label-4562"]').text()).toBe('工资卡')
    await wrapper.get('[data-testid="amount-input"]').setValue('12.345')
    await wrapper.get('form').trigger('submit')
    expect(await fieldErrors()).toEqual(['金额最多保留两位小数（精确到分）'])
    await wrapper.get('[data-testid="amount-input"]').setValue('100.50')
    await wrapper.get('form').trigger('submit')
    await settle()
    expect($('pay-sheet-amount')!.textContent).toBe('¥100.50')
    // Said as a top-up from the user's own card, not as a payment to someone.
    expect($('pay-sheet-payee')!.textContent).toBe('从 工资卡 · 工商银行 6222 **** **** 4562 充值到钱包')
    await typeOnKeypad('135790')
    expect(sent('pay.topup')).toEqual([{ cardId: 'K4562', amountFen: 10_050, payPassword: '135790' }])
    expect(wrapper.get('[data-testid="pay-outcome-title"]').text()).toBe('充值成功')
    expect(wrapper.get('[data-testid="pay-outcome-from"]').text()).toBe('工商银行 6222 **** **** 4562')
    expect(wrapper.get('[data-testid="pay-outcome-to"]').text()).toBe('我的钱包')
    expect(wrapper.get('[data-testid="pay-outcome"]').text()).not.toContain('收款方')
    expect(wrapper.get('[data-testid="pay-outcome-balance"]').text()).toBe('¥600.50')
    await wrapper.get('[data-testid="pay-outcome-again"]').trigger('click')
    await settle()
    expect((wrapper.get('[data-testid="amount-input"]').element as HTMLInputElement).value).toBe('')
    expect(sent('transfer.limits')).toHaveLength(2)
  })

  it('shows a withdrawal that could not be sent as 待发送', async () => {
    const { wrapper, sent } = await mountScreen(CardMoneyPanel, bank(), { mode: 'withdraw' })
    await wrapper.get('[data-testid="amount-input"]').setValue('1')
    await wrapper.get('form').trigger('submit')
    await settle()
    expect($('pay-sheet-payee')!.textContent).toBe('从钱包提现到 工资卡 · 工商银行 6222 **** **** 4562')
    await typeOnKeypad('135790')
    expect(sent('pay.withdraw')).toEqual([{ cardId: 'K4562', amountFen: 100, payPassword: '135790' }])
    const queued = wrapper.get('[data-testid="pay-outcome-queued"]')
    expect(queued.attributes('data-status')).toBe('unsent')
    expect(queued.text()).toBe('已加入待发送队列，联网后自动发送')
    expect(wrapper.get('[data-testid="pay-outcome"]').text()).toContain('¥1.00')
  })

  it('unbinds a card after asking, binds a new one and labels one', async () => {
    const { wrapper, sent } = await mountScreen(CardMoneyPanel, bank(), { mode: 'topup' })
    await wrapper.get('[data-testid="card-unbind-0122"]').trigger('click')
    await settle()
    expect(await answerBox('解绑')).toContain('6222 **** **** 0122')
    expect(sent('cards.unbind')).toEqual([{ cardId: 'K0122' }])
    expect(wrapper.find('[data-testid="card-0122"]').exists()).toBe(false)

    await wrapper.get('[data-testid="card-bind"]').trigger('click')
    await settle()
    ;($('bind-pan') as HTMLInputElement).value = '6222020200001234562'
    $('bind-pan')!.dispatchEvent(new Event('input'))
    ;($('bind-phone') as HTMLInputElement).value = '13800138000'
    $('bind-phone')!.dispatchEvent(new Event('input'))
    await settle()
    $('bind-submit')!.click()
    await settle()
    expect(sent('cards.bind')).toEqual([{ pan: '6222020200001234562', reservedPhone: '13800138000' }])
    expect(wrapper.find('[data-testid="card-9999"]').exists()).toBe(true)

    await wrapper.get('[data-testid="card-label-edit-9999"]').trigger('click')
    await settle()
    ;($('card-label-input') as HTMLInputElement).value = ' 备用卡 '
    $('card-label-input')!.dispatchEvent(new Event('input'))
    await settle()
    $('card-label-save')!.click()
    await settle()
    expect(sent('cards.setLabel')).toEqual([{ cardId: 'K9999', label: '备用卡' }])
    expect(wrapper.get('[data-testid="card-label-9999"]').text()).toBe('备用卡')
  })

  it('says when the cards could not be listed', async () => {
    const { wrapper } = await mountScreen(
      CardMoneyPanel,
      { ...bank(), 'cards.list': () => refuse('BANK_UNAVAILABLE') },
      { mode: 'topup' },
    )
    expect(wrapper.get('.el-alert--error').text()).toBe('网络异常，暂时无法连接银行。请检查网络后重试。')
    expect(wrapper.text()).not.toContain('尚未绑定银行卡')
  })
})

const merchantCoupon: Coupon = {
  couponId: 'C9',
  campaignId: 'K9',
  title: '满30减5',
  minSpendFen: 3000,
  discountFen: 500,
  scope: 'merchant',
  merchantId: 'M0005',
  claimedAt: 1,
  validUntil: 2,
  status: 'available',
  usedTxId: null,
}

describe('扫一扫 (ScanPanel)', () => {
  it('decodes the text, asks for coupons that fit the amount and pays through the sheet', async () => {
    const { wrapper, sent } = await mountScreen(ScanPanel, {
      'scan.decode': () => ok({ merchant: { merchantId: 'M0005', name: '华联超市', category: 'shopping', city: '北京市' } }),
      'coupons.applicable': (input: unknown) =>
        ok({ coupons: (input as { amountFen: number }).amountFen >= 3000 ? [merchantCoupon] : [] }),
      'scan.pay': () => ok(done({ kind: 'payment', paidFen: 3020, discountFen: 500 })),
    })
    await wrapper.get('[data-testid="scan-text"]').setValue(' icbc-wallet://merchant?id=M0005 ')
    await wrapper.get('[data-testid="scan-decode"]').trigger('click')
    await settle()
    expect(sent('scan.decode')).toEqual([{ text: 'icbc-wallet://merchant?id=M0005' }])
    expect(wrapper.get('[data-testid="scan-merchant"]').text()).toContain('华联超市')
    await wrapper.get('[data-testid="scan-amount"]').setValue('35.20')
    await settle()
    expect(sent('coupons.applicable').at(-1)).toEqual({ scope: 'merchant', merchantId: 'M0005', amountFen: 3520 })
    // The only coupon that fits is preselected, and the saving is shown.
    expect(wrapper.getComponent(CouponSelect).props('modelValue')).toBe('C9')
    expect(wrapper.get('[data-testid="coupon-saving"]').text()).toBe('已优惠 ¥5.00，实付 ¥30.20')
    await wrapper.get('[data-testid="scan-pay"]').trigger('click')
    await settle()
    // The sheet asks for what the wallet pays; the bank is sent the amount before the coupon.
    expect($('pay-sheet-amount')!.textContent).toBe('¥30.20')
    await typeOnKeypad('135790')
    expect(sent('scan.pay')).toEqual([{ merchantId: 'M0005', amountFen: 3520, payPassword: '135790', couponId: 'C9' }])
    expect(wrapper.get('[data-testid="pay-outcome-title"]').text()).toBe('付款成功')
    await wrapper.get('[data-testid="pay-outcome-again"]').trigger('click')
    await settle()
    expect(wrapper.find('[data-testid="scan-merchant"]').exists()).toBe(false)
    expect((wrapper.get('[data-testid="scan-text"]').element as HTMLInputElement).value).toBe('')
  })

  it('drops the coupon at once when the amount changes, and pays only once the coupons for the new amount are known', async () => {
    let release: () => void = () => {}
    const { wrapper, sent } = await mountScreen(ScanPanel, {
      'scan.decode': () => ok({ merchant: { merchantId: 'M0005', name: '华联超市', category: 'shopping', city: '北京市' } }),
      'coupons.applicable': async (input: unknown) => {
        const amountFen = (input as { amountFen: number }).amountFen
        if (amountFen < 3000) await new Promise<void>((r) => (release = r))
        return ok({ coupons: amountFen >= 3000 ? [merchantCoupon] : [] })
      },
      'scan.pay': () => ok(done({ kind: 'payment', paidFen: 2000, discountFen: 0 })),
    })
    await wrapper.get('[data-testid="scan-text"]').setValue('icbc-wallet://merchant?id=M0005')
    await wrapper.get('[data-testid="scan-decode"]').trigger('click')
    await settle()
    await wrapper.get('[data-testid="scan-amount"]').setValue('50')
    await settle()
    expect(wrapper.getComponent(CouponSelect).props('modelValue')).toBe('C9')
    // Down to 20 (below the coupon's minimum): the old offer is gone before the bank answers, and 付款 waits.
    await wrapper.get('[data-testid="scan-amount"]').setValue('20')
    await settle()
    expect(wrapper.findComponent(CouponSelect).exists()).toBe(false)
    await wrapper.get('[data-testid="scan-pay"]').trigger('click')
    await settle()
    expect($('pay-sheet-amount')).toBeNull()
    release()
    await settle()
    await wrapper.get('[data-testid="scan-pay"]').trigger('click')
    await settle()
    expect($('pay-sheet-amount')!.textContent).toBe('¥20.00')
    await typeOnKeypad('135790')
    expect(sent('scan.pay')).toEqual([{ merchantId: 'M0005', amountFen: 2000, payPassword: '135790' }])
  })

  it('shows why a code was not accepted', async () => {
    const { wrapper } = await mountScreen(ScanPanel, {
      'scan.decode': () => refuse('INVALID_INPUT', { field: 'text', reason: 'FORMAT' }),
    })
    await wrapper.get('[data-testid="scan-text"]').setValue('hello')
    await wrapper.get('[data-testid="scan-decode"]').trigger('click')
    await settle()
    expect(wrapper.get('[data-testid="scan-error"]').text()).toBe('输入内容有误：二维码内容')
  })
})

describe('网上购物 (CheckoutPanel)', () => {
  const checkout: Checkout = {
    order: {
      orderId: 'ORD1',
      merchant: { merchantId: 'SHOP', name: '工行商城' },
      items: [{ sku: 'MUG', name: '工行纪念马克杯', qty: 2, priceFen: 3990 }],
      amountFen: 7980,
      status: 'created',
      createdAt: 1,
      expiresAt: new Date(2030, 0, 1, 9, 30).getTime(),
      paidAt: null,
      txId: null,
    },
    sig: 'SIG',
    coupons: [{ ...merchantCoupon, couponId: 'C7', scope: 'online', discountFen: 1000 }],
  }

  it('opens the link as the bank has the order, takes a coupon off and pays through the sheet', async () => {
    const { wrapper, sent } = await mountScreen(CheckoutPanel, {
      'checkout.open': () => ok(checkout),
      'checkout.pay': () => ok({ ...done({ kind: 'payment', paidFen: 6980 }), order: { ...checkout.order, status: 'paid' } }),
    })
    await wrapper.get('[data-testid="checkout-link"]').setValue(' icbc-wallet://pay?o=ORD1 ')
    await wrapper.get('[data-testid="checkout-open"]').trigger('click')
    await settle()
    expect(sent('checkout.open')).toEqual([{ link: 'icbc-wallet://pay?o=ORD1' }])
    expect(wrapper.get('[data-testid="checkout-amount"]').text()).toBe('¥79.80')
    expect(wrapper.get('[data-testid="checkout-sheet"]').text()).toContain('1/1 09:30')
    wrapper.getComponent(CouponSelect).vm.$emit('update:modelValue', 'C7')
    await settle()
    expect(wrapper.get('[data-testid="checkout-payable"]').text()).toBe('¥69.80')
    await wrapper.get('[data-testid="checkout-pay"]').trigger('click')
    await settle()
    expect($('pay-sheet-payee')!.textContent).toContain('工行商城')
    await typeOnKeypad('135790')
    expect(sent('checkout.pay')).toEqual([{ orderId: 'ORD1', sig: 'SIG', payPassword: '135790', couponId: 'C7' }])
    expect(wrapper.get('[data-testid="pay-outcome-title"]').text()).toBe('支付成功，商户已收到付款')
  })

  it('preselects the largest saving, and pays without a coupon when the user picks none', async () => {
    const small = { ...merchantCoupon, couponId: 'C5', scope: 'online' as const, discountFen: 300 }
    const big = { ...merchantCoupon, couponId: 'C8', scope: 'online' as const, discountFen: 800 }
    const { wrapper, sent } = await mountScreen(CheckoutPanel, {
      'checkout.open': () => ok({ ...checkout, coupons: [small, big] }),
      'checkout.pay': () => ok({ ...done({ kind: 'payment', paidFen: 7980 }), order: { ...checkout.order, status: 'paid' } }),
    })
    await wrapper.get('[data-testid="checkout-link"]').setValue('icbc-wallet://pay?o=ORD1')
    await wrapper.get('[data-testid="checkout-open"]').trigger('click')
    await settle()
    expect(wrapper.getComponent(CouponSelect).props('modelValue')).toBe('C8')
    expect(wrapper.get('[data-testid="checkout-payable"]').text()).toBe('¥71.80')
    expect(wrapper.get('[data-testid="coupon-saving"]').text()).toBe('已优惠 ¥8.00，实付 ¥71.80')
    wrapper.getComponent(CouponSelect).vm.$emit('update:modelValue', '')
    await settle()
    expect(wrapper.get('[data-testid="checkout-payable"]').text()).toBe('¥79.80')
    expect(wrapper.get('[data-testid="coupon-saving"]').text()).toBe('不使用优惠券，实付 ¥79.80')
    await wrapper.get('[data-testid="checkout-pay"]').trigger('click')
    await settle()
    expect($('pay-sheet-amount')!.textContent).toBe('¥79.80')
    await typeOnKeypad('135790')
    expect(sent('checkout.pay')).toEqual([{ orderId: 'ORD1', sig: 'SIG', payPassword: '135790' }])
  })

  it('shows why a link was refused', async () => {
    const { wrapper } = await mountScreen(CheckoutPanel, {
      'checkout.open': () => refuse('INVALID_INPUT', { field: 'link', reason: 'NOT_A_PAY_LINK' }),
    })
    await wrapper.get('[data-testid="checkout-link"]').setValue('https://example.com')
    await wrapper.get('[data-testid="checkout-open"]').trigger('click')
    await settle()
    expect(wrapper.get('[data-testid="checkout-error"]').text()).toContain('这不是工行数字钱包的订单链接')
  })
})

describe('付款码 (PayCodePanel)', () => {
  function bank() {
    return {
      'paycode.current': () =>
        ok({ code: '280000000000000001', expiresAt: Date.now() + 60_000, periodMs: 60_000, offline: false }),
      'paycode.settings': () => ok({ smallAmountNoPassword: true, smallAmountLimitFen: 100_000 }),
      'paycode.watch': (input: unknown) => ok({ watching: (input as { on: boolean }).on }),
      'paycode.confirm': () => ok(done({ txId: 'T9', kind: 'payment' })),
      'paycode.decline': () => ok({}),
    }
  }

  it('never reads 0 秒后自动更新: not before the first code has come, and not when it has just come', async () => {
    let answer: (value: ReturnType<typeof ok>) => void = () => undefined
    const { wrapper } = await mountScreen(PayCodePanel, {
      ...bank(),
      'paycode.current': () => new Promise((resolve) => (answer = resolve)),
    })
    const countdown = () => wrapper.get('[data-testid="paycode-countdown"]').text()
    expect(countdown()).not.toMatch(/\b0 秒/)
    expect(countdown()).toContain('正在获取付款码')
    // The bank's clock a little ahead: the code's 60 s read as 60, not 61.
    answer(ok({ code: '280000000000000001', expiresAt: Date.now() + 60_030, periodMs: 60_000, offline: false }))
    await settle()
    expect(countdown()).toContain('60 秒后自动更新')
  })

  it('shows the code, watches for charges while on screen and confirms one through the sheet', async () => {
    const { wrapper, sent, fake } = await mountScreen(PayCodePanel, bank())
    expect(wrapper.get('[data-testid="paycode-qr"]').attributes('data-expires')).toMatch(/^\d+$/)
    expect(wrapper.get('[data-testid="paycode-countdown"]').text()).toContain('秒后自动更新')
    expect(sent('paycode.watch')).toEqual([{ on: true }])
    expect(sent('paycode.current')).toHaveLength(1)

    fake.emit('paycode.charged', {
      status: 'awaiting_confirmation',
      chargeId: 'CH1',
      merchantName: '瑞幸咖啡',
      amountFen: 150_000,
      txId: null,
      expiresAt: new Date(2030, 0, 1, 9, 5).getTime(),
    })
    await settle()
    const charged = wrapper.get('[data-testid="paycode-charged"]')
    expect(charged.attributes('data-status')).toBe('awaiting_confirmation')
    expect(charged.text()).toContain('瑞幸咖啡 请求扣款 ¥1,500.00，请确认')
    await wrapper.get('[data-testid="paycode-confirm"]').trigger('click')
    await settle()
    expect($('pay-sheet-amount')!.textContent).toBe('¥1,500.00')
    await typeOnKeypad('135790')
    expect(sent('paycode.confirm')).toEqual([{ chargeId: 'CH1', payPassword: '135790' }])
    expect(wrapper.get('[data-testid="paycode-charged"]').attributes('data-status')).toBe('succeeded')
    expect(wrapper.find('[data-testid="paycode-receipt"]').exists()).toBe(true)
    expect(sent('paycode.current')).toHaveLength(2)

    wrapper.unmount()
    await settle()
    expect(sent('paycode.watch')).toEqual([{ on: true }, { on: false }])
    expect(fake.listenerCount()).toBe(0)
  })

  it('keeps the window out of screen recordings while the code is on screen', async () => {
    const { wrapper, sent } = await mountScreen(PayCodePanel, { ...bank(), 'window.protect': () => ok(null) })
    expect(sent('window.protect')).toEqual([{ surface: 'paycode', on: true }])
    wrapper.unmount()
    await settle()
    expect(sent('window.protect')).toEqual([
      { surface: 'paycode', on: true },
      { surface: 'paycode', on: false },
    ])
  })

  it('declines a charge, and shows 小额免密 as the bank has it with the way to change it', async () => {
    const { wrapper, sent, fake } = await mountScreen(PayCodePanel, bank())
    fake.emit('paycode.charged', {
      status: 'awaiting_confirmation',
      chargeId: 'CH2',
      merchantName: '华联超市',
      amountFen: 200_000,
      txId: null,
      expiresAt: null,
    })
    await settle()
    await wrapper.get('[data-testid="paycode-decline"]').trigger('click')
    await settle()
    expect(sent('paycode.decline')).toEqual([{ chargeId: 'CH2' }])
    expect(wrapper.find('[data-testid="paycode-charged"]').exists()).toBe(false)

    // 小额免密 is changed only in 设置 → 账户与安全, with the payment password: here it is shown.
    expect(wrapper.get('[data-testid="paycode-small-state"]').text()).toBe(
      '已开启：单笔不超过 ¥1,000.00 的付款码支付无需输入支付密码。',
    )
    expect(wrapper.get('[data-testid="paycode-small-manage"]').attributes('href')).toBe('/settings/account')
    expect(wrapper.find('[data-testid="paycode-small-switch"]').exists()).toBe(false)
    expect(sent('password.setSmallAmount')).toEqual([])
  })

  it('shows why no code could be had', async () => {
    const { wrapper } = await mountScreen(PayCodePanel, { ...bank(), 'paycode.current': () => refuse('SESSION_EXPIRED') })
    expect(wrapper.get('[data-testid="panel-paycode"] .el-alert--error').text()).toBe('操作失败，请稍后重试。')
  })
})
