import { describe, expect, it } from 'vitest'
import { createSyncEngine } from '../../../src/main/platform/sync/engine'
import { incomingTransfers, toSyncPage, type IncomingTransfer } from '../../../src/main/platform/sync/mapping'
import { createReplicaSealer, deriveReplicaKeys } from '../../../src/main/platform/replica/sealer'
import { createEventBus } from '../../../src/main/base/events'
import type { BankClient } from '../../../src/main/platform/bank/client'
import type { Outbox } from '../../../src/main/platform/sync/outbox'
import type { ChangeItem, ChangesResponse, Transaction } from '../../../src/shared/bank-api'
import type { SyncPage } from '../../../src/shared/contract/sync'

let seq = 0
function tx(patch: Partial<Transaction> & Pick<Transaction, 'txId' | 'kind' | 'direction'>): ChangeItem {
  return {
    type: 'transaction',
    seq: ++seq,
    transaction: {
      amountFen: 10_000,
      discountFen: 0,
      status: 'succeeded',
      category: 'transfer',
      title: '转账',
      counterparty: { kind: 'wallet', name: '李四' },
      createdAt: 1_700_000_000_000 + seq,
      updatedAt: 1_700_000_000_000 + seq,
      balanceAfterFen: 0,
      ...patch,
    } as Transaction,
  }
}

const page = (items: ChangeItem[], nextCursor: string, hasMore = false): ChangesResponse => ({
  items,
  nextCursor,
  hasMore,
  remaining: 0,
})

describe('incomingTransfers', () => {
  const items = [
    tx({ txId: 'in-1', kind: 'transfer_in', direction: 'in', amountFen: 50_000 }),
    tx({ txId: 'out-1', kind: 'transfer_out', direction: 'out' }),
    tx({ txId: 'topup-1', kind: 'topup', direction: 'in' }),
    tx({ txId: 'in-pending', kind: 'transfer_in', direction: 'in', status: 'pending' }),
  ]

  it('picks the succeeded transfers into the wallet of a page that continues a replica', () => {
    expect(incomingTransfers(toSyncPage('5', page(items, '9')))).toEqual<IncomingTransfer[]>([
      { txId: 'in-1', amountFen: 50_000, counterparty: '李四', occurredAt: expect.any(Number) as number },
    ])
  })

  it('finds none on a replica’s first sync: the whole history is not news', () => {
    expect(incomingTransfers(toSyncPage(null, page(items, '9')))).toEqual([])
  })
})

describe('the sync engine announces incoming transfers', () => {
  it('once each, after the renderer applied their page, never from the first sync', async () => {
    const sealer = createReplicaSealer(deriveReplicaKeys(Buffer.alloc(32, 1), 'W-TEST'))
    // The bank's feed by cursor: the history (with an old incoming transfer), and nothing after it yet.
    const feed = new Map<string | undefined, ChangesResponse>([
      [undefined, page([tx({ txId: 'old-in', kind: 'transfer_in', direction: 'in' })], '1')],
      ['1', page([], '1')],
      ['2', page([], '2')],
    ])
    const bank = {
      call: async (_name: string, req: { query: { cursor?: string } }) => feed.get(req.query.cursor),
    } as unknown as BankClient
    const outbox = {
      drain: async () => ({ succeeded: 0, rejected: 0, parked: 0, stoppedOn: null }),
      pendingCount: async () => 0,
    } as unknown as Outbox
    const events = createEventBus()
    const announced: IncomingTransfer[][] = []
    const engine = createSyncEngine({
      bank,
      token: async () => 'token',
      outbox,
      sealer: async () => sealer,
      events,
      clock: { now: () => 0 },
      periodMs: 3_600_000,
      onIncoming: (t) => announced.push(t),
    })
    const applied: SyncPage[] = []
    events.subscribe((name, payload) => {
      if (name !== 'sync.page') return
      const p = payload as SyncPage
      applied.push(p)
      // The renderer applies each page and acknowledges it.
      queueMicrotask(() => engine.ack({ cursor: p.nextCursor, outcome: 'applied', replicaCursor: p.nextCursor }))
    })

    engine.attach(null)
    await engine.syncNow()
    expect(applied.length).toBeGreaterThanOrEqual(1)
    expect(announced).toEqual([])

    // Someone sends money: the next round from the replica's cursor brings it.
    feed.set('1', page([tx({ txId: 'new-in', kind: 'transfer_in', direction: 'in', amountFen: 888 })], '2'))
    await engine.syncNow()
    expect(announced).toEqual([[expect.objectContaining({ txId: 'new-in', amountFen: 888, counterparty: '李四' })]])

    // The same page pulled again (a reload attaches at the older cursor): not news twice.
    engine.attach(sealer.wrapCursor('1'))
    await engine.syncNow()
    expect(announced).toHaveLength(1)
    expect(applied.length).toBeGreaterThanOrEqual(3)
    engine.stop()
  })
})
