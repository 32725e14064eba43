/**
 * The heavy half of a backup and a restore, run in a worker thread (worker.ts, started by
 * run-worker.ts) so that main's event loop stays free (docs/backup-format.md, "Off main's thread"):
 * opening the sealed records the renderer staged, validating, serialising, compressing and
 * encrypting them; or decrypting, parsing, validating and re-sealing a backup's rows under the
 * current customer's keys. Plain functions of their input: tests call them directly as well.
 *
 * The backup file keeps the rows in the clear inside its own encryption (payload v3): a file opens
 * on another computer, under another customer's keys, or after the data key was reset.
 */
import { once } from 'node:events'
import { createDeflateRaw } from 'node:zlib'
import { z } from 'zod'
import {
  BACKUP_PAYLOAD_VERSION,
  BackupPayload,
  splitBackupPayload,
  summarizeBackupPayload,
  type BackupSummary,
  type BackupUserLists,
} from '../../../shared/backup-payload'
import type { SealedRestorePage, SealedSyncState } from '../../../shared/contract/backup'
import type { SealedBalance, SealedTx } from '../../../shared/contract/replica'
import { BalanceSnapshot, ReplicaTransaction } from '../../../shared/contract/sync'
import { AppError } from '../../../shared/errors'
import { createReplicaSealer, ReplicaSealError, type ReplicaSealer } from '../replica/sealer'
import { decodeBackup, DEFLATE_LEVEL, sealDeflated, type BackupProgress } from './backup'
import { FORMAT_VERSION, type ScryptParams } from './header'
import type { BackupSecret } from './keys'

/** The replica's keys as a worker receives them (a copy, by message; never written anywhere). */
export interface JobKeys {
  enc: Uint8Array
  mac: Uint8Array
}

/** What a payload holds besides the replica's part: main's lists and the profile, gathered by main. */
export type PayloadHead = Omit<BackupPayload, 'transactions' | 'balances' | 'sync'>

/** What finishes a staged backup: main's part of the payload, the sync position and the file's secret. */
export interface PackRequest {
  secret: BackupSecret
  kdf?: ScryptParams
  head: PayloadHead
  sync: SealedSyncState
}

/** The whole of a backup in one job (tests and tools; the app stages its chunks: createStager). */
export interface PackJob extends PackRequest {
  kind: 'pack'
  keys: JobKeys
  chunks: StagedChunk[]
}

/** A chunk of sealed records as the router validated it (src/shared/contract/backup.ts, SealedReplicaChunk). */
export interface StagedChunk {
  transactions: SealedTx[]
  balances: SealedBalance[]
}

export interface OpenJob {
  kind: 'open' | 'inspect'
  /**
   * The current customer's keys; absent when nobody has signed in on this computer yet (a restore
   * from the welcome screen): then the rows are sealed for the backup's own customer, whose keys
   * `keysFor` gives once the payload says who that is.
   */
  keys?: JobKeys
  secret: BackupSecret
  /** The file's bytes, or base64 as the renderer sent them (decoded here, not on main's thread). */
  bytes: Uint8Array | string
  /** Records per page of the re-sealed replica (BACKUP_CHUNK_RECORDS). */
  pageRecords: number
}

export type BackupJob = PackJob | OpenJob

export interface PackedResult {
  kind: 'packed'
  bytes: Uint8Array
  summary: BackupSummary
}

export interface OpenedResult {
  kind: 'opened'
  summary: BackupSummary
  lists: BackupUserLists
  /** Every page's JSON (SealedRestorePage) one after the other; page i is pages[offsets[i] … offsets[i + 1]). */
  pages: Uint8Array
  offsets: number[]
  counts: { transactions: number; balances: number; terms: number }
  sync: SealedSyncState
  /** The check value of the keys the rows are sealed under (the renderer's `keyCheck`). */
  keyCheck: string
}

export interface InspectedResult {
  kind: 'inspected'
  summary: BackupSummary
}

export type BackupJobResult = PackedResult | OpenedResult | InspectedResult

const sealerOf = (keys: JobKeys): ReplicaSealer => createReplicaSealer({ enc: Buffer.from(keys.enc), mac: Buffer.from(keys.mac) })

function mismatch(): AppError {
  return new AppError('REPLICA_KEY_MISMATCH', 'the replica was sealed under other keys')
}

/** The summary the renderer may see: the bank's cursor only as the replica keeps it, sealed. */
function sealedSummary(summary: BackupSummary, sealer: ReplicaSealer): BackupSummary {
  return { ...summary, syncCursor: sealer.wrapCursor(summary.syncCursor) }
}

/**
 * A backup being staged: each chunk is opened, validated and compressed as it arrives (in the worker,
 * while the renderer sends the next one), so finishing the file is only checking main's part and
 * encrypting. The payload is written as `{"transactions":[…],"balances":[…],…the rest}` (key order
 * carries no meaning: docs/backup-format.md). A record or a cursor sealed under other keys fails the
 * backup with REPLICA_KEY_MISMATCH; a row that is not valid, or a duplicate, with INVALID_INPUT.
 */
export function createStager(keys: JobKeys) {
  const sealer = sealerOf(keys)
  const compressed: Buffer[] = []
  const deflate = createDeflateRaw({ level: DEFLATE_LEVEL })
  deflate.on('data', (piece: Buffer) => compressed.push(piece))
  const ended = once(deflate, 'end')
  ended.catch(() => {})
  /** Kept for the summary (time range, latest balance) and the duplicate checks. */
  const transactions: ReplicaTransaction[] = []
  const balances: BalanceSnapshot[] = []
  const ids = new Set<string>()
  const seqs = new Set<number>()
  let failure: AppError | undefined
  const invalid = (path: string, issue: string) =>
    (failure ??= new AppError('INVALID_INPUT', 'backup payload is not valid', { path, issue }))

  function open(chunk: StagedChunk): { rows: ReplicaTransaction[]; snapshots: BalanceSnapshot[] } | undefined {
    try {
      return {
        rows: chunk.transactions.map((t) => sealer.openTransaction(t)),
        snapshots: chunk.balances.map((b) => sealer.openBalance(b)),
      }
    } catch (error) {
      if (!(error instanceof ReplicaSealError)) throw error
      failure = mismatch()
      return undefined
    }
  }

  return {
    add(chunk: StagedChunk): void {
      if (failure) return
      const opened = open(chunk)
      if (!opened) return
      const rows = z.array(ReplicaTransaction).safeParse(opened.rows)
      const snapshots = z.array(BalanceSnapshot).safeParse(opened.snapshots)
      if (!rows.success || !snapshots.success) {
        const issue = (rows.error ?? snapshots.error)!.issues[0]
        return void invalid(
          `${rows.success ? 'balances' : 'transactions'}.${issue?.path.map(String).join('.') ?? ''}`,
          issue?.message ?? '',
        )
      }
      // One write per chunk: each write to the compressor is a round trip to zlib's thread.
      let text = ''
      for (const t of rows.data) {
        if (ids.has(t.id)) return void invalid('transactions', 'duplicate key')
        ids.add(t.id)
        text += `${transactions.length === 0 ? '{"transactions":[' : ','}${JSON.stringify(t)}`
        transactions.push(t)
      }
      if (text) deflate.write(text)
      for (const b of snapshots.data) {
        if (seqs.has(b.seq)) return void invalid('balances', 'duplicate key')
        seqs.add(b.seq)
        balances.push(b)
      }
    },
    async pack(request: PackRequest, report: (p: BackupProgress) => void = () => {}): Promise<PackedResult> {
      if (failure) throw failure
      let cursor: string | null = null
      if (request.sync.cursor !== null) {
        const unwrapped = sealer.unwrapCursor(request.sync.cursor)
        if (unwrapped === undefined) throw mismatch()
        cursor = unwrapped
      }
      report({ stage: 'validating', done: 0, total: 1 })
      const sync = { cursor, lastSeq: request.sync.lastSeq, lastSyncedAt: request.sync.lastSyncedAt }
      // The rows were checked as they came; main's part and the sync position are checked here.
      const head = BackupPayload.safeParse({
        ...request.head,
        version: BACKUP_PAYLOAD_VERSION,
        transactions: [],
        balances: [],
        sync,
      })
      if (!head.success) {
        const issue = head.error.issues[0]
        throw new AppError('INVALID_INPUT', 'backup payload is not valid', {
          path: issue?.path.map(String).join('.') ?? '',
          issue: issue?.message ?? '',
        })
      }
      const { transactions: _t, balances: _b, ...rest } = head.data
      report({ stage: 'packing', done: 0, total: transactions.length })
      deflate.end(
        `${transactions.length === 0 ? '{"transactions":[' : ''}],"balances":${JSON.stringify(balances)},${JSON.stringify(rest).slice(1)}`,
      )
      await ended
      report({ stage: 'packing', done: transactions.length, total: transactions.length })
      const bytes = await sealDeflated(
        compressed,
        request.secret,
        request.kdf ? { kdf: request.kdf, onProgress: report } : { onProgress: report },
      )
      report({ stage: 'done', done: 1, total: 1 })
      const summary = summarizeBackupPayload(
        { ...head.data, transactions, balances },
        {
          formatVersion: FORMAT_VERSION,
          fileBytes: bytes.length,
          kdf: typeof request.secret === 'string' ? 'scrypt' : 'keychain-key',
          fileVersion: BACKUP_PAYLOAD_VERSION,
        },
      )
      return { kind: 'packed', bytes, summary: sealedSummary(summary, sealer) }
    },
  }
}
export type Stager = ReturnType<typeof createStager>

/** Sealed records → a backup file's bytes, in one go. */
export async function runPack(job: PackJob, report?: (p: BackupProgress) => void): Promise<PackedResult> {
  const stager = createStager(job.keys)
  for (const chunk of job.chunks) stager.add(chunk)
  return stager.pack(job, report)
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/

/** Where a job without keys gets the keys of a customer (main derives them: src/main/core/backup.ts). */
export type KeysFor = (owner: string) => Promise<JobKeys>

const noKeys: KeysFor = () => Promise.reject(new AppError('LOCKED', 'no replica keys for this backup'))

/** A backup file's bytes → its summary, main's lists, and the replica's rows sealed under `keys` in pages. */
export async function runOpen(
  job: OpenJob,
  report: (p: BackupProgress) => void = () => {},
  keysFor: KeysFor = noKeys,
): Promise<OpenedResult | InspectedResult> {
  if (typeof job.bytes === 'string' && !BASE64.test(job.bytes)) {
    throw new AppError('INVALID_INPUT', 'the backup file is not base64', { field: 'bytes', reason: 'base64' })
  }
  const bytes = typeof job.bytes === 'string' ? Buffer.from(job.bytes, 'base64') : job.bytes
  const { payload, summary } = await decodeBackup(bytes, job.secret, { onProgress: report })
  const sealer = sealerOf(job.keys ?? (await keysFor(payload.profile.walletNo)))
  if (job.kind === 'inspect') return { kind: 'inspected', summary: sealedSummary(summary, sealer) }

  const { replica, lists } = splitBackupPayload(payload)
  const total = replica.transactions.length
  report({ stage: 'sealing', done: 0, total })
  const terms = sealer.terms(replica.transactions)
  const pageRecords = Math.max(1, job.pageRecords)
  const encoder = new TextEncoder()
  const parts: Uint8Array[] = []
  const offsets = [0]
  let page: SealedRestorePage = { transactions: [], balances: [], terms: [] }
  let inPage = 0
  const flush = () => {
    if (inPage === 0) return
    const encoded = encoder.encode(JSON.stringify(page))
    parts.push(encoded)
    offsets.push(offsets[offsets.length - 1]! + encoded.length)
    page = { transactions: [], balances: [], terms: [] }
    inPage = 0
  }
  const add = (push: () => void) => {
    push()
    if (++inPage === pageRecords) flush()
  }
  for (const [i, t] of replica.transactions.entries()) {
    add(() => page.transactions.push(sealer.sealTransaction(t)))
    if ((i + 1) % 10_000 === 0) report({ stage: 'sealing', done: i + 1, total })
  }
  for (const b of replica.balances) add(() => page.balances.push(sealer.sealBalance(b)))
  for (const term of terms) add(() => page.terms.push(term))
  flush()
  report({ stage: 'sealing', done: total, total })
  return {
    kind: 'opened',
    summary: sealedSummary(summary, sealer),
    lists,
    pages: Buffer.concat(parts),
    offsets,
    counts: { transactions: total, balances: replica.balances.length, terms: terms.length },
    sync: {
      cursor: sealer.wrapCursor(replica.sync.cursor),
      lastSeq: replica.sync.lastSeq,
      lastSyncedAt: replica.sync.lastSyncedAt,
    },
    keyCheck: sealer.rendererKey().check,
  }
}

export function runJob(job: BackupJob, report?: (p: BackupProgress) => void, keysFor?: KeysFor): Promise<BackupJobResult> {
  return job.kind === 'pack' ? runPack(job, report) : runOpen(job, report, keysFor)
}
