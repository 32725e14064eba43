/**
 * The mock bank, standalone (README.md beside this file):
 *
 *   npm run bank -- --data-dir <dir> [--port <n>] [--seed demo|<N>] [--log] [--dev-routes] [--no-client-secret]
 *
 * Its client secret comes from ICBC_WALLET_BANK_SECRET, or it makes one and prints it first:
 * `mock bank client secret <secret>`. Then, when ready, `mock bank listening on http://127.0.0.1:<port>`.
 * Nothing else goes to stdout (seeding summary, request log: stderr).
 * --dev-routes serves the /_dev routes; --no-client-secret answers requests without the secret (still
 * only to its own Host): both for development on this computer only.
 */
import { randomBytes } from 'node:crypto'
import { resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { shiftedClock, testClockShiftMs } from '../shared/clock'
import { clientSecretLine, createBankServer, listeningLine, type SeedSpec } from './index'

const { values } = parseArgs({
  options: {
    'data-dir': { type: 'string' },
    port: { type: 'string', default: '0' },
    host: { type: 'string', default: '127.0.0.1' },
    seed: { type: 'string' },
    log: { type: 'boolean', default: false },
    'dev-routes': { type: 'boolean', default: false },
    'no-client-secret': { type: 'boolean', default: false },
  },
})

function fatal(message: string): never {
  process.stderr.write(`bank: ${message}\n`)
  process.exit(2)
}

const dataDir = values['data-dir'] ? resolve(values['data-dir']) : fatal('--data-dir <dir> is required')
const port = Number(values.port)
if (!Number.isInteger(port) || port < 0 || port > 65535) fatal(`not a port: ${values.port}`)
let seed: SeedSpec | undefined
if (values.seed !== undefined) {
  seed = values.seed === 'demo' ? 'demo' : Number(values.seed)
  if (seed !== 'demo' && (!Number.isSafeInteger(seed) || seed < 0)) fatal(`--seed wants "demo" or a number, not ${values.seed}`)
}

// Given in the environment (not on the command line, which other users of this computer can read), or made here.
const givenSecret = process.env['ICBC_WALLET_BANK_SECRET'] || undefined
if (values['no-client-secret'] && givenSecret) fatal('--no-client-secret and ICBC_WALLET_BANK_SECRET contradict each other')
const clientSecret = values['no-client-secret'] ? null : (givenSecret ?? randomBytes(32).toString('base64url'))

const started = Date.now()
const bank = await createBankServer({
  dataDir,
  clock: shiftedClock(testClockShiftMs(process.env, Date.now())),
  port,
  host: values.host,
  clientSecret,
  devRoutes: values['dev-routes'],
  ...(seed !== undefined ? { seed } : {}),
  ...(values.log ? { log: (line: string) => process.stderr.write(`${line}\n`) } : {}),
}).catch((error: unknown) => fatal(error instanceof Error ? error.message : String(error)))

if (bank.recoveredTornBytes > 0)
  process.stderr.write(`bank: cut ${bank.recoveredTornBytes} bytes of an interrupted write off the journal\n`)
if (bank.seeded) {
  const { phone, created, transactions } = bank.seeded
  process.stderr.write(
    `bank: seed ${created ? 'created' : 'already present'}: ${phone}, ${transactions} transactions (${Date.now() - started} ms)\n`,
  )
}
if (clientSecret === null) process.stderr.write('bank: --no-client-secret: any program on this computer may call this bank\n')
else if (!givenSecret) process.stdout.write(`${clientSecretLine(clientSecret)}\n`)
process.stdout.write(`${listeningLine(bank.url)}\n`)

let closing = false
async function shutdown(): Promise<void> {
  if (closing) return
  closing = true
  await bank.close()
  process.exit(0)
}
process.on('SIGINT', () => void shutdown())
process.on('SIGTERM', () => void shutdown())
