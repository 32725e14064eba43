import { mkdir, readdir, readFile, unlink } from 'node:fs/promises'
import { join } from 'node:path'
import type { z } from 'zod'
import { AppError } from '../../../shared/errors'
import { systemClock, type Clock, type DocStore, type WriteOptions } from '../../base/ports'
import { isErrno, removeStaleTempFiles, syncDir, writeFileAtomic } from '../../base/atomic-file'
import { aesGcmOpen, aesGcmSeal, KEY_BYTES, NONCE_BYTES, TAG_BYTES } from './crypto'

/*
 * File layout: "ICWS" | format version (1 byte) | nonce (12) | ciphertext | GCM tag (16).
 * Associated data = the 5 header bytes + the document name, so a file copied under another name or
 * relabelled with another version fails authentication instead of being misread.
 */
const MAGIC = Buffer.from('ICWS', 'ascii')
const FORMAT_VERSION = 1
const HEADER = Buffer.concat([MAGIC, Buffer.from([FORMAT_VERSION])])
const BODY_OFFSET = HEADER.length + NONCE_BYTES

export const SEALED_EXT = '.sealed'
export const PREVIOUS_EXT = '.sealed.prev'

const NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/

export type Generation = 'current' | 'previous'
export type CorruptReason = 'format' | 'auth' | 'json' | 'schema'

export interface CorruptEvent {
  name: string
  generation: Generation
  reason: CorruptReason
}

export interface SealedStoreOptions {
  /** Folder of the sealed files; created (mode 0700) on first write. */
  dir: string
  /** The installation's 256-bit data key (see loadOrCreateDataKey). */
  dataKey: Uint8Array
  clock?: Clock
  /**
   * Called each time a read meets a generation that is damaged (STORE_CORRUPT), also when the previous
   * generation saves the day, so the UI can tell the user that something was repaired from the last good state.
   */
  onCorrupt?: (event: CorruptEvent) => void
}

type Opened = { state: 'missing' } | { state: 'bad'; reason: CorruptReason } | { state: 'ok'; value: unknown }

interface Envelope {
  savedAt: number
  value: unknown
}

/**
 * DocStore over files sealed with AES-256-GCM under the data key, written atomically, with the previous
 * good generation kept beside each document. Assumes one writer per folder (the app holds a
 * single-instance lock).
 */
export function createSealedStore(options: SealedStoreOptions): DocStore {
  const { dir, onCorrupt } = options
  const clock = options.clock ?? systemClock
  if (options.dataKey.length !== KEY_BYTES) throw new TypeError(`sealed store: data key must be ${KEY_BYTES} bytes`)
  const key = Buffer.from(options.dataKey)
  const queues = new Map<string, Promise<unknown>>()
  const cleaned = new Set<string>()
  let dirReady: Promise<unknown> | undefined

  const currentPath = (name: string) => join(dir, name + SEALED_EXT)
  const previousPath = (name: string) => join(dir, name + PREVIOUS_EXT)

  /** Operations on one document run one after another, so a read never lands between the two renames of a write. */
  function serial<T>(name: string, task: () => Promise<T>): Promise<T> {
    const run = (queues.get(name) ?? Promise.resolve()).then(task, task)
    const tail = run.catch(() => {})
    queues.set(name, tail)
    void tail.then(() => {
      if (queues.get(name) === tail) queues.delete(name)
    })
    return run
  }

  async function open(name: string, path: string): Promise<Opened> {
    let bytes: Buffer
    try {
      bytes = await readFile(path)
    } catch (error) {
      if (isErrno(error, 'ENOENT')) return { state: 'missing' }
      throw error
    }
    if (bytes.length < BODY_OFFSET + TAG_BYTES || !bytes.subarray(0, HEADER.length).equals(HEADER))
      return { state: 'bad', reason: 'format' }
    const plain = aesGcmOpen(key, bytes.subarray(HEADER.length, BODY_OFFSET), bytes.subarray(BODY_OFFSET), associatedData(name))
    if (plain === undefined) return { state: 'bad', reason: 'auth' }
    try {
      const envelope = JSON.parse(plain.toString('utf8')) as Partial<Envelope>
      if (typeof envelope !== 'object' || envelope === null || !('value' in envelope)) return { state: 'bad', reason: 'json' }
      return { state: 'ok', value: envelope.value }
    } catch {
      return { state: 'bad', reason: 'json' }
    }
  }

  function report(name: string, generation: Generation, reason: CorruptReason): void {
    try {
      onCorrupt?.({ name, generation, reason })
    } catch {
      // A failing listener must not turn a recoverable read into a failed one.
    }
  }

  async function readGeneration<T>(
    name: string,
    generation: Generation,
    schema: z.ZodType<T>,
  ): Promise<{ found: false; bad: boolean } | { found: true; value: T }> {
    const opened = await open(name, generation === 'current' ? currentPath(name) : previousPath(name))
    if (opened.state === 'missing') return { found: false, bad: false }
    if (opened.state === 'bad') {
      report(name, generation, opened.reason)
      return { found: false, bad: true }
    }
    const parsed = schema.safeParse(opened.value)
    if (parsed.success) return { found: true, value: parsed.data }
    report(name, generation, 'schema')
    return { found: false, bad: true }
  }

  return {
    async read<T>(name: string, schema: z.ZodType<T>): Promise<T | undefined> {
      assertName(name)
      return serial(name, async () => {
        const current = await readGeneration(name, 'current', schema)
        if (current.found) return current.value
        // A missing current file with a previous one is the instant between the two renames of a write.
        const previous = await readGeneration(name, 'previous', schema)
        if (previous.found) return previous.value
        if (!current.bad && !previous.bad) return undefined
        throw new AppError('STORE_CORRUPT', `sealed document "${name}" is damaged and has no good previous generation`, { name })
      })
    },

    async write(name: string, value: unknown, options: WriteOptions = {}): Promise<void> {
      assertName(name)
      if (value === undefined) throw new TypeError(`sealed store: "${name}" value is undefined (use remove)`)
      const json = JSON.stringify({ savedAt: clock.now(), value } satisfies Envelope)
      return serial(name, async () => {
        dirReady ??= mkdir(dir, { recursive: true, mode: 0o700 })
        await dirReady
        if (!cleaned.has(name)) {
          cleaned.add(name)
          await removeStaleTempFiles(dir, name + SEALED_EXT)
        }
        // Only a generation that still authenticates is worth keeping; rotating a damaged one would
        // push out the last good state.
        const current = await open(name, currentPath(name))
        const sealed = () => {
          const { nonce, body } = aesGcmSeal(key, Buffer.from(json, 'utf8'), associatedData(name))
          return Buffer.concat([HEADER, nonce, body])
        }
        await writeFileAtomic(currentPath(name), sealed(), {
          previousPath: current.state === 'ok' ? previousPath(name) : undefined,
        })
        // The generation just pushed aside (or an older one, if the current file was damaged) still
        // holds what this write removed: replace it with the new value too, atomically and only after
        // the new current is durable, so at every instant one good generation is on disk. A crash
        // in between leaves it until the next write of this document rotates it out.
        if (options.forget) await writeFileAtomic(previousPath(name), sealed())
      })
    },

    async remove(name: string): Promise<void> {
      assertName(name)
      return serial(name, async () => {
        // Previous first: a crash in between leaves the latest value rather than resurrecting an older one.
        await unlinkIfExists(previousPath(name))
        const removed = await unlinkIfExists(currentPath(name))
        if (removed) await syncDir(dir)
      })
    },
  }
}

/** True when the folder holds any sealed document, i.e. losing the data key would lose data. */
export async function hasSealedData(dir: string): Promise<boolean> {
  const entries = await readdir(dir).catch((error: unknown) => {
    if (isErrno(error, 'ENOENT')) return [] as string[]
    throw error
  })
  return entries.some((entry) => entry.endsWith(SEALED_EXT) || entry.endsWith(PREVIOUS_EXT))
}

/**
 * Deletes every sealed document in the folder. The way forward after KEY_MISSING when the user chooses
 * to sign in again: what cannot be decrypted any more is discarded explicitly, never silently.
 */
export async function discardSealedData(dir: string): Promise<number> {
  let removed = 0
  for (const entry of await readdir(dir).catch(() => [] as string[])) {
    if (entry.endsWith(SEALED_EXT) || entry.endsWith(PREVIOUS_EXT) || /\.sealed\.[0-9a-f]{12}\.tmp$/.test(entry)) {
      if (await unlinkIfExists(join(dir, entry))) removed++
    }
  }
  if (removed > 0) await syncDir(dir)
  return removed
}

function associatedData(name: string): Buffer {
  return Buffer.concat([HEADER, Buffer.from(name, 'utf8')])
}

function assertName(name: string): void {
  if (!NAME_PATTERN.test(name)) throw new AppError('INTERNAL', `sealed store: invalid document name ${JSON.stringify(name)}`)
}

async function unlinkIfExists(path: string): Promise<boolean> {
  try {
    await unlink(path)
    return true
  } catch (error) {
    if (isErrno(error, 'ENOENT')) return false
    throw error
  }
}
