/**
 * Entry of the backup worker thread (run-worker.ts starts it and keeps it a while for the next job):
 * runs the jobs of jobs.ts one at a time and answers each with its result, its progress on the way,
 * or its error as the wire has it. Built as its own
 * entry by electron-vite (electron.vite.config.ts → out/main/backup-worker.js).
 */
import { parentPort } from 'node:worker_threads'
import { AppError, type ErrorCode } from '../../../shared/errors'
import type { BackupProgress } from './backup'
import { runJob, type BackupJob, type BackupJobResult, type JobKeys } from './jobs'

export type WorkerReply =
  | { type: 'progress'; progress: BackupProgress }
  /** A job without keys asks main for the keys of the backup's customer. */
  | { type: 'keys-needed'; owner: string }
  | { type: 'done'; result: BackupJobResult }
  | { type: 'failed'; error: { code: string; message: string; details?: unknown; internal: boolean } }

/** A buffer of its own, so it can be transferred rather than copied (a pooled Buffer shares one). */
function own(bytes: Uint8Array): Uint8Array {
  return bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength ? bytes : new Uint8Array(bytes)
}

/** Main's answer to `keys-needed`. */
export type KeysAnswer = { type: 'keys'; keys: JobKeys } | { type: 'keys'; error: { code: string; message: string } }

const port = parentPort
if (!port) throw new Error('backup worker: not started as a worker thread')

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

port.on('message', (message: BackupJob | KeysAnswer) => {
  if ('type' in message) return awaitingKeys?.(message)
  const job = message
  let lastPercent = -1
  let lastStage = ''
  const report = (progress: BackupProgress) => {
    // Only what the progress bar can show: a message per percent at most.
    const percent = progress.total > 0 ? Math.floor((progress.done / progress.total) * 100) : 0
    if (progress.stage === lastStage && percent === lastPercent) return
    lastStage = progress.stage
    lastPercent = percent
    port.postMessage({ type: 'progress', progress } satisfies WorkerReply)
  }
  runJob(job, report, keysFor).then(
    (result) => {
      const transfer: ArrayBuffer[] = []
      if (result.kind === 'packed') transfer.push((result.bytes = own(result.bytes)).buffer as ArrayBuffer)
      if (result.kind === 'opened') transfer.push((result.pages = own(result.pages)).buffer as ArrayBuffer)
      port.postMessage({ type: 'done', result } satisfies WorkerReply, transfer)
    },
    (error: unknown) => {
      const reply: WorkerReply =
        error instanceof AppError
          ? { type: 'failed', error: { code: error.code, message: error.message, details: error.details, internal: false } }
          : { type: 'failed', error: { code: 'INTERNAL', message: error instanceof Error ? (error.stack ?? error.message) : String(error), internal: true } }
      port.postMessage(reply)
    },
  )
})
