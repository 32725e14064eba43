import { describe, expect, it } from 'vitest'
import { amountBucket } from '@shared/contract/replica'
import { monthOf } from '@renderer/db/replica'
import { openBalance, openTerm, openTx, ReplicaUnreadableError } from '@renderer/db/seal'
import { sealer, testSealer, unlockReplica } from '../sealed-replica'

describe('main seals (Node crypto), the renderer opens (WebCrypto)', () => {
  const t = {
    id: 'T00042',
    seq: 42,
    occurredAt: 1_767_225_600_000,
    type: 'transfer_out' as const,
    direction: 'out' as const,
    amountFen: 200_000,
    discountFen: 150,
    status: 'succeeded' as const,
    title: '转账给李*',
    counterparty: '李*',
    counterpartyAccount: '139****9000',
    memo: '房租',
    category: 'transfer',
    channel: 'app',
    reference: 'REF-20260101-0042',
    balanceAfterFen: 98_765,
  }

  it('opens main’s rows, balances and dictionary entries under the key main hands over', async () => {
    expect(await openTx(sealer.sealTransaction(t))).toEqual({ ...t, key: sealer.rowKey(t.id), month: monthOf(t.occurredAt) })
    expect(await openBalance(sealer.sealBalance({ seq: 3, at: 4, balanceFen: 5 }))).toEqual({ seq: 3, at: 4, balanceFen: 5 })
    const terms = sealer.terms([t])
    expect((await Promise.all(terms.map(openTerm))).sort()).toEqual([String(amountBucket(t.amountFen)), '房租', '李*'].sort())
  })

  it('opens nothing main sealed for another customer', async () => {
    await unlockReplica(testSealer('W-OTHER'))
    await expect(openTx(sealer.sealTransaction(t))).rejects.toBeInstanceOf(ReplicaUnreadableError)
    await expect(openBalance(sealer.sealBalance({ seq: 3, at: 4, balanceFen: 5 }))).rejects.toBeInstanceOf(ReplicaUnreadableError)
    await expect(openTerm(sealer.terms([t])[0]!)).rejects.toBeInstanceOf(ReplicaUnreadableError)
  })
})
