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
  /**
   * Hands over the key of the bank's storage (32 bytes), kept in the wallet's secret store: the core
   * calls it once its vault is open (src/main/core/index.ts `bankStorageKey`). Until then the bank
   * listens but answers 503 BANK_UNAVAILABLE; later calls are ignored.
   */
  provideStorageKey(key: Uint8Array): void
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
  /** How long a request waits for the storage key before 503 (src/mock-bank/index.ts `keyWaitMs`); tests shorten it. */
  keyWaitMs?: number
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
 *
 * Its storage key is not in its folder: the bank listens at once (the core needs its URL) and opens its
 * journal when `provideStorageKey` hands it the key from the wallet's secret store. A folder left with
 * its own bank.key by an older version moves to that key (src/mock-bank/keys.ts adoptHostKey). A folder
 * that key cannot open (the wallet's keys were lost and reset, src/main/core/vault-gate.ts
 * resetAfterKeyLoss) is moved aside, kept as `mock-bank.unreadable-<time>`, and a fresh demo bank starts
 * in its place, with a line saying so: the demo bank holds no real money, and the old folder stays for
 * whoever finds its key.
 */
export async function startEmbeddedBank(appDataDir: string, options: EmbeddedBankOptions = {}): Promise<EmbeddedBank> {
  const print = options.print ?? ((l: string) => process.stdout.write(`${l}\n`))
  const dataDir = join(appDataDir, 'mock-bank')
  const fresh = !existsSync(dataDir)
  const clientSecret = randomBytes(32).toString('base64url')
  let provide: ((key: Uint8Array) => void) | undefined
  const storageKey = new Promise<Uint8Array>((resolve) => (provide = resolve))
  const bank = await createBankServer({
    dataDir,
    port: 0,
    clientSecret,
    storageKey,
    devRoutes: options.devRoutes === true,
    setAsideUnreadable: {
      seed: 'demo',
      onSetAside: (aside) =>
        print(`mock bank: its storage key cannot open ${dataDir}; kept it as ${aside} and started a fresh demo bank`),
    },
    ...(options.keyWaitMs !== undefined ? { keyWaitMs: options.keyWaitMs } : {}),
    ...(options.clock ? { clock: options.clock } : {}),
    ...(fresh ? { seed: 'demo' as const } : {}),
  })
  bank.ready.catch((error: unknown) =>
    print(`mock bank: could not open ${dataDir}: ${error instanceof Error ? error.message : String(error)}`),
  )
  print(listeningLine(bank.url))
  // The server's getters (routes, seeded) must stay live: extend it rather than copy it.
  return Object.assign(bank, {
    clientSecret,
    provideStorageKey(key: Uint8Array) {
      provide?.(Uint8Array.from(key))
      provide = undefined
    },
  })
}
