/**
 * A backup brings back what the user made, not only the history: payees, saved households, bound-card
 * labels and settings live in main's sealed store (src/main/core/payments/*, src/main/core/settings.ts)
 * and must travel in the backup and come back on another computer: a fresh data folder, a new core, a
 * new sealed store, the same bank.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { DEMO_PAYEE, type BankServer } from '../../../src/mock-bank'
import type { BillersList, CardsList, HouseholdList, PayeeList, PaymentResult, Settings } from '../../../src/shared/contract'
import { signInDemo, startBank, startCore } from '../../support/wallet'
import { bankFetch } from '../../support/bank-client'
import type { OpenedRestore } from '../../../src/shared/contract/backup'
import { readPages, stage, uploadFile } from './sealed-replica'

const PAY_PASSWORD = '135790'
const PASSPHRASE = 'a passphrase for the move'
const CARD_PAN = '6228480000111122222'

const cleanups: (() => Promise<void>)[] = []
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c()
})

type App = Awaited<ReturnType<typeof startCore>>

/**
 * Signs the demo customer in on another computer of the same bank. The first computer's SMS code was
 * used, and the bank sends no new one while that code is in its resend window: its clock moves on first.
 */
async function signInElsewhere(app: App, bank: BankServer): Promise<void> {
  const res = await bankFetch(bank, `/_dev/clock`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ advanceMs: 61_000 }),
  })
  expect(res.ok).toBe(true)
  await signInDemo(app, bank)
}

async function core(bank: BankServer) {
  const saved: { bytes?: Buffer } = {}
  const app = await startCore(bank, {
    files: {
      save: async (bytes) => {
        saved.bytes = bytes
        return { kind: 'download', url: '/download/x' }
      },
    },
  })
  cleanups.push(() => app.core.dispose())
  return { app, saved }
}

const EMPTY_REPLICA = { transactions: [], balances: [], sync: { cursor: null, lastSeq: 0, lastSyncedAt: null } }

/** Every list the user made, as the channels return them. */
async function lists(app: App) {
  const cards = await app.ok<CardsList>('cards.list')
  return {
    payees: (await app.ok<PayeeList>('payees.list')).payees,
    households: (await app.ok<HouseholdList>('bills.households')).households,
    cards: cards.cards.map((c) => ({ cardId: c.cardId, label: c.label })).sort((a, b) => (a.cardId < b.cardId ? -1 : 1)),
    settings: await app.ok<Settings>('settings.get'),
  }
}

/** The demo customer with a payee of each kind, two saved households, a card label and changed settings. */
async function madeByTheUser(bank: BankServer) {
  const first = await core(bank)
  await signInDemo(first.app, bank)
  const paid = (r: PaymentResult) => expect(r.queued).toBe(false)
  paid(await first.app.ok('transfer.toWallet', { phone: DEMO_PAYEE.phone, amountFen: 100, payPassword: PAY_PASSWORD }))
  paid(await first.app.ok('transfer.toCard', { pan: CARD_PAN, name: '李娜', amountFen: 200, payPassword: PAY_PASSWORD }))
  const billers = await first.app.ok<BillersList>('bills.billers', {})
  const electricity = billers.billers.find((b) => b.type === 'electricity' && new RegExp(b.householdPattern).test('1000000001'))!
  const water = billers.billers.find((b) => b.type === 'water' && new RegExp(b.householdPattern).test('1000000000'))!
  await first.app.ok('bills.saveHousehold', { billerId: electricity.billerId, household: '1000000001', alias: '家里电费' })
  await first.app.ok('bills.saveHousehold', { billerId: water.billerId, household: '1000000000' })
  const card = (await first.app.ok<CardsList>('cards.list')).cards[0]!
  await first.app.ok('cards.setLabel', { cardId: card.cardId, label: '工资卡' })
  await first.app.ok('settings.set', { theme: 'dark', autoLockMinutes: 15, language: 'en-US' })
  return first
}

describe('a backup brings everything back', () => {
  it('restores payees, households, card labels and settings into a fresh data folder, and the payees still pay', async () => {
    const bank = await startBank({ seed: 'demo' })
    cleanups.push(() => bank.close())
    const { app: first, saved } = await madeByTheUser(bank)
    const before = await lists(first)
    expect(before.payees).toHaveLength(2)
    expect(before.households).toHaveLength(2)
    expect(before.cards.filter((c) => c.label === '工资卡')).toHaveLength(1)

    const created = await first.ok<{ summary: { counts: Record<string, number> } }>('backup.create', {
      passphrase: PASSPHRASE,
      ...(await stage(first, EMPTY_REPLICA)),
    })
    expect(created.summary.counts).toMatchObject({ payees: 2, households: 2, cardLabels: 1 })
    const file = saved.bytes!

    // A new computer: nothing there yet, and restored before anyone signs in (as from 欢迎 → 从备份恢复).
    const { app: second } = await core(bank)
    expect((await second.ok<PayeeList>('payees.list')).payees).toEqual([])
    const opened = await second.ok<OpenedRestore>('backup.open', await uploadFile(second, file, PASSPHRASE))
    expect(opened.summary.counts).toMatchObject({ payees: 2, households: 2, cardLabels: 1 })
    // The renderer gets the replica's part and counts only: never a payee's full number or full name.
    const answer = JSON.stringify([opened, await readPages(second, opened)])
    expect(answer).not.toContain(DEMO_PAYEE.phone)
    expect(answer).not.toContain(CARD_PAN)
    expect(answer).not.toContain('李娜')
    // Nothing changes on this computer until the renderer has its replica and commits.
    expect((await second.ok<PayeeList>('payees.list')).payees).toEqual([])
    await second.ok('backup.commitRestore', { restoreId: opened.restoreId })

    await signInElsewhere(second, bank)
    expect(await lists(second)).toEqual(before)
    // Restored before anyone signed in, the replica was sealed for the backup's customer: signing in
    // as that customer keeps it (the renderer's keyCheck matches the key it is handed).
    expect((await second.ok<{ check: string }>('replica.key')).check).toBe(opened.keyCheck)

    // The full numbers came back too: a payee from the book pays without typing anything again.
    const wallet = before.payees.find((p) => p.kind === 'wallet')!
    const card = before.payees.find((p) => p.kind === 'card')!
    const again = await second.ok<PaymentResult>('transfer.toWallet', {
      payeeId: wallet.id,
      amountFen: 100,
      payPassword: PAY_PASSWORD,
    })
    expect(again.queued).toBe(false)
    const toCard = await second.ok<PaymentResult>('transfer.toCard', {
      payeeId: card.id,
      amountFen: 100,
      payPassword: PAY_PASSWORD,
    })
    expect(toCard).toMatchObject({ queued: false, transaction: { counterparty: { kind: 'card', name: '李*' } } })
  })

  it('undoes a restore: the lists on this computer come back as they were', async () => {
    const bank = await startBank({ seed: 'demo' })
    cleanups.push(() => bank.close())
    const { app: first, saved } = await madeByTheUser(bank)
    await first.ok('backup.create', { passphrase: PASSPHRASE, ...(await stage(first, EMPTY_REPLICA)) })

    const { app: second } = await core(bank)
    await signInElsewhere(second, bank)
    await second.ok('transfer.toWallet', { phone: DEMO_PAYEE.phone, amountFen: 100, payPassword: PAY_PASSWORD })
    await second.ok('settings.set', { autoLockMinutes: 1 })
    const mine = await lists(second)

    const opened = await second.ok<{ restoreId: string }>('backup.open', await uploadFile(second, saved.bytes!, PASSPHRASE))
    await second.ok('backup.commitRestore', { restoreId: opened.restoreId })
    expect((await lists(second)).payees).toEqual((await lists(first)).payees)
    expect((await lists(second)).settings.autoLockMinutes).toBe(15)

    await second.ok('backup.undoRestore')
    expect(await lists(second)).toEqual(mine)
    // An unknown restore id changes nothing.
    expect(await second.call('backup.commitRestore', { restoreId: 'no-such-restore' })).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' },
    })
    expect(await lists(second)).toEqual(mine)
  })

  it.each([
    ['passphrase-payload-v1', 1],
    ['passphrase-v2', 2],
    ['passphrase-v3', 3],
  ] as const)('the committed %s fixture still opens and restores', { timeout: 30_000 }, async (name, version) => {
    const bank = await startBank({ seed: 'demo' })
    cleanups.push(() => bank.close())
    const dir = join(import.meta.dirname, '..', '..', 'fixtures', 'backup')
    const expected = JSON.parse(readFileSync(join(dir, `${name}.payload.json`), 'utf8')) as {
      households: { id: string; household: string }[]
      payees: { id: string; number: string; name: string }[]
      cardLabels: unknown[]
      settings: Settings
    }
    const { app } = await core(bank)
    // Files from before 关闭窗口时最小化到托盘 do not carry it: a restore keeps this computer's choice.
    expect(expected.settings).not.toHaveProperty('closeToTray')
    await app.ok('settings.set', { closeToTray: true })
    const opened = await app.ok<{ restoreId: string; summary: { filePayloadVersion: number } }>(
      'backup.open',
      await uploadFile(app, readFileSync(join(dir, `${name}.iwbk`)), '工行数字钱包 备份口令 2025'),
    )
    expect(opened.summary.filePayloadVersion).toBe(version)
    await app.ok('backup.commitRestore', { restoreId: opened.restoreId })
    const households = (await app.ok<HouseholdList>('bills.households')).households
    expect(households.map((h) => [h.id, h.household]).sort()).toEqual(expected.households.map((h) => [h.id, h.household]).sort())
    const payees = (await app.ok<PayeeList>('payees.list')).payees
    expect(payees.map((p) => p.id).sort()).toEqual(expected.payees.map((p) => p.id).sort())
    for (const p of expected.payees) expect(JSON.stringify(payees)).not.toContain(p.number)
    expect(await app.ok('settings.get')).toEqual({ ...expected.settings, closeToTray: true })
  })

  it('automatic backups carry the lists too', async () => {
    const bank = await startBank({ seed: 'demo' })
    cleanups.push(() => bank.close())
    const { app } = await madeByTheUser(bank)
    const before = await lists(app)
    const entry = await app.ok<{ id: string }>('backup.autoRun', await stage(app, EMPTY_REPLICA))
    await app.ok('payees.remove', { id: before.payees[0]!.id })
    await app.ok('cards.setLabel', { cardId: before.cards.find((c) => c.label)!.cardId, label: '' })

    const opened = await app.ok<{ restoreId: string; summary: { counts: Record<string, number> } }>('backup.open', {
      kind: 'auto',
      id: entry.id,
    })
    expect(opened.summary.counts).toMatchObject({ payees: 2, households: 2, cardLabels: 1 })
    await app.ok('backup.commitRestore', { restoreId: opened.restoreId })
    expect(await lists(app)).toEqual(before)
  })
})
