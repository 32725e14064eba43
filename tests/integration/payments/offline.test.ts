import { afterAll, describe, expect, it } from 'vitest'
import { DEMO_PAYEE } from '../../../src/mock-bank'
import type {
  CardsList,
  OutboxView,
  PayeeList,
  PaymentCompleted,
  PaymentFailed,
  PaymentResult,
  PaymentLimits,
} from '../../../src/shared/contract'
import { setFaults, startBank, tmp } from '../../support/wallet'
import { bankHistory, demoBank, demoWallet, ledgerBalanced, PAY_PASSWORD, type Cleanup } from './helpers'

const cleanups: Cleanup[] = []
afterAll(async () => {
  for (const c of cleanups.splice(0).reverse()) await c()
})

function queued(result: PaymentResult): string {
  if (!result.queued) throw new Error(`expected the payment to be queued: ${JSON.stringify(result)}`)
  return result.outboxId
}

describe('payments made while the bank cannot be reached', () => {
  it('queues a transfer, then the bank executes it exactly once after it returns', async () => {
    const dataDir = tmp('bank-')
    let bank = await startBank({ dataDir, seed: 'demo' })
    const port = bank.port
    const w = await demoWallet(bank, cleanups)
    const before = (await w.ok<PaymentLimits>('transfer.limits')).balanceFen
    await bank.close()

    // The first attempt cannot even connect: the payment goes to the outbox (待发送) under that attempt's key.
    const first = await w.ok<PaymentResult>('transfer.toWallet', {
      phone: DEMO_PAYEE.phone,
      amountFen: 12_345,
      payPassword: PAY_PASSWORD,
      memo: '离线转账',
    })
    const id = queued(first)
    expect(first).toMatchObject({ kind: 'transfer.wallet', amountFen: 12_345 })
    const { outbox, sync } = await w.services()
    // The engine may be trying to send it right now (the bank is not known to be down yet): let that
    // pass end, as it does against a closed port.
    expect((await outbox.drain()).stoppedOn).toMatchObject({ code: 'NETWORK' })
    const item = (await outbox.list()).find((i) => i.id === id)!
    // Nothing reached the bank, so it is not 处理中: an unsent item, which could still be cancelled.
    expect(first).toMatchObject({ status: 'unsent' })
    expect(item.attempts).toBe(0)
    const views = await w.ok<OutboxView[]>('outbox.list')
    expect(views.find((v) => v.id === id)).toMatchObject({
      attempts: 0,
      kind: 'transfer.wallet',
      amountFen: 12_345,
      counterparty: '139****9000',
    })
    expect(JSON.stringify(views)).not.toContain(PAY_PASSWORD)

    // Now the engine knows the bank is down: the next one is queued without trying.
    await sync.syncNow()
    expect(sync.status().state).toBe('offline')
    const second = queued(
      await w.ok<PaymentResult>('transfer.toWallet', { phone: DEMO_PAYEE.phone, amountFen: 2_222, payPassword: PAY_PASSWORD }),
    )
    expect(await w.fails('scan.pay', { merchantId: 'M0001', amountFen: 100, payPassword: PAY_PASSWORD })).toMatchObject({
      code: 'OFFLINE',
    })

    bank = await startBank({ dataDir, port, clientSecret: bank.clientSecret })
    cleanups.push(() => bank.close())
    const done = await w.until<PaymentCompleted>(
      'payment.completed',
      (p) => p.source === 'outbox' && p.amountFen === 12_345,
      20_000,
    )
    await w.until<PaymentCompleted>('payment.completed', (p) => p.source === 'outbox' && p.amountFen === 2_222, 20_000)
    expect(done).toMatchObject({ kind: 'transfer_out', title: '转账给李*' })

    const finished = await outbox.list()
    for (const x of finished.filter((i) => i.id === id || i.id === second)) {
      expect(x.state).toBe('succeeded')
      expect(x.payload.payPassword).toBeUndefined()
    }
    const history = await bankHistory(bank, await w.token())
    expect(history.filter((t) => t.kind === 'transfer_out' && t.amountFen === 12_345)).toHaveLength(1)
    expect(history.filter((t) => t.kind === 'transfer_out' && t.amountFen === 2_222)).toHaveLength(1)
    expect(await ledgerBalanced(bank)).toBe(true)
    expect((await w.ok<PaymentLimits>('transfer.limits')).balanceFen).toBe(before - 12_345 - 2_222)
    // …and the payee went into the payee book once the transfer was made.
    expect((await w.ok<PayeeList>('payees.list')).payees).toMatchObject([
      { kind: 'wallet', account: '139****9000', transfers: 2 },
    ])
  })

  it('never charges twice when the bank commits a top-up and the answer is lost', async () => {
    const bank = await demoBank(cleanups)
    const w = await demoWallet(bank, cleanups)
    const card = (await w.ok<CardsList>('cards.list')).cards[0]!
    const before = (await w.ok<PaymentLimits>('transfer.limits')).balanceFen
    await setFaults(bank, { dropAfterCommitRate: 1, paths: ['/topup'] })

    const result = await w.ok<PaymentResult>('pay.topup', { cardId: card.cardId, amountFen: 7_771, payPassword: PAY_PASSWORD })
    const id = queued(result)
    const { outbox, sync } = await w.services()
    // The outbox sends it again under the first attempt's key: the bank answers from its idempotency store.
    await sync.syncNow()
    await setFaults(bank, {})
    await sync.syncNow()
    const sent = (await outbox.list()).find((i) => i.id === id)!
    expect(sent).toMatchObject({ state: 'succeeded' })
    await w.until<PaymentCompleted>('payment.completed', (p) => p.source === 'outbox' && p.kind === 'topup')

    const topups = (await bankHistory(bank, await w.token())).filter((t) => t.kind === 'topup' && t.amountFen === 7_771)
    expect(topups).toHaveLength(1)
    expect(sent.result).toMatchObject({ txId: topups[0]!.txId })
    expect((await w.ok<PaymentLimits>('transfer.limits')).balanceFen).toBe(before + 7_771)
    expect(await ledgerBalanced(bank)).toBe(true)
  })

  it('reports the bank’s reason when a queued payment is refused after reconnecting', async () => {
    const dataDir = tmp('bank-')
    let bank = await startBank({ dataDir, seed: 'demo' })
    const port = bank.port
    const w = await demoWallet(bank, cleanups)
    await bank.close()
    const id = queued(
      await w.ok<PaymentResult>('transfer.toCard', {
        pan: '6228480000111122222',
        name: '李娜',
        amountFen: 500,
        payPassword: '000001',
      }),
    )
    bank = await startBank({ dataDir, port, clientSecret: bank.clientSecret })
    cleanups.push(() => bank.close())
    const failed = await w.until<PaymentFailed>('payment.failed', (p) => p.outboxId === id, 20_000)
    expect(failed).toMatchObject({ kind: 'transfer.card', amountFen: 500, code: 'PAY_PASSWORD_WRONG' })
    expect((await w.ok<PayeeList>('payees.list')).payees).toEqual([])
  })
})
