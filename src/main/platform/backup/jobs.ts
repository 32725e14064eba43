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
import { constants as zlibConstants, deflateRawSync } from 'node:zlib'
import { z } from 'zod'
import {
  BACKUP_PAYLOAD_VERSION,
  BackupPayload,
  splitBackupPayload,
  summarizeBackupPayload,
  type BackupSummary,
  type BackupUserLists,
} from '../../../shared/backup-payload'
import {
  StagedRecords,
  type PassphraseVerdict,
  type SealedRestorePage,
  type SealedSyncState,
} from '../../../shared/contract/backup'
import type { SealedBalance, SealedTerm, SealedTx } from '../../../shared/contract/replica'
import { BalanceSnapshot, ReplicaTransaction } from '../../../shared/contract/sync'
import { AppError } from '../../../shared/errors'
import { createReplicaSealer, ReplicaSealError, type ReplicaSealer } from '../replica/sealer'
import { decodeBackup, DEFLATE_LEVEL, sealDeflated, type BackupProgress } from './backup'
import { FORMAT_VERSION, type ScryptParams } from './header'
import type { BackupSecret } from './keys'
import { assertStrongVerdict, checkBackupPassphrase } from './strength'

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
  /**
   * A passphrase the user chose is judged here first (strength.ts, with what the wallet knows of its
   * user): WEAK_PASSPHRASE { reason, suggestion } and nothing is packed. Automatic backups have none.
   */
  strength?: { userInputs: string[] }
}

/** The whole of a backup in one job (tests and tools; the app stages its chunks: createStager). */
export interface PackJob extends PackRequest {
  kind: 'pack'
  keys: JobKeys
  chunks: StagedChunk[]
}

/** A chunk of sealed records as the router took it (SealedReplicaChunk: createStager checks each record). */
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
  /** The file's bytes (a chosen file's arrive in pieces: src/main/platform/backup/upload.ts). */
  bytes: Uint8Array
  /** Records per page of the re-sealed replica (BACKUP_CHUNK_RECORDS). */
  pageRecords: number
}

/** How guessable a new backup's passphrase is (strength.ts): zxcvbn's dictionaries live in the worker. */
export interface StrengthJob {
  kind: 'strength'
  passphrase: string
  userInputs: string[]
}

export type BackupJob = PackJob | OpenJob | StrengthJob

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
  /** How many of the pages other threads sealed (run-worker.ts counts them; tests check the sealing was shared). */
  helpedPages: number
}

export interface JudgedResult {
  kind: 'judged'
  verdict: PassphraseVerdict
}

export interface InspectedResult {
  kind: 'inspected'
  summary: BackupSummary
}

export type BackupJobResult = PackedResult | OpenedResult | InspectedResult | JudgedResult

export const sealerOf = (keys: JobKeys): ReplicaSealer =>
  createReplicaSealer({ enc: Buffer.from(keys.enc), mac: Buffer.from(keys.mac) })

function mismatch(): AppError {
  return new AppError('REPLICA_KEY_MISMATCH', 'the replica was sealed under other keys')
}

/** The summary the renderer may see: the bank's cursor only as the replica keeps it, sealed. */
function sealedSummary(summary: BackupSummary, sealer: ReplicaSealer): BackupSummary {
  return { ...summary, syncCursor: sealer.wrapCursor(summary.syncCursor) }
}

/** One chunk's transactions for a packer, and the text that goes before its first row. */
export interface ChunkTask {
  transactions: SealedTx[]
  /** `{"transactions":[` before the backup's first row, `,` before any other chunk's. */
  prefix: string
}

/** Why a chunk cannot go into a backup, as a packer thread can send it back. */
export type ChunkFailure = { code: 'REPLICA_KEY_MISMATCH' } | { code: 'INVALID_INPUT'; path: string; issue: string }

/** A chunk's rows as JSON text compressed on their own, or why they cannot be in the backup. */
export type PackedChunk = { piece: Uint8Array } | { failure: ChunkFailure }

/** Packs a chunk, here or in another thread (worker.ts gives the stager helper threads). */
export type ChunkPacker = (task: ChunkTask) => Promise<PackedChunk>

/**
 * Opens a chunk's records, checks the rows and writes them as JSON text, compressed on its own and
 * ended with a full flush: no final block, byte-aligned, no reference to what came before, so the
 * pieces of all chunks one after the other, then a last piece that ends the stream, are one
 * deflate-raw stream (what decodeBackup inflates), whichever thread packed each.
 */
export function packChunk(sealer: ReplicaSealer, task: ChunkTask): PackedChunk {
  let opened: ReplicaTransaction[]
  try {
    opened = task.transactions.map((t) => sealer.openTransaction(t))
  } catch (error) {
    if (!(error instanceof ReplicaSealError)) throw error
    return { failure: { code: 'REPLICA_KEY_MISMATCH' } }
  }
  const rows = z.array(ReplicaTransaction).safeParse(opened)
  if (!rows.success) {
    const issue = rows.error.issues[0]
    return {
      failure: {
        code: 'INVALID_INPUT',
        path: `transactions.${issue?.path.map(String).join('.') ?? ''}`,
        issue: issue?.message ?? '',
      },
    }
  }
  let text = task.prefix
  for (const [i, t] of rows.data.entries()) text += `${i === 0 ? '' : ','}${JSON.stringify(t)}`
  return { piece: deflateRawSync(text, { level: DEFLATE_LEVEL, finishFlush: zlibConstants.Z_FULL_FLUSH }) }
}

/** A packer in the stager's own thread: the work is done when add() returns. */
export const packHere =
  (sealer: ReplicaSealer): ChunkPacker =>
  async (task) =>
    packChunk(sealer, task)

/** A packer of another thread, as the stager sees it: how many chunks it still has to answer. */
export interface BusyPacker {
  pack: ChunkPacker
  outstanding(): number
}

/**
 * A backup being staged: each chunk is checked for duplicates as it arrives and handed to a packer
 * (opened, validated, serialised, compressed) while the renderer sends the next one: to the helper
 * thread with the fewest chunks waiting, so chunks are packed side by side, or in this thread when there
 * is no helper (tests, a helper that died). Finishing the file is then only checking main's part and
 * encrypting. The payload is written as `{"transactions":[…],"balances":[…],…the rest}` (key order
 * carries no meaning: docs/backup-format.md). A record or a cursor sealed under other keys fails the
 * backup with REPLICA_KEY_MISMATCH; a row that is not valid, or a duplicate, with INVALID_INPUT; when
 * several chunks fail, the earliest one's error is given.
 *
 * Duplicates are found on the records' keys (each a token of the bank's id, bound to the sealed part by
 * its associated data), and the summary's count and time range on their clear `occurredAt` (bound the
 * same way): the stager itself never opens a transaction.
 */
export function createStager(keys: JobKeys, helpers: readonly BusyPacker[] = []) {
  const sealer = sealerOf(keys)
  const here = packHere(sealer)
  const pieces: Promise<PackedChunk>[] = []
  const balances: BalanceSnapshot[] = []
  const ids = new Set<string>()
  const seqs = new Set<number>()
  let count = 0
  let from = Infinity
  let to = -Infinity
  /** A failure found when its chunk arrived, and how many chunks were handed to packers before it. */
  let failure: { at: number; error: AppError } | undefined
  const fail = (error: AppError) => (failure ??= { at: pieces.length, error })
  const invalid = (path: string, issue: string) =>
    fail(new AppError('INVALID_INPUT', 'backup payload is not valid', { path, issue }))

  function openBalances(records: SealedBalance[]): BalanceSnapshot[] | undefined {
    try {
      const opened = BalanceSnapshot.array().safeParse(records.map((b) => sealer.openBalance(b)))
      if (opened.success) return opened.data
      const issue = opened.error.issues[0]
      invalid(`balances.${issue?.path.map(String).join('.') ?? ''}`, issue?.message ?? '')
    } catch (error) {
      if (!(error instanceof ReplicaSealError)) throw error
      fail(mismatch())
    }
    return undefined
  }

  /** The helper with the fewest chunks waiting; this thread only when there is none that works. */
  function packer(): ChunkPacker {
    let best: BusyPacker | undefined
    for (const h of helpers) if (h.outstanding() < (best?.outstanding() ?? Number.POSITIVE_INFINITY)) best = h
    return best ? best.pack : here
  }

  return {
    add(staged: StagedChunk): void {
      if (failure) return
      // The router checked only the envelope (SealedReplicaChunk): every record is checked here first.
      const checked = StagedRecords.safeParse(staged)
      if (!checked.success) {
        const issue = checked.error.issues[0]
        return void invalid(issue?.path.map(String).join('.') ?? '', issue?.message ?? '')
      }
      const chunk = checked.data
      for (const t of chunk.transactions) {
        if (ids.has(t.id)) return void invalid('transactions', 'duplicate key')
        ids.add(t.id)
      }
      const snapshots = openBalances(chunk.balances)
      if (!snapshots) return
      for (const b of snapshots) {
        if (seqs.has(b.seq)) return void invalid('balances', 'duplicate key')
        seqs.add(b.seq)
        balances.push(b)
      }
      if (chunk.transactions.length === 0) return
      const prefix = count === 0 ? '{"transactions":[' : ','
      for (const t of chunk.transactions) {
        if (t.occurredAt < from) from = t.occurredAt
        if (t.occurredAt > to) to = t.occurredAt
      }
      count += chunk.transactions.length
      const piece = packer()({ transactions: chunk.transactions, prefix })
      piece.catch(() => {})
      pieces.push(piece)
    },
    async pack(request: PackRequest, report: (p: BackupProgress) => void = () => {}): Promise<PackedResult> {
      if (request.strength && typeof request.secret === 'string') {
        assertStrongVerdict(await checkBackupPassphrase(request.secret, request.strength.userInputs))
      }
      // Waiting for the packers is the rows being opened and checked: 正在校验.
      report({ stage: 'validating', done: 0, total: 1 })
      const packed = await Promise.all(pieces)
      const failed = packed.findIndex((p) => 'failure' in p)
      if (failed >= 0 && (!failure || failed < failure.at)) {
        const f = (packed[failed] as { failure: ChunkFailure }).failure
        throw f.code === 'REPLICA_KEY_MISMATCH'
          ? mismatch()
          : new AppError('INVALID_INPUT', 'backup payload is not valid', { path: f.path, issue: f.issue })
      }
      if (failure) throw failure.error
      let cursor: string | null = null
      if (request.sync.cursor !== null) {
        const unwrapped = sealer.unwrapCursor(request.sync.cursor)
        if (unwrapped === undefined) throw mismatch()
        cursor = unwrapped
      }
      const sync = { cursor, lastSeq: request.sync.lastSeq, lastSyncedAt: request.sync.lastSyncedAt }
      // The rows were checked by their packers; main's part and the sync position are checked here.
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
      report({ stage: 'packing', done: 0, total: count })
      const tail = deflateRawSync(
        `${count === 0 ? '{"transactions":[' : ''}],"balances":${JSON.stringify(balances)},${JSON.stringify(rest).slice(1)}`,
        { level: DEFLATE_LEVEL },
      )
      report({ stage: 'packing', done: count, total: count })
      const compressed = packed.map((p) => {
        const { piece } = p as { piece: Uint8Array }
        return Buffer.from(piece.buffer, piece.byteOffset, piece.byteLength)
      })
      compressed.push(tail)
      const bytes = await sealDeflated(
        compressed,
        request.secret,
        request.kdf ? { kdf: request.kdf, onProgress: report } : { onProgress: report },
      )
      report({ stage: 'done', done: 1, total: 1 })
      const summary = summarizeBackupPayload(
        { ...head.data, balances },
        {
          formatVersion: FORMAT_VERSION,
          fileBytes: bytes.length,
          kdf: typeof request.secret === 'string' ? 'scrypt' : 'keychain-key',
          fileVersion: BACKUP_PAYLOAD_VERSION,
        },
        { count, from, to },
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

/** Where a job without keys gets the keys of a customer (main derives them: src/main/core/backup.ts). */
export type KeysFor = (owner: string) => Promise<JobKeys>

const noKeys: KeysFor = () => Promise.reject(new AppError('LOCKED', 'no replica keys for this backup'))

/** One page of a restore's re-sealed replica: its plain rows, and dictionary entries already sealed. */
export interface PageTask {
  transactions: ReplicaTransaction[]
  balances: BalanceSnapshot[]
  terms: SealedTerm[]
}

/** Seals a page's rows and writes it as the JSON of a SealedRestorePage, here or in another thread. */
export type PageSealer = (task: PageTask) => Promise<Uint8Array>

/** The page sealers of other threads a restore may use, given the keys it seals under (none: all here). */
export type PageHelpers = (keys: JobKeys) => readonly PageSealer[]

/**
 * A restore this short is sealed in the worker alone: starting the packer threads would cost more than
 * sealing it (a page of BACKUP_CHUNK_RECORDS rows takes ~7 ms to seal, a thread ~100 ms to start).
 */
export const HELPED_MIN_PAGES = 8

const encoder = new TextEncoder()

export function sealPage(sealer: ReplicaSealer, task: PageTask): Uint8Array {
  const page: SealedRestorePage = {
    transactions: task.transactions.map((t) => sealer.sealTransaction(t)),
    balances: task.balances.map((b) => sealer.sealBalance(b)),
    terms: task.terms,
  }
  return encoder.encode(JSON.stringify(page))
}

/** The records of a restore, `pageRecords` to a page: transactions, then balances, then terms. */
function pageTasks(
  transactions: readonly ReplicaTransaction[],
  balances: readonly BalanceSnapshot[],
  terms: readonly SealedTerm[],
  pageRecords: number,
): PageTask[] {
  const tasks: PageTask[] = []
  const all = transactions.length + balances.length + terms.length
  for (let at = 0; at < all; at += pageRecords) {
    const end = at + pageRecords
    const slice = <T>(list: readonly T[], offset: number) =>
      list.slice(Math.max(0, at - offset), Math.max(0, Math.min(list.length, end - offset)))
    tasks.push({
      transactions: slice(transactions, 0),
      balances: slice(balances, transactions.length),
      terms: slice(terms, transactions.length + balances.length),
    })
  }
  return tasks
}

/**
 * Seals the pages: with helpers, each takes the next page as soon as it has answered its last (two at a
 * time, so none waits for a message), and the pages keep their order; a page whose helper failed is
 * sealed here. Without helpers, all here.
 */
async function sealPages(
  tasks: readonly PageTask[],
  sealer: ReplicaSealer,
  helpers: readonly PageSealer[],
  sealedOne: (task: PageTask) => void,
): Promise<{ pages: Uint8Array[]; helped: number }> {
  const pages: Uint8Array[] = new Array<Uint8Array>(tasks.length)
  let helped = 0
  if (helpers.length === 0) {
    for (const [i, task] of tasks.entries()) {
      pages[i] = sealPage(sealer, task)
      sealedOne(task)
    }
    return { pages, helped }
  }
  let next = 0
  const lane = async (helper: PageSealer) => {
    while (next < tasks.length) {
      const i = next++
      const task = tasks[i]!
      pages[i] = await helper(task).then(
        (page) => (helped++, page),
        () => sealPage(sealer, task),
      )
      sealedOne(task)
    }
  }
  await Promise.all([...helpers, ...helpers].map(lane))
  return { pages, helped }
}

/** A backup file's bytes → its summary, main's lists, and the replica's rows sealed under `keys` in pages. */
export async function runOpen(
  job: OpenJob,
  report: (p: BackupProgress) => void = () => {},
  keysFor: KeysFor = noKeys,
  helpersFor: PageHelpers = () => [],
): Promise<OpenedResult | InspectedResult> {
  const { payload, summary } = await decodeBackup(job.bytes, job.secret, { onProgress: report })
  const keys = job.keys ?? (await keysFor(payload.profile.walletNo))
  const sealer = sealerOf(keys)
  if (job.kind === 'inspect') return { kind: 'inspected', summary: sealedSummary(summary, sealer) }

  const { replica, lists } = splitBackupPayload(payload)
  const total = replica.transactions.length
  report({ stage: 'sealing', done: 0, total })
  const terms = sealer.terms(replica.transactions)
  const tasks = pageTasks(replica.transactions, replica.balances, terms, Math.max(1, job.pageRecords))
  let done = 0
  const helpers = tasks.length >= HELPED_MIN_PAGES ? helpersFor(keys) : []
  const { pages: sealed, helped } = await sealPages(tasks, sealer, helpers, (task) => {
    done += task.transactions.length
    report({ stage: 'sealing', done, total })
  })
  const offsets = [0]
  for (const page of sealed) offsets.push(offsets[offsets.length - 1]! + page.length)
  return {
    kind: 'opened',
    summary: sealedSummary(summary, sealer),
    lists,
    pages: Buffer.concat(sealed),
    helpedPages: helped,
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

async function judge(job: StrengthJob): Promise<JudgedResult> {
  return { kind: 'judged', verdict: await checkBackupPassphrase(job.passphrase, job.userInputs) }
}

export function runJob(
  job: BackupJob,
  report?: (p: BackupProgress) => void,
  keysFor?: KeysFor,
  helpersFor?: PageHelpers,
): Promise<BackupJobResult> {
  if (job.kind === 'strength') return judge(job)
  return job.kind === 'pack' ? runPack(job, report) : runOpen(job, report, keysFor, helpersFor)
}
