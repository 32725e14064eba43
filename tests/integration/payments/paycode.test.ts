import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { PosChargeResponse } from '../../../src/shared/bank-api'
import { DEMO_MERCHANT_KEY } from '../../../src/mock-bank'
import { PAYCODE_SECRET_ACCOUNT } from '../../../src/main/core/payments/paycode'
import type {
  CardsList,
  PayCode,
  PayCodeCharged,
  PaymentCompleted,
  PaymentDone,
  PendingCharges,
  PosCharge,
  SmallAmountSettings,
} from '../../../src/shared/contract'
import { startBank, tmp } from '../../support/wallet'
import { bankFetch } from '../../support/bank-client'
import { demoWallet, PAY_PASSWORD, type Cleanup } from './helpers'

// The wallet's clock and the bank's move together, so a test can reach the next 60 s step at once.
let offsetMs = 0
const clock = { now: () => Date.now() + offsetMs }
async function nextStep(): Promise<void> {
  offsetMs += 60_000
  const res = await bankFetch(bank, `/_dev/clock`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ advanceMs: 60_000 }),
  })
  if (!res.ok) throw new Error(`clock: ${res.status}`)
  await w.ok('session.activity')
}

const cleanups: Cleanup[] = []
afterAll(async () => {
  for (const c of cleanups.splice(0).reverse()) await c()
})

let bank: Awaited<ReturnType<typeof startBank>>
const dataDir = tmp('bank-')
let w: Awaited<ReturnType<typeof demoWallet>>

beforeAll(async () => {
  bank = await startBank({ dataDir, seed: 'demo' })
  cleanups.push(() => bank.close())
  w = await demoWallet(bank, cleanups, { clock })
  // Enough money for the larger charges below.
  const card = (await w.ok<CardsList>('cards.list')).cards[0]!
  await w.ok('pay.topup', { cardId: card.cardId, amountFen: 1_000_000, payPassword: PAY_PASSWORD })
  // 小额免密 is off until the customer turns it on with the payment password (设置 → 账户与安全).
  await w.ok('password.setSmallAmount', { on: true, limitFen: 100_000, payPassword: PAY_PASSWORD })
})

async function charge(payCode: string, amountFen: number, merchantId = 'M0002'): Promise<PosCharge> {
  const res = await bankFetch(bank, `/pos/charge`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-merchant-key': DEMO_MERCHANT_KEY, 'idempotency-key': crypto.randomUUID() },
    body: JSON.stringify({ merchantId, payCode, amountFen }),
  })
  const body: unknown = await res.json()
  if (!res.ok) throw new Error(`pos/charge ${res.status}: ${JSON.stringify(body)}`)
  return PosChargeResponse.parse(body).charge as PosCharge
}

const poll = async () => (await w.services()).payments.paycode.pollOnce()

describe('付款码', () => {
  it('shows a one-time code made from a secret that never leaves main', async () => {
    const code = await w.ok<PayCode>('paycode.current')
    expect(code.code).toMatch(/^28\d{16}$/)
    expect(code).toMatchObject({ periodMs: 60_000, offline: false })
    expect(code.expiresAt).toBeGreaterThan(Date.now())
    expect(code.expiresAt - Date.now()).toBeLessThanOrEqual(60_000)
    const { vault } = w.app.core
    const stored = await vault.open().secrets.get(PAYCODE_SECRET_ACCOUNT)
    const { secret } = JSON.parse(stored!) as { secret: string }
    expect(JSON.stringify(code)).not.toContain(secret)
    // Asked again within the same step, and unused: the same code.
    expect((await w.ok<PayCode>('paycode.current')).code).toBe(code.code)
  })

  it('is charged below the small-amount limit without a password, and the app hears of it while watching', async () => {
    expect(await w.ok('paycode.watch', { on: true })).toEqual({ watching: true })
    const { code } = await w.ok<PayCode>('paycode.current')
    const taken = await charge(code, 3_200)
    expect(taken.status).toBe('succeeded')
    // No manual poll here: the watcher's own timer finds it.
    const heard = await w.until<PayCodeCharged>('paycode.charged', (p) => p.txId === taken.txId, 10_000)
    expect(heard).toMatchObject({ status: 'succeeded', amountFen: 3_200, merchantName: '全家便利店' })
    const note = await w.until<PaymentCompleted>('payment.completed', (p) => p.txId === taken.txId)
    expect(note).toMatchObject({ kind: 'payment', amountFen: 3_200, source: 'paycode' })
    // …and a sync starts at once, so 账单 shows the charge without waiting for the periodic one.
    const after = w.events.findIndex((e) => e.name === 'payment.completed' && (e.payload as PaymentCompleted).txId === taken.txId)
    await expect
      .poll(() =>
        w.events.slice(after).some((e) => e.name === 'sync.status' && (e.payload as { state: string }).state === 'syncing'),
      )
      .toBe(true)
    // The used code is replaced at once by the next step's.
    const next = await w.ok<PayCode>('paycode.current')
    expect(next.code).not.toBe(code)
    expect((await charge(next.code, 100)).status).toBe('succeeded')
    expect(await w.ok('paycode.watch', { on: false })).toEqual({ watching: false })
  })

  it('waits above the limit, then the customer confirms with the payment password', async () => {
    await nextStep()
    await w.ok('paycode.watch', { on: true })
    const { code } = await w.ok<PayCode>('paycode.current')
    const waiting = await charge(code, 150_000, 'M0006')
    expect(waiting.status).toBe('awaiting_confirmation')
    await poll()
    const heard = await w.until<PayCodeCharged>('paycode.charged', (p) => p.chargeId === waiting.chargeId)
    expect(heard).toMatchObject({ status: 'awaiting_confirmation', amountFen: 150_000, merchantName: '万达影城', txId: null })
    expect((await w.ok<PendingCharges>('paycode.pending')).charges.map((c) => c.chargeId)).toEqual([waiting.chargeId])

    expect(await w.fails('paycode.confirm', { chargeId: waiting.chargeId, payPassword: '000000' })).toMatchObject({
      code: 'PAY_PASSWORD_WRONG',
      details: { attemptsLeft: 4 },
    })
    const paid = await w.ok<PaymentDone>('paycode.confirm', { chargeId: waiting.chargeId, payPassword: PAY_PASSWORD })
    expect(paid.transaction).toMatchObject({ kind: 'payment', amountFen: 150_000, status: 'succeeded' })
    expect((await w.ok<PendingCharges>('paycode.pending')).charges).toEqual([])
    expect((await w.fails('paycode.confirm', { chargeId: waiting.chargeId, payPassword: PAY_PASSWORD })).code).toBe(
      'CHARGE_NOT_PENDING',
    )

    await nextStep()
    const other = await charge((await w.ok<PayCode>('paycode.current')).code, 200_000, 'M0006')
    expect(await w.ok<PosCharge>('paycode.decline', { chargeId: other.chargeId })).toMatchObject({ chargeId: other.chargeId })
    expect((await w.ok<PendingCharges>('paycode.pending')).charges).toEqual([])
    await w.ok('paycode.watch', { on: false })
  })

  it('lets the customer lower the small-amount limit or switch it off', async () => {
    expect(await w.ok<SmallAmountSettings>('paycode.settings')).toEqual({
      smallAmountNoPassword: true,
      smallAmountLimitFen: 100_000,
    })
    // Lowering the limit keeps it on, so it takes the payment password (src/main/core/passwords.ts).
    await w.ok('password.setSmallAmount', { on: true, limitFen: 50_000, payPassword: PAY_PASSWORD })
    expect(await w.ok<SmallAmountSettings>('paycode.settings')).toEqual({
      smallAmountNoPassword: true,
      smallAmountLimitFen: 50_000,
    })
    await w.ok('paycode.watch', { on: true })
    await nextStep()
    expect((await charge((await w.ok<PayCode>('paycode.current')).code, 60_000)).status).toBe('awaiting_confirmation')
    await poll()
    await w.ok('password.setSmallAmount', { on: false })
    await nextStep()
    expect((await charge((await w.ok<PayCode>('paycode.current')).code, 100)).status).toBe('awaiting_confirmation')
    await w.ok('paycode.watch', { on: false })
    expect(await w.fails('password.setSmallAmount', { on: true, limitFen: -1, payPassword: PAY_PASSWORD })).toMatchObject({
      code: 'INVALID_INPUT',
      details: { field: 'limitFen', reason: 'NOT_POSITIVE' },
    })
    expect(await w.fails('password.setSmallAmount', { on: true, limitFen: 100_000 })).toMatchObject({
      code: 'PAY_PASSWORD_REQUIRED',
    })
    await w.ok('password.setSmallAmount', { on: true, limitFen: 100_000, payPassword: PAY_PASSWORD })
  })

  it('keeps showing codes while the bank is unreachable, and a code shown offline pays once it is back', async () => {
    await nextStep()
    const port = bank.port
    await bank.close()
    // While the code is on screen the watcher's polls notice the bank is gone.
    await poll().catch(() => undefined)
    const shown = await w.ok<PayCode>('paycode.current')
    expect(shown).toMatchObject({ offline: true })
    expect(shown.code).toMatch(/^28\d{16}$/)
    expect((await w.fails('paycode.pending')).code).toBe('OFFLINE')
    expect((await w.fails('scan.pay', { merchantId: 'M0001', amountFen: 100, payPassword: PAY_PASSWORD })).code).toBe('OFFLINE')

    bank = await startBank({ dataDir, port, seed: 'demo', clientSecret: bank.clientSecret })
    cleanups.push(() => bank.close())
    // Line the restarted bank's clock up with the wallet's again, whatever offset it kept.
    const bankNow = ((await (await bankFetch(bank, `/_dev/clock`)).json()) as { now: number }).now
    await bankFetch(bank, `/_dev/clock`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ advanceMs: clock.now() - bankNow }),
    })
    expect((await charge(shown.code, 800)).status).toBe('succeeded')
  })
})
