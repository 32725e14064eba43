/**
 * The mock bank, standalone (README.md beside this file):
 *
 *   npm run bank -- --data-dir <dir> [--port <n>] [--seed demo|<N>] [--log]
 *
 * Prints exactly one line on stdout when ready: `mock bank listening on http://127.0.0.1:<port>`.
 * Everything else (seeding summary, request log) goes to stderr.
 */
import { resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { shiftedClock, testClockShiftMs } from '../shared/clock'
import { createBankServer, listeningLine, type SeedSpec } from './index'

const { values } = parseArgs({
  options: {
    'data-dir': { type: 'string' },
    port: { type: 'string', default: '0' },
    host: { type: 'string', default: '127.0.0.1' },
    seed: { type: 'string' },
    log: { type: 'boolean', default: false },
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

const started = Date.now()
const bank = await createBankServer({
  dataDir,
  clock: shiftedClock(testClockShiftMs(process.env, Date.now())),
  port,
  host: values.host,
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
