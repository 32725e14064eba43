import { afterAll, describe, expect, it } from 'vitest'
import { OperationStatusResponse } from '../../../src/shared/bank-api'
import { createBankClient } from '../../../src/main/platform/bank/client'
import { DEMO_CUSTOMER } from '../../../src/mock-bank'
import type { CardsList, PaymentResult } from '../../../src/shared/contract'
import { bankFetch, devPost, type BankAddress } from '../../support/bank-client'
import { startBankProcess } from '../../support/bank-process'
import { latestSmsCode, setFaults, tmp } from '../../support/wallet'
import { newWalletDisk, startWalletProcess, type WalletDisk, type WalletProcess } from '../../support/wallet-process'
import { HOUR_MS, PAY_PASSWORD, postings, type Cleanup } from './helpers'

/*
 * The app is killed (SIGKILL) while a top-up is at a slow bank, and started again on the same data
 * folder. The bank and the app are separate processes, as in real life; postings are counted at the bank.
 */
const cleanups: Cleanup[] = []
afterAll(async () => {
  for (const c of cleanups.splice(0).reverse()) await c()
})

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

async function until<T>(what: string, probe: () => Promise<T | undefined | false>, timeoutMs = 30_000): Promise<T> {
  const start = Date.now()
  for (;;) {
    const value = await probe()
    if (value !== undefined && value !== false) return value
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`)
    await sleep(100)
  }
}

async function start(bank: BankAddress, disk: WalletDisk): Promise<WalletProcess> {
  const app = await startWalletProcess(bank, disk)
  cleanups.push(() => app.stop())
  return app
}

async function signIn(app: WalletProcess, bank: BankAddress): Promise<void> {
  await app.ok('session.signIn', { phone: DEMO_CUSTOMER.phone, password: DEMO_CUSTOMER.password })
  await app.ok('session.challenge', { code: await latestSmsCode(bank, DEMO_CUSTOMER.phone) })
}

async function bankTransactions(bank: BankAddress): Promise<number> {
  const res = await bankFetch(bank, `/_dev/customers/${DEMO_CUSTOMER.phone}`)
  return ((await res.json()) as { transactions: number }).transactions
}

async function demo() {
  const bank = await startBankProcess(tmp('bank-'), ['--seed', 'demo'])
  cleanups.push(() => bank.kill())
  const disk = newWalletDisk(tmp('core-'))
  const app = await start(bank, disk)
  await signIn(app, bank)
  const cardId = (await app.ok<CardsList>('cards.list')).cards[0]!.cardId
  return { bank, disk, app, body: (amountFen: number) => ({ cardId, amountFen, payPassword: PAY_PASSWORD }) }
}

describe('the app killed between sending a payment and hearing the answer', () => {
  it('settles a queued top-up that was being sent from the bank’s record after a restart, even a day later: one posting', async () => {
    const { bank, disk, app, body } = await demo()
    // The first attempt never reaches the bank: the top-up waits in the outbox, attempted.
    await setFaults(bank, { resetRate: 1, paths: ['/topup'] })
    const result = await app.ok<PaymentResult>('pay.topup', body(7_101))
    expect(result.queued).toBe(true)
    // Now the bank answers slowly: the app's next attempt is at the bank when the app dies.
    await setFaults(bank, { latencyMs: 6_000, paths: ['/topup'] })
    const before = await bankTransactions(bank)
    await until('the outbox to be sending', async () => {
      await sleep(700)
      return (await app.outbox()).some((i) => i.state === 'sending')
    })
    await app.kill()
    await until('the bank to commit the top-up', async () => (await bankTransactions(bank)) > before)

    // A day and an hour later (the bank's replay window is over), the app starts again.
    await setFaults(bank, {})
    await devPost(bank, '/_dev/clock', { advanceMs: 25 * HOUR_MS })
    const again = await start(bank, disk)
    await again.ok('session.unlock', { password: DEMO_CUSTOMER.password })
    const item = await until('the item to settle', async () => {
      await again.sync()
      return (await again.outbox()).find((i) => i.state !== 'queued' && i.state !== 'sending')
    })
    expect(item.state).toBe('succeeded')
    expect(await postings(bank, await again.token(), 7_101)).toBe(1)
  }, 90_000)

  it('joins the same top-up pressed again right after the restart while the first is still at the slow bank: one posting, one key', async () => {
    const { bank, disk, app, body } = await demo()
    await setFaults(bank, { latencyMs: 9_000, paths: ['/topup'] })
    const lost = app.call('pay.topup', body(7_102))
    lost.catch(() => undefined)
    await sleep(1_000)
    await app.kill()

    const again = await start(bank, disk)
    await again.ok('session.unlock', { password: DEMO_CUSTOMER.password })
    const second = await again.ok<PaymentResult>('pay.topup', body(7_102))
    const third = await again.ok<PaymentResult>('pay.topup', body(7_102))
    if (!second.queued || !third.queued) throw new Error(`expected 处理中, got ${JSON.stringify([second, third])}`)
    expect(second.status).toBe('processing')
    expect(third.outboxId).toBe(second.outboxId)
    await setFaults(bank, {})

    const item = await until('the item to settle', async () => {
      await again.sync()
      return (await again.outbox()).find((i) => i.id === second.outboxId && i.state === 'succeeded')
    })
    const token = await again.token()
    expect(await postings(bank, token, 7_102)).toBe(1)
    // The one posting was made under the key of the first press, which the outbox item kept.
    const status = await createBankClient({ baseUrl: bank.url, clientSecret: bank.clientSecret ?? undefined }).operation(
      token,
      item.idempotencyKey,
    )
    expect(OperationStatusResponse.parse(status)).toMatchObject({ state: 'done', status: 200 })
    expect(item.result).toMatchObject({ txId: (status as { body: { transaction: { txId: string } } }).body.transaction.txId })
  }, 90_000)
})
