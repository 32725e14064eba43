import { existsSync } from 'node:fs'
import { join } from 'node:path'
import type { Clock } from '../../base/ports'
import { createBankServer, listeningLine, type BankServer } from '../../../mock-bank'

export type { BankServer }

/**
 * The mock bank that `npm start` and the harness run in-process: its state lives in the app's data
 * folder (so it survives restarts), it is seeded with the documented demo customer the first time,
 * and it announces itself with the same line as the standalone `npm run bank`. This is the one place
 * the wallet's code reaches into src/mock-bank (eslint.config.js, tests/unit/mock-bank-layering.test.ts);
 * everything else talks to the bank over HTTP through src/main/platform/bank/client.
 */
export async function startEmbeddedBank(
  appDataDir: string,
  print: (line: string) => void = (l) => process.stdout.write(`${l}\n`),
  clock?: Clock,
): Promise<BankServer> {
  const dataDir = join(appDataDir, 'mock-bank')
  const fresh = !existsSync(dataDir)
  const bank = await createBankServer({ dataDir, port: 0, ...(clock ? { clock } : {}), ...(fresh ? { seed: 'demo' as const } : {}) })
  print(listeningLine(bank.url))
  return bank
}
