/**
 * Entry of the backup worker thread (run-worker.ts starts it and keeps it a while for the next job):
 * runs the jobs of jobs.ts one at a time and answers each with its result, its progress on the way,
 * or its error as the wire has it. A staged backup is a conversation: stage-begin, a stage-chunk per
 * chunk the renderer sends (opened as it comes), stage-pack. Built as its own entry by electron-vite
 * (electron.vite.config.ts → out/main/backup-worker.js).
 */
import { parentPort } from 'node:worker_threads'
import { AppError, type ErrorCode } from '../../../shared/errors'
import type { BackupProgress } from './backup'
import {
  createStager,
  runJob,
  type BackupJob,
  type BackupJobResult,
  type JobKeys,
  type PackRequest,
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

port.on('message', (message: BackupJob | KeysAnswer | StageMessage) => {
  if (!('type' in message)) return answer(runJob(message, progressReporter(), keysFor))
  switch (message.type) {
    case 'keys':
      return awaitingKeys?.(message)
    case 'stage-begin':
      stager = createStager(message.keys)
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
