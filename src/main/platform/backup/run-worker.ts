/**
 * Runs a job of jobs.ts in a worker thread, so that main's event loop never waits for a 100k-row
 * backup (docs/backup-format.md, "Off main's thread"). The keys travel in the job's
 * message (a copy in the worker's memory, nothing on disk); the result's big buffers are transferred,
 * not copied, so main never deserialises a replica's worth of objects.
 *
 * Where the worker's code is, in the three places it runs:
 * - the app (electron-vite's main build): out/main/backup-worker.js, beside out/main/index.js, built
 *   from worker.ts as its own entry (electron.vite.config.ts);
 * - from source (the harness under tsx, vitest): this file is TypeScript, so is worker.ts; the plain
 *   module worker-from-source.mjs beside it loads worker.ts through tsx's API (tsImport), because
 *   neither tsx's nor vitest's loader reaches into worker threads.
 */
import { dirname, join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { Worker } from 'node:worker_threads'
import { AppError, type ErrorCode } from '../../../shared/errors'
import type { BackupProgress } from './backup'
import type {
  BackupJob,
  InspectedResult,
  JobKeys,
  JudgedResult,
  KeysFor,
  OpenedResult,
  OpenJob,
  PackedResult,
  PackJob,
  PackRequest,
  StagedChunk,
  StrengthJob,
} from './jobs'
import type { KeysAnswer, StageMessage, WorkerReply } from './worker'

/** The worker's file in the app's build (electron.vite.config.ts names the entry). */
export const BACKUP_WORKER_FILE = 'backup-worker.js'

function workerStart(): { url: URL; workerData?: { entry: string } } {
  const here = fileURLToPath(import.meta.url)
  // Paths built by hand, not `new URL('./x', import.meta.url)`: Vite would take that for an asset.
  if (!here.endsWith('.ts')) return { url: pathToFileURL(join(dirname(here), BACKUP_WORKER_FILE)) }
  return {
    url: pathToFileURL(join(dirname(here), 'worker-from-source.mjs')),
    workerData: { entry: pathToFileURL(join(dirname(here), 'worker.ts')).href },
  }
}

/**
 * A worker that finished its job waits this long for the next one (a restore's inspect, open and the
 * automatic backup after it), then ends: starting one costs a module load, keeping one costs memory.
 */
const IDLE_MS = 30_000
let idle: { worker: Worker; timer: NodeJS.Timeout } | undefined

function takeWorker(): Worker {
  if (idle) {
    const { worker, timer } = idle
    idle = undefined
    clearTimeout(timer)
    worker.ref()
    return worker
  }
  const { url, workerData } = workerStart()
  const worker = new Worker(url, { name: 'backup', workerData })
  worker.once('exit', () => {
    if (idle?.worker === worker) idle = undefined
  })
  return worker
}

function putBack(worker: Worker): void {
  if (idle) return void worker.terminate()
  // An idle worker never keeps the process alive (the harness, a test run).
  worker.unref()
  const timer = setTimeout(() => {
    if (idle?.worker === worker) idle = undefined
    void worker.terminate()
  }, IDLE_MS)
  timer.unref()
  idle = { worker, timer }
}

let jobsRun = 0
/** How many jobs ran in a worker thread since the process started (tests check the work left main). */
export function backupJobsRunInWorkers(): number {
  return jobsRun
}

let pagesHelped = 0
/** How many restore pages the workers' packer threads sealed since the process started (tests check they share the work). */
export function restorePagesSealedByPackers(): number {
  return pagesHelped
}

type Progress = (p: BackupProgress) => void

const refuseKeys: KeysFor = () => Promise.reject(new AppError('LOCKED', 'no replica keys for this backup'))

/**
 * The worker's answer to what was (or will be) posted to it: its result, or its error as an AppError
 * (an unexpected one is logged here and passed on without its details). A worker that answered is
 * kept for the next job; one that failed unexpectedly or died is not.
 */
function answerOf(worker: Worker, what: string, onProgress: Progress, keysFor: KeysFor = refuseKeys): Promise<unknown> {
  return new Promise((resolve, reject) => {
    let settled = false
    const finish = (outcome: () => void, reusable: boolean) => {
      if (settled) return
      settled = true
      worker.off('message', onMessage).off('error', onError).off('exit', onExit)
      outcome()
      if (reusable) putBack(worker)
      else void worker.terminate()
    }
    const onMessage = (reply: WorkerReply) => {
      if (reply.type === 'progress') return onProgress(reply.progress)
      if (reply.type === 'keys-needed') {
        const answer = keysFor(reply.owner).then(
          (keys): KeysAnswer => ({ type: 'keys', keys }),
          (error: unknown): KeysAnswer => ({
            type: 'keys',
            error:
              error instanceof AppError ? { code: error.code, message: error.message } : { code: 'INTERNAL', message: 'no keys' },
          }),
        )
        return void answer.then((a) => worker.postMessage(a))
      }
      jobsRun++
      if (reply.type === 'done') {
        if (reply.result.kind === 'opened') pagesHelped += reply.result.helpedPages
        return finish(() => resolve(reply.result), true)
      }
      const { code, message, details, internal } = reply.error
      if (internal) console.error(`[backup] the ${what} worker failed: ${message}`)
      const error = internal
        ? new Error(`backup ${what} failed in its worker`)
        : new AppError(code as ErrorCode, message, details as AppError['details'])
      finish(() => reject(error), !internal)
    }
    const onError = (error: Error) => finish(() => reject(error), false)
    const onExit = (code: number) =>
      finish(() => reject(new Error(`the backup worker stopped (exit code ${code}) before answering`)), false)
    worker.on('message', onMessage).on('error', onError).on('exit', onExit)
  })
}

export function runInWorker(job: PackJob, onProgress?: Progress): Promise<PackedResult>
export function runInWorker(job: OpenJob & { kind: 'open' }, onProgress?: Progress, keysFor?: KeysFor): Promise<OpenedResult>
export function runInWorker(
  job: OpenJob & { kind: 'inspect' },
  onProgress?: Progress,
  keysFor?: KeysFor,
): Promise<InspectedResult>
export function runInWorker(job: StrengthJob): Promise<JudgedResult>
export function runInWorker(job: BackupJob, onProgress: Progress = () => {}, keysFor?: KeysFor): Promise<unknown> {
  const worker = takeWorker()
  const answer = answerOf(worker, job.kind, onProgress, keysFor)
  // Copied, not transferred: the caller's buffers may be pooled or still in use; a copy is a memcpy.
  worker.postMessage(job)
  return answer
}

/**
 * A backup staged chunk by chunk: a worker of its own opens each chunk as it comes (createStager in
 * jobs.ts), so that only packing is left when the renderer has sent the last one. Posting a chunk
 * serialises it on main's thread (a few ms for BACKUP_CHUNK_RECORDS records); nothing waits for the worker.
 */
export interface StagedBackup {
  add(chunk: StagedChunk): void
  finish(request: PackRequest, onProgress?: Progress): Promise<PackedResult>
  /** The stage is dropped (replaced, or its counts did not add up): its worker ends. */
  abandon(): void
}

export function stageInWorker(keys: JobKeys): StagedBackup {
  const worker = takeWorker()
  let onProgress: Progress = () => {}
  const answer = answerOf(worker, 'pack', (p) => onProgress(p)) as Promise<PackedResult>
  // Kept from surfacing as unhandled when the stage is abandoned or the worker dies before finish.
  answer.catch(() => {})
  const post = (message: StageMessage) => worker.postMessage(message)
  post({ type: 'stage-begin', keys })
  let open = true
  return {
    add(chunk) {
      if (open) post({ type: 'stage-chunk', chunk })
    },
    finish(request, progress) {
      if (!open) return Promise.reject(new AppError('NOT_FOUND', 'this backup stage was dropped'))
      open = false
      if (progress) onProgress = progress
      post({ type: 'stage-pack', request })
      return answer
    },
    abandon() {
      if (!open) return
      open = false
      void worker.terminate()
    },
  }
}
