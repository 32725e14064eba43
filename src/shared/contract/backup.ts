import { z } from 'zod'
import { BackupCard, BackupHousehold, BackupPayee, BackupPayload, BackupSummary, BackupSyncState } from '../backup-payload'
import { channel } from './define'
import { BalanceSnapshot, ReplicaTransaction } from './sync'

/** What the renderer hands over from its replica for a backup (main adds profile and settings). */
export const ReplicaExport = z.object({
  cards: z.array(BackupCard),
  transactions: z.array(ReplicaTransaction),
  balances: z.array(BalanceSnapshot),
  payees: z.array(BackupPayee),
  households: z.array(BackupHousehold),
  sync: BackupSyncState,
})
export type ReplicaExport = z.infer<typeof ReplicaExport>

/** A backup file's bytes as base64 (what the renderer read from the file the user chose). */
const FileBytes = z.string().max(512 * 1024 * 1024).regex(/^[A-Za-z0-9+/]*={0,2}$/, 'base64')

/** Which backup: a file the user picked (with its passphrase), or one of the automatic ones. */
export const BackupSource = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('file'), bytes: FileBytes, passphrase: z.string().min(1).max(256) }),
  z.object({ kind: z.literal('auto'), id: z.string().max(128) }),
])
export type BackupSource = z.infer<typeof BackupSource>

export const BackupLocation = z.discriminatedUnion('kind', [
  /** Written where the user chose in the save dialog (Electron). */
  z.object({ kind: z.literal('saved'), path: z.string() }),
  /** Offered as a download (the browser harness). */
  z.object({ kind: z.literal('download'), url: z.string() }),
  /** The user closed the save dialog: nothing was written. */
  z.object({ kind: z.literal('cancelled') }),
])

export const BackupCreated = z.object({ fileName: z.string(), summary: BackupSummary, location: BackupLocation })
export type BackupCreated = z.infer<typeof BackupCreated>

export const AutoBackupEntry = z.object({ id: z.string(), createdAt: z.number(), bytes: z.number().int() })
export type AutoBackupEntry = z.infer<typeof AutoBackupEntry>

export const backupChannels = {
  /** Encrypts a backup of the replica (plus profile and settings) under a passphrase and saves it. */
  'backup.create': channel(z.object({ passphrase: z.string().min(8).max(256), replica: ReplicaExport }), BackupCreated),
  /** Checks a backup without restoring it: authenticates every chunk and summarises what it holds. */
  'backup.inspect': channel(BackupSource, BackupSummary),
  /** Decrypts and validates a backup and returns its rows; nothing on this computer changes. */
  'backup.open': channel(BackupSource, BackupPayload),
  /** Automatic daily backup into the app's data folder under a key kept in the keychain; keeps the last 7. */
  'backup.autoRun': channel(z.object({ replica: ReplicaExport }), AutoBackupEntry),
  'backup.autoList': channel(z.void(), z.array(AutoBackupEntry)),
}

export const backupEvents = {
  'backup.progress': z.object({ op: z.enum(['create', 'inspect', 'open', 'auto']), stage: z.string(), done: z.number(), total: z.number() }),
}
