import { describe, expect, it } from 'vitest'
import type { BackupPayload } from '../../../src/shared/backup-payload'
import {
  BACKUP_PAYLOAD_VERSION,
  migrateV1ToV2,
  parseBackupPayload,
  splitBackupPayload,
  summarizeBackupPayload,
} from '../../../src/shared/backup-payload'
import { samplePayload, toV1Payload, toV2Payload } from './sample'

describe('backup payload schema', () => {
  it('accepts the sample payload at the current version', () => {
    const payload = samplePayload(200)
    const result = parseBackupPayload(JSON.parse(JSON.stringify(payload)))
    expect(result).toEqual({ ok: true, payload, fromVersion: BACKUP_PAYLOAD_VERSION })
  })

  it('reads a file written before 关闭窗口时最小化到托盘 without it, so a restore keeps this computer’s choice', () => {
    const payload = samplePayload(2)
    const { closeToTray: _dropped, ...older } = payload.settings
    const result = parseBackupPayload(JSON.parse(JSON.stringify({ ...payload, settings: older })))
    expect(result.ok).toBe(true)
    if (!result.ok) return
    expect(result.payload.settings).not.toHaveProperty('closeToTray')
    expect(splitBackupPayload(result.payload).lists.settings).toEqual(older)
    // A file that has it keeps it.
    const withIt = parseBackupPayload(JSON.parse(JSON.stringify({ ...payload, settings: { ...older, closeToTray: true } })))
    expect(withIt.ok && withIt.payload.settings.closeToTray).toBe(true)
  })

  it('drops keys it does not know, so a token or a password handed in by mistake is never kept', () => {
    const payload = samplePayload(3)
    const tainted = {
      ...payload,
      accessToken: 'tok',
      profile: { ...payload.profile, password: 'Secret123', sessionToken: 'abc' },
      transactions: payload.transactions.map((t) => ({ ...t, month: '2022-01' })),
      payees: payload.payees.map((p) => ({ ...p, payPassword: '135790' })),
    }
    const result = parseBackupPayload(tainted)
    expect(result.ok).toBe(true)
    if (!result.ok) return
    expect(result.payload).toEqual(payload)
    expect(JSON.stringify(result.payload)).not.toMatch(/Secret123|sessionToken|accessToken|month|"payPassword"|135790/)
  })

  it.each([
    [
      'a full phone number as the masked one',
      (p: BackupPayload) => ({ ...p, profile: { ...p.profile, phoneMasked: '13800138000' } }),
    ],
    [
      'a payee without its whole number (it could not be paid again)',
      (p: BackupPayload) => ({ ...p, payees: [{ ...p.payees[0]!, number: '139****1234' }] }),
    ],
    [
      'a wallet payee whose number is no phone number',
      (p: BackupPayload) => ({ ...p, payees: [{ ...p.payees[0]!, number: '6222020200112239876' }] }),
    ],
    [
      'the same payee twice under two ids',
      (p: BackupPayload) => ({ ...p, payees: [...p.payees, { ...p.payees[0]!, id: 'P9' }] }),
    ],
    [
      'a card label with a direction control',
      (p: BackupPayload) => ({ ...p, cardLabels: [{ cardId: 'C1', label: '\u202e卡资工' }] }),
    ],
    ['a card label of 21 characters', (p: BackupPayload) => ({ ...p, cardLabels: [{ cardId: 'C1', label: '卡'.repeat(21) }] })],
    ['a card label not trimmed', (p: BackupPayload) => ({ ...p, cardLabels: [{ cardId: 'C1', label: ' 工资卡' }] })],
    [
      'two labels for one card',
      (p: BackupPayload) => ({ ...p, cardLabels: [...p.cardLabels, { cardId: p.cardLabels[0]!.cardId, label: '房贷卡' }] }),
    ],
    ['a duplicate household id', (p: BackupPayload) => ({ ...p, households: [...p.households, p.households[0]!] })],
    ['a duplicate transaction id', (p: BackupPayload) => ({ ...p, transactions: [...p.transactions, p.transactions[0]!] })],
    ['a duplicate balance seq', (p: BackupPayload) => ({ ...p, balances: [...p.balances, p.balances[0]!] })],
    ['money as a float', (p: BackupPayload) => ({ ...p, transactions: [{ ...p.transactions[0]!, amountFen: 12.5 }] })],
    ['a missing sync state', (p: BackupPayload) => ({ ...p, sync: undefined })],
  ])('refuses %s', (_, change) => {
    const result = parseBackupPayload(change(samplePayload(60)))
    expect(result).toMatchObject({ ok: false, reason: 'invalid', version: 3 })
  })

  it('splits a payload for its two owners: the replica gets no payee, household, label or setting', () => {
    const payload = samplePayload(30)
    const { replica, lists } = splitBackupPayload(payload)
    expect(Object.keys(replica).sort()).toEqual(['balances', 'sync', 'transactions'])
    expect(JSON.stringify(replica)).not.toContain(payload.payees[0]!.number)
    expect(lists).toEqual({
      payees: payload.payees,
      households: payload.households,
      cardLabels: payload.cardLabels,
      settings: payload.settings,
    })
  })

  it('tells a newer version and a missing or odd version apart from invalid content', () => {
    const payload = samplePayload(2)
    expect(parseBackupPayload({ ...payload, version: 4 })).toEqual({ ok: false, reason: 'too-new', version: 4 })
    expect(parseBackupPayload({ ...payload, version: 0 })).toMatchObject({ ok: false, reason: 'unknown-version' })
    expect(parseBackupPayload({ ...payload, version: '3' })).toMatchObject({ ok: false, reason: 'unknown-version' })
    expect(parseBackupPayload({ ...payload, version: 1.5 })).toMatchObject({ ok: false, reason: 'unknown-version' })
    expect(parseBackupPayload(null)).toMatchObject({ ok: false, reason: 'unknown-version' })
    expect(parseBackupPayload([])).toMatchObject({ ok: false, reason: 'unknown-version' })
  })
})

describe('payload migrations', () => {
  it("lifts a v2 payload to v3: households kept, payees without a whole number and the bank's cards dropped", () => {
    const current = samplePayload(120)
    const v2 = toV2Payload(current)
    const result = parseBackupPayload(JSON.parse(JSON.stringify(v2)))
    expect(result.ok).toBe(true)
    if (!result.ok) return
    expect(result.fromVersion).toBe(2)
    const p = result.payload
    expect(p.version).toBe(3)
    expect(p.payees).toEqual([])
    expect(p.cardLabels).toEqual([])
    expect('cards' in p).toBe(false)
    expect(p.households).toEqual(
      current.households.map((h) => ({ ...h, cityCode: '', createdAt: current.createdAt, lastPaidAt: null })),
    )
    expect(p.transactions).toEqual(current.transactions)
    expect(p.balances).toEqual(current.balances)
    expect(p.sync).toEqual(current.sync)
    expect(p.settings).toEqual(current.settings)
    expect(p.profile).toEqual(current.profile)
  })

  it('lifts a v1 payload through v2 to v3 with the documented defaults', () => {
    const current = samplePayload(120)
    const result = parseBackupPayload(JSON.parse(JSON.stringify(toV1Payload(toV2Payload(current)))))
    expect(result.ok).toBe(true)
    if (!result.ok) return
    expect(result.fromVersion).toBe(1)
    const p = result.payload
    expect(p.version).toBe(3)
    expect(p.payees).toEqual([])
    expect(p.households.map((h) => h.billerId)).toEqual(current.households.map((h) => h.billerId))
    expect(p.transactions).toEqual(current.transactions)
    expect(p.sync).toEqual({ cursor: current.sync.cursor, lastSeq: current.sync.lastSeq, lastSyncedAt: null })
  })

  it('takes lastSeq from balances too, and 0 from an empty v1 replica', () => {
    const base = toV1Payload(toV2Payload(samplePayload(0)))
    expect(migrateV1ToV2({ ...base, balances: [{ seq: 42, at: 1, balanceFen: 5 }] }).sync.lastSeq).toBe(42)
    expect(migrateV1ToV2({ ...base, balances: [] }).sync.lastSeq).toBe(0)
  })

  it('validates each older shape before migrating it', () => {
    const v1 = toV1Payload(toV2Payload(samplePayload(5))) as unknown as Record<string, unknown>
    expect(parseBackupPayload({ ...v1, cursor: 7 })).toMatchObject({ ok: false, reason: 'invalid', version: 1 })
    // A newer body that claims an older version is not silently accepted.
    expect(parseBackupPayload({ ...toV2Payload(samplePayload(5)), version: 1 })).toMatchObject({
      ok: false,
      reason: 'invalid',
      version: 1,
    })
    expect(parseBackupPayload({ ...samplePayload(5), version: 2 })).toMatchObject({ ok: false, reason: 'invalid', version: 2 })
    // v2 kept its own rule: a payee's account had to be masked.
    const v2 = toV2Payload(samplePayload(5))
    expect(parseBackupPayload({ ...v2, payees: [{ ...v2.payees[0]!, account: '13912341234' }] })).toMatchObject({
      ok: false,
      reason: 'invalid',
      version: 2,
    })
  })
})

describe('summarizeBackupPayload', () => {
  it('counts rows, spans the dates and takes the newest balance', () => {
    const payload = samplePayload(500)
    const summary = summarizeBackupPayload(payload, { formatVersion: 1, fileBytes: 1234, kdf: 'scrypt', fileVersion: 2 })
    expect(JSON.stringify(summary)).not.toContain(payload.payees[0]!.number)
    const times = payload.transactions.map((t) => t.occurredAt)
    expect(summary).toMatchObject({
      formatVersion: 1,
      filePayloadVersion: 2,
      payloadVersion: 3,
      kdf: 'scrypt',
      fileBytes: 1234,
      appVersion: '0.1.0',
      createdAt: payload.createdAt,
      profile: { walletNo: '0021000012345678', nameMasked: '张*', phoneMasked: '138****8000' },
      counts: { transactions: 500, balances: 10, payees: 2, households: 2, cardLabels: 1 },
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
      fileVersion: 3,
    })
    expect(summary.transactionRange).toBeNull()
    expect(summary.latestBalanceFen).toBeNull()
    expect(summary.counts.transactions).toBe(0)
  })
})
