import { afterEach, describe, expect, it } from 'vitest'
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join, relative } from 'node:path'
import type { BankServer } from '../../../src/mock-bank'
import { createMemorySecretStore, type SecretStore } from '../../../src/main/platform/vault'
import { luhnCheckDigit, residentIdCheckChar } from '../../../src/shared/validators'
import { latestSmsCode, setFaults, startBank as bankOn, startCore as coreOn, tmp } from '../../support/wallet'

const cleanups: (() => Promise<void>)[] = []
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c()
})

/** A memory keychain that remembers which accounts were ever written, to check each is gone afterwards. */
function recordingStore(): SecretStore & { accounts: Set<string> } {
  const inner = createMemorySecretStore()
  const accounts = new Set<string>()
  return {
    accounts,
    get: (a) => inner.get(a),
    set: async (a, v) => {
      accounts.add(a)
      await inner.set(a, v)
    },
    delete: (a) => inner.delete(a),
    describe: () => inner.describe(),
  }
}

/** Every file under `dir`, relative, sorted. */
function listFiles(dir: string): string[] {
  const out: string[] = []
  const walk = (d: string) => {
    for (const entry of readdirSync(d)) {
      const path = join(d, entry)
      if (statSync(path).isDirectory()) walk(path)
      else out.push(relative(dir, path))
    }
  }
  walk(dir)
  return out.sort()
}

let serial = 0
function person() {
  serial++
  const first17 = `11010519900307${String(700 + serial).padStart(3, '0')}`.slice(0, 17)
  const partial = `62220210001234${String(5000 + serial).padStart(4, '0')}`.slice(0, 18)
  return {
    phone: `1391234${String(5000 + serial).padStart(4, '0')}`,
    name: '李明',
    idNumber: first17 + residentIdCheckChar(first17),
    pan: partial + luhnCheckDigit(partial),
    password: 'Secure2026x',
    payPassword: '258036',
  }
}

async function activeWallet(options: { autoBackup: boolean }) {
  const bank: BankServer = await bankOn({ seed: 'demo' })
  cleanups.push(() => bank.close())
  const dataDir = tmp('core-dereg-')
  const secrets = recordingStore()
  const app = await coreOn(bank, { dataDir, vault: { secrets } })
  cleanups.push(() => app.core.dispose())
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- test shorthand over every channel's output
  const ok = (channel: string, input?: unknown) => app.ok<any>(channel, input)
  const p = person()
  await ok('activation.register', { phone: p.phone, name: p.name, idNumber: p.idNumber, password: p.password, agreed: true })
  await ok('activation.sendSms')
  await ok('activation.verify', { code: await latestSmsCode(bank, p.phone) })
  await ok('activation.bindCard', { pan: p.pan, reservedPhone: p.phone })
  await ok('activation.setPayPassword', { payPassword: p.payPassword })
  const { cards } = await ok('cards.list')
  const cardId = cards[0].cardId as string
  await ok('pay.topup', { cardId, amountFen: 20_000, payPassword: p.payPassword })
  await ok('cards.setLabel', { cardId, label: '工资卡' })
  if (options.autoBackup) {
    // An empty replica staged as the renderer stages one (src/renderer/src/stores/backup.ts).
    const { stageId } = await ok('backup.stageBegin')
    await ok('backup.autoRun', {
      stageId,
      counts: { transactions: 0, balances: 0 },
      sync: { cursor: null, lastSeq: 0, lastSyncedAt: null },
    })
  }
  return { bank, app, ok, dataDir, secrets, p, cardId }
}

/** A refused attempt (blocked, wrong password) does not use the SMS code up: it is sent once per wallet here. */
async function deregister(w: Awaited<ReturnType<typeof activeWallet>>, deleteAutoBackups: boolean, send = true) {
  if (send) await w.ok('account.deregisterSendSms')
  return w.app.call('account.deregister', {
    password: w.p.password,
    smsCode: await latestSmsCode(w.bank, w.p.phone),
    deleteAutoBackups,
  })
}

/** The data folder's files that mention the customer in plain text (names, numbers), if any. */
function mentions(dataDir: string, p: ReturnType<typeof person>): string[] {
  return listFiles(dataDir).filter((file) => {
    const text = readFileSync(join(dataDir, file)).toString('latin1')
    return [p.phone, p.idNumber, p.pan, p.pan.slice(-4) + '"'].some((needle) => text.includes(needle))
  })
}

describe('注销 through the core', () => {
  it('lists the blockers, refuses while money is left, then leaves nothing of the customer in the data folder', async () => {
    const w = await activeWallet({ autoBackup: true })
    expect(listFiles(w.dataDir).length).toBeGreaterThan(3)
    const check = await w.ok('account.deregisterCheck')
    expect(check).toMatchObject({
      blockers: [{ reason: 'BALANCE', amountFen: 20_000 }],
      outbox: [],
      totpRequired: false,
      autoBackups: 1,
    })
    expect(check.phoneMasked).not.toContain(w.p.phone.slice(3, 7))
    expect(await deregister(w, true)).toMatchObject({
      ok: false,
      error: { code: 'DEREGISTER_BLOCKED', details: { reason: 'BALANCE' } },
    })
    // A refusal changes nothing here.
    expect((await w.ok('session.status')).status).toBe('unlocked')

    await w.ok('pay.withdraw', { cardId: w.cardId, amountFen: 20_000, payPassword: w.p.payPassword })
    expect((await w.ok('account.deregisterCheck')).blockers).toEqual([])
    const wrong = await w.app.call('account.deregister', {
      password: 'Wrong2026x',
      smsCode: await latestSmsCode(w.bank, w.p.phone),
      deleteAutoBackups: true,
    })
    expect(wrong).toMatchObject({ ok: false, error: { code: 'CREDENTIALS_INVALID' } })

    expect(await deregister(w, true, false)).toEqual({ ok: true, value: { ok: true, autoBackupsKept: 0 } })
    expect(listFiles(w.dataDir)).toEqual([])
    for (const account of w.secrets.accounts) {
      // Only the fresh installation's data key may be there, under the data folder's namespace.
      if (account.endsWith(':data-key')) continue
      expect(await w.secrets.get(account), account).toBeUndefined()
    }
    expect(await w.ok('session.status')).toEqual({ status: 'none', offline: false, profile: null })
    expect((await w.ok('activation.state')).step).toBe('register')
    expect(await w.ok('cards.list').catch((e: Error) => e.message)).toMatch(/UNAUTHORIZED|SESSION_EXPIRED|LOCKED/)
    // Nothing written since names the customer either (the new installation's own documents).
    expect(mentions(w.dataDir, w.p)).toEqual([])
  })

  it("keeps the embedded bank's storage key, which is the bank's and not the customer's", async () => {
    const w = await activeWallet({ autoBackup: false })
    const bankKey = [...w.secrets.accounts].find((a) => a.endsWith(':data-key'))!.replace(/data-key$/, 'bank-storage-key')
    await w.secrets.set(bankKey, Buffer.alloc(32, 7).toString('base64url'))
    await w.ok('pay.withdraw', { cardId: w.cardId, amountFen: 20_000, payPassword: w.p.payPassword })
    expect(await deregister(w, true)).toEqual({ ok: true, value: { ok: true, autoBackupsKept: 0 } })
    expect(await w.secrets.get(bankKey)).toBe(Buffer.alloc(32, 7).toString('base64url'))
    const session = [...w.secrets.accounts].find((a) => a.endsWith(':session-token'))!
    expect(await w.secrets.get(session)).toBeUndefined()
  })

  it('keeps the automatic backups, and the key that opens them, when the user says so', async () => {
    const w = await activeWallet({ autoBackup: true })
    await w.ok('pay.withdraw', { cardId: w.cardId, amountFen: 20_000, payPassword: w.p.payPassword })
    expect(await deregister(w, false)).toEqual({ ok: true, value: { ok: true, autoBackupsKept: 1 } })
    const left = listFiles(w.dataDir)
    expect(left).toHaveLength(1)
    expect(left[0]).toMatch(/^backups\/auto\/auto-\d{8}T\d{9}Z\.iwbk$/)
    const keyAccount = [...w.secrets.accounts].find((a) => a.endsWith(':backup-auto-key'))!
    expect(await w.secrets.get(keyAccount)).toBeDefined()
    const session = [...w.secrets.accounts].find((a) => a.endsWith(':session-token'))!
    expect(await w.secrets.get(session)).toBeUndefined()
    // The kept backup is listed and opens in the fresh installation.
    expect((await w.ok('backup.autoList')).length).toBe(1)
  })

  it('is refused while a payment waits in the outbox, and goes once the outbox settled', async () => {
    const w = await activeWallet({ autoBackup: false })
    // The withdrawal is done at the bank but its answer is lost, and so is every answer about it for
    // now: it waits in the outbox as 处理中.
    await setFaults(w.bank, { dropAfterCommitRate: 1, paths: ['/withdraw', '/operations'] })
    const queued = await w.ok('pay.withdraw', { cardId: w.cardId, amountFen: 20_000, payPassword: w.p.payPassword })
    expect(queued.queued).toBe(true)
    const check = await w.ok('account.deregisterCheck')
    expect(check.blockers).toEqual([])
    expect(check.outbox).toMatchObject([{ kind: 'withdraw', amountFen: 20_000 }])
    expect(await deregister(w, true)).toMatchObject({
      ok: false,
      error: { code: 'DEREGISTER_BLOCKED', details: { reason: 'OUTBOX', count: 1 } },
    })
    await setFaults(w.bank, {})
    await w.ok('sync.now')
    await expect.poll(async () => (await w.ok('account.deregisterCheck')).outbox.length, { timeout: 10_000 }).toBe(0)
    expect((await deregister(w, true, false)).ok).toBe(true)
    expect(listFiles(w.dataDir)).toEqual([])
  })

  it('a lost answer: the same request again finds the wallet closed and wipes all the same', async () => {
    const w = await activeWallet({ autoBackup: false })
    await w.ok('pay.withdraw', { cardId: w.cardId, amountFen: 20_000, payPassword: w.p.payPassword })
    await w.ok('account.deregisterSendSms')
    const code = await latestSmsCode(w.bank, w.p.phone)
    await setFaults(w.bank, { dropAfterCommitRate: 1, paths: ['/deregister'] })
    const lost = await w.app.call('account.deregister', { password: w.p.password, smsCode: code, deleteAutoBackups: true })
    expect(lost.ok).toBe(false)
    await setFaults(w.bank, {})
    // Still signed in here: nothing was wiped on an unknown outcome.
    expect((await w.ok('session.status')).status).toBe('unlocked')
    expect(await w.app.call('account.deregister', { password: w.p.password, smsCode: code, deleteAutoBackups: true })).toEqual({
      ok: true,
      value: { ok: true, autoBackupsKept: 0 },
    })
    expect(listFiles(w.dataDir)).toEqual([])
  })
})
