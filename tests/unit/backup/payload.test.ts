import { describe, expect, it } from 'vitest'
import type { BackupPayload } from '../../../src/shared/backup-payload'
import {
  BACKUP_PAYLOAD_VERSION,
  migrateV1ToV2,
  parseBackupPayload,
  summarizeBackupPayload,
} from '../../../src/shared/backup-payload'
import { samplePayload, toV1Payload } from './sample'

describe('backup payload schema', () => {
  it('accepts the sample payload at the current version', () => {
    const payload = samplePayload(200)
    const result = parseBackupPayload(JSON.parse(JSON.stringify(payload)))
    expect(result).toEqual({ ok: true, payload, fromVersion: BACKUP_PAYLOAD_VERSION })
  })

  it('drops keys it does not know, so a token or a password handed in by mistake is never kept', () => {
    const payload = samplePayload(3)
    const tainted = {
      ...payload,
      accessToken: 'tok',
      profile: { ...payload.profile, password: 'Secret123', sessionToken: 'abc' },
      transactions: payload.transactions.map((t) => ({ ...t, month: '2022-01' })),
    }
    const result = parseBackupPayload(tainted)
    expect(result.ok).toBe(true)
    if (!result.ok) return
    expect(result.payload).toEqual(payload)
    expect(JSON.stringify(result.payload)).not.toMatch(/Secret123|sessionToken|accessToken|month/)
  })

  it.each([
    ['a full card number', (p: BackupPayload) => ({ ...p, cards: [{ ...p.cards[0]!, masked: '6222020200112233445' }] })],
    [
      'a full card number with spaces',
      (p: BackupPayload) => ({ ...p, cards: [{ ...p.cards[0]!, masked: '6222 0202 0011 2233 445' }] }),
    ],
    ['a full phone number', (p: BackupPayload) => ({ ...p, profile: { ...p.profile, phoneMasked: '13800138000' } })],
    ['a payee with a full account', (p: BackupPayload) => ({ ...p, payees: [{ ...p.payees[0]!, account: '13912341234' }] })],
    ['a duplicate transaction id', (p: BackupPayload) => ({ ...p, transactions: [...p.transactions, p.transactions[0]!] })],
    ['a duplicate balance seq', (p: BackupPayload) => ({ ...p, balances: [...p.balances, p.balances[0]!] })],
    ['money as a float', (p: BackupPayload) => ({ ...p, transactions: [{ ...p.transactions[0]!, amountFen: 12.5 }] })],
    ['a missing sync state', (p: BackupPayload) => ({ ...p, sync: undefined })],
  ])('refuses %s', (_, change) => {
    const result = parseBackupPayload(change(samplePayload(60)))
    expect(result).toMatchObject({ ok: false, reason: 'invalid', version: 2 })
  })

  it('tells a newer version and a missing or odd version apart from invalid content', () => {
    const payload = samplePayload(2)
    expect(parseBackupPayload({ ...payload, version: 3 })).toEqual({ ok: false, reason: 'too-new', version: 3 })
    expect(parseBackupPayload({ ...payload, version: 0 })).toMatchObject({ ok: false, reason: 'unknown-version' })
    expect(parseBackupPayload({ ...payload, version: '2' })).toMatchObject({ ok: false, reason: 'unknown-version' })
    expect(parseBackupPayload({ ...payload, version: 1.5 })).toMatchObject({ ok: false, reason: 'unknown-version' })
    expect(parseBackupPayload(null)).toMatchObject({ ok: false, reason: 'unknown-version' })
    expect(parseBackupPayload([])).toMatchObject({ ok: false, reason: 'unknown-version' })
  })
})

describe('payload migrations', () => {
  it('lifts a v1 payload to v2 with the documented defaults', () => {
    const current = samplePayload(120)
    const result = parseBackupPayload(JSON.parse(JSON.stringify(toV1Payload(current))))
    expect(result.ok).toBe(true)
    if (!result.ok) return
    expect(result.fromVersion).toBe(1)
    const p = result.payload
    expect(p.version).toBe(2)
    expect(p.cards.every((c) => c.kind === 'debit')).toBe(true)
    expect(p.payees.every((c) => c.lastUsedAt === 0)).toBe(true)
    expect(p.households).toEqual(current.households)
    expect(p.transactions).toEqual(current.transactions)
    expect(p.sync).toEqual({ cursor: current.sync.cursor, lastSeq: current.sync.lastSeq, lastSyncedAt: null })
  })

  it('takes lastSeq from balances too, and 0 from an empty v1 replica', () => {
    const base = toV1Payload(samplePayload(0))
    expect(migrateV1ToV2({ ...base, balances: [{ seq: 42, at: 1, balanceFen: 5 }] }).sync.lastSeq).toBe(42)
    expect(migrateV1ToV2({ ...base, balances: [] }).sync.lastSeq).toBe(0)
  })

  it('validates the v1 shape before migrating it', () => {
    const v1 = toV1Payload(samplePayload(5)) as unknown as Record<string, unknown>
    expect(parseBackupPayload({ ...v1, cursor: 7 })).toMatchObject({ ok: false, reason: 'invalid', version: 1 })
    // A v2-shaped body that claims to be v1 is not silently accepted.
    expect(parseBackupPayload({ ...samplePayload(5), version: 1 })).toMatchObject({ ok: false, reason: 'invalid', version: 1 })
  })
})

describe('summarizeBackupPayload', () => {
  it('counts rows, spans the dates and takes the newest balance', () => {
    const payload = samplePayload(500)
    const summary = summarizeBackupPayload(payload, { formatVersion: 1, fileBytes: 1234, kdf: 'scrypt', fileVersion: 2 })
    const times = payload.transactions.map((t) => t.occurredAt)
    expect(summary).toMatchObject({
      formatVersion: 1,
      filePayloadVersion: 2,
      payloadVersion: 2,
      kdf: 'scrypt',
      fileBytes: 1234,
      appVersion: '0.1.0',
      createdAt: payload.createdAt,
      profile: { walletNo: '0021000012345678', nameMasked: '张*', phoneMasked: '138****8000' },
      counts: { transactions: 500, balances: 10, cards: 2, payees: 2, households: 2 },
      transactionRange: { from: Math.min(...times), to: Math.max(...times) },
      latestBalanceFen: payload.balances.at(-1)!.balanceFen,
      syncCursor: payload.sync.cursor,
    })
  })

  it('has no date range and no balance for an empty replica', () => {
    const summary = summarizeBackupPayload(samplePayload(0), {
      formatVersion: 1,
      fileBytes: 1,
      kdf: 'keychain-key',
      fileVersion: 2,
    })
    expect(summary.transactionRange).toBeNull()
    expect(summary.latestBalanceFen).toBeNull()
    expect(summary.counts.transactions).toBe(0)
  })
})
