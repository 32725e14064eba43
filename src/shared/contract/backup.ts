import { z } from 'zod'
import { BackupSummary } from '../backup-payload'
import { Settings } from './app'
import { BACKUP_CHUNK_RECORDS, BACKUP_FILE_MAX_BYTES, BACKUP_UPLOAD_PIECE_CHARS } from './constants'
import { channel } from './define'
import { SealedBalance, SealedCursor, SealedTerm, SealedTx, Token } from './replica'
import { Secret, Text } from './text'

export { BACKUP_CHUNK_RECORDS, BACKUP_FILE_MAX_BYTES, BACKUP_UPLOAD_PIECE_CHARS }

/** Where the replica's sync stood, as the renderer keeps it: the bank's cursor sealed by main. */
export const SealedSyncState = z.object({
  cursor: SealedCursor.nullable(),
  lastSeq: z.number().int().nonnegative(),
  lastSyncedAt: z.number().int().nonnegative().nullable(),
})
export type SealedSyncState = z.infer<typeof SealedSyncState>

/**
 * What the renderer's replica holds of the bank's feed, as it holds it (sealed: src/shared/contract/replica.ts).
 * A backup is made from it and a restore gives it back, re-sealed under the current customer's keys;
 * the backup file itself holds the rows in the clear inside its encryption (docs/backup-format.md).
 * `terms` (the sealed dictionary) is not backed up: main derives it again from the rows on a restore.
 */
export interface SealedReplicaExport {
  transactions: SealedTx[]
  balances: SealedBalance[]
  terms?: SealedTerm[]
  sync: SealedSyncState
}

const isRecord = (v: unknown) => typeof v === 'object' && v !== null && !Array.isArray(v)
/** A staged record as the router takes it: any object, checked as SealedTx / SealedBalance in the worker. */
export const StagedTx = z.custom<SealedTx>(isRecord, 'not a sealed record')
export const StagedBalance = z.custom<SealedBalance>(isRecord, 'not a sealed record')

/**
 * One call's worth of sealed records (renderer → main while staging a backup). The router checks the
 * envelope (the stage, at most BACKUP_CHUNK_RECORDS objects); each record is checked against SealedTx or
 * SealedBalance in the backup worker (StagedRecords, by createStager in src/main/platform/backup/jobs.ts)
 * before anything uses it: done here, on main's thread, the checks cost ~2.5 ms a chunk, 80% of main's
 * work while a 100k-row backup is staged, and their copies most of its garbage.
 */
export const SealedReplicaChunk = z
  .object({
    stageId: Text(64).min(1),
    transactions: z.array(StagedTx),
    balances: z.array(StagedBalance),
  })
  .refine((c) => c.transactions.length + c.balances.length <= BACKUP_CHUNK_RECORDS, {
    message: `at most ${BACKUP_CHUNK_RECORDS} records per call`,
  })
export type SealedReplicaChunk = z.infer<typeof SealedReplicaChunk>

/** A staged chunk's records, checked where they are used (the backup worker): see SealedReplicaChunk. */
export const StagedRecords = z.object({ transactions: z.array(SealedTx), balances: z.array(SealedBalance) })

/** One page of an opened backup (main → renderer), re-sealed under the current keys. */
export const SealedRestorePage = z
  .object({ transactions: z.array(SealedTx), balances: z.array(SealedBalance), terms: z.array(SealedTerm) })
  .refine((c) => c.transactions.length + c.balances.length + c.terms.length <= BACKUP_CHUNK_RECORDS, {
    message: `at most ${BACKUP_CHUNK_RECORDS} records per page`,
  })
export type SealedRestorePage = z.infer<typeof SealedRestorePage>

/**
 * A page as backup.openPage hands it over: the JSON text the backup worker wrote. Main passes the text
 * on without parsing it (1,000 records parsed, checked and serialised again on main's thread cost
 * ~5 ms a page and the garbage of 100k objects, the most of main's pauses during a restore); the
 * renderer parses it with readRestorePage (src/shared/restore-page.ts).
 */
export const RestorePageText = z.object({ json: z.string() })
export type RestorePageText = z.infer<typeof RestorePageText>

const Count = z.number().int().nonnegative()
/** How many records the renderer sent: a backup is made only when every one of them reached main. */
const StagedCounts = z.object({ transactions: Count, balances: Count })
const StageId = Text(64).min(1)

const UploadId = Text(64).min(1)

/**
 * One piece of a chosen file (backup.upload): `piece` is base64 of the file's bytes from offset `at`, at
 * most BACKUP_UPLOAD_PIECE_CHARS characters. Main checks it is base64 as it decodes it: a regular
 * expression over it would cost main's thread more than the decoding.
 */
export const UploadPiece = z.object({
  uploadId: UploadId,
  at: Count,
  piece: z.string().min(1).max(BACKUP_UPLOAD_PIECE_CHARS),
})
export type UploadPiece = z.infer<typeof UploadPiece>

/**
 * Which backup: a file the user picked, uploaded to main in pieces (with its passphrase), or one of the
 * automatic ones.
 */
export const BackupSource = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('file'), uploadId: UploadId, passphrase: Secret(256).min(1) }),
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
 * An opened backup, checked in full and re-sealed under the current customer's keys: how many pages of
 * records backup.openPage hands out, the sync position (cursor sealed), and the id under which main
 * keeps the rest (payees with their whole numbers, households, card labels, settings) until
 * backup.commitRestore. Nothing here is a whole phone or card number, nor the bank's cursor in the clear.
 */
export const OpenedRestore = z.object({
  restoreId: RestoreId,
  summary: BackupSummary,
  pages: Count,
  counts: z.object({ transactions: Count, balances: Count, terms: Count }),
  sync: SealedSyncState,
  /**
   * The check value of the keys the records are sealed under (the replica's `keyCheck`): the signed-in
   * customer's, or before anyone has signed in, the backup's own customer's.
   */
  keyCheck: Token,
})
export type OpenedRestore = z.infer<typeof OpenedRestore>

/** After main has written (or put back) its lists: the settings now in force. */
export const RestoreCommitted = z.object({ restoreId: RestoreId, settings: Settings })
export type RestoreCommitted = z.infer<typeof RestoreCommitted>

/**
 * Why a passphrase is refused for a new backup (src/main/platform/backup/strength.ts): shorter than 8,
 * contains the user's phone/wallet number or name, a common password or word, repeated or sequential
 * characters, a keyboard row, a date, or just too few guesses.
 */
export const PASSPHRASE_PROBLEMS = [
  'too-short',
  'personal',
  'common',
  'repeated',
  'sequential',
  'keyboard',
  'dates',
  'guessable',
] as const
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
  /** Starts handing over the sealed replica for backup.create or backup.autoRun (main keeps two stages at most). */
  'backup.stageBegin': channel(z.void(), z.object({ stageId: StageId })),
  /** One chunk of sealed records (≤ BACKUP_CHUNK_RECORDS); answers the totals received so far. */
  'backup.stage': channel(SealedReplicaChunk, StagedCounts),
  /**
   * Encrypts a backup of the staged replica (plus profile and settings) under a passphrase and saves it;
   * the stage is used up either way. WEAK_PASSPHRASE { reason, suggestion } when backup.checkPassphrase
   * would say no; INVALID_INPUT when `counts` are not what reached main (a chunk was refused), or
   * { path, issue } when a staged record is not a sealed record; REPLICA_KEY_MISMATCH when a record was
   * sealed under other keys.
   */
  'backup.create': channel(
    z.object({ passphrase: Secret(256).min(8), stageId: StageId, counts: StagedCounts, sync: SealedSyncState }),
    BackupCreated,
  ),
  /**
   * Starts handing over a file the user chose, of `bytes` bytes, in pieces (main keeps the last two
   * uploads, in memory only, until opened and ten minutes at most; the file stays encrypted there).
   */
  'backup.uploadBegin': channel(
    z.object({ bytes: Count.max(BACKUP_FILE_MAX_BYTES) }),
    z.object({ uploadId: UploadId }),
  ),
  /**
   * The next piece of an upload; answers how many bytes have arrived. A piece sent again (a retry) changes
   * nothing. INVALID_INPUT { field: 'piece', reason: 'base64' } when it is not base64, { field: 'at',
   * reason: 'order' } when it is not the next one, { field: 'piece', reason: 'too-long' } past the size
   * announced; NOT_FOUND { field: 'uploadId' } for an unknown or forgotten upload (backup.inspect and
   * backup.open answer the same for it).
   */
  'backup.upload': channel(UploadPiece, z.object({ received: Count })),
  /** Checks a backup without restoring it: authenticates every chunk and summarises what it holds. */
  'backup.inspect': channel(BackupSource, BackupSummary),
  /**
   * Decrypts and validates a backup and re-seals the replica's rows under the current customer's keys,
   * to be read with backup.openPage; main keeps its own part under the restore id. Nothing on this
   * computer changes.
   */
  'backup.open': channel(BackupSource, OpenedRestore),
  /**
   * Page `page` (0 … pages − 1) of an opened backup's sealed records, as JSON text (RestorePageText:
   * read it with readRestorePage). NOT_FOUND for a forgotten restore id.
   */
  'backup.openPage': channel(z.object({ restoreId: RestoreId, page: Count }), RestorePageText),
  /**
   * Once the renderer has replaced its replica: main replaces payees, households, card labels and
   * settings with the backup's, all or none, and keeps the previous ones (in memory, until the app
   * restarts) for backup.undoRestore. NOT_FOUND for an unknown or forgotten restore id.
   */
  'backup.commitRestore': channel(z.object({ restoreId: RestoreId }), RestoreCommitted),
  /** 撤销恢复, main's half: puts back the lists the last commit replaced. NOT_FOUND when there is nothing to undo. */
  'backup.undoRestore': channel(z.void(), RestoreCommitted),
  /** Automatic daily backup into the app's data folder under a key kept in the keychain; keeps the last 7. */
  'backup.autoRun': channel(z.object({ stageId: StageId, counts: StagedCounts, sync: SealedSyncState }), AutoBackupEntry),
  'backup.autoList': channel(z.void(), z.array(AutoBackupEntry)),
}

export const backupEvents = {
  'backup.progress': z.object({
    op: z.enum(['create', 'inspect', 'open', 'auto']),
    stage: z.string(),
    done: z.number(),
    total: z.number(),
  }),
}
