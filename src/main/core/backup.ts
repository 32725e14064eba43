import { randomUUID } from 'node:crypto'
import { join } from 'node:path'
import { z } from 'zod'
import {
  BACKUP_PAYLOAD_VERSION,
  BackupUserLists,
  type BackupCardLabel,
  type BackupHousehold,
  type BackupPayee,
  type BackupSummary,
} from '../../shared/backup-payload'
import {
  BACKUP_CHUNK_RECORDS,
  type AutoBackupEntry,
  type BackupCreated,
  type BackupSource,
  type OpenedRestore,
  type PassphraseVerdict,
  type RestoreCommitted,
  type SealedReplicaChunk,
  type RestorePageText,
  type UploadPiece,
  type SealedSyncState,
} from '../../shared/contract/backup'
import { AppError } from '../../shared/errors'
import {
  getAutoBackupKey,
  getOrCreateAutoBackupKey,
  listAutoBackups,
  readBackupFile,
  writeAutoBackupBytes,
} from '../platform/backup'
import type { BackupProgress } from '../platform/backup/backup'
import type { JobKeys, OpenedResult, PackRequest, PayloadHead } from '../platform/backup/jobs'
import { runInWorker, stageInWorker, type StagedBackup } from '../platform/backup/run-worker'
import { createUploads } from '../platform/backup/upload'
import type { ScryptParams } from '../platform/backup/header'
import type { ReplicaKeys } from '../platform/replica/sealer'
import type { SecretStore } from '../platform/vault'
import type { EventBus } from '../base/events'
import type { Clock, DocStore } from '../base/ports'
import { mainStrings } from '../base/strings'
import { ProfileDoc } from './profile'
import type { SettingsService } from './settings'

/** Where a finished backup goes: a save dialog in Electron, a download in the harness. */
export interface BackupFiles {
  /** `kind` picks the dialog's title and file type (a backup unless told: src/main/shell/electron/files.ts). */
  save(bytes: Buffer, suggestedName: string, kind?: 'backup' | 'recovery-codes'): Promise<BackupCreated['location']>
  /** Prints the window to a PDF and saves it where the user says; absent where there is no PDF printer. */
  printToPdf?(suggestedName: string): Promise<{ kind: 'saved'; path: string } | { kind: 'cancelled' }>
}

/** One of the user's lists as its owner keeps it in a sealed document (src/main/core/payments/*). */
export interface ListDoc<T> {
  read(): Promise<T>
  write(value: T): Promise<void>
}

/** Every sealed document of main that holds something the user made (settings come from SettingsService). */
export interface UserListDocs {
  payees: ListDoc<BackupPayee[]>
  households: ListDoc<BackupHousehold[]>
  cardLabels: ListDoc<BackupCardLabel[]>
}

export interface BackupDeps {
  dataDir: string
  store: DocStore
  secrets: SecretStore
  settings: SettingsService
  lists: UserListDocs
  events: EventBus
  clock: Clock
  version: string
  files: BackupFiles
  /**
   * A customer's replica keys (the vault's derivation, as src/main/core/replica.ts uses it), handed to
   * the backup worker: the signed-in customer's, or on a computer nobody has signed in on yet, the
   * backup's own customer's, so that signing in as that customer keeps the restored replica.
   */
  replicaKeys(owner: string): ReplicaKeys | Promise<ReplicaKeys>
  /** scrypt parameters for passphrase backups; the default (header.ts) unless a test needs speed. */
  kdf?: ScryptParams
}

/** What the renderer said it staged, checked against what reached main. */
export interface StagedCounts {
  transactions: number
  balances: number
}

/** Stages kept at a time: one for a backup the user makes and one for the automatic one. */
const STAGES_KEEP = 2
/** A stage the renderer never finished (it was closed meanwhile) is dropped after this. */
const STAGE_MAX_AGE_MS = 10 * 60_000

function stamp(epochMs: number): string {
  const d = new Date(epochMs)
  const p = (n: number) => String(n).padStart(2, '0')
  return `${d.getFullYear()}${p(d.getMonth() + 1)}${p(d.getDate())}-${p(d.getHours())}${p(d.getMinutes())}`
}

/**
 * A commit in progress, in the sealed store: written before main's first list is replaced and removed
 * after the last, so a commit the process did not live to finish is finished at the next start
 * (recover) instead of leaving some lists from the backup and some from before. The renderer
 * replaced its replica before asking for the commit, so finishing it is what keeps the two together.
 */
const JOURNAL_DOC = 'restore-journal'
const Journal = z.object({ version: z.literal(1), restoreId: z.string(), target: BackupUserLists })

/** Runs the work given to it one after another, each after the last has settled (failed or not). */
function inTurn() {
  let queue: Promise<unknown> = Promise.resolve()
  return <T>(work: () => Promise<T>): Promise<T> => {
    const run = queue.then(work, work)
    queue = run.catch(() => undefined)
    return run
  }
}

/** Opened backups not yet committed; older ones are forgotten (the user can open the file again). */
const PENDING_KEEP = 3

/**
 * Encrypted local backups (docs/backup-format.md). A backup gathers from both owners: the renderer
 * hands over its sealed replica of the bank's feed in chunks (stageBegin, stage), main adds the masked
 * profile and the user's own lists from its sealed store, and a worker thread opens the records and
 * writes the file (src/main/platform/backup/jobs.ts). Restoring goes the other way in two steps: open
 * (a worker decodes and validates everything and re-seals the rows under the current customer's keys;
 * main keeps its part here under a restore id and hands the renderer the sealed rows page by page:
 * openPage), then, once the renderer has replaced its replica, commitRestore (main replaces its lists,
 * all or none). The lists replaced are kept in memory until the app restarts, for 撤销恢复 (undoRestore).
 * Main's own thread only moves buffers and chunks of at most BACKUP_CHUNK_RECORDS records.
 */
export function createBackupService(deps: BackupDeps) {
  const autoDir = join(deps.dataDir, 'backups', 'auto')
  const progress = (op: 'create' | 'inspect' | 'open' | 'auto') => (p: { stage: string; done: number; total: number }) =>
    deps.events.emit('backup.progress', { op, stage: p.stage, done: p.done, total: p.total })

  const pending = new Map<string, { lists: BackupUserLists; replica: OpenedResult }>()
  /** Backups being staged: each in a worker of its own that opens the chunks as they come. */
  const stages = new Map<string, { staged: StagedBackup; counts: StagedCounts; startedAt: number }>()
  function dropStage(stageId: string): void {
    stages.get(stageId)?.staged.abandon()
    stages.delete(stageId)
  }
  /** Files the user chose, arriving in pieces (src/main/platform/backup/upload.ts). */
  const uploads = createUploads(() => deps.clock.now())
  const keysFor = async (owner: string): Promise<JobKeys> => {
    const k = await deps.replicaKeys(owner)
    return { enc: k.enc, mac: k.mac }
  }
  /** The signed-in customer's keys; undefined before anyone has signed in on this computer. */
  async function currentKeys(): Promise<JobKeys | undefined> {
    const owner = (await deps.store.read('profile', ProfileDoc))?.profile.walletNo
    return owner ? keysFor(owner) : undefined
  }
  /** The last commit: what it replaced and what it wrote, and which of the two is in force now. */
  let last: { restoreId: string; previous: BackupUserLists; restored: BackupUserLists; undone: boolean } | undefined
  /** One commit or undo at a time: each reads the lists before it writes them. */
  const serially = inTurn()

  async function readLists(): Promise<BackupUserLists> {
    const [payees, households, cardLabels, settings] = await Promise.all([
      deps.lists.payees.read(),
      deps.lists.households.read(),
      deps.lists.cardLabels.read(),
      deps.settings.get(),
    ])
    return { payees, households, cardLabels, settings }
  }

  function writers(target: BackupUserLists): (() => Promise<unknown>)[] {
    return [
      () => deps.lists.payees.write(target.payees),
      () => deps.lists.households.write(target.households),
      () => deps.lists.cardLabels.write(target.cardLabels),
      () => deps.settings.set(target.settings),
    ]
  }

  async function journal(restoreId: string, target: BackupUserLists): Promise<void> {
    await deps.store.write(JOURNAL_DOC, { version: 1, restoreId, target })
  }

  /**
   * Replaces every list with `target`, all or none: when a write fails, the lists already written are
   * put back to `previous` before the error is passed on. The journal names where the lists are headed
   * at every moment (first `target`, then `previous` on the way back), so a crash in between finishes
   * the same way at the next start.
   */
  async function replaceLists(restoreId: string, target: BackupUserLists, previous: BackupUserLists): Promise<void> {
    await journal(restoreId, target)
    let written = 0
    try {
      for (const write of writers(target)) {
        await write()
        written++
      }
    } catch (error) {
      await journal(restoreId, previous)
      // The write that failed may have happened all the same: it is put back too. Each list is tried
      // even when another cannot be; the journal stays until all are back, and recover finishes it.
      let back = true
      for (const write of writers(previous)
        .slice(0, written + 1)
        .reverse()) {
        try {
          await write()
        } catch {
          back = false
        }
      }
      if (back) await deps.store.remove(JOURNAL_DOC)
      throw error
    }
    await deps.store.remove(JOURNAL_DOC)
  }

  /**
   * At start, before anything reads the lists: finishes a commit the process did not live to finish.
   * Never fails the start: a journal that cannot be read or finished stays for the next one, and the
   * wallet opens with the lists as they are.
   */
  async function recover(): Promise<void> {
    try {
      const unfinished = await deps.store.read(JOURNAL_DOC, Journal)
      if (!unfinished) return
      for (const write of writers(unfinished.target)) await write()
      await deps.store.remove(JOURNAL_DOC)
    } catch (error) {
      console.error('[backup] could not finish an interrupted restore:', error)
    }
  }

  async function headOf(read?: ProfileDoc): Promise<PayloadHead> {
    const doc = read ?? (await deps.store.read('profile', ProfileDoc))
    if (!doc) throw new AppError('SESSION_EXPIRED', 'sign in before making a backup')
    return {
      version: BACKUP_PAYLOAD_VERSION,
      appVersion: deps.version,
      createdAt: deps.clock.now(),
      profile: doc.profile,
      ...(await readLists()),
    }
  }

  /** Starts a stage under the signed-in customer's keys; stages left unfinished for long, or beyond two, are dropped. */
  async function stageBegin(): Promise<{ stageId: string }> {
    const keys = await currentKeys()
    if (!keys) throw new AppError('SESSION_EXPIRED', 'sign in before making a backup')
    const now = deps.clock.now()
    for (const [id, stage] of stages) if (now - stage.startedAt > STAGE_MAX_AGE_MS) dropStage(id)
    const stageId = randomUUID()
    stages.set(stageId, { staged: stageInWorker(keys), counts: { transactions: 0, balances: 0 }, startedAt: now })
    for (const id of [...stages.keys()].slice(0, -STAGES_KEEP)) dropStage(id)
    return { stageId }
  }

  /** One chunk: its envelope checked by the router (SealedReplicaChunk); the stage's worker checks and opens its records. */
  function stage(chunk: SealedReplicaChunk): StagedCounts {
    const stage = stages.get(chunk.stageId)
    if (!stage) throw new AppError('NOT_FOUND', 'no backup is being staged under this id; start again')
    stage.staged.add({ transactions: chunk.transactions, balances: chunk.balances })
    stage.counts.transactions += chunk.transactions.length
    stage.counts.balances += chunk.balances.length
    return { ...stage.counts }
  }

  /**
   * Makes the file from a stage, which is used up either way: a chunk the router refused (or one that
   * never came) makes the counts differ, and nothing is written.
   */
  async function pack(
    input: { stageId: string; counts: StagedCounts; sync: SealedSyncState },
    secret: string | Buffer,
    head: PayloadHead,
    onProgress: (p: BackupProgress) => void,
    strength?: PackRequest['strength'],
  ) {
    const stage = stages.get(input.stageId)
    stages.delete(input.stageId)
    if (!stage) throw new AppError('NOT_FOUND', 'no backup is being staged under this id; start again')
    const { counts } = input
    if (stage.counts.transactions !== counts.transactions || stage.counts.balances !== counts.balances) {
      stage.staged.abandon()
      throw new AppError('INVALID_INPUT', 'not every record of the replica reached main; nothing was written', {
        field: 'counts',
        reason: 'incomplete',
      })
    }
    const kdf = deps.kdf && typeof secret === 'string' ? { kdf: deps.kdf } : {}
    return stage.staged.finish({ secret, head, sync: input.sync, ...kdf, ...(strength ? { strength } : {}) }, onProgress)
  }

  /**
   * What the wallet knows of its user, for the strength check: the phone number, the wallet number
   * and what the masked name shows (张*三 → 张, 三). A guesser who has the file may know them too.
   */
  function userInputsOf(doc: ProfileDoc | undefined): string[] {
    if (!doc) return []
    const nameParts = doc.profile.nameMasked.split('*').filter((part) => part.length > 0)
    return [doc.phone, doc.profile.walletNo, ...nameParts].filter((input) => input.length > 0)
  }

  /**
   * The strength gate's verdict, from the backup worker (strength.ts: its dictionaries and first estimate
   * would hold main's event loop for 100-170 ms). One at a time: a screen asks 250 ms after the last key.
   */
  const judging = inTurn()
  async function checkPassphrase(passphrase: string): Promise<PassphraseVerdict> {
    const userInputs = userInputsOf(await deps.store.read('profile', ProfileDoc))
    return (await judging(() => runInWorker({ kind: 'strength', passphrase, userInputs }))).verdict
  }

  /** Only backups under a passphrase the user chose pass the strength gate (in the stage's worker); automatic ones use the keychain key. */
  async function create(
    passphrase: string,
    input: { stageId: string; counts: StagedCounts; sync: SealedSyncState },
  ): Promise<BackupCreated> {
    const doc = await deps.store.read('profile', ProfileDoc)
    const head = await headOf(doc)
    // Judged by the stage's worker before it packs anything (PackRequest.strength).
    const { bytes, summary } = await pack(input, passphrase, head, progress('create'), { userInputs: userInputsOf(doc) })
    // Named in the language of the settings (src/main/base/strings.ts).
    const fileName = mainStrings((await deps.settings.get()).language).files.backup(stamp(head.createdAt))
    const location = await deps.files.save(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), fileName)
    return { fileName, summary, location }
  }

  /** The file's bytes (uploaded by the renderer, or an automatic backup's) and its secret. */
  async function sourceOf(source: BackupSource): Promise<{ bytes: Uint8Array; secret: string | Buffer }> {
    if (source.kind === 'file') return { bytes: uploads.bytesOf(source.uploadId), secret: source.passphrase }
    const entry = (await listAutoBackups(autoDir)).find((e) => e.name === source.id)
    if (!entry) throw new AppError('NOT_FOUND', 'no such automatic backup')
    const key = await getAutoBackupKey(deps.secrets)
    if (!key) throw new AppError('KEY_MISSING', 'the key of the automatic backups is gone')
    return { bytes: await readBackupFile(entry.path), secret: key }
  }

  /**
   * Files are checked and opened one at a time: each job is a worker of its own holding the file and
   * deriving its key (up to 512 MiB of scrypt memory), so calls made side by side must not add up.
   */
  const oneAtATime = inTurn()

  function inspect(source: BackupSource): Promise<BackupSummary> {
    return oneAtATime(async () => {
      const { bytes, secret } = await sourceOf(source)
      const keys = await currentKeys()
      const job = { kind: 'inspect', ...(keys ? { keys } : {}), secret, bytes, pageRecords: BACKUP_CHUNK_RECORDS } as const
      return (await runInWorker(job, progress('inspect'), keysFor)).summary
    })
  }

  /**
   * Checks everything and re-seals the replica's rows under the current keys (in a worker); keeps
   * main's part for commitRestore and the sealed rows for openPage, and answers with how many pages.
   */
  async function open(source: BackupSource): Promise<OpenedRestore> {
    const opened = await oneAtATime(async () => {
      const { bytes, secret } = await sourceOf(source)
      const keys = await currentKeys()
      return runInWorker(
        { kind: 'open', ...(keys ? { keys } : {}), secret, bytes, pageRecords: BACKUP_CHUNK_RECORDS },
        progress('open'),
        keysFor,
      )
    })
    // Opened: the file's bytes are not needed again (the renderer sends them again for another restore).
    if (source.kind === 'file') uploads.drop(source.uploadId)
    const restoreId = randomUUID()
    pending.set(restoreId, { lists: opened.lists, replica: opened })
    for (const id of [...pending.keys()].slice(0, -PENDING_KEEP)) pending.delete(id)
    return {
      restoreId,
      summary: opened.summary,
      pages: opened.offsets.length - 1,
      counts: opened.counts,
      sync: opened.sync,
      keyCheck: opened.keyCheck,
    }
  }

  /** One page of an opened backup: ≤ BACKUP_CHUNK_RECORDS records as the worker wrote them (RestorePageText). */
  function openPage(restoreId: string, page: number): RestorePageText {
    const opened = pending.get(restoreId)?.replica
    if (!opened) throw new AppError('NOT_FOUND', 'no opened backup with this restore id; open the backup again')
    const from = opened.offsets[page]
    const to = opened.offsets[page + 1]
    if (from === undefined || to === undefined) throw new AppError('NOT_FOUND', `the opened backup has no page ${page}`)
    return { json: Buffer.from(opened.pages.buffer, opened.pages.byteOffset + from, to - from).toString('utf8') }
  }

  function commitRestore(restoreId: string): Promise<RestoreCommitted> {
    return serially(async () => {
      // A retried commit changes nothing; the last restore committed again after its undo writes the
      // backup's lists again (the renderer does that when putting its replica back failed).
      if (last?.restoreId === restoreId && !last.undone) return { restoreId, settings: await deps.settings.get() }
      const target = pending.get(restoreId)?.lists ?? (last?.restoreId === restoreId ? last.restored : undefined)
      if (!target) throw new AppError('NOT_FOUND', 'no opened backup with this restore id; open the backup again')
      const previous = await readLists()
      await replaceLists(restoreId, target, previous)
      pending.delete(restoreId)
      last = { restoreId, previous, restored: target, undone: false }
      return { restoreId, settings: await deps.settings.get() }
    })
  }

  function undoRestore(): Promise<RestoreCommitted> {
    return serially(async () => {
      if (!last || last.undone) throw new AppError('NOT_FOUND', 'no restore to undo since the app started')
      await replaceLists(last.restoreId, last.previous, last.restored)
      last.undone = true
      return { restoreId: last.restoreId, settings: await deps.settings.get() }
    })
  }

  async function autoRun(input: { stageId: string; counts: StagedCounts; sync: SealedSyncState }): Promise<AutoBackupEntry> {
    const key = await getOrCreateAutoBackupKey(deps.secrets)
    const packed = await pack(input, key, await headOf(), progress('auto'))
    const { entry } = await writeAutoBackupBytes(autoDir, packed)
    await deps.store.write('auto-backup', { lastAt: entry.createdAt })
    return { id: entry.name, createdAt: entry.createdAt, bytes: entry.bytes }
  }

  async function autoList(): Promise<AutoBackupEntry[]> {
    return (await listAutoBackups(autoDir)).map((e) => ({ id: e.name, createdAt: e.createdAt, bytes: e.bytes }))
  }

  return {
    checkPassphrase,
    stageBegin,
    stage,
    create,
    uploadBegin: (bytes: number) => uploads.begin(bytes),
    upload: (p: UploadPiece) => uploads.add(p.uploadId, p.at, p.piece),
    inspect,
    open,
    openPage,
    commitRestore,
    undoRestore,
    recover,
    autoRun,
    autoList,
  }
}
