import { defineStore } from 'pinia'
import { ref, shallowRef } from 'vue'
import type { BackupSummary } from '@shared/backup-payload'
import type { AutoBackupEntry, BackupCreated, BackupSource } from '@shared/contract'
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

  async function inspect(source: BackupSource): Promise<BackupSummary> {
    listen()
    try {
      return await call('backup.inspect', source)
    } finally {
      progress.value = null
    }
  }

  /** Validates everything in main first; only then is the local replica replaced (all or nothing). */
  async function restore(source: BackupSource): Promise<void> {
    listen()
    try {
      const payload = await call('backup.open', source)
      const settings = useSettingsStore()
      const bootId = settings.info?.bootId ?? (await call('app.info')).bootId
      await restoreReplica(replica(), payload, bootId)
      await settings.update(payload.settings)
      undoAvailable.value = true
      // Sync goes on from the restored cursor once the wallet is open.
      await call('sync.attach', { cursor: payload.sync.cursor }).catch(() => {})
    } finally {
      progress.value = null
    }
  }

  async function undo(): Promise<void> {
    await undoRestore(replica())
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

  return { progress, autoBackups, undoAvailable, create, inspect, restore, undo, refresh, autoBackupIfDue }
})
