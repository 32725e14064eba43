import { join } from 'node:path'
import type { BackupPayload, BackupSummary } from '../../shared/backup-payload'
import type { AutoBackupEntry, BackupCreated, BackupSource, ReplicaExport } from '../../shared/contract/backup'
import { AppError } from '../../shared/errors'
import { decodeBackup, getAutoBackupKey, getOrCreateAutoBackupKey, listAutoBackups, packBackup, readBackupFile, writeAutoBackup } from '../backup'
import type { SecretStore } from '../vault'
import type { EventBus } from './events'
import type { Clock, DocStore } from './ports'
import { ProfileDoc } from './profile'
import type { SettingsService } from './settings'

/** Where a finished backup goes: a save dialog in Electron, a download in the harness. */
export interface BackupFiles {
  save(bytes: Buffer, suggestedName: string): Promise<BackupCreated['location']>
  /** Prints the window to a PDF and saves it where the user says; absent where there is no PDF printer. */
  printToPdf?(suggestedName: string): Promise<{ kind: 'saved'; path: string } | { kind: 'cancelled' }>
}

export interface BackupDeps {
  dataDir: string
  store: DocStore
  secrets: SecretStore
  settings: SettingsService
  events: EventBus
  clock: Clock
  version: string
  files: BackupFiles
}

function stamp(epochMs: number): string {
  const d = new Date(epochMs)
  const p = (n: number) => String(n).padStart(2, '0')
  return `${d.getFullYear()}${p(d.getMonth() + 1)}${p(d.getDate())}-${p(d.getHours())}${p(d.getMinutes())}`
}

/**
 * Encrypted local backups: the renderer hands over its replica, main adds the masked profile and the
 * settings and encrypts (docs/backup-format.md). Opening a backup only decodes and validates it: the
 * renderer replaces its replica afterwards, in one transaction, so a failure changes nothing.
 */
export function createBackupService(deps: BackupDeps) {
  const autoDir = join(deps.dataDir, 'backups', 'auto')
  const progress = (op: 'create' | 'inspect' | 'open' | 'auto') => (p: { stage: string; done: number; total: number }) =>
    deps.events.emit('backup.progress', { op, stage: p.stage, done: p.done, total: p.total })

  async function payloadOf(replica: ReplicaExport): Promise<BackupPayload> {
    const doc = await deps.store.read('profile', ProfileDoc)
    if (!doc) throw new AppError('SESSION_EXPIRED', 'sign in before making a backup')
    return {
      version: 2,
      appVersion: deps.version,
      createdAt: deps.clock.now(),
      profile: doc.profile,
      ...replica,
      settings: await deps.settings.get(),
    }
  }

  async function create(passphrase: string, replica: ReplicaExport): Promise<BackupCreated> {
    const payload = await payloadOf(replica)
    const { bytes, summary } = await packBackup(payload, passphrase, { onProgress: progress('create') })
    const fileName = `工行数字钱包备份-${stamp(payload.createdAt)}.iwbk`
    const location = await deps.files.save(bytes, fileName)
    return { fileName, summary, location }
  }

  async function decode(source: BackupSource, op: 'inspect' | 'open'): Promise<{ payload: BackupPayload; summary: BackupSummary }> {
    if (source.kind === 'file') {
      return decodeBackup(Buffer.from(source.bytes, 'base64'), source.passphrase, { onProgress: progress(op) })
    }
    const entry = (await listAutoBackups(autoDir)).find((e) => e.name === source.id)
    if (!entry) throw new AppError('NOT_FOUND', 'no such automatic backup')
    const key = await getAutoBackupKey(deps.secrets)
    if (!key) throw new AppError('KEY_MISSING', 'the key of the automatic backups is gone')
    return decodeBackup(await readBackupFile(entry.path), key, { onProgress: progress(op) })
  }

  async function autoRun(replica: ReplicaExport): Promise<AutoBackupEntry> {
    const key = await getOrCreateAutoBackupKey(deps.secrets)
    const { entry } = await writeAutoBackup(autoDir, await payloadOf(replica), key, { onProgress: progress('auto') })
    await deps.store.write('auto-backup', { lastAt: entry.createdAt })
    return { id: entry.name, createdAt: entry.createdAt, bytes: entry.bytes }
  }

  async function autoList(): Promise<AutoBackupEntry[]> {
    return (await listAutoBackups(autoDir)).map((e) => ({ id: e.name, createdAt: e.createdAt, bytes: e.bytes }))
  }

  return {
    create,
    inspect: async (source: BackupSource) => (await decode(source, 'inspect')).summary,
    open: async (source: BackupSource) => (await decode(source, 'open')).payload,
    autoRun,
    autoList,
  }
}
