import { afterAll, describe, expect, it } from 'vitest'
import type { CardsList, OutboxView, PaymentDone, PaymentResult } from '../../../src/shared/contract'
import type { OutboxItem } from '../../../src/main/platform/sync/outbox'
import { startNetCut } from '../../support/net-cut'
import { setFaults } from '../../support/wallet'
import {
  bankHistory,
  DAY_MS,
  demoBank,
  demoWallet,
  HOUR_MS,
  LONG_SESSIONS,
  PAY_PASSWORD,
  postings,
  QUIET_SYNC,
  type Cleanup,
} from './helpers'

/*
 * A payment whose answer was lost is settled by asking the bank for the outcome under its key,
 * never by sending it again after the bank may have forgotten the key; a second press while the
 * first is still at the bank joins it. Postings are counted at the bank.
 */
const cleanups: Cleanup[] = []
afterAll(async () => {
  for (const c of cleanups.splice(0).reverse()) await c()
})

const isTopup = (method: string, path: string) => method === 'POST' && path === '/topup'

async function setup() {
  const bank = await demoBank(cleanups, { config: LONG_SESSIONS })
  const net = await startNetCut(() => bank.url)
  cleanups.push(() => net.close())
  const w = await demoWallet(bank, cleanups, { via: net.url, sync: QUIET_SYNC })
  const { outbox, sync } = await w.services()
  const cardId = (await w.ok<CardsList>('cards.list')).cards[0]!.cardId
  const topup = (amountFen: number) => ({ cardId, amountFen, payPassword: PAY_PASSWORD })
  const item = async (id: string): Promise<OutboxItem> => (await outbox.list()).find((i) => i.id === id)!
  const count = async (amountFen: number) => postings(bank, await w.token(), amountFen)
  return { bank, net, w, outbox, sync, topup, item, count }
}

function queuedId(result: PaymentResult): string {
  if (!result.queued) throw new Error(`expected the payment to be queued: ${JSON.stringify(result)}`)
  return result.outboxId
}

describe('a payment happens once, however long the wallet was away', () => {
  it('finds a top-up the bank committed before its answer was lost, 25 hours later, instead of making it again', async () => {
    const { bank, net, w, sync, topup, item, count } = await setup()
    // The bank commits the top-up and the connection drops; then the network is gone.
    await setFaults(bank, { dropAfterCommitRate: 1, paths: ['/topup'] })
    net.cutAfter(isTopup)
    const id = queuedId(await w.ok<PaymentResult>('pay.topup', topup(7_001)))
    await sync.syncNow()
    expect((await item(id)).state).toBe('queued')
    expect(await count(7_001)).toBe(1)

    // A day and an hour later (past the bank's 24 h replay window) the network is back.
    await setFaults(bank, {})
    await bank.clock.advance(25 * HOUR_MS)
    net.restore()
    await sync.syncNow()

    const settled = await item(id)
    expect(settled.state).toBe('succeeded')
    expect(await count(7_001)).toBe(1)
    const [posting] = (await bankHistory(bank, await w.token())).filter((t) => t.kind === 'topup' && t.amountFen === 7_001)
    expect(settled.result).toMatchObject({ txId: posting!.txId })
  })

  it('parks a payment the bank committed before its answer was lost, once the bank has forgotten it (31 days): no second posting', async () => {
    const { bank, net, w, sync, topup, item, count } = await setup()
    await setFaults(bank, { dropAfterCommitRate: 1, paths: ['/topup'] })
    net.cutAfter(isTopup)
    const id = queuedId(await w.ok<PaymentResult>('pay.topup', topup(7_002)))
    await setFaults(bank, {})

    await bank.clock.advance(31 * DAY_MS)
    net.restore()
    await sync.syncNow()
    expect((await item(id)).state).toBe('needs-confirmation')
    expect(await count(7_002)).toBe(1)
    expect((await w.ok<OutboxView[]>('outbox.list')).find((v) => v.id === id)).toMatchObject({ state: 'needs-confirmation' })
    // A parked item is not waiting to be sent, and nothing sends it by itself.
    expect(sync.status().pending).toBe(0)
    await sync.syncNow()
    expect((await item(id)).state).toBe('needs-confirmation')
    expect(await count(7_002)).toBe(1)
    // The same top-up pressed again joins it rather than paying again.
    expect(await w.ok<PaymentResult>('pay.topup', topup(7_002))).toMatchObject({
      queued: true,
      outboxId: id,
      status: 'needs-confirmation',
    })

    // The user checked the card statement and saw it went through: 取消.
    expect(await w.ok<OutboxView>('outbox.cancel', { id })).toMatchObject({ state: 'cancelled' })
    await sync.syncNow()
    expect(await count(7_002)).toBe(1)
  })

  it('parks a payment that never reached the bank just the same after 31 days, and sends it again (same key) only when the user confirms', async () => {
    const { bank, net, w, sync, topup, item, count } = await setup()
    net.cut()
    const id = queuedId(await w.ok<PaymentResult>('pay.topup', topup(7_003)))
    const queued = await item(id)
    expect(queued.attempts).toBeGreaterThan(0)

    await bank.clock.advance(31 * DAY_MS)
    net.restore()
    await sync.syncNow()
    const parked = await item(id)
    expect(parked.state).toBe('needs-confirmation')
    expect(parked.payload.payPassword).toBeUndefined()
    expect(await count(7_003)).toBe(0)

    expect(await w.fails('outbox.resend', { id, payPassword: PAY_PASSWORD })).toMatchObject({ code: 'INVALID_INPUT' })
    expect(await w.ok<OutboxView>('outbox.resend', { id, confirm: true, payPassword: PAY_PASSWORD })).toMatchObject({
      state: 'queued',
    })
    await sync.syncNow()
    const resent = await item(id)
    expect(resent).toMatchObject({ state: 'succeeded', idempotencyKey: queued.idempotencyKey })
    expect(await count(7_003)).toBe(1)
    // Only a parked item can be sent again by hand.
    expect(await w.fails('outbox.resend', { id, confirm: true, payPassword: PAY_PASSWORD })).toMatchObject({
      code: 'OUTBOX_NOT_RESENDABLE',
    })
  })

  it('joins a second and a third press of the same top-up while the first is still at the bank: one posting', async () => {
    const { bank, w, topup, count } = await setup()
    await setFaults(bank, { latencyMs: 2_500, paths: ['/topup'] })
    const first = w.call('pay.topup', topup(7_004))
    await new Promise((r) => setTimeout(r, 300))
    const second = w.call('pay.topup', topup(7_004))
    await new Promise((r) => setTimeout(r, 300))
    const third = w.call('pay.topup', topup(7_004))
    const answers = await Promise.all([first, second, third])
    await setFaults(bank, {})
    const txIds = answers.map((a) =>
      a.ok && !(a.value as PaymentResult).queued ? (a.value as PaymentDone).transaction.txId : JSON.stringify(a),
    )
    expect(new Set(txIds).size).toBe(1)
    expect(await count(7_004)).toBe(1)
  })
})
