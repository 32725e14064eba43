import { enableAutoUnmount } from '@vue/test-utils'
import { afterEach, describe, expect, it } from 'vitest'
import type { Payee, PaymentLimits } from '@shared/contract/payments'
import TransferView from '@renderer/views/transfer/TransferView.vue'
import { $, answerBox, done, fieldErrors, mountScreen, ok, refuse, settle, typeOnKeypad } from './screen'

enableAutoUnmount(afterEach)

const limits: PaymentLimits = {
  tier: 2,
  tierName: '二类钱包',
  remaining: { paymentFen: 5_000_000, dayFen: 9_000_000, yearFen: null, receiveFen: null },
  caps: { perTxFen: 5_000_000, dailyFen: 10_000_000, yearlyFen: null, balanceFen: 50_000_000 },
  usage: { todayFen: 1_000_000, yearFen: 1_000_000 },
  balanceFen: 100_000,
  payPasswordLockedUntil: null,
  largeAmountFen: 500_000,
  asOf: 1_750_000_000_000,
  stale: false,
}

const cardPayee: Payee = {
  id: 'P1',
  kind: 'card',
  name: '张*',
  account: '**** 0122',
  bankName: '建设银行',
  transfers: 2,
  createdAt: 1,
  lastUsedAt: 2,
}

function bank(payees: Payee[] = [cardPayee]) {
  let book = [...payees]
  return {
    'transfer.limits': () => ok(limits),
    'payees.list': () => ok({ payees: book }),
    'payees.remove': (input: unknown) => {
      book = book.filter((p) => p.id !== (input as { id: string }).id)
      return ok({ payees: book })
    },
    'transfer.lookup': () => ok({ nameMasked: '李*', phoneMasked: '139****9000', walletNoMasked: '0001', firstTime: true }),
    'transfer.toWallet': () => ok(done()),
    'transfer.toCard': () => ok(done({ counterparty: { kind: 'card', name: '张*', account: '**** 0122' } })),
  }
}

describe('转账 (TransferView)', () => {
  it('looks the payee up, asks for the acknowledgement, pays through the sheet and shows the outcome', async () => {
    const { wrapper, sent } = await mountScreen(TransferView, bank())
    expect(wrapper.get('[data-testid="transfer-limits"]').text()).toContain('今日剩余额度 ¥90,000.00')
    expect(wrapper.get('[data-testid="payee-book"]').text()).toContain('建设银行 **** 0122')

    await wrapper.get('[data-testid="transfer-phone"]').setValue('1390013')
    await wrapper.get('[data-testid="transfer-lookup"]').trigger('click')
    await settle()
    expect(sent('transfer.lookup')).toEqual([])
    expect(await fieldErrors()).toEqual(['手机号应为 11 位数字（当前 7 位）。'])

    await wrapper.get('[data-testid="transfer-phone"]').setValue('139 0013 9000')
    await wrapper.get('[data-testid="transfer-lookup"]').trigger('click')
    await settle()
    expect(sent('transfer.lookup')).toEqual([{ phone: '13900139000' }])
    expect(wrapper.get('[data-testid="transfer-payee"]').text()).toContain('李*')
    expect(wrapper.get('[data-testid="transfer-first-time"]').text()).toContain('首次向该收款人转账')

    await wrapper.get('[data-testid="transfer-amount"]').setValue('6000')
    expect(wrapper.find('[data-testid="transfer-large"]').exists()).toBe(true)
    await wrapper.get('[data-testid="transfer-amount"]').setValue('20')
    expect(wrapper.find('[data-testid="transfer-large"]').exists()).toBe(false)
    await wrapper.get('[data-testid="transfer-memo"]').setValue(' 午饭 ')
    expect(wrapper.get('[data-testid="transfer-next"]').attributes('disabled')).toBeDefined()
    await wrapper.get('[data-testid="transfer-ack"] input').setValue(true)
    await wrapper.get('form').trigger('submit')
    await settle()
    expect($('pay-sheet-amount')!.textContent).toBe('¥20.00')
    expect($('pay-sheet-payee')!.textContent).toBe('向 李* 139****9000 转账')

    const before = sent('payees.list').length
    await typeOnKeypad('135790')
    expect(sent('transfer.toWallet')).toEqual([{ phone: '13900139000', amountFen: 2000, payPassword: '135790', memo: '午饭' }])
    expect(wrapper.get('[data-testid="pay-outcome-title"]').text()).toBe('转账成功')
    expect(wrapper.get('[data-testid="pay-outcome-amount"]').text()).toBe('¥20.00')
    expect(wrapper.get('[data-testid="pay-outcome-payee"]').text()).toBe('李* 139****9000')
    expect(sent('payees.list').length).toBe(before + 1)

    await wrapper.get('[data-testid="pay-outcome-again"]').trigger('click')
    await settle()
    expect((wrapper.get('[data-testid="transfer-amount"]').element as HTMLInputElement).value).toBe('')
    expect((wrapper.get('[data-testid="transfer-memo"]').element as HTMLInputElement).value).toBe('')
  })

  it('pays a saved card payee by its id, and removes a payee after asking', async () => {
    const { wrapper, sent } = await mountScreen(TransferView, bank())
    await wrapper.get('[data-testid="payee-pick"]').trigger('click')
    await settle()
    expect(wrapper.get('[data-testid="transfer-picked"]').text()).toContain('张* **** 0122')
    await wrapper.get('[data-testid="transfer-amount"]').setValue('abc')
    await wrapper.get('form').trigger('submit')
    await settle()
    expect(await fieldErrors()).toEqual(['金额格式不正确，例如 100 或 12.50'])
    expect($('pay-sheet-amount')).toBeNull()
    await wrapper.get('[data-testid="transfer-amount"]').setValue('12.5')
    await wrapper.get('form').trigger('submit')
    await settle()
    await typeOnKeypad('135790')
    expect(sent('transfer.toCard')).toEqual([{ payeeId: 'P1', amountFen: 1250, payPassword: '135790' }])

    await wrapper.get('[data-testid="pay-outcome-again"]').trigger('click')
    await settle()
    await wrapper.get('[data-testid="payee-remove"]').trigger('click')
    await settle()
    expect(await answerBox('取消')).toContain('**** 0122')
    expect(sent('payees.remove')).toEqual([])
    await wrapper.get('[data-testid="payee-remove"]').trigger('click')
    await settle()
    await answerBox('删除')
    expect(sent('payees.remove')).toEqual([{ id: 'P1' }])
    expect(wrapper.get('[data-testid="payee-book"]').text()).toContain('暂无常用收款人')
  })

  it('says why a lookup was refused', async () => {
    const { wrapper } = await mountScreen(TransferView, { ...bank(), 'transfer.lookup': () => refuse('PAYEE_NOT_FOUND') })
    await wrapper.get('[data-testid="transfer-phone"]').setValue('13900139000')
    await wrapper.get('[data-testid="transfer-lookup"]').trigger('click')
    await settle()
    expect(wrapper.get('[data-testid="transfer-error"]').text()).toBe('未找到该收款人，请核对手机号。')
    expect(wrapper.find('[data-testid="transfer-payee"]').exists()).toBe(false)
  })
})
