import { afterEach, describe, expect, it } from 'vitest'
import { CARD_EXPIRED, CARD_FROZEN, CARD_NOT_OWNED, DEMO_CUSTOMER, type BankServer } from '../../../src/mock-bank'
import { join } from 'node:path'
import { namespacedSecrets } from '../../../src/main/core/vault-gate'
import { createMemorySecretStore, createSealedStore, SECRET_ACCOUNTS } from '../../../src/main/platform/vault'
import { allSealedPlaintexts } from '../../support/sealed-files'
import { luhnCheckDigit, residentIdCheckChar } from '../../../src/shared/validators'
import { latestSmsCode, startBank as bankOn, startCore as coreOn, tmp } from '../../support/wallet'

const cleanups: (() => Promise<void>)[] = []
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c()
})

async function startBank(dataDir = tmp('bank-')): Promise<BankServer> {
  const bank = await bankOn({ dataDir, seed: 'demo' })
  cleanups.push(() => bank.close())
  return bank
}

async function startCore(bank: BankServer, dataDir = tmp('core-'), secrets = createMemorySecretStore()) {
  const app = await coreOn(bank, { dataDir, vault: { secrets } })
  cleanups.push(() => app.core.dispose())
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- test shorthand over every channel's output
  return { ...app, ok: (channel: string, input?: unknown) => app.ok<any>(channel, input), dataDir, secrets }
}

const latestCode = (bank: BankServer, phone: string) => latestSmsCode(bank, phone)

const ID = (() => {
  const first17 = '11010519900307002'
  return first17 + residentIdCheckChar(first17)
})()
const CARD = (() => {
  const partial = '622202100012345678'
  return partial + luhnCheckDigit(partial)
})()
const PHONE = '13912345678'

async function registered() {
  const bank = await startBank()
  const app = await startCore(bank)
  await app.ok('activation.register', { phone: PHONE, name: '李明', idNumber: ID, password: 'Secure2026x', agreed: true })
  await app.ok('activation.sendSms')
  return { bank, app }
}

describe('activation through the core and the mock bank', () => {
  it('walks the whole wizard and ends signed in with tier, limits and a bound card', async () => {
    const { bank, app } = await registered()
    expect((await app.ok('activation.state')).step).toBe('verify')
    const verified = await app.ok('activation.verify', { code: await latestCode(bank, PHONE) })
    expect(verified.step).toBe('card')
    expect(verified.profile.tier).toBe(3)
    const carded = await app.ok('activation.bindCard', { pan: CARD, reservedPhone: PHONE })
    expect(carded).toMatchObject({ step: 'payPassword', card: { bankName: expect.stringContaining('工商银行') }, profile: { tier: 2 } })
    expect(carded.card.masked).not.toContain(CARD.slice(6, 12))
    const weak = await app.call('activation.setPayPassword', { payPassword: '123456' })
    expect(weak).toMatchObject({ ok: false, error: { code: 'PAY_PASSWORD_TRIVIAL' } })
    const done = await app.ok('activation.setPayPassword', { payPassword: '258036' })
    expect(done).toMatchObject({ step: 'done', profile: { payPasswordSet: true, tier: 2 } })
    expect(done.profile.walletNo).toMatch(/\d/)
    expect(await app.ok('session.status')).toMatchObject({ status: 'unlocked', offline: false })
  })

  it('resumes at the same step after a restart, and never hands the password back', async () => {
    const { bank, app } = await registered()
    await app.core.dispose()
    const again = await startCore(bank, app.dataDir, app.secrets)
    const state = await again.ok('activation.state')
    expect(state).toMatchObject({ step: 'verify', draft: { phone: PHONE, name: '李明', idNumber: ID } })
    expect(JSON.stringify(state)).not.toContain('Secure2026x')
    // The login password was in the memory of the run that stopped: the SMS step asks for it again,
    // before anything reaches the bank, so the code already sent is still good.
    const code = await latestCode(bank, PHONE)
    expect(await again.call('activation.verify', { code })).toMatchObject({
      ok: false,
      error: { code: 'INVALID_INPUT', details: { reason: 'PASSWORD_REQUIRED' } },
    })
    const reentered = await again.ok('activation.register', { phone: PHONE, name: '李明', idNumber: ID, password: 'Secure2026x', agreed: true })
    expect(reentered).toMatchObject({ step: 'verify', sms: { phoneMasked: expect.stringContaining('5678') } })
    expect((await again.ok('activation.verify', { code })).step).toBe('card')
  })

  it('keeps the login password out of every sealed document and every older generation', async () => {
    const { bank, app } = await registered()
    const dataKey = Buffer.from((await namespacedSecrets(app.secrets, app.dataDir).get(SECRET_ACCOUNTS.dataKey))!, 'base64')
    const stateDir = join(app.dataDir, 'state')
    const noPassword = async () => {
      const texts = await allSealedPlaintexts(stateDir, dataKey)
      expect([...texts.keys()]).toContain('wizard.sealed')
      for (const [file, text] of texts) expect(text, file).not.toContain('Secure2026x')
    }
    await noPassword()
    await app.ok('activation.sendSms').catch(() => undefined)
    await app.ok('activation.verify', { code: await latestCode(bank, PHONE) })
    await noPassword()
  })

  it('keeps the full ID and card numbers in no sealed document once the wallet is activated', async () => {
    const { bank, app } = await registered()
    await app.ok('activation.verify', { code: await latestCode(bank, PHONE) })
    await app.ok('activation.bindCard', { pan: CARD, reservedPhone: PHONE })
    const done = await app.ok('activation.setPayPassword', { payPassword: '258036' })
    expect(done.draft.idNumber).toBe(`${ID.slice(0, 4)}**********${ID.slice(14)}`)
    const dataKey = Buffer.from((await namespacedSecrets(app.secrets, app.dataDir).get(SECRET_ACCOUNTS.dataKey))!, 'base64')
    const texts = await allSealedPlaintexts(join(app.dataDir, 'state'), dataKey)
    expect([...texts.keys()]).toContain('wizard.sealed.prev')
    for (const [file, text] of texts) {
      expect(text, file).not.toContain(ID)
      expect(text, file).not.toContain(CARD)
    }
  })

  it('takes the password out of a wizard document written by an older version, and out of its previous generation', async () => {
    const bank = await startBank()
    const first = await startCore(bank)
    await first.ok('activation.state')
    await first.core.dispose()
    const dataKey = Buffer.from((await namespacedSecrets(first.secrets, first.dataDir).get(SECRET_ACCOUNTS.dataKey))!, 'base64')
    const stateDir = join(first.dataDir, 'state')
    const store = createSealedStore({ dir: stateDir, dataKey })
    const old = (step: string) => ({
      version: 1,
      step,
      draft: { phone: PHONE, name: '李明', idNumber: ID },
      password: 'Secure2026x',
      sms: null,
      card: null,
      profile: null,
    })
    await store.write('wizard', old('verify'))
    await store.write('wizard', old('verify'))
    const again = await startCore(bank, first.dataDir, first.secrets)
    expect(await again.ok('activation.state')).toMatchObject({ step: 'verify' })
    for (const [file, text] of await allSealedPlaintexts(stateDir, dataKey)) expect(text, file).not.toContain('Secure2026x')
    // This run read it before it was taken out, so the user is not asked again now.
    await again.ok('activation.sendSms')
    expect((await again.ok('activation.verify', { code: await latestCode(bank, PHONE) })).step).toBe('card')
  })

  it('says how many tries are left for a wrong code, and that an expired code expired', async () => {
    const { bank, app } = await registered()
    const code = await latestCode(bank, PHONE)
    const wrong = await app.call('activation.verify', { code: code === '000000' ? '111111' : '000000' })
    expect(wrong).toMatchObject({ ok: false, error: { code: 'OTP_INVALID', details: { attemptsLeft: 4 } } })
    await bank.clock.advance(6 * 60_000)
    const expired = await app.call('activation.verify', { code })
    expect(expired).toMatchObject({ ok: false, error: { code: 'OTP_EXPIRED' } })
    await app.ok('activation.sendSms')
    expect((await app.ok('activation.verify', { code: await latestCode(bank, PHONE) })).step).toBe('card')
  })

  it('gives each card problem its own code', async () => {
    const { bank, app } = await registered()
    await app.ok('activation.verify', { code: await latestCode(bank, PHONE) })
    for (const [pan, code] of [
      [CARD_FROZEN, 'CARD_FROZEN'],
      [CARD_NOT_OWNED, 'CARD_NOT_OWNED'],
      [CARD_EXPIRED, 'CARD_EXPIRED'],
    ] as const) {
      expect(await app.call('activation.bindCard', { pan, reservedPhone: PHONE })).toMatchObject({ ok: false, error: { code } })
    }
    expect(await app.call('activation.bindCard', { pan: CARD, reservedPhone: '13800000000' })).toMatchObject({
      ok: false,
      error: { code: 'CARD_NOT_OWNED' },
    })
    expect(await app.call('activation.bindCard', { pan: CARD.slice(0, -1) + ((Number(CARD.at(-1)) + 1) % 10), reservedPhone: PHONE })).toMatchObject({
      ok: false,
      error: { code: 'INVALID_INPUT', details: { field: 'pan', reason: 'CHECKSUM' } },
    })
  })

  it('refuses a bad resident ID with the reason, before asking the bank', async () => {
    const bank = await startBank()
    const app = await startCore(bank)
    const bad = ID.slice(0, 17) + (ID.endsWith('0') ? '1' : '0')
    const r = await app.call('activation.register', { phone: PHONE, name: '李明', idNumber: bad, password: 'Secure2026x', agreed: true })
    expect(r).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', details: { field: 'idNumber', reason: 'CHECK_DIGIT' } } })
    const taken = await app.call('activation.register', { phone: DEMO_CUSTOMER.phone, name: '李明', idNumber: ID, password: 'Secure2026x', agreed: true })
    expect(taken).toMatchObject({ ok: false, error: { code: 'PHONE_TAKEN' } })
  })
})

describe('sign-in, lock and offline unlock', () => {
  it('asks a new device for an SMS code, then unlocks offline when the bank is gone', async () => {
    const bankDir = tmp('bank-')
    const bank = await startBank(bankDir)
    const app = await startCore(bank)
    const first = await app.ok('session.signIn', { phone: DEMO_CUSTOMER.phone, password: DEMO_CUSTOMER.password })
    expect(first).toMatchObject({ status: 'challenge', method: 'sms' })
    const signedIn = await app.ok('session.challenge', { code: await latestCode(bank, DEMO_CUSTOMER.phone) })
    expect(signedIn).toMatchObject({ status: 'ok', session: { status: 'unlocked', offline: false, profile: { nameMasked: expect.stringContaining('*') } } })

    expect(await app.ok('session.lock')).toMatchObject({ status: 'locked' })
    expect(await app.call('session.unlock', { password: 'nope-nope-1' })).toMatchObject({ ok: false, error: { code: 'WRONG_PASSWORD' } })
    expect(await app.ok('session.unlock', { password: DEMO_CUSTOMER.password })).toMatchObject({ status: 'unlocked', offline: false })

    const online = await app.ok('wallet.summary')
    expect(online).toMatchObject({ stale: false, profile: { tier: 2 } })
    expect(online.balanceFen).toBeGreaterThan(0)

    await app.ok('session.lock')
    expect(await app.call('wallet.summary')).toMatchObject({ ok: false, error: { code: 'LOCKED' } })
    await bank.close()
    expect(await app.ok('session.unlock', { password: DEMO_CUSTOMER.password })).toMatchObject({ status: 'unlocked', offline: true })
    // Offline, the home page still has the last balance and limits the bank gave.
    expect(await app.ok('wallet.summary')).toMatchObject({ stale: true, balanceFen: online.balanceFen })
  })

  it('knows this device the second time: no SMS challenge', async () => {
    const bank = await startBank()
    const app = await startCore(bank)
    await app.ok('session.signIn', { phone: DEMO_CUSTOMER.phone, password: DEMO_CUSTOMER.password })
    await app.ok('session.challenge', { code: await latestCode(bank, DEMO_CUSTOMER.phone) })
    expect(await app.ok('session.signIn', { phone: DEMO_CUSTOMER.phone, password: DEMO_CUSTOMER.password })).toMatchObject({ status: 'ok' })
    expect(await app.call('session.signIn', { phone: DEMO_CUSTOMER.phone, password: 'Wrong2025x' })).toMatchObject({
      ok: false,
      error: { code: 'CREDENTIALS_INVALID' },
    })
  })
})
