/**
 * A staged backup (src/main/platform/backup/jobs.ts) opens, checks and compresses each chunk as it comes;
 * the file it makes is an ordinary backup: decodeBackup reads the same payload back.
 */
import { randomBytes } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { decodeBackup } from '../../../src/main/platform/backup'
import { createStager, runOpen, type PayloadHead } from '../../../src/main/platform/backup/jobs'
import { createReplicaSealer, deriveReplicaKeys } from '../../../src/main/platform/replica/sealer'
import { samplePayload } from './sample'

const keys = deriveReplicaKeys(randomBytes(32), '0021000012345678')
const sealer = createReplicaSealer(keys)

function staged(count: number) {
  const payload = samplePayload(count)
  const { transactions, balances, sync, ...head } = payload
  return {
    payload,
    head: head satisfies PayloadHead,
    transactions: transactions.map((t) => sealer.sealTransaction(t)),
    balances: balances.map((b) => sealer.sealBalance(b)),
    sync: { ...sync, cursor: sealer.wrapCursor(sync.cursor) },
  }
}

describe('a staged backup', () => {
  it('makes a file that opens to the payload, whatever the chunks', async () => {
    const s = staged(1234)
    const stager = createStager(keys)
    stager.add({ transactions: s.transactions.slice(0, 500), balances: [] })
    stager.add({ transactions: s.transactions.slice(500), balances: s.balances.slice(0, 3) })
    stager.add({ transactions: [], balances: s.balances.slice(3) })
    const key = randomBytes(32)
    const { bytes, summary } = await stager.pack({ secret: key, head: s.head, sync: s.sync })
    const opened = await decodeBackup(bytes, key)
    expect(opened.payload).toEqual(s.payload)
    expect(summary.counts.transactions).toBe(1234)
    // The summary the renderer sees carries the cursor sealed.
    expect(summary.syncCursor).toBe(s.sync.cursor)
    // And the restore re-seals what the backup holds.
    const back = await runOpen({ kind: 'open', keys, secret: key, bytes, pageRecords: 500 })
    expect(back.kind === 'opened' && back.counts).toEqual({
      transactions: 1234,
      balances: s.balances.length,
      terms: expect.any(Number),
    })
  })

  it('makes a file of an empty replica', async () => {
    const s = staged(0)
    const stager = createStager(keys)
    const key = randomBytes(32)
    const { bytes } = await stager.pack({ secret: key, head: s.head, sync: s.sync })
    expect((await decodeBackup(bytes, key)).payload).toEqual(s.payload)
  })

  it('refuses a transaction staged twice', async () => {
    const s = staged(10)
    const stager = createStager(keys)
    stager.add({ transactions: s.transactions, balances: [] })
    stager.add({ transactions: s.transactions.slice(3, 4), balances: [] })
    await expect(stager.pack({ secret: randomBytes(32), head: s.head, sync: s.sync })).rejects.toMatchObject({
      code: 'INVALID_INPUT',
      details: { path: 'transactions', issue: 'duplicate key' },
    })
  })

  it('refuses records or a cursor sealed under other keys', async () => {
    const s = staged(3)
    const other = createReplicaSealer(deriveReplicaKeys(randomBytes(32), 'another'))
    const foreign = createStager(keys)
    foreign.add({ transactions: [other.sealTransaction(s.payload.transactions[0]!)], balances: [] })
    await expect(foreign.pack({ secret: randomBytes(32), head: s.head, sync: s.sync })).rejects.toMatchObject({
      code: 'REPLICA_KEY_MISMATCH',
    })
    const cursor = createStager(keys)
    await expect(
      cursor.pack({ secret: randomBytes(32), head: s.head, sync: { ...s.sync, cursor: other.wrapCursor('c') } }),
    ).rejects.toMatchObject({ code: 'REPLICA_KEY_MISMATCH' })
  })
})
