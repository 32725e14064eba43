/**
 * Main's half of a restore (src/main/core/backup.ts): the user's lists are replaced all or none, the
 * previous ones can be put back, and a commit the process did not live to finish is finished at the
 * next start.
 */
import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { packBackup } from '../../../src/main/platform/backup'
import { createBackupService, type ListDoc, type UserListDocs } from '../../../src/main/core/backup'
import { createEventBus } from '../../../src/main/base/events'
import { createMemoryDocStore, type DocStore } from '../../../src/main/base/ports'
import { createSettingsService } from '../../../src/main/core/settings'
import { createMemorySecretStore } from '../../../src/main/platform/vault'
import { splitBackupPayload, type BackupUserLists } from '../../../src/shared/backup-payload'
import { DEFAULT_SETTINGS } from '../../../src/shared/contract/constants'
import { FAST_SCRYPT, PASSPHRASE, useTempDir } from './helpers'
import { samplePayload } from './sample'
import { deriveReplicaKeys } from '../../../src/main/platform/replica/sealer'

const REPLICA_DATA_KEY = Buffer.alloc(32, 7)

const tempDir = useTempDir()

/** Writes of a list in `failing.once` fail once, of a list in `failing.always` every time (a full disk, say). */
interface Failing {
  once: Set<string>
  always: Set<string>
}

function listDoc<T>(store: DocStore, name: string, empty: T, failing: Failing): ListDoc<T> {
  return {
    read: async () => (await store.read(name, z.custom<T>())) ?? empty,
    write: async (value) => {
      if (failing.always.has(name) || failing.once.delete(name)) throw new Error(`cannot write ${name}`)
      await store.write(name, value)
    },
  }
}

async function setup(store: DocStore = createMemoryDocStore()) {
  const failing: Failing = { once: new Set(), always: new Set() }
  const events = createEventBus()
  const settings = createSettingsService(store, events)
  const lists: UserListDocs = {
    payees: listDoc(store, 'payees', [], failing),
    households: listDoc(store, 'households', [], failing),
    cardLabels: listDoc(store, 'card-labels', [], failing),
  }
  const backup = createBackupService({
    dataDir: await tempDir(),
    store,
    secrets: createMemorySecretStore(),
    settings,
    lists,
    events,
    clock: { now: () => Date.UTC(2026, 0, 1) },
    version: 'test',
    files: { save: async () => ({ kind: 'cancelled' }) },
    replicaKeys: (owner) => deriveReplicaKeys(REPLICA_DATA_KEY, owner),
  })
  const read = async (): Promise<BackupUserLists> => ({
    payees: await lists.payees.read(),
    households: await lists.households.read(),
    cardLabels: await lists.cardLabels.read(),
    settings: await settings.get(),
  })
  return { store, backup, settings, lists, failing, read }
}

const mine: BackupUserLists = {
  payees: [],
  households: [
    {
      id: 'MINE',
      utility: 'gas',
      cityCode: '310100',
      city: '上海市',
      billerId: 'SH-GAS',
      billerName: '上海燃气',
      household: '2000000001',
      alias: '',
      createdAt: 1,
      lastPaidAt: null,
    },
  ],
  cardLabels: [{ cardId: 'MY-CARD', label: '我的卡' }],
  settings: { ...DEFAULT_SETTINGS, autoLockMinutes: 1 },
}

async function withMine(s: Awaited<ReturnType<typeof setup>>): Promise<void> {
  await s.lists.payees.write(mine.payees)
  await s.lists.households.write(mine.households)
  await s.lists.cardLabels.write(mine.cardLabels)
  await s.settings.set(mine.settings)
}

const payload = samplePayload(20)
const fromBackup = splitBackupPayload({ ...payload, settings: { ...payload.settings, theme: 'dark' } }).lists

async function opened(s: Awaited<ReturnType<typeof setup>>) {
  const { bytes } = await packBackup({ ...payload, settings: fromBackup.settings }, PASSPHRASE, { kdf: FAST_SCRYPT })
  const { uploadId } = s.backup.uploadBegin(bytes.length)
  s.backup.upload({ uploadId, at: 0, piece: bytes.toString('base64') })
  return s.backup.open({ kind: 'file', uploadId, passphrase: PASSPHRASE })
}

describe("main's half of a restore", () => {
  it('opens without changing anything, answers without whole numbers, and commits every list', async () => {
    const s = await setup()
    await withMine(s)
    const open = await opened(s)
    expect(JSON.stringify(open)).not.toContain(payload.payees[0]!.number)
    expect(JSON.stringify(open)).not.toContain(payload.payees[1]!.holder!)
    expect(await s.read()).toEqual(mine)
    const done = await s.backup.commitRestore(open.restoreId)
    expect(done.settings.theme).toBe('dark')
    expect(await s.read()).toEqual(fromBackup)
    // A retried commit changes nothing, and undo still goes back to the lists from before.
    await s.backup.commitRestore(open.restoreId)
    await s.backup.undoRestore()
    expect(await s.read()).toEqual(mine)
    await expect(s.backup.undoRestore()).rejects.toMatchObject({ code: 'NOT_FOUND' })
    // After an undo the same restore can be committed again (the renderer does so when its own undo failed).
    await s.backup.commitRestore(open.restoreId)
    expect(await s.read()).toEqual(fromBackup)
  })

  it.each(['payees', 'households', 'card-labels'])('puts every list back when writing %s fails', async (name) => {
    const s = await setup()
    await withMine(s)
    const open = await opened(s)
    s.failing.once.add(name)
    await expect(s.backup.commitRestore(open.restoreId)).rejects.toThrow(`cannot write ${name}`)
    expect(await s.read()).toEqual(mine)
    expect(await s.store.read('restore-journal', z.unknown())).toBeUndefined()
    await expect(s.backup.undoRestore()).rejects.toMatchObject({ code: 'NOT_FOUND' })
  })

  it('puts back what it can when a list cannot be written at all, and the rest at the next start', async () => {
    const store = createMemoryDocStore()
    const s = await setup(store)
    await withMine(s)
    s.failing.always.add('card-labels')
    await expect(s.backup.commitRestore((await opened(s)).restoreId)).rejects.toThrow('cannot write card-labels')
    expect(await s.read()).toEqual(mine)
    // The journal now says "back to the lists from before", for a start where the disk works again.
    expect(await store.read('restore-journal', z.unknown())).toMatchObject({ target: { households: mine.households } })
    const next = await setup(store)
    await next.backup.recover()
    expect(await next.read()).toEqual(mine)
    expect(await store.read('restore-journal', z.unknown())).toBeUndefined()
  })

  it('finishes at the next start a commit the process did not live to finish', async () => {
    const store = createMemoryDocStore()
    await withMine(await setup(store))
    // The process dies right after the payee book was written: nothing is written after that.
    let dead = false
    const dying: DocStore = {
      read: (name, schema) => store.read(name, schema),
      write: async (name, value) => {
        if (dead) throw new Error('killed')
        await store.write(name, value)
        if (name === 'payees') dead = true
      },
      remove: async (name) => {
        if (dead) throw new Error('killed')
        await store.remove(name)
      },
    }
    const crashed = await setup(dying)
    await expect(crashed.backup.commitRestore((await opened(crashed)).restoreId)).rejects.toThrow('killed')
    const next = await setup(store)
    expect((await next.read()).payees).toEqual(fromBackup.payees)
    expect((await next.read()).households).toEqual(mine.households)

    await next.backup.recover()
    const after = await setup(store)
    expect(await after.read()).toEqual(fromBackup)
    expect(await store.read('restore-journal', z.unknown())).toBeUndefined()
  })

  it('puts back a list whose write failed after it was written', async () => {
    const store = createMemoryDocStore()
    let lose = false
    const s = await setup({
      read: (name, schema) => store.read(name, schema),
      write: async (name, value) => {
        await store.write(name, value)
        if (name === 'households' && lose) {
          lose = false
          throw new Error('lost answer')
        }
      },
      remove: (name) => store.remove(name),
    })
    await withMine(s)
    lose = true
    await expect(s.backup.commitRestore((await opened(s)).restoreId)).rejects.toThrow('lost answer')
    expect(await s.read()).toEqual(mine)
  })

  it('forgets an unknown restore id', async () => {
    const s = await setup()
    await expect(s.backup.commitRestore('nope')).rejects.toMatchObject({ code: 'NOT_FOUND' })
  })
})
