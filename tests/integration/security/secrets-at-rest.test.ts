import { createHash } from 'node:crypto'
import { readdir, readFile } from 'node:fs/promises'
import { join, relative } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { namespacedSecrets } from '../../../src/main/core/vault-gate'
import type { OutboxItem } from '../../../src/main/platform/sync/outbox'
import { createMemorySecretStore, SECRET_ACCOUNTS } from '../../../src/main/platform/vault'
import { PREVIOUS_EXT, SEALED_EXT } from '../../../src/main/platform/vault/sealed-store'
import type { CardsList, OutboxView, PaymentResult } from '../../../src/shared/contract'
import { luhnCheckDigit, residentIdCheckChar } from '../../../src/shared/validators'
import { startNetCut } from '../../support/net-cut'
import { sealedPlaintext } from '../../support/sealed-files'
import { latestSmsCode, startBank, startCore, tmp } from '../../support/wallet'
import { postings, QUIET_SYNC, type Cleanup } from '../payments/helpers'

/*
 * The payment password and the login password never reach the app's data folder in any form: a new
 * customer goes through the whole activation wizard, a top-up is queued while the bank cannot be
 * reached, the app restarts before it is sent (so it waits for its password, which is typed again),
 * and it is sent. Then every file of the data folder is read, raw, and every sealed document (both
 * generations) is opened with the data key, as someone holding the key would.
 */
const cleanups: Cleanup[] = []
afterAll(async () => {
  for (const c of cleanups.splice(0).reverse()) await c()
})

const PHONE = '13912345678'
const LOGIN_PASSWORD = 'Secure2026x'
const PAY_PASSWORD = '258036'
const ID = (() => {
  const first17 = '11010519900307002'
  return first17 + residentIdCheckChar(first17)
})()
const CARD = (() => {
  const partial = '622202100012345678'
  return partial + luhnCheckDigit(partial)
})()

/** Every form of a secret that must not be found: itself, hex, base64, and its plain SHA-256. */
function forms(secret: string): { label: string; pattern: RegExp }[] {
  const bytes = Buffer.from(secret, 'utf8')
  const sha = createHash('sha256').update(secret).digest()
  const literal = (text: string) => text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')
  // A password of digits alone could occur inside a longer number (a timestamp): only a whole one counts.
  const whole = (text: string) => new RegExp(/^\d+$/.test(text) ? `(?<!\\d)${literal(text)}(?!\\d)` : literal(text))
  return [
    { label: 'raw', pattern: whole(secret) },
    { label: 'hex', pattern: new RegExp(bytes.toString('hex'), 'i') },
    { label: 'base64', pattern: new RegExp(literal(bytes.toString('base64').replace(/=+$/, ''))) },
    { label: 'sha256 hex', pattern: new RegExp(sha.toString('hex'), 'i') },
    { label: 'sha256 base64', pattern: new RegExp(literal(sha.toString('base64').replace(/=+$/, ''))) },
    { label: 'sha256 base64url', pattern: new RegExp(literal(sha.toString('base64url'))) },
  ]
}

async function filesUnder(dir: string): Promise<string[]> {
  const out: string[] = []
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) out.push(...(await filesUnder(path)))
    else out.push(path)
  }
  return out
}

/** Each file of the folder as text (latin1, so any bytes match), and each sealed generation's plaintext. */
async function everythingOnDisk(dataDir: string, dataKey: Buffer): Promise<{ where: string; text: string }[]> {
  const texts: { where: string; text: string }[] = []
  for (const path of await filesUnder(dataDir)) {
    const where = relative(dataDir, path)
    // A temporary file may be renamed into place between the listing and the read (the outbox hint is
    // written in the background): its content is read under its final name.
    const bytes = await readFile(path).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT' && path.endsWith('.tmp')) return undefined
      throw error
    })
    if (bytes === undefined) continue
    texts.push({ where, text: bytes.toString('latin1') }, { where: `${where} (utf8)`, text: bytes.toString('utf8') })
    const name = path.endsWith(PREVIOUS_EXT)
      ? path.slice(path.lastIndexOf('/') + 1, -PREVIOUS_EXT.length)
      : path.endsWith(SEALED_EXT)
        ? path.slice(path.lastIndexOf('/') + 1, -SEALED_EXT.length)
        : undefined
    if (name === undefined) continue
    const plain = await sealedPlaintext(path, name, dataKey)
    if (plain === undefined) throw new Error(`${where} does not open under the data key`)
    texts.push({ where: `${where} (decrypted)`, text: plain })
  }
  return texts
}

describe('no password at rest', () => {
  it('keeps neither the payment password nor the login password in the data folder, in any form, after the wizard and an offline payment sent after a restart', async () => {
    const bank = await startBank({ seed: 'demo' })
    cleanups.push(() => bank.close())
    const net = await startNetCut(() => bank.url)
    cleanups.push(() => net.close())
    const dataDir = tmp('core-')
    const secrets = createMemorySecretStore()
    const start = async () => {
      const app = await startCore({ url: net.url, clientSecret: bank.clientSecret }, { dataDir, vault: { secrets }, sync: QUIET_SYNC })
      cleanups.push(() => app.core.dispose())
      return app
    }

    // The activation wizard, to the end.
    let app = await start()
    await app.ok('activation.register', { phone: PHONE, name: '李明', idNumber: ID, password: LOGIN_PASSWORD, agreed: true })
    await app.ok('activation.sendSms')
    await app.ok('activation.verify', { code: await latestSmsCode(bank, PHONE) })
    await app.ok('activation.bindCard', { pan: CARD, reservedPhone: PHONE })
    expect(await app.ok('activation.setPayPassword', { payPassword: PAY_PASSWORD })).toMatchObject({ step: 'done' })
    const cardId = (await app.ok<CardsList>('cards.list')).cards[0]!.cardId

    // A top-up while the bank cannot be reached: queued, its password in memory only.
    net.cut()
    const queued = await app.ok<PaymentResult>('pay.topup', { cardId, amountFen: 12_345, payPassword: PAY_PASSWORD })
    if (!queued.queued) throw new Error(`expected the top-up to be queued: ${JSON.stringify(queued)}`)
    const before = (await (await app.core.services()).outbox.list()).find((i) => i.id === queued.outboxId)!

    // The app restarts before it is sent; the bank is back.
    await app.core.dispose()
    app = await start()
    const seen: { name: string; payload: unknown }[] = []
    app.core.events.subscribe((name, payload) => seen.push({ name, payload }))
    await app.ok('session.unlock', { password: LOGIN_PASSWORD })
    net.restore()
    const { sync, outbox, session } = await app.core.services()
    await sync.syncNow()
    const item = async (): Promise<OutboxItem> => (await outbox.list()).find((i) => i.id === queued.outboxId)!
    expect(await item()).toMatchObject({ state: 'awaiting-password', idempotencyKey: before.idempotencyKey })
    expect((await app.ok<OutboxView[]>('outbox.list')).find((v) => v.id === queued.outboxId)).toMatchObject({
      state: 'awaiting-password',
    })
    await expect.poll(() => seen.find((e) => e.name === 'outbox.passwordNeeded')?.payload).toMatchObject({
      id: queued.outboxId,
      amountFen: 12_345,
      state: 'awaiting-password',
    })
    expect(await postings(bank, await session.token(), 12_345)).toBe(0)

    // The user types the password again (账单 → 输入支付密码): sent under the key it was queued with.
    expect(await app.ok<OutboxView>('outbox.resend', { id: queued.outboxId, confirm: true, payPassword: PAY_PASSWORD })).toMatchObject({
      state: 'queued',
    })
    await sync.syncNow()
    expect(await item()).toMatchObject({
      state: 'succeeded',
      idempotencyKey: before.idempotencyKey,
      firstAttemptAt: before.firstAttemptAt,
    })
    expect(await postings(bank, await session.token(), 12_345)).toBe(1)
    await sync.syncNow()
    expect(await postings(bank, await session.token(), 12_345)).toBe(1)
    await app.core.dispose()
    // Let writes still under way in the background (the outbox hint) land before the folder is read.
    await new Promise((r) => setTimeout(r, 300))

    const dataKey = Buffer.from((await namespacedSecrets(secrets, dataDir).get(SECRET_ACCOUNTS.dataKey))!, 'base64')
    const disk = await everythingOnDisk(dataDir, dataKey)
    const sealedGenerations = disk.filter((d) => d.where.endsWith('(decrypted)')).map((d) => d.where)
    for (const doc of ['outbox', 'wizard', 'pending-keys']) {
      expect(sealedGenerations).toContain(`state/${doc}.sealed (decrypted)`)
      expect(sealedGenerations).toContain(`state/${doc}.sealed.prev (decrypted)`)
    }
    const found: string[] = []
    for (const [secret, label] of [
      [PAY_PASSWORD, 'payment password'],
      [LOGIN_PASSWORD, 'login password'],
    ] as const) {
      for (const form of forms(secret)) for (const d of disk) if (form.pattern.test(d.text)) found.push(`${label} (${form.label}) in ${d.where}`)
    }
    expect(found).toEqual([])
  }, 90_000)
})
