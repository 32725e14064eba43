/**
 * Entry of the backup worker thread (run-worker.ts starts it and keeps it a while for the next job):
 * runs the jobs of jobs.ts one at a time and answers each with its result, its progress on the way,
 * or its error as the wire has it. A staged backup is a conversation: stage-begin, a stage-chunk per
 * chunk the renderer sends (packed as it comes), stage-pack. Built as its own entry by electron-vite
 * (electron.vite.config.ts → out/main/backup-worker.js).
 *
 * The same file is also the entry of the packer threads a backup worker starts for a staged backup or a
 * restore (workerData.role 'packer'): each opens, checks and compresses the chunks it is given (packChunk
 * in jobs.ts) or seals a restore's pages (sealPage), so they are done side by side on every core.
 */
import { availableParallelism } from 'node:os'
import { basename, dirname, join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { parentPort, Worker, workerData, type MessagePort } from 'node:worker_threads'
import { AppError, type ErrorCode } from '../../../shared/errors'
import type { ReplicaSealer } from '../replica/sealer'
import type { BackupProgress } from './backup'
import { lowerThisThreadsPriority } from './priority'
import {
  createStager,
  packChunk,
  runJob,
  sealerOf,
  sealPage,
  type BackupJob,
  type BackupJobResult,
  type BusyPacker,
  type ChunkTask,
  type JobKeys,
  type PackedChunk,
  type PackRequest,
  type PageSealer,
  type PageTask,
  type StagedChunk,
  type Stager,
} from './jobs'

export type WorkerReply =
  | { type: 'progress'; progress: BackupProgress }
  /** A job without keys asks main for the keys of the backup's customer. */
  | { type: 'keys-needed'; owner: string }
  | { type: 'done'; result: BackupJobResult }
  | { type: 'failed'; error: { code: string; message: string; details?: unknown; internal: boolean } }

/** Main's answer to `keys-needed`. */
export type KeysAnswer = { type: 'keys'; keys: JobKeys } | { type: 'keys'; error: { code: string; message: string } }

/** The messages of a staged backup (no answer but to stage-pack). */
export type StageMessage =
  | { type: 'stage-begin'; keys: JobKeys }
  | { type: 'stage-chunk'; chunk: StagedChunk }
  | { type: 'stage-pack'; request: PackRequest }

/** A buffer of its own, so it can be transferred rather than copied (a pooled Buffer shares one). */
function own(bytes: Uint8Array): Uint8Array {
  return bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength ? bytes : new Uint8Array(bytes)
}

/** What a packer thread is told: the keys of the job about to begin, a chunk to pack or a restore's page to seal. */
type PackerMessage =
  { type: 'keys'; keys: JobKeys } | { type: 'chunk'; id: number; task: ChunkTask } | { type: 'page'; id: number; task: PageTask }
type PackerReply = { id: number; packed: PackedChunk } | { id: number; page: Uint8Array } | { id: number; error: string }

const port = parentPort
if (!port) throw new Error('backup worker: not started as a worker thread')
const role = (workerData as { role?: string } | undefined)?.role

/** A packer thread: packs each chunk it is given with the keys it was given last. */
function servePacker(port: MessagePort): void {
  // Main's event loop comes first (priority.ts).
  lowerThisThreadsPriority()
  let sealer: ReplicaSealer | undefined
  port.on('message', (message: PackerMessage) => {
    if (message.type === 'keys') return void (sealer = sealerOf(message.keys))
    try {
      if (!sealer) throw new Error(`a ${message.type} came before its keys`)
      if (message.type === 'page') {
        const page = own(sealPage(sealer, message.task))
        return void port.postMessage({ id: message.id, page } satisfies PackerReply, [page.buffer as ArrayBuffer])
      }
      const packed = packChunk(sealer, message.task)
      const transfer = 'piece' in packed ? [(packed.piece = own(packed.piece)).buffer as ArrayBuffer] : []
      port.postMessage({ id: message.id, packed } satisfies PackerReply, transfer)
    } catch (error) {
      port.postMessage({ id: message.id, error: error instanceof Error ? (error.stack ?? error.message) : String(error) })
    }
  })
}

/** A packer thread as the stager and a restore use it; `keys` tells it the keys of a new job. */
interface PackerThread extends BusyPacker {
  keys(keys: JobKeys): void
  alive(): boolean
  seal: PageSealer
}

/** Starts a packer thread from this file (from source: through worker-from-source.mjs, as run-worker.ts does). */
function startPacker(): PackerThread {
  const here = fileURLToPath(import.meta.url)
  const fromSource = here.endsWith('.ts')
  const worker = new Worker(pathToFileURL(join(dirname(here), fromSource ? 'worker-from-source.mjs' : basename(here))), {
    name: 'backup-packer',
    workerData: fromSource ? { entry: pathToFileURL(here).href, role: 'packer' } : { role: 'packer' },
  })
  // It lives as long as this worker does (run-worker.ts ends this one); it never keeps it alive alone.
  worker.unref()
  const waiting = new Map<number, { resolve: (p: PackedChunk | Uint8Array) => void; reject: (e: Error) => void }>()
  let nextId = 0
  let dead: Error | undefined
  const die = (error: Error) => {
    dead ??= error
    for (const w of waiting.values()) w.reject(dead)
    waiting.clear()
  }
  worker.on('message', (reply: PackerReply) => {
    const w = waiting.get(reply.id)
    waiting.delete(reply.id)
    if ('packed' in reply) w?.resolve(reply.packed)
    else if ('page' in reply) w?.resolve(reply.page)
    else w?.reject(new Error(`backup packer: ${reply.error}`))
  })
  worker.on('error', die)
  worker.on('exit', (code) => die(new Error(`the backup packer stopped (exit code ${code})`)))
  const ask = <T extends PackedChunk | Uint8Array>(
    message: { type: 'chunk'; task: ChunkTask } | { type: 'page'; task: PageTask },
  ): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      if (dead) return reject(dead)
      const id = nextId++
      waiting.set(id, { resolve: resolve as (p: PackedChunk | Uint8Array) => void, reject })
      worker.postMessage({ ...message, id } as PackerMessage)
    })
  return {
    keys: (keys) => worker.postMessage({ type: 'keys', keys } satisfies PackerMessage),
    alive: () => dead === undefined,
    outstanding: () => (dead ? Number.POSITIVE_INFINITY : waiting.size),
    pack: (task) => ask<PackedChunk>({ type: 'chunk', task }),
    seal: (task) => ask<Uint8Array>({ type: 'page', task }),
  }
}

/**
 * Packer threads, started with the first staged backup or restore: one per core, at most three, each at
 * a lower priority than main's (priority.ts). This thread only hands the chunks and pages out. One per
 * core but one left main's event loop no freer on a 2-core machine (its longest stall 24–73 ms with one
 * packer, 38–65 ms with two, in the same minutes of scripts/bench-backup.ts) and made a backup of 100,000
 * rows a third slower.
 */
const PACKERS = Math.min(3, Math.max(1, availableParallelism()))
let packers: PackerThread[] = []

function packersFor(keys: JobKeys): PackerThread[] {
  packers = packers.filter((p) => p.alive())
  while (packers.length < PACKERS) packers.push(startPacker())
  for (const p of packers) p.keys(keys)
  return packers
}

let awaitingKeys: ((answer: KeysAnswer) => void) | undefined
const keysFor = (owner: string) =>
  new Promise<JobKeys>((resolve, reject) => {
    awaitingKeys = (answer) => {
      awaitingKeys = undefined
      if ('keys' in answer) resolve(answer.keys)
      else reject(new AppError(answer.error.code as ErrorCode, answer.error.message))
    }
    port.postMessage({ type: 'keys-needed', owner } satisfies WorkerReply)
  })

function progressReporter(): (progress: BackupProgress) => void {
  let lastPercent = -1
  let lastStage = ''
  return (progress) => {
    // Only what the progress bar can show: a message per percent at most.
    const percent = progress.total > 0 ? Math.floor((progress.done / progress.total) * 100) : 0
    if (progress.stage === lastStage && percent === lastPercent) return
    lastStage = progress.stage
    lastPercent = percent
    port!.postMessage({ type: 'progress', progress } satisfies WorkerReply)
  }
}

function answer(work: Promise<BackupJobResult>): void {
  work.then(
    (result) => {
      const transfer: ArrayBuffer[] = []
      if (result.kind === 'packed') transfer.push((result.bytes = own(result.bytes)).buffer as ArrayBuffer)
      if (result.kind === 'opened') transfer.push((result.pages = own(result.pages)).buffer as ArrayBuffer)
      port!.postMessage({ type: 'done', result } satisfies WorkerReply, transfer)
    },
    (error: unknown) => {
      const reply: WorkerReply =
        error instanceof AppError
          ? { type: 'failed', error: { code: error.code, message: error.message, details: error.details, internal: false } }
          : {
              type: 'failed',
              error: {
                code: 'INTERNAL',
                message: error instanceof Error ? (error.stack ?? error.message) : String(error),
                internal: true,
              },
            }
      port!.postMessage(reply)
    },
  )
}

let stager: Stager | undefined
let stageFailure: unknown

if (role === 'packer') servePacker(port)
else {
  // This thread decrypts, inflates, parses and derives keys (in itself, not in libuv's pool: keys.ts,
  // backup.ts): main's event loop comes first here too (priority.ts).
  lowerThisThreadsPriority()
  port.on('message', (message: BackupJob | KeysAnswer | StageMessage) => {
    if (!('type' in message))
      return answer(runJob(message, progressReporter(), keysFor, (keys) => packersFor(keys).map((p) => p.seal)))
    switch (message.type) {
      case 'keys':
        return awaitingKeys?.(message)
      case 'stage-begin':
        stager = createStager(message.keys, packersFor(message.keys))
        stageFailure = undefined
        return
      case 'stage-chunk':
        try {
          stager?.add(message.chunk)
        } catch (error) {
          stageFailure ??= error
        }
        return
      case 'stage-pack': {
        const staged = stager
        const failure = stageFailure
        stager = undefined
        stageFailure = undefined
        if (!staged) return answer(Promise.reject(new AppError('NOT_FOUND', 'no backup was staged in this worker')))
        return answer(failure !== undefined ? Promise.reject(failure) : staged.pack(message.request, progressReporter()))
      }
    }
  })
}
