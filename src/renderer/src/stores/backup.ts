import { defineStore } from 'pinia'
import { ref, shallowRef } from 'vue'
import type { BackupSummary } from '@shared/backup-payload'
import type { AutoBackupEntry, BackupCreated, BackupSource, PassphraseVerdict, RestoreCommitted } from '@shared/contract'
import type { OpenedRestore, SealedReplicaExport, SealedSyncState } from '@shared/contract/backup'
import { BACKUP_CHUNK_RECORDS, BACKUP_UPLOAD_PIECE_CHARS } from '@shared/contract/constants'
import { readRestorePage } from '@shared/restore-page'
import { call, onEvent } from '@renderer/api/client'
import { canUndoRestore, exportReplica, restoreReplica, undoRestore } from '@renderer/db/backup'
import { readCursor } from '@renderer/db/replica'
import { replica } from '@renderer/stores/sync'
import { useSettingsStore } from '@renderer/stores/settings'
import { saveDownload } from '@renderer/i18n/names'

export interface BackupProgress {
  op: string
  stage: string
  percent: number
}

function toBase64(bytes: Uint8Array): string {
  let binary = ''
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000))
  return btoa(binary)
}

/** Bytes of the file per piece: a multiple of 3, so that only the last piece's base64 is padded. */
const PIECE_BYTES = (BACKUP_UPLOAD_PIECE_CHARS / 4) * 3

/**
 * Hands a chosen backup file to main in pieces (backup.uploadBegin, backup.upload) and answers with the
 * id that names it in a BackupSource: main never receives the whole file as one message, and a file
 * too large for a backup is refused (INVALID_INPUT) before any of it is read.
 */
export async function uploadBackupFile(file: Blob): Promise<string> {
  const { uploadId } = await call('backup.uploadBegin', { bytes: file.size })
  for (let at = 0; at < file.size; at += PIECE_BYTES) {
    const piece = new Uint8Array(await file.slice(at, at + PIECE_BYTES).arrayBuffer())
    await call('backup.upload', { uploadId, at, piece: toBase64(piece) })
  }
  return uploadId
}

const DAY_MS = 24 * 3600_000

/** What main needs besides the staged records to make a backup of them. */
interface Staged {
  stageId: string
  counts: { transactions: number; balances: number }
  sync: SealedSyncState
}

/**
 * Hands the sealed replica to main in chunks of BACKUP_CHUNK_RECORDS (docs/backup-format.md, "Off
 * main's thread"), read in one transaction so the chunks are one consistent state.
 */
async function stageReplica(onChunk: (done: number, total: number) => void): Promise<Staged> {
  const data = await exportReplica(replica())
  const { stageId } = await call('backup.stageBegin')
  const total = data.transactions.length + data.balances.length
  let t = 0
  let b = 0
  onChunk(0, total)
  while (t < data.transactions.length || b < data.balances.length) {
    const transactions = data.transactions.slice(t, t + BACKUP_CHUNK_RECORDS)
    const balances = data.balances.slice(b, b + BACKUP_CHUNK_RECORDS - transactions.length)
    await call('backup.stage', { stageId, transactions, balances })
    t += transactions.length
    b += balances.length
    onChunk(t + b, total)
  }
  return { stageId, counts: { transactions: data.transactions.length, balances: data.balances.length }, sync: data.sync }
}

export const useBackupStore = defineStore('backup', () => {
  const progress = ref<BackupProgress | null>(null)
  const autoBackups = shallowRef<AutoBackupEntry[]>([])
  const undoAvailable = ref(false)
  let listening = false

  function listen(): void {
    if (listening) return
    listening = true
    onEvent('backup.progress', (p) => {
      const percent = p.total > 0 ? Math.min(100, Math.round((p.done / p.total) * 100)) : 0
      progress.value = { op: p.op, stage: p.stage, percent: p.stage === 'done' ? 100 : percent }
    })
  }

  async function create(passphrase: string): Promise<BackupCreated> {
    listen()
    progress.value = { op: 'create', stage: 'collecting', percent: 0 }
    try {
      const staged = await stageReplica((done, total) => {
        progress.value = { op: 'create', stage: 'collecting', percent: total ? Math.round((done / total) * 100) : 100 }
      })
      const result = await call('backup.create', { passphrase, ...staged })
      if (result.location.kind === 'download') {
        return { ...result, fileName: await saveDownload('backup', result.location.url, result.fileName) }
      }
      return result
    } finally {
      progress.value = null
    }
  }

  /** Main's verdict on a passphrase for a new backup (the dictionaries stay in main's backup worker). */
  function checkPassphrase(passphrase: string): Promise<PassphraseVerdict> {
    return call('backup.checkPassphrase', { passphrase })
  }

  async function inspect(source: BackupSource): Promise<BackupSummary> {
    listen()
    try {
      return await call('backup.inspect', source)
    } finally {
      progress.value = null
    }
  }

  /**
   * The opened backup's records, sealed by main under the current keys, page by page; nothing is
   * written until every page has come and the counts add up.
   */
  async function readOpened(opened: OpenedRestore): Promise<SealedReplicaExport> {
    const out: Required<SealedReplicaExport> = { transactions: [], balances: [], terms: [], sync: opened.sync }
    for (let page = 0; page < opened.pages; page++) {
      const got = readRestorePage(await call('backup.openPage', { restoreId: opened.restoreId, page }))
      for (const t of got.transactions) out.transactions.push(t)
      for (const b of got.balances) out.balances.push(b)
      for (const t of got.terms) out.terms.push(t)
      progress.value = { op: 'open', stage: 'receiving', percent: Math.round(((page + 1) / opened.pages) * 100) }
    }
    const { counts } = opened
    if (
      out.transactions.length !== counts.transactions ||
      out.balances.length !== counts.balances ||
      out.terms.length !== counts.terms
    ) {
      throw new Error('the opened backup did not arrive whole')
    }
    return out
  }

  /**
   * Restores both owners, all or nothing: main checks the whole backup first, keeps its own part
   * (payees, households, card labels, settings) and re-seals the replica's rows under the current keys;
   * the replica is replaced in one transaction once every page has arrived; then main replaces its
   * lists. When main cannot, the replica is put back as it was.
   */
  async function restore(source: BackupSource): Promise<void> {
    listen()
    try {
      const opened = await call('backup.open', source)
      const records = await readOpened(opened)
      const settings = useSettingsStore()
      const bootId = settings.info?.bootId ?? (await call('app.info')).bootId
      await restoreReplica(replica(), records, bootId, opened.keyCheck)
      let committed: RestoreCommitted
      try {
        committed = await call('backup.commitRestore', { restoreId: opened.restoreId })
      } catch (error) {
        await undoRestore(replica())
        undoAvailable.value = false
        throw error
      }
      settings.apply(committed.settings)
      undoAvailable.value = true
      // Sync goes on from the restored cursor once the wallet is open.
      await call('sync.attach', { cursor: opened.sync.cursor }).catch(() => {})
    } finally {
      progress.value = null
    }
  }

  /** 撤销恢复: main's lists first (nothing changes when it refuses), then the replica. */
  async function undo(): Promise<void> {
    const undone = await call('backup.undoRestore')
    try {
      await undoRestore(replica())
    } catch (error) {
      // The replica still holds the backup: so must main.
      await call('backup.commitRestore', { restoreId: undone.restoreId }).catch(() => {})
      throw error
    }
    useSettingsStore().apply(undone.settings)
    undoAvailable.value = false
    await call('sync.attach', { cursor: await readCursor(replica()) }).catch(() => {})
  }

  async function refresh(): Promise<void> {
    const settings = useSettingsStore()
    if (settings.info) undoAvailable.value = await canUndoRestore(settings.info.bootId)
    autoBackups.value = await call('backup.autoList')
  }

  /** The daily automatic backup, when the setting is on and the newest one is a day old. */
  async function autoBackupIfDue(now = Date.now()): Promise<boolean> {
    if (!useSettingsStore().settings.autoBackup) return false
    const list = await call('backup.autoList')
    if (list[0] && now - list[0].createdAt < DAY_MS) return false
    await call('backup.autoRun', await stageReplica(() => {}))
    autoBackups.value = await call('backup.autoList')
    return true
  }

  return { progress, autoBackups, undoAvailable, checkPassphrase, create, inspect, restore, undo, refresh, autoBackupIfDue }
})
