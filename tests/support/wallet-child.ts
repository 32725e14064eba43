/**
 * Child process for tests/support/wallet-process.ts: a wallet core (the same createWalletCore as
 * Electron main and the harness) on a data folder, against a bank URL, answering commands on stdin
 * one JSON line at a time, so a test can SIGKILL the app in the middle of a payment and start it
 * again on the same folder.
 *
 *   node --import tsx tests/support/wallet-child.ts <bankUrl> <dataDir>   (data key in WALLET_DATA_KEY, base64;
 *                                                                          the bank's client secret in ICBC_WALLET_BANK_SECRET)
 *
 * Commands: {id, cmd: 'call', channel, input} (a router call), {id, cmd: 'sync'} (sync now),
 * {id, cmd: 'outbox'} (the outbox items, keys included), {id, cmd: 'token'}. Every answer is one
 * line {id, ok, value | error}; the first line is {ready: true}.
 */
import { writeSync } from 'node:fs'
import { createInterface } from 'node:readline'
import { createWalletCore } from '../../src/main/ipc/wallet'
import { namespacedSecrets } from '../../src/main/core/vault-gate'
import { createMemorySecretStore, SECRET_ACCOUNTS } from '../../src/main/platform/vault'

const [bankUrl, dataDir] = process.argv.slice(2)
const dataKey = process.env.WALLET_DATA_KEY
const bankClientSecret = process.env.ICBC_WALLET_BANK_SECRET
if (!bankUrl || !dataDir || !dataKey) throw new Error('usage: wallet-child <bankUrl> <dataDir>, key in WALLET_DATA_KEY')

// The keychain of this "computer": empty but for the data key, which outlives the process like a real keychain entry.
const secrets = createMemorySecretStore()
await namespacedSecrets(secrets, dataDir).set(SECRET_ACCOUNTS.dataKey, dataKey)

const core = await createWalletCore({
  shell: 'harness',
  version: 'test',
  platform: process.platform,
  dataDir,
  bankUrl,
  ...(bankClientSecret ? { bankClientSecret } : {}),
  vault: { secrets },
  files: { save: async () => ({ kind: 'cancelled' as const }) },
  sync: { backoff: { baseMs: 100, capMs: 500 }, ackTimeoutMs: 10_000, periodMs: 3_600_000 },
})

function answer(line: unknown): void {
  // Synchronous, so a line the parent saw was really written before any kill.
  writeSync(1, `${JSON.stringify(line)}\n`)
}

interface Command {
  id: number
  cmd: 'call' | 'sync' | 'outbox' | 'token'
  channel?: string
  input?: unknown
}

async function run(command: Command): Promise<unknown> {
  switch (command.cmd) {
    case 'call': {
      const result = await core.router.call(command.channel ?? '', command.input, { transport: 'test' })
      if (!result.ok) throw Object.assign(new Error(result.error.message), { code: result.error.code })
      return result.value
    }
    case 'sync':
      return (await core.services()).sync.syncNow()
    case 'outbox':
      return (await core.services()).outbox.list()
    case 'token':
      return (await core.services()).session.token()
  }
}

createInterface({ input: process.stdin }).on('line', (line) => {
  const command = JSON.parse(line) as Command
  run(command).then(
    (value) => answer({ id: command.id, ok: true, value }),
    (error: unknown) =>
      answer({
        id: command.id,
        ok: false,
        error: {
          code: (error as { code?: string }).code ?? 'INTERNAL',
          message: error instanceof Error ? error.message : String(error),
        },
      }),
  )
})
answer({ ready: true })
