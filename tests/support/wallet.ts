import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createBankServer, DEMO_CUSTOMER, type BankServer, type BankServerOptions } from '../../src/mock-bank'
import type { WalletCoreDeps } from '../../src/main/core'
import { createWalletCore } from '../../src/main/ipc/wallet'
import { createMemorySecretStore } from '../../src/main/platform/vault'
import type { Result } from '../../src/shared/errors'
import { testRunClock } from '../../scripts/lib/test-clock'
import { bankFetch, devPost, newClientSecret, type BankAddress } from './bank-address'

export const tmp = (prefix: string) => mkdtempSync(join(tmpdir(), prefix))

/**
 * A mock bank for the wallet's tests, with its development routes and a fresh client secret; a bank
 * restarted for the same wallet takes the first one's `clientSecret` (a real launch makes both anew).
 */
export async function startBank(
  options: { dataDir?: string; port?: number; seed?: 'demo' | number } & Pick<BankServerOptions, 'config' | 'clock'> & {
      clientSecret?: string
    } = {},
): Promise<BankServer & { clientSecret: string }> {
  const clientSecret = options.clientSecret ?? newClientSecret()
  const bank = await createBankServer({
    dataDir: options.dataDir ?? tmp('bank-'),
    port: options.port ?? 0,
    seed: options.seed,
    clock: options.clock ?? testRunClock(),
    devRoutes: true,
    clientSecret,
    ...(options.config ? { config: options.config } : {}),
  })
  return Object.assign(bank, { clientSecret })
}

/** A wallet core on a fresh data folder with an in-memory keychain, and a typed-enough call helper. */
export async function startCore(bank: BankAddress, extra: Partial<WalletCoreDeps> = {}) {
  const core = await createWalletCore({
    shell: 'harness',
    version: 'test',
    platform: process.platform,
    dataDir: extra.dataDir ?? tmp('core-'),
    bankUrl: bank.url,
    ...(bank.clientSecret === null ? {} : { bankClientSecret: bank.clientSecret }),
    vault: { secrets: createMemorySecretStore() },
    files: { save: async () => ({ kind: 'cancelled' as const }) },
    clock: testRunClock(),
    ...extra,
  })
  const call = (channel: string, input?: unknown): Promise<Result<unknown>> => core.router.call(channel, input, { transport: 'test' })
  async function ok<T = unknown>(channel: string, input?: unknown): Promise<T> {
    const r = await call(channel, input)
    if (!r.ok) throw new Error(`${channel}: ${r.error.code} ${r.error.message}`)
    return r.value as T
  }
  return { core, call, ok }
}

export async function latestSmsCode(bank: BankAddress, phone: string): Promise<string> {
  const res = await bankFetch(bank, `/_dev/sms/${phone}`)
  const body = (await res.json()) as { messages: { code: string }[] }
  const code = body.messages[0]?.code
  if (!code) throw new Error(`no SMS for ${phone}`)
  return code
}

/** Signs the demo customer in on a new device (password, then the SMS challenge). */
export async function signInDemo(app: Awaited<ReturnType<typeof startCore>>, bank: BankAddress): Promise<void> {
  await app.ok('session.signIn', { phone: DEMO_CUSTOMER.phone, password: DEMO_CUSTOMER.password })
  await app.ok('session.challenge', { code: await latestSmsCode(bank, DEMO_CUSTOMER.phone) })
}

export async function setFaults(bank: BankAddress, faults: Record<string, unknown>): Promise<void> {
  await devPost(bank, '/_dev/faults', faults)
}
