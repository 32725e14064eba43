/**
 * What an encrypted backup carries once decrypted (docs/backup-format.md, "Payload"): a versioned JSON
 * document validated with zod. Older payload versions are read through explicit migrations, one step
 * per version, so a file written by any earlier release restores into today's shape.
 *
 * A payload has two owners (docs/backup-format.md, "Two owners"): the renderer's replica of the bank's
 * feed (transactions, balances, the sync position) and main's sealed store, which holds what the user
 * made (payees, saved households, card labels, settings). The renderer hands its part to main for a
 * backup and gets only its part back on a restore; main's part never crosses the bridge, because it
 * holds payees' whole phone and card numbers. No Node-only imports here.
 *
 * Changing a schema this file imports (ReplicaTransaction, WalletProfile, Settings) incompatibly means
 * a new payload version and a migration: the committed vectors in tests/fixtures/backup fail otherwise.
 */
import { z } from 'zod'
import { WalletProfile } from './contract/activation'
import { Settings } from './contract/app'
import { BalanceSnapshot, ReplicaTransaction } from './contract/sync'
import { validateCardLabel } from './validators'

/** The payload version this build writes. Readers accept every version from 1 up to this one. */
export const BACKUP_PAYLOAD_VERSION = 3

const Id = z.string().min(1).max(64)
const EpochMs = z.number().int().nonnegative()

/**
 * A masked number (card, phone, account) never carries a run of 11 or more digits: that is a whole
 * phone or card number. Everything the renderer may be shown from a backup is masked this way; the
 * only whole numbers a payload holds are the payees' (BackupPayee.number), which main keeps to itself.
 */
const Masked = z
  .string()
  .max(64)
  .refine((s) => !/\d{11,}/.test(s.replace(/[\s-]/g, '')), { message: 'must be masked' })

/** The signed-in customer as the renderer knows it (masked); unknown keys (a token, a password) are dropped. */
export const BackupProfile = WalletProfile.extend({ phoneMasked: Masked })
export type BackupProfile = z.infer<typeof BackupProfile>

/**
 * A payee from the payee book (main's sealed document 'payees', src/main/core/payments/transfers.ts)
 * as it is stored there, whole number included: a payee restored with only a masked number could not
 * be paid again. The backup is encrypted as a whole (AES-256-GCM under the passphrase or the keychain
 * key), and the number goes back into main's sealed store; the renderer never receives it.
 */
export const BackupPayee = z
  .object({
    id: Id,
    kind: z.enum(['wallet', 'card']),
    /** Whole phone number (wallet) or card number (card). */
    number: z.string().regex(/^\d{11,19}$/),
    /** Masked name ('李*'). */
    name: z.string().max(40),
    /** A card payee's name as typed (the bank wants it with the card number); null for wallet payees. */
    holder: z.string().max(40).nullable(),
    bankName: z.string().max(40).nullable(),
    transfers: z.number().int().nonnegative(),
    createdAt: EpochMs,
    lastUsedAt: EpochMs,
  })
  .refine((p) => (p.kind === 'wallet' ? /^1\d{10}$/.test(p.number) : p.number.length >= 12), {
    message: 'not a phone number (wallet) or a card number (card)',
    path: ['number'],
  })
export type BackupPayee = z.infer<typeof BackupPayee>

/** A saved household for 生活缴费 (water, electricity, gas), as main keeps it ('households'). */
export const BackupHousehold = z.object({
  id: Id,
  utility: z.enum(['water', 'electricity', 'gas']),
  /** '' when unknown (households migrated from payload version 2, which did not carry it). */
  cityCode: z.string().max(12),
  city: z.string().max(40),
  billerId: Id,
  billerName: z.string().max(60),
  /** The household number on the bill: the user's own, kept as typed. */
  household: z.string().max(32),
  alias: z.string().max(40),
  createdAt: EpochMs,
  lastPaidAt: EpochMs.nullable(),
})
export type BackupHousehold = z.infer<typeof BackupHousehold>

/** A bound card's label (备注名), by the bank's card id; the card itself comes from the bank again. */
export const BackupCardLabel = z.object({
  cardId: Id,
  label: z
    .string()
    .min(1)
    .refine((l) => {
      const checked = validateCardLabel(l)
      return checked.ok && checked.label === l
    }, 'not a valid card label'),
})
export type BackupCardLabel = z.infer<typeof BackupCardLabel>

/** Where the replica's sync stood, so that after a restore sync continues from this cursor. */
export const BackupSyncState = z.object({
  cursor: z.string().max(256).nullable(),
  lastSeq: z.number().int().nonnegative(),
  lastSyncedAt: EpochMs.nullable(),
})
export type BackupSyncState = z.infer<typeof BackupSyncState>

function uniqueBy<T>(rows: readonly T[], key: (row: T) => string | number): boolean {
  const seen = new Set<string | number>()
  for (const row of rows) {
    const k = key(row)
    if (seen.has(k)) return false
    seen.add(k)
  }
  return true
}

/**
 * Settings as a backup carries them. Settings gained `autoBackup` after the first v2 backups were
 * written; a backup without it restores with automatic backups off.
 */
// Settings added after a payload version may be missing from its files: autoBackup reads as off; a
// missing closeToTray is left out, so a restore keeps this computer's choice.
const BackupSettings = Settings.extend({ autoBackup: z.boolean().default(false), closeToTray: z.boolean().optional() })

/** The renderer's part: what the bank's change feed brought into its replica. */
export const BackupReplicaPart = z.object({
  transactions: z.array(ReplicaTransaction),
  balances: z.array(BalanceSnapshot),
  sync: BackupSyncState,
})
export type BackupReplicaPart = z.infer<typeof BackupReplicaPart>

/** Main's part: what the user made, kept in main's sealed store. */
export const BackupUserLists = z.object({
  payees: z.array(BackupPayee).max(10_000),
  households: z.array(BackupHousehold).max(1_000),
  cardLabels: z.array(BackupCardLabel).max(100),
  settings: BackupSettings,
})
export type BackupUserLists = z.infer<typeof BackupUserLists>

/** Keys the replica and main's documents look rows up by: a duplicate would silently lose a row on restore. */
function duplicateKeys(p: BackupReplicaPart & Omit<BackupUserLists, 'settings'>): string[] {
  const tables = [
    ['transactions', uniqueBy(p.transactions, (t) => t.id)],
    ['balances', uniqueBy(p.balances, (b) => b.seq)],
    ['payees', uniqueBy(p.payees, (x) => x.id) && uniqueBy(p.payees, (x) => `${x.kind}:${x.number}`)],
    ['households', uniqueBy(p.households, (x) => x.id)],
    ['cardLabels', uniqueBy(p.cardLabels, (x) => x.cardId)],
  ] as const
  return tables.filter(([, unique]) => !unique).map(([table]) => table)
}

export const BackupPayloadV3 = z
  .object({
    version: z.literal(3),
    /** The app version that wrote the backup (package.json version). */
    appVersion: z.string().min(1).max(32),
    createdAt: EpochMs,
    profile: BackupProfile,
    ...BackupUserLists.shape,
    ...BackupReplicaPart.shape,
  })
  .superRefine((p, ctx) => {
    for (const table of duplicateKeys(p)) ctx.addIssue({ code: 'custom', path: [table], message: 'duplicate key' })
  })
export type BackupPayloadV3 = z.infer<typeof BackupPayloadV3>

/** The current payload: what createBackup takes and openBackup returns. */
export const BackupPayload = BackupPayloadV3
export type BackupPayload = BackupPayloadV3

/** A payload's two parts, for its two owners. */
export function splitBackupPayload(p: BackupPayload): { replica: BackupReplicaPart; lists: BackupUserLists } {
  return {
    replica: { transactions: p.transactions, balances: p.balances, sync: p.sync },
    lists: { payees: p.payees, households: p.households, cardLabels: p.cardLabels, settings: p.settings },
  }
}

// ---------------------------------------------------------------------------------------------
// Older versions, kept exactly as they were written, each with the step that lifts it by one.

/**
 * Version 2 (app 0.1.x): the renderer gathered payees and households from replica tables that nothing
 * filled, so they were always empty in practice; a payee held only a masked account. Cards were the
 * bank's list, masked.
 */
const BackupCardV2 = z.object({
  id: Id,
  bankName: z.string().max(40),
  /** '6222 **** **** 3445'; never the full number. */
  masked: Masked,
  kind: z.enum(['debit', 'credit']),
})
const BackupPayeeV2 = z.object({
  id: Id,
  kind: z.enum(['wallet', 'card']),
  name: z.string().max(40),
  account: Masked,
  lastUsedAt: EpochMs,
})
const BackupHouseholdV2 = z.object({
  id: Id,
  utility: z.enum(['water', 'electricity', 'gas']),
  city: z.string().max(40),
  billerId: Id,
  billerName: z.string().max(60),
  household: z.string().max(32),
  alias: z.string().max(40),
})

export const BackupPayloadV2 = z
  .object({
    version: z.literal(2),
    appVersion: z.string().min(1).max(32),
    createdAt: EpochMs,
    profile: BackupProfile,
    cards: z.array(BackupCardV2).max(100),
    transactions: z.array(ReplicaTransaction),
    balances: z.array(BalanceSnapshot),
    payees: z.array(BackupPayeeV2).max(10_000),
    households: z.array(BackupHouseholdV2).max(1_000),
    settings: BackupSettings,
    sync: BackupSyncState,
  })
  .superRefine((p, ctx) => {
    const tables = [
      ['transactions', uniqueBy(p.transactions, (t) => t.id)],
      ['balances', uniqueBy(p.balances, (b) => b.seq)],
      ['cards', uniqueBy(p.cards, (c) => c.id)],
      ['payees', uniqueBy(p.payees, (c) => c.id)],
      ['households', uniqueBy(p.households, (c) => c.id)],
    ] as const
    for (const [table, unique] of tables) {
      if (!unique) ctx.addIssue({ code: 'custom', path: [table], message: 'duplicate key' })
    }
  })
export type BackupPayloadV2 = z.infer<typeof BackupPayloadV2>

/**
 * v2 → v3.
 * - Payees go: a v2 payee held only a masked account, and a payee that cannot be paid again is not
 *   worth restoring (no released writer ever filled the list; docs/backup-format.md says more).
 * - Households gain `cityCode: ''` (unknown; the bills screen finds the city from the biller),
 *   `createdAt` = the backup's createdAt (they existed by then) and `lastPaidAt: null`.
 * - Cards go: they are the bank's list, fetched again after signing in; v2 had no labels.
 */
export function migrateV2ToV3(v2: BackupPayloadV2): BackupPayloadV3 {
  return {
    version: 3,
    appVersion: v2.appVersion,
    createdAt: v2.createdAt,
    profile: v2.profile,
    payees: [],
    households: v2.households.map(({ id, utility, city, ...h }) => ({
      id,
      utility,
      cityCode: '',
      city,
      ...h,
      createdAt: v2.createdAt,
      lastPaidAt: null,
    })),
    cardLabels: [],
    settings: v2.settings,
    transactions: v2.transactions,
    balances: v2.balances,
    sync: v2.sync,
  }
}

/**
 * Version 1 (app 0.1.0 previews): cards had no kind, payees no lastUsedAt, a household named its
 * biller as one object, and only the sync cursor was kept (no lastSeq, no lastSyncedAt).
 */
export const BackupPayloadV1 = z.object({
  version: z.literal(1),
  appVersion: z.string().min(1).max(32),
  createdAt: EpochMs,
  profile: BackupProfile,
  cards: z.array(z.object({ id: Id, bankName: z.string().max(40), masked: Masked })).max(100),
  transactions: z.array(ReplicaTransaction),
  balances: z.array(BalanceSnapshot),
  payees: z.array(z.object({ id: Id, kind: z.enum(['wallet', 'card']), name: z.string().max(40), account: Masked })).max(10_000),
  households: z
    .array(
      z.object({
        id: Id,
        utility: z.enum(['water', 'electricity', 'gas']),
        city: z.string().max(40),
        biller: z.object({ id: Id, name: z.string().max(60) }),
        household: z.string().max(32),
        alias: z.string().max(40),
      }),
    )
    .max(1_000),
  settings: BackupSettings,
  cursor: z.string().max(256).nullable(),
})
export type BackupPayloadV1 = z.infer<typeof BackupPayloadV1>

/**
 * v1 → v2. Every v1 card was a debit card (credit cards could not be bound then); a payee's last use
 * was not recorded, so it sorts last (0); lastSeq is what the replica's applyPage would have stored:
 * the highest seq among the rows carried.
 */
export function migrateV1ToV2(v1: BackupPayloadV1): BackupPayloadV2 {
  let lastSeq = 0
  for (const t of v1.transactions) if (t.seq > lastSeq) lastSeq = t.seq
  for (const b of v1.balances) if (b.seq > lastSeq) lastSeq = b.seq
  return {
    version: 2,
    appVersion: v1.appVersion,
    createdAt: v1.createdAt,
    profile: v1.profile,
    cards: v1.cards.map((c) => ({ ...c, kind: 'debit' as const })),
    transactions: v1.transactions,
    balances: v1.balances,
    payees: v1.payees.map((p) => ({ ...p, lastUsedAt: 0 })),
    households: v1.households.map(({ biller, ...h }) => ({ ...h, billerId: biller.id, billerName: biller.name })),
    settings: v1.settings,
    sync: { cursor: v1.cursor, lastSeq, lastSyncedAt: null },
  }
}

/**
 * Each entry reads one older version and lifts it by one step; the chain ends at the current version.
 * Adding version N+1: freeze today's schema here as version N with a step to N+1.
 */
const MIGRATIONS: Record<number, (payload: unknown) => { next: unknown } | { issues: z.core.$ZodIssue[] }> = {
  1: (payload) => {
    const parsed = BackupPayloadV1.safeParse(payload)
    return parsed.success ? { next: migrateV1ToV2(parsed.data) } : { issues: parsed.error.issues }
  },
  2: (payload) => {
    const parsed = BackupPayloadV2.safeParse(payload)
    return parsed.success ? { next: migrateV2ToV3(parsed.data) } : { issues: parsed.error.issues }
  },
}

export type ParsedBackupPayload =
  | {
      ok: true
      payload: BackupPayload
      /** The version found in the file (equal to BACKUP_PAYLOAD_VERSION when no migration ran). */ fromVersion: number
    }
  | { ok: false; reason: 'too-new'; version: number }
  | { ok: false; reason: 'unknown-version'; version: unknown }
  | { ok: false; reason: 'invalid'; version: number; issues: { path: string; message: string }[] }

function describeIssues(issues: readonly z.core.$ZodIssue[]): { path: string; message: string }[] {
  return issues.slice(0, 10).map((i) => ({ path: i.path.map(String).join('.'), message: i.message }))
}

/** Validates a decrypted payload of any supported version and migrates it to the current one. */
export function parseBackupPayload(json: unknown): ParsedBackupPayload {
  const version = typeof json === 'object' && json !== null ? (json as { version?: unknown }).version : undefined
  if (typeof version !== 'number' || !Number.isSafeInteger(version) || version < 1)
    return { ok: false, reason: 'unknown-version', version }
  if (version > BACKUP_PAYLOAD_VERSION) return { ok: false, reason: 'too-new', version }
  let current: unknown = json
  for (let v = version; v < BACKUP_PAYLOAD_VERSION; v++) {
    const step = MIGRATIONS[v]
    if (step === undefined) return { ok: false, reason: 'unknown-version', version }
    const lifted = step(current)
    if ('issues' in lifted) return { ok: false, reason: 'invalid', version, issues: describeIssues(lifted.issues) }
    current = lifted.next
  }
  const parsed = BackupPayload.safeParse(current)
  if (!parsed.success) return { ok: false, reason: 'invalid', version, issues: describeIssues(parsed.error.issues) }
  return { ok: true, payload: parsed.data, fromVersion: version }
}

// ---------------------------------------------------------------------------------------------
// What "check a backup" shows without handing over the rows.

export const BackupSummary = z.object({
  formatVersion: z.number().int(),
  /** The payload version found in the file; lower than payloadVersion when it was migrated on reading. */
  filePayloadVersion: z.number().int(),
  payloadVersion: z.number().int(),
  /** 'scrypt' for a passphrase backup, 'keychain-key' for an automatic one. */
  kdf: z.enum(['scrypt', 'keychain-key']),
  fileBytes: z.number().int().nonnegative(),
  appVersion: z.string(),
  createdAt: z.number(),
  profile: z.object({ walletNo: z.string(), nameMasked: z.string(), phoneMasked: z.string() }),
  counts: z.object({
    transactions: z.number().int(),
    balances: z.number().int(),
    payees: z.number().int(),
    households: z.number().int(),
    cardLabels: z.number().int(),
  }),
  /** Earliest and latest occurredAt among the transactions; null when there are none. */
  transactionRange: z.object({ from: z.number(), to: z.number() }).nullable(),
  /** The balance in the snapshot with the highest seq; null when there is none. */
  latestBalanceFen: z.number().int().nullable(),
  syncCursor: z.string().nullable(),
})
export type BackupSummary = z.infer<typeof BackupSummary>

/** How many transactions, and the first and last time among them (±Infinity when there are none). */
export function rowStats(transactions: readonly { occurredAt: number }[]): { count: number; from: number; to: number } {
  let from = Infinity
  let to = -Infinity
  for (const t of transactions) {
    if (t.occurredAt < from) from = t.occurredAt
    if (t.occurredAt > to) to = t.occurredAt
  }
  return { count: transactions.length, from, to }
}

export function summarizeBackupPayload(
  payload: BackupPayload,
  file: { formatVersion: number; fileBytes: number; kdf: BackupSummary['kdf']; fileVersion: number },
  /** The transactions' count and time range when the caller has them without the rows (a staged backup). */
  rows: { count: number; from: number; to: number } = rowStats(payload.transactions),
): BackupSummary {
  const { from, to } = rows
  let latest: BalanceSnapshot | undefined
  for (const b of payload.balances) if (latest === undefined || b.seq > latest.seq) latest = b
  return {
    formatVersion: file.formatVersion,
    filePayloadVersion: file.fileVersion,
    payloadVersion: payload.version,
    kdf: file.kdf,
    fileBytes: file.fileBytes,
    appVersion: payload.appVersion,
    createdAt: payload.createdAt,
    profile: {
      walletNo: payload.profile.walletNo,
      nameMasked: payload.profile.nameMasked,
      phoneMasked: payload.profile.phoneMasked,
    },
    counts: {
      transactions: rows.count,
      balances: payload.balances.length,
      payees: payload.payees.length,
      households: payload.households.length,
      cardLabels: payload.cardLabels.length,
    },
    transactionRange: rows.count ? { from, to } : null,
    latestBalanceFen: latest?.balanceFen ?? null,
    syncCursor: payload.sync.cursor,
  }
}
