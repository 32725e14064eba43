import { AppError } from '../../../shared/errors'

/**
 * Stable codes for backup failures, each told apart from the others (docs/backup-format.md, "Errors").
 * They are part of ERROR_CODES in src/shared/errors.ts.
 */
export const BACKUP_ERROR_CODES = [
  /** The header is intact but the key does not unwrap: the passphrase (or the keychain key) is not the one used. */
  'BACKUP_WRONG_PASSPHRASE',
  /** The magic matched but something after it is damaged: header checksum, truncation, appended bytes, a chunk. */
  'BACKUP_CORRUPT',
  /** Written by a newer app: the file format or the payload version is above what this build reads. */
  'BACKUP_TOO_NEW',
  /** No backup magic at the start: an empty file, a PDF, anything else. */
  'BACKUP_NOT_A_BACKUP',
  /** The KDF is unknown or its parameters are above the caps readers accept. */
  'BACKUP_KDF_UNSUPPORTED',
] as const

export type BackupErrorCode = (typeof BACKUP_ERROR_CODES)[number]

/** Developer-facing fallbacks; the renderer shows its own i18n text for each code. */
export const BACKUP_ERROR_MESSAGES: Record<BackupErrorCode, string> = {
  BACKUP_WRONG_PASSPHRASE: '密码错误',
  BACKUP_CORRUPT: '文件已损坏',
  BACKUP_TOO_NEW: '版本过新，请升级应用',
  BACKUP_NOT_A_BACKUP: '不是备份文件',
  BACKUP_KDF_UNSUPPORTED: '备份文件的加密参数不受支持',
}

export type BackupErrorDetails = Record<string, string | number | boolean | null>

export function backupError(code: BackupErrorCode, details?: BackupErrorDetails): AppError {
  return new AppError(code, BACKUP_ERROR_MESSAGES[code], details)
}

export function isBackupError(error: unknown, code?: BackupErrorCode): error is AppError {
  return (
    error instanceof AppError &&
    (BACKUP_ERROR_CODES as readonly string[]).includes(error.code) &&
    (code === undefined || (error.code as string) === code)
  )
}
