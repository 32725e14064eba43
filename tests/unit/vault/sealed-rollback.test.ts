import { randomBytes } from 'node:crypto'
import { copyFile, readFile, rename, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { createSealedStore, type CorruptEvent } from '../../../src/main/platform/vault/sealed-store'
import { createMemorySecretStore, generationAccount, type SecretStore } from '../../../src/main/platform/vault/secret-store'
import { manualClock, useTempDir } from './helpers'

/*
 * Named documents carry a generation number, bound into the AES-GCM associated data, and the highest
 * one written is kept in the secret store beside the data key: a copy of an older file put back (an
 * older unlock.sealed with fewer failures, an older outbox with a finished payment still queued) is
 * refused, by its previous generation too, while a crash at any point never refuses the latest write.
 */
const tempDir = useTempDir()
const Doc = z.object({ n: z.number() })

/** A secret store whose writes can be made to fail, as a process killed between two steps would leave it. */
function failingSecrets(inner: SecretStore = createMemorySecretStore()) {
  const control = { failSets: false }
  const store: SecretStore = {
    get: (account) => inner.get(account),
    set: async (account, value) => {
      if (control.failSets) throw new Error('killed before the counter was raised')
      await inner.set(account, value)
    },
    delete: (account) => inner.delete(account),
    describe: () => inner.describe(),
  }
  return { store, control, inner }
}

async function setup() {
  const dir = join(await tempDir(), 'state')
  const dataKey = randomBytes(32)
  const secrets = failingSecrets()
  const events: CorruptEvent[] = []
  const open = (documents: Record<string, { previousAfterDamage: boolean }> = { doc: { previousAfterDamage: true } }) =>
    createSealedStore({
      dir,
      dataKey,
      clock: manualClock(),
      onCorrupt: (e) => events.push(e),
      generations: { secrets: secrets.store, documents },
    })
  const current = join(dir, 'doc.sealed')
  const previous = join(dir, 'doc.sealed.prev')
  const saved = (n: number) => join(dir, `..`, `doc.${n}.copy`)
  return { dir, dataKey, secrets, events, open, current, previous, saved }
}

describe('sealed store: generation counter against rollback', () => {
  it('raises the stored number with every write and binds it into the file', async () => {
    const { open, secrets, current, events } = await setup()
    const store = open()
    for (let n = 1; n <= 3; n++) await store.write('doc', { n })
    expect(await secrets.inner.get(generationAccount('doc'))).toBe('3')
    // The header says format 2 and generation 3; changing the number breaks authentication.
    const bytes = await readFile(current)
    expect(bytes[4]).toBe(2)
    expect(bytes.readBigUInt64BE(5)).toBe(3n)
    bytes.writeBigUInt64BE(9n, 5)
    await writeFile(current, bytes)
    expect(await open().read('doc', Doc)).toEqual({ n: 2 })
    expect(events).toEqual([{ name: 'doc', generation: 'current', reason: 'auth' }])
  })

  it('refuses an older copy put back, and does not fall back to the previous generation either', async () => {
    const { open, current, previous, saved, events } = await setup()
    const store = open()
    await store.write('doc', { n: 1 })
    await copyFile(current, saved(1))
    await store.write('doc', { n: 2 })
    await store.write('doc', { n: 3 })
    await copyFile(saved(1), current)

    // As after a restart: a new store over the same folder and secret store.
    const again = open()
    expect(await again.read('doc', Doc)).toBeUndefined()
    expect(events).toEqual([
      { name: 'doc', generation: 'current', reason: 'rollback' },
      { name: 'doc', generation: 'previous', reason: 'rollback' },
    ])
    // The next write replaces it, above the stored number, and reads back.
    await again.write('doc', { n: 4 })
    expect(await open().read('doc', Doc)).toEqual({ n: 4 })
    // An older previous generation put back beside it is no way around it either.
    await copyFile(saved(1), previous)
    await rm(current)
    events.length = 0
    expect(await open().read('doc', Doc)).toBeUndefined()
    expect(events).toEqual([{ name: 'doc', generation: 'previous', reason: 'rollback' }])
  })

  it('a crash between writing the file and raising the stored number, or between the renames, still reads the latest write', async () => {
    const { open, secrets, current, previous, events } = await setup()
    const store = open()
    await store.write('doc', { n: 1 })
    secrets.control.failSets = true
    await expect(store.write('doc', { n: 2 })).rejects.toThrow('killed')
    secrets.control.failSets = false
    expect(await secrets.inner.get(generationAccount('doc'))).toBe('1')

    const again = open()
    expect(await again.read('doc', Doc)).toEqual({ n: 2 })
    // Reading raised the stored number, so the write before it is now refused.
    expect(await secrets.inner.get(generationAccount('doc'))).toBe('2')
    await again.write('doc', { n: 3 })
    expect(await secrets.inner.get(generationAccount('doc'))).toBe('3')

    // Killed between the two renames of the next write (the current file moved to .prev, the new one
    // not yet in place, the stored number not raised): the previous generation is the stored one.
    await rename(current, previous)
    events.length = 0
    expect(await open().read('doc', Doc)).toEqual({ n: 3 })
    expect(events).toEqual([])
  })

  it('.prev rule: the real previous generation (stored − 1) stands in for a damaged current file; an older one does not', async () => {
    const { open, current, previous, saved, events } = await setup()
    const store = open()
    await store.write('doc', { n: 1 })
    await copyFile(current, saved(1))
    await store.write('doc', { n: 2 })
    await store.write('doc', { n: 3 })
    const damage = async () => {
      const bytes = await readFile(current)
      bytes[bytes.length - 1]! ^= 1
      await writeFile(current, bytes)
    }
    await damage()
    expect(await open().read('doc', Doc)).toEqual({ n: 2 })
    expect(events).toEqual([{ name: 'doc', generation: 'current', reason: 'auth' }])

    // Two generations back is not the real previous one: damage cannot be used to roll back further.
    await copyFile(saved(1), previous)
    events.length = 0
    expect(await open().read('doc', Doc)).toBeUndefined()
    expect(events).toEqual([
      { name: 'doc', generation: 'current', reason: 'auth' },
      { name: 'doc', generation: 'previous', reason: 'rollback' },
    ])
  })

  it('a document that allows no previous generation after damage refuses it (the unlock document)', async () => {
    const { open, current, events } = await setup()
    const strict = () => open({ doc: { previousAfterDamage: false } })
    await strict().write('doc', { n: 1 })
    await strict().write('doc', { n: 2 })
    const bytes = await readFile(current)
    bytes[bytes.length - 1]! ^= 1
    await writeFile(current, bytes)
    expect(await strict().read('doc', Doc)).toBeUndefined()
    expect(events).toEqual([
      { name: 'doc', generation: 'current', reason: 'auth' },
      { name: 'doc', generation: 'previous', reason: 'rollback' },
    ])
  })

  it('a document written before the counter is read until the store holds a number for it, then refused', async () => {
    const { dir, dataKey, open, current, saved, events } = await setup()
    await createSealedStore({ dir, dataKey }).write('doc', { n: 1 })
    await copyFile(current, saved(1))
    expect(await open().read('doc', Doc)).toEqual({ n: 1 })
    await open().write('doc', { n: 2 })
    await copyFile(saved(1), current)
    expect(await open().read('doc', Doc)).toBeUndefined()
    expect(events.map((e) => e.reason)).toContain('rollback')
  })

  it('a removed document stays removed: its old file put back is refused', async () => {
    const { open, current, saved } = await setup()
    const store = open()
    await store.write('doc', { n: 1 })
    await copyFile(current, saved(1))
    await store.remove('doc')
    await copyFile(saved(1), current)
    expect(await open().read('doc', Doc)).toBeUndefined()
  })

  it('documents without a counter keep format 1 and need no secret store', async () => {
    const { open, dir, secrets } = await setup()
    await open().write('other', { n: 1 })
    expect((await readFile(join(dir, 'other.sealed')))[4]).toBe(1)
    expect(await secrets.inner.get(generationAccount('other'))).toBeUndefined()
  })
})
