import { closeSync, existsSync, fsyncSync, openSync, readFileSync, renameSync, rmSync, writeSync } from 'node:fs'
import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto'
import { join } from 'node:path'
import { encodeRecord, fsyncDir, JOURNAL_FILE, scanJournal, type JournalRecord } from './journal'
import type { Line } from './ledger'
import type { BankEvent } from './state'

/**
 * The bank's one key, and what it is used for: the HMAC of request fingerprints (src/mock-bank/http/route.ts)
 * and the seal on the few values in its journal that are secrets or identify a person's accounts.
 *
 * Where the key lives. By default it is made at the first start and kept next to the journal in
 * `<dataDir>/bank.key` (owner-only); a host that has a keystore can pass its own (`storageKey`,
 * src/mock-bank/index.ts: the app's bank, whose key is in the wallet's secret store) and no key file is
 * written (one left from before is retired, adoptHostKey below). Keeping it in the folder is sound for
 * what it does:
 *
 * - Fingerprints are HMACs over the request *without* its secret fields (src/shared/bank-api/fingerprint.ts):
 *   even with the key, a fingerprint confirms only guesses at what is not secret (an amount, a payee),
 *   which the journal records anyway. No password or code is in what is hashed, so none can be recovered.
 * - Stored answers hold no credential: a session token or a device secret is never stored, and its
 *   replay says "done already" (route.ts). Sessions are kept as SHA-256 of 256-bit random tokens, which
 *   nothing can invert; passwords as salted scrypt (hashing.ts).
 * - What is sealed (SMS codes, ID and card numbers, pay-code and authenticator secrets, the demo shop's
 *   signing key) is what the bank
 *   itself must read back after a restart: it is the bank. The seal keeps them out of every copy or
 *   reading of the journal on its own (a backup, a support bundle, a search index, a grep); whoever has
 *   the whole folder, key included, has what the bank has, as with a real bank's database and its key.
 *   SMS codes are single-use and expire in minutes, so an old journal's codes are worth nothing.
 */
export const KEY_FILE = 'bank.key'

/**
 * The journal's sealed values do not open with the key the bank was given: it was sealed under another
 * one (the host lost its keys and made new ones). Nothing was changed; what to do with the folder is
 * the host's decision (src/mock-bank/index.ts `setAsideUnreadable`).
 */
export class BankKeyMismatchError extends Error {
  override readonly name = 'BankKeyMismatchError'
}

/** A sealed value that does not open: damage, or (for the first one a bank opens) another key. */
export class SealedValueError extends Error {
  override readonly name = 'SealedValueError'
}

export interface BankKeys {
  /** HMAC-SHA256 key of request fingerprints. */
  readonly fingerprint: Buffer
  /** AES-256-GCM key of sealed values. */
  readonly seal: Buffer
  /** Derives each sealed value's nonce from the value (below). */
  readonly nonce: Buffer
}

export function deriveKeys(master: Uint8Array): BankKeys {
  if (master.length < 32) throw new Error('the bank key must be at least 32 bytes')
  const derive = (info: string) => Buffer.from(hkdfSync('sha256', master, Buffer.alloc(0), `icbc-mock-bank ${info}`, 32))
  return { fingerprint: derive('fingerprint'), seal: derive('seal'), nonce: derive('nonce') }
}

/** The folder's own key (`bank.key`), when it has one. */
export function readKeyFile(dataDir: string): Buffer | undefined {
  const file = join(dataDir, KEY_FILE)
  if (!existsSync(file)) return undefined
  const key = Buffer.from(readFileSync(file, 'utf8').trim(), 'base64url')
  if (key.length !== 32) throw new Error(`${file} is damaged: the bank cannot read its own journal without it`)
  return key
}

/** The key given by the host, else the folder's own, made (durably, owner-only) on first use. */
export function loadBankKeys(dataDir: string, provided?: Uint8Array): BankKeys {
  if (provided) return deriveKeys(provided)
  const existing = readKeyFile(dataDir)
  if (existing) return deriveKeys(existing)
  const file = join(dataDir, KEY_FILE)
  const key = randomBytes(32)
  const temp = `${file}.new`
  const fd = openSync(temp, 'w', 0o600)
  try {
    writeSync(fd, `${key.toString('base64url')}\n`)
    fsyncSync(fd)
  } finally {
    closeSync(fd)
  }
  renameSync(temp, file)
  fsyncDir(dataDir)
  return deriveKeys(key)
}

/** HMAC-SHA256 of `text` under the fingerprint key, base64url. */
export function fingerprintOf(keys: BankKeys, text: string): string {
  return createHmac('sha256', keys.fingerprint).update(text).digest('base64url')
}

const SEALED = 'sealed.'
const CACHE_LIMIT = 10_000

/**
 * Seals and opens single values: AES-256-GCM with the field's name as associated data and a nonce
 * derived from the key and the value (a synthetic IV), so the same value seals to the same text.
 * That reveals only that two stored values are equal, which the journal shows anyway (a card's
 * account recurs in each of its postings), and lets a replay of 100,000 postings open each card's
 * account once (the cache).
 */
export class Sealer {
  private readonly opened = new Map<string, string>()
  private readonly sealedText = new Map<string, string>()
  /** Whether any sealed value has opened with this key (see SealedValueError). */
  openedAny = false

  constructor(private readonly keys: BankKeys) {}

  seal(field: string, value: string): string {
    const memo = `${field}\u0000${value}`
    const known = this.sealedText.get(memo)
    if (known) return known
    const nonce = createHmac('sha256', this.keys.nonce).update(memo).digest().subarray(0, 12)
    const cipher = createCipheriv('aes-256-gcm', this.keys.seal, nonce)
    cipher.setAAD(Buffer.from(field, 'utf8'))
    const body = Buffer.concat([cipher.update(value, 'utf8'), cipher.final()])
    const text = `${SEALED}${Buffer.concat([nonce, body, cipher.getAuthTag()]).toString('base64url')}`
    this.remember(this.sealedText, memo, text)
    this.remember(this.opened, `${field}\u0000${text}`, value)
    return text
  }

  /** The value a `seal(field, …)` gave; a value stored before sealing existed comes back as it is. */
  open(field: string, text: string): string {
    if (!text.startsWith(SEALED)) return text
    const memo = `${field}\u0000${text}`
    const known = this.opened.get(memo)
    if (known !== undefined) return known
    const raw = Buffer.from(text.slice(SEALED.length), 'base64url')
    if (raw.length < 28) throw new Error(`a sealed ${field} in the journal is damaged`)
    const decipher = createDecipheriv('aes-256-gcm', this.keys.seal, raw.subarray(0, 12))
    decipher.setAAD(Buffer.from(field, 'utf8'))
    decipher.setAuthTag(raw.subarray(raw.length - 16))
    let value: string
    try {
      value = Buffer.concat([decipher.update(raw.subarray(12, raw.length - 16)), decipher.final()]).toString('utf8')
    } catch (error) {
      throw new SealedValueError(`a sealed ${field} in the journal does not open with this bank's key`, { cause: error })
    }
    this.openedAny = true
    this.remember(this.opened, memo, value)
    return value
  }

  private remember(map: Map<string, string>, key: string, value: string): void {
    if (map.size >= CACHE_LIMIT) map.clear()
    map.set(key, value)
  }
}

/** Ledger accounts of cards are named after the card number (ops/cards.ts cardAccount). */
function isCardAccount(account: string): boolean {
  return account.startsWith('c:')
}

/**
 * The event as it is written to the journal: its secrets and full ID and card numbers sealed. Memory
 * keeps the clear event (applyEvent, the SMS outlet); only the journal's copy is sealed.
 */
export function sealEvent(s: Sealer, e: BankEvent): BankEvent {
  switch (e.t) {
    case 'init':
      return { ...e, shopKey: s.seal('shopKey', e.shopKey) }
    case 'sms.sent':
      return { ...e, code: s.seal('sms', e.code) }
    case 'customer':
      return e.idNumber ? { ...e, idNumber: s.seal('idNumber', e.idNumber) } : e
    case 'card.bind':
      return { ...e, pan: s.seal('pan', e.pan) }
    case 'paycode.device':
      return { ...e, secret: s.seal('paycode', e.secret) }
    case 'totp.pending':
      return { ...e, secret: s.seal('totp', e.secret) }
    case 'keys.fingerprint':
      return { ...e, key: s.seal('fingerprintKey', e.key) }
    case 'posting':
      if (!e.p.lines.some(([account]) => isCardAccount(account))) return e
      return {
        ...e,
        p: {
          ...e.p,
          lines: e.p.lines.map(([account, fen]): Line => [isCardAccount(account) ? s.seal('account', account) : account, fen]),
        },
      }
    default:
      return e
  }
}

/** The clear event from its journal copy (sealEvent's inverse; clear values from older journals pass). */
export function openEvent(s: Sealer, e: BankEvent): BankEvent {
  switch (e.t) {
    case 'init':
      return { ...e, shopKey: s.open('shopKey', e.shopKey) }
    case 'sms.sent':
      return { ...e, code: s.open('sms', e.code) }
    case 'customer':
      return { ...e, idNumber: s.open('idNumber', e.idNumber) }
    case 'card.bind':
      return { ...e, pan: s.open('pan', e.pan) }
    case 'paycode.device':
      return { ...e, secret: s.open('paycode', e.secret) }
    case 'totp.pending':
      return { ...e, secret: s.open('totp', e.secret) }
    case 'keys.fingerprint':
      return { ...e, key: s.open('fingerprintKey', e.key) }
    case 'posting':
      if (!e.p.lines.some(([account]) => account.startsWith(SEALED))) return e
      return { ...e, p: { ...e.p, lines: e.p.lines.map(([account, fen]): Line => [s.open('account', account), fen]) } }
    default:
      return e
  }
}

/**
 * Every record's events in clear. The first sealed value of a journal tells whether the key is the one
 * it was sealed under: when it does not open, nothing does (BankKeyMismatchError, a decision for the
 * host); a value that does not open after others did is damage.
 */
export function openRecords(records: readonly JournalRecord<BankEvent>[], sealer: Sealer): BankEvent[][] {
  try {
    return records.map((record) => record.e.map((event) => openEvent(sealer, event)))
  } catch (error) {
    if (error instanceof SealedValueError && !sealer.openedAny)
      throw new BankKeyMismatchError("the bank's journal was sealed under another key", { cause: error })
    throw error
  }
}

/**
 * Moves a folder sealed under its own `bank.key` to the host's key (src/mock-bank/index.ts `storageKey`):
 * the journal is rewritten with every sealed value opened under the file key and sealed again under the
 * host's, then `bank.key` is removed. Crash-safe in that order: the new journal replaces the old one
 * with one rename, and a start that finds both `bank.key` and a journal that only the host's key opens
 * (a crash before the removal) just removes the file. The idempotency store's fingerprints were made
 * under the file key's fingerprint key, and a fingerprint cannot be made again without its request: that
 * key goes into the journal (sealed, event `keys.fingerprint`) and stays the bank's fingerprint key, so a
 * retry of a request answered before the move is still recognised as the same request.
 *
 * A journal written before values were sealed (no key file, values in clear) is rewritten the same way,
 * its values sealed under the host's key. Sealing is deterministic (Sealer), so a journal already sealed
 * under the host's key seals to itself and is left as it is. Throws BankKeyMismatchError, changing
 * nothing, when neither key opens the journal.
 */
export function adoptHostKey(dataDir: string, hostKey: Uint8Array): 'unchanged' | 'moved' | 'finished' | 'sealed' {
  const fileKey = readKeyFile(dataDir)
  const file = join(dataDir, JOURNAL_FILE)
  if (!fileKey && !existsSync(file)) return 'unchanged'
  const records = existsSync(file) ? scanJournal<BankEvent>(readFileSync(file)).records : []
  const hostSealer = new Sealer(deriveKeys(hostKey))
  if (!fileKey) {
    const resealed = openRecords(records, hostSealer).map((events) => events.map((event) => sealEvent(hostSealer, event)))
    if (resealed.every((events, index) => JSON.stringify(events) === JSON.stringify(records[index]!.e))) return 'unchanged'
    rewriteJournal(dataDir, records.map((record, index) => ({ ...record, e: resealed[index]! })))
    return 'sealed'
  }
  const fileKeys = deriveKeys(fileKey)
  let opened: BankEvent[][]
  try {
    opened = openRecords(records, new Sealer(fileKeys))
  } catch (error) {
    if (!(error instanceof BankKeyMismatchError)) throw error
    // Either the move finished but for the removal of bank.key, or the journal is under neither key.
    openRecords(records, hostSealer)
    removeKeyFile(dataDir)
    return 'finished'
  }
  const moved: JournalRecord<BankEvent>[] = records.map((record, index) => ({
    ...record,
    e: opened[index]!.map((event) => sealEvent(hostSealer, event)),
  }))
  if (!records.some((record) => record.e.some((event) => event.t === 'keys.fingerprint'))) {
    const keyEvent: BankEvent = { t: 'keys.fingerprint', key: fileKeys.fingerprint.toString('base64url') }
    moved.push({ s: moved.length + 1, e: [sealEvent(hostSealer, keyEvent)] })
  }
  rewriteJournal(dataDir, moved)
  removeKeyFile(dataDir)
  return 'moved'
}

/** Replaces the journal with these records in one rename (a torn tail of the old one is dropped: never acknowledged). */
function rewriteJournal(dataDir: string, records: JournalRecord<BankEvent>[]): void {
  const file = join(dataDir, JOURNAL_FILE)
  const temp = `${file}.rekey`
  const fd = openSync(temp, 'w', 0o600)
  try {
    writeSync(fd, records.map((record) => encodeRecord(record)).join(''))
    fsyncSync(fd)
  } finally {
    closeSync(fd)
  }
  renameSync(temp, file)
  fsyncDir(dataDir)
}

function removeKeyFile(dataDir: string): void {
  rmSync(join(dataDir, KEY_FILE), { force: true })
  fsyncDir(dataDir)
}
