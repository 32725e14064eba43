import { z } from 'zod'
import { BackupReplicaPart, BackupSummary } from '../backup-payload'
import { Settings } from './app'
import { channel } from './define'
import { Secret, Text } from './text'

/**
 * What the renderer hands over from its replica for a backup, and gets back on a restore: only what
 * the bank's feed brought. Main adds the profile and the user's own lists from its sealed store.
 */
export const ReplicaExport = BackupReplicaPart
export type ReplicaExport = z.infer<typeof ReplicaExport>

/** A backup file's bytes as base64 (what the renderer read from the file the user chose). */
const FileBytes = z.string().max(512 * 1024 * 1024).regex(/^[A-Za-z0-9+/]*={0,2}$/, 'base64')

/** Which backup: a file the user picked (with its passphrase), or one of the automatic ones. */
export const BackupSource = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('file'), bytes: FileBytes, passphrase: Secret(256).min(1) }),
  z.object({ kind: z.literal('auto'), id: Text(128) }),
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

const RestoreId = Text(64).min(1)

/**
 * An opened backup, checked in full: the replica's rows for the renderer, and the id under which main
 * keeps the rest (payees with their whole numbers, households, card labels, settings) until
 * backup.commitRestore. Nothing here is a whole phone or card number.
 */
export const OpenedRestore = z.object({ restoreId: RestoreId, summary: BackupSummary, replica: ReplicaExport })
export type OpenedRestore = z.infer<typeof OpenedRestore>

/** After main has written (or put back) its lists: the settings now in force. */
export const RestoreCommitted = z.object({ restoreId: RestoreId, settings: Settings })
export type RestoreCommitted = z.infer<typeof RestoreCommitted>

/**
 * Why a passphrase is refused for a new backup (src/main/platform/backup/strength.ts): shorter than 8,
 * contains the user's phone/wallet number or name, a common password or word, repeated or sequential
 * characters, a keyboard row, a date, or just too few guesses.
 */
export const PASSPHRASE_PROBLEMS = ['too-short', 'personal', 'common', 'repeated', 'sequential', 'keyboard', 'dates', 'guessable'] as const
export type PassphraseProblem = (typeof PASSPHRASE_PROBLEMS)[number]

/** zxcvbn-ts's suggestion keys; the renderer words them in its own languages. */
export const PASSPHRASE_SUGGESTIONS = [
  'l33t',
  'reverseWords',
  'allUppercase',
  'capitalization',
  'dates',
  'recentYears',
  'associatedYears',
  'sequences',
  'repeated',
  'longerKeyboardPattern',
  'anotherWord',
  'useWords',
  'noNeed',
  'pwned',
] as const
export type PassphraseSuggestion = (typeof PASSPHRASE_SUGGESTIONS)[number]

/** Also the details of WEAK_PASSPHRASE from backup.create: { reason, suggestion }. */
export const PassphraseVerdict = z.object({
  ok: z.boolean(),
  /** zxcvbn's 0–4; backups need 3. */
  score: z.number().int().min(0).max(4),
  reason: z.enum(PASSPHRASE_PROBLEMS).optional(),
  suggestion: z.enum(PASSPHRASE_SUGGESTIONS).optional(),
})
export type PassphraseVerdict = z.infer<typeof PassphraseVerdict>

export const backupChannels = {
  /**
   * How backup.create would judge this passphrase, for the screen to say why as the user types. Never
   * applied to opening a backup.
   */
  'backup.checkPassphrase': channel(z.object({ passphrase: Secret(256) }), PassphraseVerdict),
  /**
   * Encrypts a backup of the replica (plus profile and settings) under a passphrase and saves it.
   * WEAK_PASSPHRASE { reason, suggestion } when backup.checkPassphrase would say no.
   */
  'backup.create': channel(z.object({ passphrase: Secret(256).min(8), replica: ReplicaExport }), BackupCreated),
  /** Checks a backup without restoring it: authenticates every chunk and summarises what it holds. */
  'backup.inspect': channel(BackupSource, BackupSummary),
  /**
   * Decrypts and validates a backup and returns the replica's rows; main keeps its own part under the
   * restore id. Nothing on this computer changes.
   */
  'backup.open': channel(BackupSource, OpenedRestore),
  /**
   * Once the renderer has replaced its replica: main replaces payees, households, card labels and
   * settings with the backup's, all or none, and keeps the previous ones (in memory, until the app
   * restarts) for backup.undoRestore. NOT_FOUND for an unknown or forgotten restore id.
   */
  'backup.commitRestore': channel(z.object({ restoreId: RestoreId }), RestoreCommitted),
  /** 撤销恢复, main's half: puts back the lists the last commit replaced. NOT_FOUND when there is nothing to undo. */
  'backup.undoRestore': channel(z.void(), RestoreCommitted),
  /** Automatic daily backup into the app's data folder under a key kept in the keychain; keeps the last 7. */
  'backup.autoRun': channel(z.object({ replica: ReplicaExport }), AutoBackupEntry),
  'backup.autoList': channel(z.void(), z.array(AutoBackupEntry)),
}

export const backupEvents = {
  'backup.progress': z.object({ op: z.enum(['create', 'inspect', 'open', 'auto']), stage: z.string(), done: z.number(), total: z.number() }),
}
