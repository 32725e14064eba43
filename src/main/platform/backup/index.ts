export {
  MAX_BACKUP_BYTES,
  MAX_PAYLOAD_BYTES,
  createBackup,
  decodeBackup,
  inspectBackup,
  openBackup,
  packBackup,
  peekBackup,
  type BackupFileInfo,
  type BackupProgress,
  type BackupStage,
  type CreateBackupOptions,
  type OpenBackupOptions,
  type OpenedBackup,
  type PackedBackup,
} from './backup'
export { BACKUP_EXTENSION, createBackupFile, decodeBackupFile, inspectBackupFile, openBackupFile, readBackupFile } from './file'
export {
  AUTO_BACKUP_KEEP,
  AUTO_BACKUP_KEY_ACCOUNT,
  getAutoBackupKey,
  getOrCreateAutoBackupKey,
  listAutoBackups,
  writeAutoBackup,
  writeAutoBackupBytes,
  type AutoBackupEntry,
  type AutoBackupResult,
} from './auto'
export { BACKUP_ERROR_CODES, BACKUP_ERROR_MESSAGES, backupError, isBackupError, type BackupErrorCode } from './errors'
export { DEFAULT_SCRYPT, SCRYPT_CAPS, type ScryptParams } from './header'
export { MIN_PASSPHRASE_LENGTH, type BackupSecret } from './keys'
