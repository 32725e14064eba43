import { defineStore } from 'pinia'
import { ref, shallowRef } from 'vue'
import type { BackupSummary } from '@shared/backup-payload'
import type { AutoBackupEntry, BackupCreated, BackupSource, PassphraseVerdict, RestoreCommitted } from '@shared/contract'
import { call, onEvent } from '@renderer/api/client'
import { canUndoRestore, exportReplica, restoreReplica, undoRestore } from '@renderer/db/backup'
import { replica } from '@renderer/stores/sync'
import { useSettingsStore } from '@renderer/stores/settings'

export interface BackupProgress {
  op: string
  stage: string
  percent: number
}

/** Reads a chosen file as base64 for the bridge. */
export async function fileToBase64(file: Blob): Promise<string> {
  const bytes = new Uint8Array(await file.arrayBuffer())
  let binary = ''
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000))
  return btoa(binary)
}

const DAY_MS = 24 * 3600_000

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
      const result = await call('backup.create', { passphrase, replica: await exportReplica(replica()) })
      if (result.location.kind === 'download') {
        const a = document.createElement('a')
        a.href = result.location.url
        a.download = result.fileName
        document.body.appendChild(a)
        a.click()
        a.remove()
      }
      return result
    } finally {
      progress.value = null
    }
  }

  /** Main's verdict on a passphrase for a new backup (the dictionaries stay in main). */
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
   * Restores both owners, all or nothing: main checks the whole backup first and keeps its own part
   * (payees, households, card labels, settings); the replica is replaced in one transaction; then main
   * replaces its lists. When main cannot, the replica is put back as it was.
   */
  async function restore(source: BackupSource): Promise<void> {
    listen()
    try {
      const opened = await call('backup.open', source)
      const settings = useSettingsStore()
      const bootId = settings.info?.bootId ?? (await call('app.info')).bootId
      await restoreReplica(replica(), opened.replica, bootId)
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
      await call('sync.attach', { cursor: opened.replica.sync.cursor }).catch(() => {})
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
    await call('sync.attach', { cursor: (await exportReplica(replica())).sync.cursor }).catch(() => {})
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
    await call('backup.autoRun', { replica: await exportReplica(replica()) })
    autoBackups.value = await call('backup.autoList')
    return true
  }

  return { progress, autoBackups, undoAvailable, checkPassphrase, create, inspect, restore, undo, refresh, autoBackupIfDue }
})
