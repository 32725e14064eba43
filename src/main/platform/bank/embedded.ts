import { randomBytes } from 'node:crypto'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import type { Clock } from '../../base/ports'
import { createBankServer, listeningLine, type BankServer } from '../../../mock-bank'

export type { BankServer }
/** For development tools that hand the secret on (scripts/harness.ts); the app never prints it. */
export { clientSecretLine } from '../../../mock-bank'

/** The embedded bank: its URL, the secret its one client must send, its SMS outlet, close(). */
export interface EmbeddedBank extends BankServer {
  clientSecret: string
}

export interface EmbeddedBankOptions {
  print?: (line: string) => void
  clock?: Clock
  /**
   * The mock bank's development routes (`/_dev/*`: SMS inbox, clock, faults, ledger, customers). Only
   * the browser harness (scripts/harness.ts) and tests ask for them; the app (src/main/index.ts) never
   * does, so nothing on this computer can read an SMS code or move the bank's clock.
   */
  devRoutes?: boolean
}

/**
 * The mock bank that `npm start` and the harness run in-process: its state lives in the app's data
 * folder (so it survives restarts), it is seeded with the documented demo customer the first time,
 * and it announces itself with the same line as the standalone `npm run bank`. This is the one place
 * the wallet's code reaches into src/mock-bank (eslint.config.js, tests/unit/mock-bank-layering.test.ts);
 * everything else talks to the bank over HTTP through src/main/platform/bank/client.
 *
 * Each start makes a new client secret, which only this process holds (never written anywhere): the
 * caller hands it to the bank client, and the bank refuses every request without it or addressed to
 * another Host. Simulated SMS reach the app through `onSms`, in-process, never over HTTP.
 */
export async function startEmbeddedBank(appDataDir: string, options: EmbeddedBankOptions = {}): Promise<EmbeddedBank> {
  const print = options.print ?? ((l: string) => process.stdout.write(`${l}\n`))
  const dataDir = join(appDataDir, 'mock-bank')
  const fresh = !existsSync(dataDir)
  const clientSecret = randomBytes(32).toString('base64url')
  const bank = await createBankServer({
    dataDir,
    port: 0,
    clientSecret,
    devRoutes: options.devRoutes === true,
    ...(options.clock ? { clock: options.clock } : {}),
    ...(fresh ? { seed: 'demo' as const } : {}),
  })
  print(listeningLine(bank.url))
  return { ...bank, clientSecret }
}
