import { randomBytes } from 'node:crypto'
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import {
  BankKeyMismatchError,
  deriveKeys,
  fingerprintOf,
  KEY_FILE,
  loadBankKeys,
  openEvent,
  openRecords,
  sealEvent,
  SealedValueError,
  Sealer,
} from '../../../src/mock-bank/keys'
import type { BankEvent } from '../../../src/mock-bank/state'

const dirs: string[] = []
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })))

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'bank-keys-'))
  dirs.push(dir)
  return dir
}

const PAN = '6222020200001234562'
const EVENTS: BankEvent[] = [
  { t: 'init', bankId: 'bank_1', shopKey: 'shopkey_secret', at: 1 },
  { t: 'sms.sent', id: 'sms_1', phone: '13800138000', purpose: 'login', code: '493817', at: 1, expiresAt: 2 },
  {
    t: 'customer',
    c: 'cus_1',
    walletNo: '0021000000000001',
    phone: '13800138000',
    name: '王芳',
    idNumber: '44030519880808032X',
    hash: 'scrypt$1024$8$1$salt$hash',
    at: 1,
    settings: { smallAmountNoPassword: true, smallAmountLimitFen: 100_000 },
  },
  { t: 'card.bind', c: 'cus_1', cardId: 'card_1', pan: PAN, at: 1 },
  { t: 'paycode.device', c: 'cus_1', deviceId: 'd1', deviceCode: '12345678', secret: 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP' },
  { t: 'totp.pending', c: 'cus_1', secret: 'KRSXG5CTMVRXEZLUKRSXG5CTMVRXEZLU' },
  { t: 'keys.fingerprint', key: 'fingerprint_key_secret' },
  {
    t: 'posting',
    p: {
      id: 'pst_1',
      at: 1,
      lines: [
        ['x:mint', -500],
        [`c:${PAN}`, 500],
      ],
    },
  },
]

describe("the bank's key and seal", () => {
  it('seals every secret and full number of an event for the journal, and opens it back exactly', () => {
    const sealer = new Sealer(deriveKeys(randomBytes(32)))
    const sealed = EVENTS.map((e) => sealEvent(sealer, e))
    const text = JSON.stringify(sealed)
    for (const clear of ['shopkey_secret', '493817', '44030519880808032X', PAN, 'JBSWY3DPEHPK3PXP', 'KRSXG5CTMVRXEZLU', 'fingerprint_key_secret'])
      expect(text).not.toContain(clear)
    expect(text).toContain('x:mint')
    expect(sealed.map((e) => openEvent(sealer, e))).toEqual(EVENTS)
  })

  it('reads the clear values of a journal written before the seal as they are', () => {
    const sealer = new Sealer(deriveKeys(randomBytes(32)))
    expect(EVENTS.map((e) => openEvent(sealer, e))).toEqual(EVENTS)
  })

  it('refuses a sealed value under another key: a journal whose first sealed value does not open is under another key', () => {
    const sealed = sealEvent(new Sealer(deriveKeys(randomBytes(32))), EVENTS[3]!)
    expect(() => openEvent(new Sealer(deriveKeys(randomBytes(32))), sealed)).toThrow(SealedValueError)
    expect(() => openRecords([{ s: 1, e: [sealed] }], new Sealer(deriveKeys(randomBytes(32))))).toThrow(BankKeyMismatchError)
    // After values that opened, one that does not is damage, not another key.
    const key = deriveKeys(randomBytes(32))
    const good = sealEvent(new Sealer(key), EVENTS[3]!)
    expect(() => openRecords([{ s: 1, e: [good] }, { s: 2, e: [sealed] }], new Sealer(key))).toThrow(SealedValueError)
  })

  it('makes the key once, owner-only, and reads the same key at the next start; a host key writes nothing', () => {
    const dir = tempDir()
    const first = loadBankKeys(dir)
    const file = join(dir, KEY_FILE)
    if (process.platform !== 'win32') expect(statSync(file).mode & 0o077).toBe(0)
    expect(readFileSync(file, 'utf8').trim()).toMatch(/^[A-Za-z0-9_-]{43}$/)
    expect(fingerprintOf(loadBankKeys(dir), 'x')).toBe(fingerprintOf(first, 'x'))
    const other = tempDir()
    const host = randomBytes(32)
    expect(fingerprintOf(loadBankKeys(other, host), 'x')).toBe(fingerprintOf(deriveKeys(host), 'x'))
    expect(() => statSync(join(other, KEY_FILE))).toThrow()
  })
})
