/**
 * The contract's plain values, without zod: the renderer imports these, so that its start-up does not
 * build every channel's schema (the renderer never validates; main does). The schemas re-export them.
 */
import { TX_KINDS, TX_STATES } from '../bank-api/kinds'

export const LANGUAGES = ['zh-CN', 'en-US'] as const
export const THEMES = ['light', 'dark', 'system'] as const
export const AUTO_LOCK_CHOICES = [1, 5, 10, 15, 30] as const
/** The settings of a new installation (checked against the Settings schema in ./app.ts). */
export const DEFAULT_SETTINGS = {
  language: 'zh-CN' as (typeof LANGUAGES)[number],
  theme: 'light' as (typeof THEMES)[number],
  autoLockMinutes: 5,
  autoBackup: false,
  /**
   * Off: closing the window quits on Windows and Linux, as people expect of a window's ×. A wallet
   * left running in the tray keeps a session open, so staying there is the user's choice (设置 → 通用).
   */
  closeToTray: false,
}

/** Where main may send the renderer (the tray's 付款码): event `shell.navigate`. */
export const SHELL_TARGETS = ['paycode'] as const

/** After how many days an unchanged password is pointed out on 首页 (90 unless chosen in 账户与安全). */
export const PASSWORD_REMINDER_CHOICES = [30, 60, 90, 180, 365] as const
export const DEFAULT_PASSWORD_REMINDER_DAYS = 90
/** 稍后提醒 puts the reminder off for this many days. */
export const PASSWORD_SNOOZE_DAYS = 7

export const ACTIVATION_STEPS = ['register', 'verify', 'card', 'payPassword', 'done'] as const

/** Kinds of wallet transactions as the replica stores them: the bank's own kinds (src/shared/bank-api/kinds.ts). */
export const TX_TYPES = TX_KINDS
/** The bank's states of a transaction, and what the replica adds for payments of its own. */
export const TX_STATUSES = [...TX_STATES, 'failed', 'reversed', 'queued'] as const

/** The payments that can wait in the outbox for the bank: each is one endpoint (src/main/platform/sync/outbox.ts). */
export const OUTBOX_PAYMENT_KINDS = ['transfer.wallet', 'transfer.card', 'topup', 'withdraw', 'bill.pay'] as const

/**
 * Records of the sealed replica cross the bridge at most this many per call, both ways (backup.stage,
 * backup.openPage): a 100k-row replica as one call is ~30 MB that main's thread would have to
 * deserialize and validate at once (docs/backup-format.md, "Off main's thread").
 */
export const BACKUP_CHUNK_RECORDS = 500

/**
 * A backup file the user chose crosses the bridge in pieces of at most this many base64 characters
 * (768 KiB of the file; backup.uploadBegin, backup.upload): a whole 100k-row file as one string is
 * 8 MB that main's thread would deserialise (~30 ms) and post to the backup worker (~30 ms more).
 */
export const BACKUP_UPLOAD_PIECE_CHARS = 1024 * 1024
/** The largest backup file main takes (bytes): a million transactions fit many times over. */
export const BACKUP_FILE_MAX_BYTES = 384 * 1024 * 1024
