import { mkdir, readdir, readFile, unlink } from 'node:fs/promises'
import { join } from 'node:path'
import type { z } from 'zod'
import { AppError } from '../../../shared/errors'
import { systemClock, type Clock, type DocStore, type WriteOptions } from '../../base/ports'
import { isErrno, removeStaleTempFiles, syncDir, writeFileAtomic } from '../../base/atomic-file'
import { aesGcmOpen, aesGcmSeal, KEY_BYTES, NONCE_BYTES, TAG_BYTES } from './crypto'
import { generationAccount, type SecretStore } from './secret-store'

/*
 * File layout, format 1 (documents without a generation counter):
 *   "ICWS" | 1 | nonce (12) | ciphertext | GCM tag (16)
 * Format 2 (documents named in `generations`):
 *   "ICWS" | 2 | generation (8, unsigned big-endian) | nonce (12) | ciphertext | GCM tag (16)
 * Associated data = the header (5 or 13 bytes) + the document name, so a file copied under another
 * name, relabelled with another version or given another generation number fails authentication
 * instead of being misread. A format 1 file of a counted document (written before the counter) reads
 * as generation 0.
 */
const MAGIC = Buffer.from('ICWS', 'ascii')
const PLAIN_FORMAT = 1
const COUNTED_FORMAT = 2
const GENERATION_BYTES = 8

export const SEALED_EXT = '.sealed'
export const PREVIOUS_EXT = '.sealed.prev'

const NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/

export type Generation = 'current' | 'previous'
/**
 * format/auth/json/schema: the file is damaged. rollback: the file is authentic but older than the
 * generation recorded in the secret store (a copy put back), see `generations`.
 */
export type CorruptReason = 'format' | 'auth' | 'json' | 'schema' | 'rollback'

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
  /** Documents protected against rollback by a generation counter; see GenerationOptions. */
  generations?: GenerationOptions
}

/**
 * A monotonic counter per named document, against a copy of an older file put back (an older
 * `unlock.sealed` would reset the unlock back-off, an older outbox would queue payments again).
 *
 * Each write of such a document carries generation n in its header (bound into the associated data),
 * and the highest n written is kept in the secret store (generationAccount, beside the data key).
 * The rules:
 * - Write: n = max(stored, the current file's n) + 1; the file is written (atomically, the current
 *   one rotated to `.prev`) and only then the stored number raised to n. Remove: both files go, then
 *   the stored number is raised by one, so the removed document's file cannot be put back either.
 * - Read: the current file is accepted when its n ≥ stored, and the stored number is raised to n
 *   (a crash between the file and the raise loses nothing: the file is the user's latest write).
 *   A current file with n < stored is refused ('rollback').
 * - The previous generation is accepted when its n ≥ stored: the instant between the two renames of
 *   a write, when the current file is missing and the stored number not yet raised. When the current
 *   file is damaged or missing it is also accepted at n = stored − 1, the real previous generation
 *   (disk damage must not lose the document), unless the document says `previousAfterDamage: false`.
 *   After a current file refused as a rollback it must be ≥ stored: the folder was tampered with, so
 *   its `.prev` is not trusted either. Anything lower is refused ('rollback').
 * - A document with no acceptable generation is absent when a generation was refused as a rollback
 *   (its latest value is gone; the next write replaces it above the stored number), and STORE_CORRUPT
 *   as before when its generations are only damaged.
 * What remains: whoever can damage the current file gets the real previous generation back, one
 *   write, once per write (hence `previousAfterDamage: false` for the unlock document); and the
 *   counter is only as far from the folder as the secret store: the keychain keeps it outside, but the
 *   safeStorage and passphrase stores are files in the same data folder and roll back with it.
 */
export interface GenerationOptions {
  /** The secret store that holds the data key (core: namespaced by data folder). */
  secrets: SecretStore
  documents: Readonly<Record<string, { previousAfterDamage: boolean }>>
}

type Opened =
  | { state: 'missing' }
  | { state: 'bad'; reason: CorruptReason }
  | { state: 'ok'; value: unknown; generation: number }

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
  const { generations } = options
  const counted = (name: string) => (generations && Object.hasOwn(generations.documents, name) ? generations.documents[name] : undefined)
  /** The stored generation of each counted document, as last read or raised by this store (one writer per folder). */
  const highest = new Map<string, number>()
  const rollbacksReported = new Set<string>()
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
    const parts = splitSealedFile(bytes)
    if (!parts) return { state: 'bad', reason: 'format' }
    const plain = aesGcmOpen(key, parts.nonce, parts.body, associatedData(parts.header, name))
    if (plain === undefined) return { state: 'bad', reason: 'auth' }
    try {
      const envelope = JSON.parse(plain.toString('utf8')) as Partial<Envelope>
      if (typeof envelope !== 'object' || envelope === null || !('value' in envelope)) return { state: 'bad', reason: 'json' }
      return { state: 'ok', value: envelope.value, generation: parts.generation }
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

  /** The highest generation written of a counted document, as the secret store keeps it; 0 when none yet. */
  async function storedGeneration(name: string): Promise<number> {
    const known = highest.get(name)
    if (known !== undefined) return known
    const text = await generations!.secrets.get(generationAccount(name))
    const stored = text === undefined ? 0 : Number(text)
    // Not a number this store wrote: whoever can write the secret store could as well write 0 or
    // delete the entry, so it counts as none (the next write replaces it) rather than locking the
    // document out for good.
    const value = Number.isSafeInteger(stored) && stored >= 0 ? stored : 0
    highest.set(name, value)
    return value
  }

  /** Raises the stored number (never lowers it). Awaited after the file is durable. */
  async function raise(name: string, generation: number): Promise<void> {
    if (generation <= (await storedGeneration(name))) return
    await generations!.secrets.set(generationAccount(name), String(generation))
    highest.set(name, generation)
  }

  async function readGeneration<T>(
    name: string,
    generation: Generation,
    schema: z.ZodType<T>,
    floor: number,
  ): Promise<{ found: false; bad: CorruptReason | undefined } | { found: true; value: T; generation: number }> {
    const opened = await open(name, generation === 'current' ? currentPath(name) : previousPath(name))
    if (opened.state === 'missing') return { found: false, bad: undefined }
    if (opened.state === 'bad') {
      report(name, generation, opened.reason)
      return { found: false, bad: opened.reason }
    }
    if (opened.generation < floor) {
      // Said once per file: a refused document reads as absent, and its readers may ask often.
      const seen = `${name}/${generation}/${opened.generation}`
      if (!rollbacksReported.has(seen)) report(name, generation, 'rollback')
      rollbacksReported.add(seen)
      return { found: false, bad: 'rollback' }
    }
    const parsed = schema.safeParse(opened.value)
    if (parsed.success) return { found: true, value: parsed.data, generation: opened.generation }
    report(name, generation, 'schema')
    return { found: false, bad: 'schema' }
  }

  return {
    async read<T>(name: string, schema: z.ZodType<T>): Promise<T | undefined> {
      assertName(name)
      return serial(name, async () => {
        const policy = counted(name)
        const stored = policy ? await storedGeneration(name) : 0
        const current = await readGeneration(name, 'current', schema, stored)
        if (current.found) {
          if (policy) await raise(name, current.generation)
          return current.value
        }
        // A missing current file with a previous one is the instant between the two renames of a write.
        const trustsPrevious = current.bad !== 'rollback' && (policy?.previousAfterDamage ?? true)
        const previous = await readGeneration(name, 'previous', schema, trustsPrevious ? stored - 1 : stored)
        if (previous.found) {
          if (policy) await raise(name, previous.generation)
          return previous.value
        }
        if (current.bad === undefined && previous.bad === undefined) return undefined
        if (current.bad === 'rollback' || previous.bad === 'rollback') return undefined
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
        const policy = counted(name)
        const stored = policy ? await storedGeneration(name) : 0
        // Only a generation that still authenticates (and is not a rollback) is worth keeping;
        // rotating a damaged one would push out the last good state.
        const current = await open(name, currentPath(name))
        const keep = current.state === 'ok' && current.generation >= stored
        const generation = policy ? Math.max(stored, keep ? current.generation : 0) + 1 : undefined
        const header = headerOf(generation)
        const sealed = () => {
          const { nonce, body } = aesGcmSeal(key, Buffer.from(json, 'utf8'), associatedData(header, name))
          return Buffer.concat([header, nonce, body])
        }
        await writeFileAtomic(currentPath(name), sealed(), { previousPath: keep ? previousPath(name) : undefined })
        // The generation just pushed aside (or an older one, if the current file was damaged) still
        // holds what this write removed: replace it with the new value too, atomically and only after
        // the new current is durable, so at every instant one good generation is on disk. A crash
        // in between leaves it until the next write of this document rotates it out.
        if (options.forget) await writeFileAtomic(previousPath(name), sealed())
        // Only now: a crash before this line leaves a file above the stored number, which reads fine.
        if (generation !== undefined) await raise(name, generation)
      })
    },

    async remove(name: string): Promise<void> {
      assertName(name)
      return serial(name, async () => {
        const policy = counted(name)
        const current = policy ? await open(name, currentPath(name)) : undefined
        // Previous first: a crash in between leaves the latest value rather than resurrecting an older one.
        await unlinkIfExists(previousPath(name))
        const removed = await unlinkIfExists(currentPath(name))
        if (removed) await syncDir(dir)
        // The removal counts as a generation, so the removed document's file put back is refused.
        if (policy) {
          const stored = await storedGeneration(name)
          await raise(name, Math.max(stored, current?.state === 'ok' ? current.generation : 0) + 1)
        }
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

function associatedData(header: Buffer, name: string): Buffer {
  return Buffer.concat([header, Buffer.from(name, 'utf8')])
}

/** Format 1 without a generation, format 2 with one. */
function headerOf(generation: number | undefined): Buffer {
  if (generation === undefined) return Buffer.concat([MAGIC, Buffer.from([PLAIN_FORMAT])])
  const counter = Buffer.alloc(GENERATION_BYTES)
  counter.writeBigUInt64BE(BigInt(generation))
  return Buffer.concat([MAGIC, Buffer.from([COUNTED_FORMAT]), counter])
}

/**
 * The parts of a sealed file as the layout above defines them (undefined when it is not one): the
 * header (part of the associated data), its generation (0 for format 1), nonce and body (ciphertext
 * and tag). Exported for tests that decrypt every generation on disk (tests/support/sealed-files.ts).
 */
export function splitSealedFile(bytes: Buffer): { header: Buffer; generation: number; nonce: Buffer; body: Buffer } | undefined {
  if (bytes.length < MAGIC.length + 1 || !bytes.subarray(0, MAGIC.length).equals(MAGIC)) return undefined
  const format = bytes[MAGIC.length]
  const headerBytes = format === PLAIN_FORMAT ? MAGIC.length + 1 : format === COUNTED_FORMAT ? MAGIC.length + 1 + GENERATION_BYTES : 0
  if (headerBytes === 0 || bytes.length < headerBytes + NONCE_BYTES + TAG_BYTES) return undefined
  const generation = format === COUNTED_FORMAT ? bytes.readBigUInt64BE(MAGIC.length + 1) : 0n
  if (generation > BigInt(Number.MAX_SAFE_INTEGER)) return undefined
  return {
    header: bytes.subarray(0, headerBytes),
    generation: Number(generation),
    nonce: bytes.subarray(headerBytes, headerBytes + NONCE_BYTES),
    body: bytes.subarray(headerBytes + NONCE_BYTES),
  }
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
