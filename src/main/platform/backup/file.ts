/**
 * Backups on disk: written atomically (a failed or interrupted write leaves the target as it was) and
 * read with the header checked first, so choosing a 4 GB video by mistake is refused without reading it.
 */
import { open } from 'node:fs/promises'
import type { BackupPayload, BackupSummary } from '../../../shared/backup-payload'
import { writeFileAtomic } from '../../base/atomic-file'
import {
  MAX_BACKUP_BYTES,
  decodeBackup,
  packBackup,
  type CreateBackupOptions,
  type OpenBackupOptions,
  type OpenedBackup,
} from './backup'
import { backupError } from './errors'
import { parseHeader } from './header'
import type { BackupSecret } from './keys'

/** The extension the save dialog suggests: 工行数字钱包 backup. */
export const BACKUP_EXTENSION = '.iwbk'

export async function createBackupFile(
  path: string,
  payload: BackupPayload,
  secret: BackupSecret,
  options: CreateBackupOptions = {},
): Promise<BackupSummary> {
  const { bytes, summary } = await packBackup(payload, secret, options)
  await writeFileAtomic(path, bytes, { mode: 0o600 })
  return summary
}

/** Reads a backup file whole; one above the size cap only as far as its header, to say what it is. */
export async function readBackupFile(path: string): Promise<Buffer> {
  const handle = await open(path, 'r')
  try {
    const { size } = await handle.stat()
    if (size > MAX_BACKUP_BYTES) {
      const head = Buffer.alloc(4096)
      const { bytesRead } = await handle.read(head, 0, head.length, 0)
      // Not a backup, a damaged header or a newer format say more than "too large".
      parseHeader(head.subarray(0, bytesRead))
      throw backupError('BACKUP_CORRUPT', { reason: 'too-large' })
    }
    return await handle.readFile()
  } finally {
    await handle.close()
  }
}

export async function decodeBackupFile(
  path: string,
  secret: BackupSecret,
  options: OpenBackupOptions = {},
): Promise<OpenedBackup> {
  return decodeBackup(await readBackupFile(path), secret, options)
}

export async function inspectBackupFile(
  path: string,
  secret: BackupSecret,
  options: OpenBackupOptions = {},
): Promise<BackupSummary> {
  return (await decodeBackupFile(path, secret, options)).summary
}

export async function openBackupFile(
  path: string,
  secret: BackupSecret,
  options: OpenBackupOptions = {},
): Promise<BackupPayload> {
  return (await decodeBackupFile(path, secret, options)).payload
}
