/**
 * The backup store moves the sealed replica to and from main in chunks and restores both owners of the
 * data together (src/renderer/src/stores/backup.ts): the replica here, the user's lists in main. Main
 * is faked; the replica is real (fake-indexeddb) and its records sealed as main seals them (./seal-fixtures.ts).
 */
import { sealer } from '../sealed-replica'
import { openTxs } from '@renderer/db/seal'
import 'fake-indexeddb/auto'
import { beforeAll, beforeEach, describe, expect, it } from 'vitest'
import Dexie from 'dexie'
import { createPinia, setActivePinia } from 'pinia'
import type { ChannelName } from '@shared/contract'
import type { OpenedRestore, SealedRestorePage } from '@shared/contract/backup'
import { BACKUP_CHUNK_RECORDS, BACKUP_UPLOAD_PIECE_CHARS } from '@shared/contract/constants'
import type { Result } from '@shared/errors'
import { ApiError, setBridge } from '@renderer/api/client'
import { UNDO_DB_NAME } from '@renderer/db/backup'
import { clearReplica, readCursor } from '@renderer/db/replica'
import { openTx, setReplicaKey } from '@renderer/db/seal'
import { uploadBackupFile, useBackupStore } from '@renderer/stores/backup'
import { useSettingsStore } from '@renderer/stores/settings'
import { replica } from '@renderer/stores/sync'
import { createFakeBridge } from '../fake-bridge'
import { at, tx } from '../history/fixtures'
import { cursor, KEY, sealBalance, sealTx, sealTxs, terms } from './seal-fixtures'

const CHECK = KEY.check
beforeAll(() => setReplicaKey(KEY))

const R1 = tx({ id: 'R1', seq: 1, occurredAt: at(2026, 4, 1) })
const R2 = tx({ id: 'R2', seq: 2, occurredAt: at(2026, 4, 2) })
/** backup.open's answer: two pages (the second holds the balance and the dictionary). */
const pages: SealedRestorePage[] = [
  { transactions: [await sealTx(R1), await sealTx(R2)], balances: [], terms: [] },
  { transactions: [], balances: [await sealBalance({ seq: 2, at: 1, balanceFen: 500 })], terms: await terms([R1, R2]) },
]
const restoredCursor = cursor('restored')
const openedRestore: OpenedRestore = {
  restoreId: 'r1',
  summary: {} as OpenedRestore['summary'],
  pages: 2,
  counts: { transactions: 2, balances: 1, terms: pages[1]!.terms.length },
  sync: { cursor: restoredCursor, lastSeq: 2, lastSyncedAt: 3 },
  keyCheck: CHECK,
}
const backupSettings = { language: 'zh-CN', theme: 'dark', autoLockMinutes: 15, autoBackup: false } as const
const mySettings = { language: 'zh-CN', theme: 'light', autoLockMinutes: 5, autoBackup: false } as const
const ok = (value: unknown): Result<unknown> => ({ ok: true, value })
const fail = (code: 'STORE_CORRUPT' | 'NOT_FOUND' | 'INTERNAL'): Result<unknown> => ({
  ok: false,
  error: { code, message: code },
})
const myCursor = cursor('mine')

/** This computer's replica: `count` sealed rows M0…, as sync leaves them. */
async function mine(count = 1): Promise<void> {
  const db = replica()
  await clearReplica(db)
  const rows = Array.from({ length: count }, (_, i) => tx({ id: `M${i}`, seq: i + 1, occurredAt: at(2026, 3, 1) + i }))
  await db.sealedTx.bulkPut(await sealTxs(rows))
  await db.sealedBalances.bulkPut(
    await Promise.all(Array.from({ length: count }, (_, i) => sealBalance({ seq: i + 1, at: i, balanceFen: i }))),
  )
  await db.meta.bulkPut([
    { key: 'cursor', value: myCursor },
    { key: 'lastSeq', value: count },
    { key: 'keyCheck', value: CHECK },
  ])
}

const ids = async () => (await openTxs(await replica().sealedTx.toArray())).map((t) => t.id).sort()

function main(overrides: Partial<Record<ChannelName, (input: unknown) => Result<unknown>>> = {}) {
  const fake = createFakeBridge({
    'app.info': () => ok({ name: 'w', version: 't', platform: 'linux', shell: 'harness', bootId: 'boot-1' }),
    'backup.open': () => ok(openedRestore),
    'backup.openPage': (input) => ok({ json: JSON.stringify(pages[(input as { page: number }).page]) }),
    'backup.commitRestore': () => ok({ restoreId: 'r1', settings: backupSettings }),
    'backup.undoRestore': () => ok({ restoreId: 'r1', settings: mySettings }),
    'backup.stageBegin': () => ok({ stageId: 's1' }),
    'backup.stage': () => ok({ transactions: 0, balances: 0 }),
    'backup.create': () => ok({ fileName: 'f.iwbk', summary: {}, location: { kind: 'cancelled' } }),
    'backup.autoList': () => ok([]),
    'backup.autoRun': () => ok({ id: 'a', createdAt: 1, bytes: 1 }),
    'sync.attach': () => ok({ state: 'syncing', lastSyncedAt: null, nextRetryAt: null, pending: 0, lastError: null }),
    ...overrides,
  })
  setBridge(fake.bridge)
  return fake
}

const backupCalls = (fake: ReturnType<typeof main>) => fake.calls.map((c) => c.channel).filter((c) => c.startsWith('backup.'))
const source = { kind: 'file', uploadId: 'u1', passphrase: 'x' } as const

beforeEach(async () => {
  setActivePinia(createPinia())
  await Dexie.delete(UNDO_DB_NAME)
  await mine()
})

describe('backing up the sealed replica', () => {
  it('hands the sealed records to main in chunks, then asks for the backup with the counts and the sealed cursor', async () => {
    await mine(2 * BACKUP_CHUNK_RECORDS)
    const fake = main()
    await useBackupStore().create('a good passphrase')
    // 2 × 2 × BACKUP_CHUNK_RECORDS records (rows and balance snapshots): four chunks.
    expect(backupCalls(fake)).toEqual([
      'backup.stageBegin',
      'backup.stage',
      'backup.stage',
      'backup.stage',
      'backup.stage',
      'backup.create',
    ])
    const chunks = fake.calls
      .filter((c) => c.channel === 'backup.stage')
      .map((c) => c.input as SealedRestorePage & { stageId: string })
    for (const chunk of chunks) {
      expect(chunk.stageId).toBe('s1')
      expect(chunk.transactions.length + chunk.balances.length).toBeLessThanOrEqual(BACKUP_CHUNK_RECORDS)
    }
    expect(chunks.flatMap((c) => c.transactions)).toEqual(await replica().sealedTx.toArray())
    expect(chunks.flatMap((c) => c.balances)).toEqual(await replica().sealedBalances.toArray())
    expect(fake.calls.at(-1)!.input).toEqual({
      passphrase: 'a good passphrase',
      stageId: 's1',
      counts: { transactions: 2 * BACKUP_CHUNK_RECORDS, balances: 2 * BACKUP_CHUNK_RECORDS },
      sync: { cursor: myCursor, lastSeq: 2 * BACKUP_CHUNK_RECORDS, lastSyncedAt: null },
    })
  })
})

describe('restoring a backup into both owners', () => {
  it('reads every page, replaces the replica, then has main write its lists, and applies the restored settings', async () => {
    const fake = main()
    const store = useBackupStore()
    await store.restore(source)
    expect(await ids()).toEqual(['R1', 'R2'])
    expect(await openTx((await replica().sealedTx.get(sealer.rowKey('R2')))!)).toMatchObject(R2)
    expect(await replica().terms.count()).toBe(pages[1]!.terms.length)
    expect(await readCursor(replica())).toBe(restoredCursor)
    expect(backupCalls(fake)).toEqual(['backup.open', 'backup.openPage', 'backup.openPage', 'backup.commitRestore'])
    expect(fake.calls.find((c) => c.channel === 'backup.commitRestore')!.input).toEqual({ restoreId: 'r1' })
    expect(useSettingsStore().settings).toEqual(backupSettings)
    expect(store.undoAvailable).toBe(true)
    expect(fake.calls.find((c) => c.channel === 'sync.attach')!.input).toEqual({ cursor: restoredCursor })
  })

  it('writes nothing when a page does not come: no half restore, no commit', async () => {
    const fake = main({
      'backup.openPage': (input) =>
        (input as { page: number }).page === 1 ? fail('INTERNAL') : ok({ json: JSON.stringify(pages[0]) }),
    })
    await expect(useBackupStore().restore(source)).rejects.toBeInstanceOf(ApiError)
    expect(await ids()).toEqual(['M0'])
    expect(await readCursor(replica())).toBe(myCursor)
    expect(await Dexie.exists(UNDO_DB_NAME)).toBe(false)
    expect(fake.calls.some((c) => c.channel === 'backup.commitRestore')).toBe(false)
  })

  it('writes nothing when the pages do not add up to what main opened', async () => {
    const fake = main({ 'backup.open': () => ok({ ...openedRestore, counts: { ...openedRestore.counts, transactions: 3 } }) })
    await expect(useBackupStore().restore(source)).rejects.toThrow()
    expect(await ids()).toEqual(['M0'])
    expect(fake.calls.some((c) => c.channel === 'backup.commitRestore')).toBe(false)
  })

  it('puts the replica back when main cannot write its lists: nothing is half restored', async () => {
    main({ 'backup.commitRestore': () => fail('STORE_CORRUPT') })
    const store = useBackupStore()
    await expect(store.restore(source)).rejects.toBeInstanceOf(ApiError)
    expect(await ids()).toEqual(['M0'])
    expect(await readCursor(replica())).toBe(myCursor)
    expect(await Dexie.exists(UNDO_DB_NAME)).toBe(false)
    expect(store.undoAvailable).toBe(false)
  })

  it('changes nothing when main refuses the backup', async () => {
    const fake = main({ 'backup.open': () => fail('NOT_FOUND') })
    await expect(useBackupStore().restore(source)).rejects.toBeInstanceOf(ApiError)
    expect(await ids()).toEqual(['M0'])
    expect(fake.calls.some((c) => c.channel === 'backup.commitRestore')).toBe(false)
  })

  it('undoes both: main first, then the replica', async () => {
    const fake = main()
    const store = useBackupStore()
    await store.restore(source)
    await store.undo()
    expect(await ids()).toEqual(['M0'])
    expect(await readCursor(replica())).toBe(myCursor)
    expect(backupCalls(fake)).toEqual([
      'backup.open',
      'backup.openPage',
      'backup.openPage',
      'backup.commitRestore',
      'backup.undoRestore',
    ])
    expect(useSettingsStore().settings).toEqual(mySettings)
    expect(store.undoAvailable).toBe(false)
    expect(fake.calls.filter((c) => c.channel === 'sync.attach').at(-1)!.input).toEqual({ cursor: myCursor })
  })

  it('leaves the restore in place when main cannot undo its half', async () => {
    main({ 'backup.undoRestore': () => fail('NOT_FOUND') })
    const store = useBackupStore()
    await store.restore(source)
    await expect(store.undo()).rejects.toBeInstanceOf(ApiError)
    expect(await ids()).toEqual(['R1', 'R2'])
    expect(await Dexie.exists(UNDO_DB_NAME)).toBe(true)
  })
})

describe('a chosen file goes to main in pieces', () => {
  it('sends every byte once, in order, in pieces of at most BACKUP_UPLOAD_PIECE_CHARS', async () => {
    const file = new Uint8Array(2 * 1024 * 1024 + 5).map((_, i) => (i * 7919) % 251)
    const received: Buffer[] = []
    const fake = createFakeBridge({
      'backup.uploadBegin': (input) => {
        expect(input).toEqual({ bytes: file.length })
        return ok({ uploadId: 'u1' })
      },
      'backup.upload': (input) => {
        const { uploadId, at, piece } = input as { uploadId: string; at: number; piece: string }
        expect(uploadId).toBe('u1')
        expect(piece.length).toBeLessThanOrEqual(BACKUP_UPLOAD_PIECE_CHARS)
        expect(at).toBe(received.reduce((n, b) => n + b.length, 0))
        received.push(Buffer.from(piece, 'base64'))
        return ok({ received: at + received.at(-1)!.length })
      },
    })
    setBridge(fake.bridge)
    expect(await uploadBackupFile(new Blob([file]))).toBe('u1')
    expect(received).toHaveLength(3)
    expect(Buffer.concat(received).equals(Buffer.from(file))).toBe(true)
  })
})
