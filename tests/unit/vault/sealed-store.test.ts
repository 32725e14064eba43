import { randomBytes } from 'node:crypto'
import { copyFile, readdir, readFile, rename, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { createSealedStore, discardSealedData, hasSealedData, type CorruptEvent } from '../../../src/main/platform/vault/sealed-store'
import { expectAppError, manualClock, useTempDir } from './helpers'
import { sealedPlaintext } from '../../support/sealed-files'

const tempDir = useTempDir()
const Doc = z.object({ n: z.number(), text: z.string() })

async function setup() {
  const dir = join(await tempDir(), 'state')
  const key = randomBytes(32)
  const events: CorruptEvent[] = []
  const store = createSealedStore({ dir, dataKey: key, clock: manualClock(), onCorrupt: (e) => events.push(e) })
  return { dir, key, events, store, current: join(dir, 'doc.sealed'), previous: join(dir, 'doc.sealed.prev') }
}

describe('sealed store', () => {
  it('round-trips JSON documents', async () => {
    const { store } = await setup()
    expect(await store.read('doc', Doc)).toBeUndefined()
    await store.write('doc', { n: 1, text: '余额 ¥1,234.56 🏦' })
    expect(await store.read('doc', Doc)).toEqual({ n: 1, text: '余额 ¥1,234.56 🏦' })
    await store.write('doc', { n: 2, text: 'second' })
    expect(await store.read('doc', Doc)).toEqual({ n: 2, text: 'second' })
  })

  it('round-trips any JSON value under any valid name (property)', async () => {
    const { store } = await setup()
    const name = fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/)
    await fc.assert(
      fc.asyncProperty(name, fc.jsonValue(), async (docName, value) => {
        await store.write(docName, value)
        expect(await store.read(docName, z.unknown())).toEqual(JSON.parse(JSON.stringify(value)))
      }),
      { numRuns: 60 },
    )
  })

  it('writes nothing readable to disk, and a new instance with the same key reads it', async () => {
    const { dir, key, store, current } = await setup()
    await store.write('doc', { n: 7, text: 'PLAINTEXT-MARKER' })
    const bytes = await readFile(current)
    expect(bytes.toString('latin1')).not.toContain('PLAINTEXT')
    expect(bytes.subarray(0, 5)).toEqual(Buffer.from([0x49, 0x43, 0x57, 0x53, 1]))
    expect(await createSealedStore({ dir, dataKey: key }).read('doc', Doc)).toEqual({ n: 7, text: 'PLAINTEXT-MARKER' })
  })

  it('uses a fresh nonce for every write', async () => {
    const { store, current } = await setup()
    const nonces = new Set<string>()
    for (let i = 0; i < 20; i++) {
      await store.write('doc', { n: 1, text: 'same' })
      nonces.add((await readFile(current)).subarray(5, 17).toString('hex'))
    }
    expect(nonces.size).toBe(20)
  })

  it('keeps the previous generation', async () => {
    const { store, current, previous, dir, key } = await setup()
    await store.write('doc', { n: 1, text: 'a' })
    await store.write('doc', { n: 2, text: 'b' })
    await rename(previous, current)
    expect(await createSealedStore({ dir, dataKey: key }).read('doc', Doc)).toEqual({ n: 1, text: 'a' })
    expect(await readdir(dir)).toEqual(['doc.sealed'])
  })

  it('binds the document name: a file copied under another name does not open', async () => {
    const { store, dir, events } = await setup()
    await store.write('settings', { n: 1, text: 'a' })
    await copyFile(join(dir, 'settings.sealed'), join(dir, 'outbox.sealed'))
    await expectAppError(store.read('outbox', Doc), 'STORE_CORRUPT')
    expect(events).toEqual([{ name: 'outbox', generation: 'current', reason: 'auth' }])
  })

  it('does not open under another data key', async () => {
    const { store, dir } = await setup()
    await store.write('doc', { n: 1, text: 'a' })
    await expectAppError(createSealedStore({ dir, dataKey: randomBytes(32) }).read('doc', Doc), 'STORE_CORRUPT')
  })

  it('flipping any single byte of the file reports STORE_CORRUPT and returns the previous generation', async () => {
    const { store, current, events } = await setup()
    await store.write('doc', { n: 1, text: 'old' })
    await store.write('doc', { n: 2, text: 'new' })
    const pristine = await readFile(current)
    expect(pristine.length).toBeLessThan(100)
    for (let i = 0; i < pristine.length; i++) {
      for (const mask of [0x01, 0x80, 0xff]) {
        const damaged = Buffer.from(pristine)
        damaged[i] = (damaged[i] ?? 0) ^ mask
        await writeFile(current, damaged)
        events.length = 0
        expect(await store.read('doc', Doc), `byte ${i} ^ ${mask}`).toEqual({ n: 1, text: 'old' })
        expect(events).toEqual([{ name: 'doc', generation: 'current', reason: i < 5 ? 'format' : 'auth' }])
      }
    }
    await writeFile(current, pristine)
    expect(await store.read('doc', Doc)).toEqual({ n: 2, text: 'new' })
  })

  it('reports truncated and empty files the same way', async () => {
    const { store, current, events } = await setup()
    await store.write('doc', { n: 1, text: 'old' })
    await store.write('doc', { n: 2, text: 'new' })
    const pristine = await readFile(current)
    for (const length of [0, 5, 20, pristine.length - 1]) {
      await writeFile(current, pristine.subarray(0, length))
      expect(await store.read('doc', Doc)).toEqual({ n: 1, text: 'old' })
    }
    await writeFile(current, Buffer.concat([pristine, Buffer.from([0])]))
    expect(await store.read('doc', Doc)).toEqual({ n: 1, text: 'old' })
    expect(events).toHaveLength(5)
  })

  it('throws STORE_CORRUPT when both generations are bad', async () => {
    const { store, current, previous, events } = await setup()
    await store.write('doc', { n: 1, text: 'old' })
    await store.write('doc', { n: 2, text: 'new' })
    for (const file of [current, previous]) {
      const bytes = await readFile(file)
      bytes[30] = (bytes[30] ?? 0) ^ 1
      await writeFile(file, bytes)
    }
    const error = await expectAppError(store.read('doc', Doc), 'STORE_CORRUPT')
    expect(error.details).toEqual({ name: 'doc' })
    expect(events.map((e) => e.generation)).toEqual(['current', 'previous'])
  })

  it('throws STORE_CORRUPT when the only generation is bad', async () => {
    const { store, current } = await setup()
    await store.write('doc', { n: 1, text: 'only' })
    await writeFile(current, 'garbage')
    await expectAppError(store.read('doc', Doc), 'STORE_CORRUPT')
  })

  it('treats a schema mismatch as STORE_CORRUPT, falling back to a previous generation that matches', async () => {
    const { store, events } = await setup()
    await store.write('doc', { n: 1, text: 'valid' })
    await store.write('doc', { n: 'not a number' })
    expect(await store.read('doc', Doc)).toEqual({ n: 1, text: 'valid' })
    expect(events).toEqual([{ name: 'doc', generation: 'current', reason: 'schema' }])
    await store.write('doc', { unrelated: true })
    await expectAppError(store.read('doc', Doc), 'STORE_CORRUPT')
  })

  it('does not rotate a damaged current file over the good previous one', async () => {
    const { store, current } = await setup()
    await store.write('doc', { n: 1, text: 'good' })
    await store.write('doc', { n: 2, text: 'also good' })
    await writeFile(current, 'damaged')
    await store.write('doc', { n: 3, text: 'newest' })
    await writeFile(current, 'damaged again')
    expect(await store.read('doc', Doc)).toEqual({ n: 1, text: 'good' })
  })

  it('reads the previous generation silently when the current one is missing (crash between the renames)', async () => {
    const { store, current, previous, events } = await setup()
    await store.write('doc', { n: 1, text: 'old' })
    await store.write('doc', { n: 2, text: 'new' })
    await rename(current, current + '.gone')
    expect(await store.read('doc', Doc)).toEqual({ n: 1, text: 'old' })
    expect(events).toEqual([])
    await rename(current + '.gone', previous)
    expect(await store.read('doc', Doc)).toEqual({ n: 2, text: 'new' })
  })

  it('a write that forgets leaves no generation holding what it removed', async () => {
    const { store, current, previous, key } = await setup()
    await store.write('doc', { n: 1, text: 'SECRET-A' })
    await store.write('doc', { n: 2, text: 'SECRET-B' })
    await store.write('doc', { n: 3, text: 'clean' }, { forget: true })
    expect(await store.read('doc', Doc)).toEqual({ n: 3, text: 'clean' })
    for (const file of [current, previous]) {
      const plain = await sealedPlaintext(file, 'doc', key)
      expect(plain).toContain('clean')
      expect(plain).not.toContain('SECRET')
    }
    // A later ordinary write keeps the previous generation as before.
    await store.write('doc', { n: 4, text: 'next' })
    expect(await sealedPlaintext(previous, 'doc', key)).toContain('clean')
  })

  it('a write that forgets also replaces the previous generation when the current one is damaged', async () => {
    const { store, current, previous, key } = await setup()
    await store.write('doc', { n: 1, text: 'SECRET-A' })
    await store.write('doc', { n: 2, text: 'SECRET-B' })
    await writeFile(current, 'damaged')
    await store.write('doc', { n: 3, text: 'clean' }, { forget: true })
    expect(await sealedPlaintext(previous, 'doc', key)).not.toContain('SECRET')
    expect(await sealedPlaintext(current, 'doc', key)).toContain('clean')
  })

  it('removes both generations', async () => {
    const { store, dir } = await setup()
    await store.write('doc', { n: 1, text: 'a' })
    await store.write('doc', { n: 2, text: 'b' })
    await store.remove('doc')
    expect(await store.read('doc', Doc)).toBeUndefined()
    expect(await readdir(dir)).toEqual([])
    await store.remove('doc')
  })

  it('serialises concurrent writes and reads of one document', async () => {
    const { store } = await setup()
    await Promise.all(Array.from({ length: 30 }, (_, n) => store.write('doc', { n, text: String(n) })))
    expect(await store.read('doc', Doc)).toEqual({ n: 29, text: '29' })
    const results = await Promise.all([store.write('doc', { n: 100, text: 'x' }), store.read('doc', Doc)])
    expect(results[1]).toEqual({ n: 100, text: 'x' })
  })

  it('rejects names that could escape the folder, and undefined values', async () => {
    const { store } = await setup()
    for (const name of ['../evil', 'a/b', '', '.hidden', 'x'.repeat(65), 'with.dot']) {
      await expectAppError(store.write(name, {}), 'INTERNAL')
      await expectAppError(store.read(name, Doc), 'INTERNAL')
    }
    await expect(store.write('doc', undefined)).rejects.toThrow(TypeError)
  })

  it('refuses a data key of the wrong size', () => {
    expect(() => createSealedStore({ dir: '/tmp/x', dataKey: randomBytes(16) })).toThrow(TypeError)
  })

  it('keeps going when the corruption listener throws', async () => {
    const dir = await tempDir()
    const store = createSealedStore({
      dir,
      dataKey: randomBytes(32),
      onCorrupt: () => {
        throw new Error('listener bug')
      },
    })
    await store.write('doc', { n: 1, text: 'old' })
    await store.write('doc', { n: 2, text: 'new' })
    await writeFile(join(dir, 'doc.sealed'), 'x')
    expect(await store.read('doc', Doc)).toEqual({ n: 1, text: 'old' })
  })
})

describe('hasSealedData / discardSealedData', () => {
  it('tells whether losing the key would lose data, and discards on request', async () => {
    const { dir, store } = await setup()
    expect(await hasSealedData(dir)).toBe(false)
    await store.write('a', { n: 1, text: '' })
    await store.write('a', { n: 2, text: '' })
    await store.write('b', { n: 1, text: '' })
    await writeFile(join(dir, 'unrelated.txt'), '')
    expect(await hasSealedData(dir)).toBe(true)
    expect(await discardSealedData(dir)).toBe(3)
    expect(await hasSealedData(dir)).toBe(false)
    expect(await readdir(dir)).toEqual(['unrelated.txt'])
  })
})
