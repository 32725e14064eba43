/**
 * The backup store restores both owners of the data together (src/renderer/src/stores/backup.ts): the
 * replica here, the user's lists in main. Main is faked; the replica is real (fake-indexeddb).
 */
import 'fake-indexeddb/auto'
import { beforeEach, describe, expect, it } from 'vitest'
import Dexie from 'dexie'
import { createPinia, setActivePinia } from 'pinia'
import type { ChannelName } from '@shared/contract'
import type { ReplicaExport } from '@shared/contract/backup'
import type { Result } from '@shared/errors'
import { ApiError, setBridge } from '@renderer/api/client'
import { UNDO_DB_NAME } from '@renderer/db/backup'
import { applyPage, clearReplica, readCursor } from '@renderer/db/replica'
import { useBackupStore } from '@renderer/stores/backup'
import { useSettingsStore } from '@renderer/stores/settings'
import { replica } from '@renderer/stores/sync'
import { createFakeBridge } from '../fake-bridge'
import { at, tx } from '../history/fixtures'

const restored: ReplicaExport = {
  transactions: [tx({ id: 'R1', seq: 1, occurredAt: at(2026, 4, 1) }), tx({ id: 'R2', seq: 2, occurredAt: at(2026, 4, 2) })],
  balances: [{ seq: 2, at: 1, balanceFen: 500 }],
  sync: { cursor: 'restored', lastSeq: 2, lastSyncedAt: 3 },
}
const backupSettings = { language: 'zh-CN', theme: 'dark', autoLockMinutes: 15, autoBackup: false } as const
const mySettings = { language: 'zh-CN', theme: 'light', autoLockMinutes: 5, autoBackup: false } as const
const ok = (value: unknown): Result<unknown> => ({ ok: true, value })
const fail = (code: 'STORE_CORRUPT' | 'NOT_FOUND'): Result<unknown> => ({ ok: false, error: { code, message: code } })

async function mine(): Promise<void> {
  await clearReplica(replica())
  await applyPage(replica(), {
    fromCursor: null,
    nextCursor: 'mine',
    transactions: [tx({ id: 'M1', seq: 1, occurredAt: at(2026, 3, 1) })],
    balances: [],
    hasMore: false,
    remaining: 0,
  })
}

const ids = async () => (await replica().transactions.toArray()).map((t) => t.id).sort()

function main(overrides: Partial<Record<ChannelName, (input: unknown) => Result<unknown>>> = {}) {
  const fake = createFakeBridge({
    'app.info': () => ok({ name: 'w', version: 't', platform: 'linux', shell: 'harness', bootId: 'boot-1' }),
    'backup.open': () => ok({ restoreId: 'r1', summary: {}, replica: restored }),
    'backup.commitRestore': () => ok({ restoreId: 'r1', settings: backupSettings }),
    'backup.undoRestore': () => ok({ restoreId: 'r1', settings: mySettings }),
    'sync.attach': () => ok({ state: 'syncing', lastSyncedAt: null, nextRetryAt: null, pending: 0, lastError: null }),
    ...overrides,
  })
  setBridge(fake.bridge)
  return fake
}

const source = { kind: 'file', bytes: 'AA==', passphrase: 'x' } as const

beforeEach(async () => {
  setActivePinia(createPinia())
  await Dexie.delete(UNDO_DB_NAME)
  await mine()
})

describe('restoring a backup into both owners', () => {
  it('replaces the replica, then has main write its lists, and applies the restored settings', async () => {
    const fake = main()
    const store = useBackupStore()
    await store.restore(source)
    expect(await ids()).toEqual(['R1', 'R2'])
    expect(await readCursor(replica())).toBe('restored')
    expect(fake.calls.map((c) => c.channel).filter((c) => c.startsWith('backup.'))).toEqual([
      'backup.open',
      'backup.commitRestore',
    ])
    expect(fake.calls.find((c) => c.channel === 'backup.commitRestore')!.input).toEqual({ restoreId: 'r1' })
    expect(useSettingsStore().settings).toEqual(backupSettings)
    expect(store.undoAvailable).toBe(true)
    expect(fake.calls.find((c) => c.channel === 'sync.attach')!.input).toEqual({ cursor: 'restored' })
  })

  it('puts the replica back when main cannot write its lists: nothing is half restored', async () => {
    main({ 'backup.commitRestore': () => fail('STORE_CORRUPT') })
    const store = useBackupStore()
    await expect(store.restore(source)).rejects.toBeInstanceOf(ApiError)
    expect(await ids()).toEqual(['M1'])
    expect(await readCursor(replica())).toBe('mine')
    expect(await Dexie.exists(UNDO_DB_NAME)).toBe(false)
    expect(store.undoAvailable).toBe(false)
  })

  it('changes nothing when main refuses the backup', async () => {
    const fake = main({ 'backup.open': () => fail('NOT_FOUND') })
    await expect(useBackupStore().restore(source)).rejects.toBeInstanceOf(ApiError)
    expect(await ids()).toEqual(['M1'])
    expect(fake.calls.some((c) => c.channel === 'backup.commitRestore')).toBe(false)
  })

  it('undoes both: main first, then the replica', async () => {
    const fake = main()
    const store = useBackupStore()
    await store.restore(source)
    await store.undo()
    expect(await ids()).toEqual(['M1'])
    expect(await readCursor(replica())).toBe('mine')
    expect(fake.calls.map((c) => c.channel).filter((c) => c.startsWith('backup.'))).toEqual([
      'backup.open',
      'backup.commitRestore',
      'backup.undoRestore',
    ])
    expect(useSettingsStore().settings).toEqual(mySettings)
    expect(store.undoAvailable).toBe(false)
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
