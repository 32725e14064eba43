/**
 * The browser harness: the same wallet core as Electron main, in plain Node, with the contract carried
 * over HTTP + SSE so that the renderer can be driven in Chromium where Electron's binary is missing.
 * Development and test tool only; never packaged.
 *
 *   npm run harness -- --data-dir <dir> [--port <n>] [--bank-url <url>] [icbc-wallet://pay?…]
 *
 * Without --bank-url it embeds the mock bank with its development routes (/_dev: SMS inbox, clock,
 * faults…, which the app's embedded bank never has) and prints its client secret before the bank's
 * listening line (`mock bank client secret <secret>`), so tests and tools can reach it as the harness
 * does. With --bank-url, that bank's client secret, if it wants one, comes in ICBC_WALLET_BANK_SECRET.
 *
 * An icbc-wallet:// link among the arguments is what the OS passes when a link starts the app; one
 * that comes later is POSTed to /api/os/open-url (src/main/ipc/harness.ts). Both go through the same
 * parser and core hand-off as in Electron main (src/main/base/deep-link.ts).
 */
import { spawnSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { mkdir } from 'node:fs/promises'
import { resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { clientSecretLine, startEmbeddedBank, type EmbeddedBank } from '../src/main/platform/bank/embedded'
import type { WalletCoreDeps } from '../src/main/core'
import { BANK_SECRET_ENV } from '../src/main/shell/bank-choice'
import { createWalletCore } from '../src/main/ipc/wallet'
import { deliverDeepLinkArgs } from '../src/main/base/deep-link'
import { loadKeytar, probeKeytar, readStoreMarker, type SecretStore } from '../src/main/platform/vault'
import { AppError } from '../src/shared/errors'
import { createDevFileSecretStore } from './lib/dev-secrets'
import { startHarnessServer } from '../src/main/ipc/harness'
import { rendererIsStale } from './lib/freshness'
import { testRunClock } from './lib/test-clock'

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    'data-dir': { type: 'string' },
    port: { type: 'string', default: '0' },
    host: { type: 'string', default: '127.0.0.1' },
    'bank-url': { type: 'string' },
    'no-build': { type: 'boolean', default: false },
    /** auto: the OS keychain when it answers, else a plain dev file; passphrase: act as if no keyring exists. */
    secrets: { type: 'string', default: 'auto' },
    /** Benchmark only (bench/run.ts, sealOverheadPct): replica records of the same shape, not encrypted. */
    'bench-unsealed': { type: 'boolean', default: false },
  },
})

const root = resolve(import.meta.dirname, '..')
const dataDir = resolve(values['data-dir'] ?? resolve(root, '.harness-data'))
const rendererDir = resolve(root, 'out/renderer')

if (!values['no-build'] && rendererIsStale(root)) {
  process.stderr.write('harness: building the renderer…\n')
  // Build output goes to stderr: stdout carries only the ready line(s) that tools wait for.
  const built = spawnSync(process.execPath, [resolve(root, 'node_modules/electron-vite/bin/electron-vite.js'), 'build'], {
    cwd: root,
    stdio: ['ignore', 2, 2],
  })
  if (built.status !== 0) {
    process.stderr.write('harness: renderer build failed\n')
    process.exit(1)
  }
}

await mkdir(dataDir, { recursive: true })
const pkg = JSON.parse(readFileSync(resolve(root, 'package.json'), 'utf8')) as { version: string }
async function keychainAnswers(): Promise<boolean> {
  try {
    await probeKeytar(await loadKeytar(), 3_000)
    return true
  } catch {
    return false
  }
}

let vault: { secrets?: SecretStore; loadKeytar?: () => Promise<never> } = {}
if (values.secrets === 'passphrase') {
  vault = { loadKeytar: () => Promise.reject(new AppError('KEYRING_UNAVAILABLE', 'harness: --secrets passphrase')) }
} else if (
  values.secrets === 'dev-file' ||
  // Once a store holds this folder's data key (recorded by the vault), the core must keep using it and
  // say when it does not answer; switching to the dev file would make the data look lost.
  (values.secrets === 'auto' && !(await readStoreMarker(dataDir)) && !(await keychainAnswers()))
) {
  process.stderr.write('harness: no OS keychain answered; secrets go to a PLAIN dev file in the data folder\n')
  vault = { secrets: createDevFileSecretStore(dataDir) }
}

const clock = testRunClock()
let bank: EmbeddedBank | undefined
async function connectBank(): Promise<Pick<WalletCoreDeps, 'bankUrl' | 'bankClientSecret' | 'simulatedSms' | 'bankStorageKey'>> {
  const url = values['bank-url']
  const secret = process.env[BANK_SECRET_ENV]
  if (url) return { bankUrl: url, ...(secret ? { bankClientSecret: secret } : {}) }
  // The embedded mock bank prints its own 'mock bank listening on …' line, then the harness its secret.
  // As in the app, its storage key comes from the wallet's secret store once the vault opens.
  const embedded = await startEmbeddedBank(dataDir, { clock, devRoutes: true })
  bank = embedded
  process.stdout.write(`${clientSecretLine(embedded.clientSecret)}\n`)
  return {
    bankUrl: embedded.url,
    bankClientSecret: embedded.clientSecret,
    simulatedSms: embedded.onSms,
    bankStorageKey: (key) => embedded.provideStorageKey(key),
  }
}
const bankDeps = await connectBank()
// A finished backup is offered as a browser download (Electron shows a save dialog instead).
const late: { server?: Awaited<ReturnType<typeof startHarnessServer>> } = {}
const files = { save: async (bytes: Buffer, name: string) => ({ kind: 'download' as const, url: late.server!.offerDownload(bytes, name) }) }
const core = await createWalletCore({
  shell: 'harness',
  version: pkg.version,
  platform: process.platform,
  dataDir,
  ...bankDeps,
  vault,
  files,
  clock,
  // No browser to hand a link to: the harness says which link the app would have opened.
  openExternal: async (url) => void process.stdout.write(`harness: open ${url}\n`),
  // 设置 → 关于: the build's licence lists (electron.vite.config.ts). No openPath: like links above, the harness
  // opens nothing on the desktop (it runs under tests and CI), so 打开文件夹 answers unavailable and the
  // screen shows the path to copy.
  licencesDir: resolve(root, 'out/licences'),
  ...(values['bench-unsealed'] ? { replicaSealer: (await import('../bench/null-sealer')).createNullSealer } : {}),
})
if (values['bench-unsealed']) process.stderr.write('harness: --bench-unsealed: the replica is NOT encrypted (benchmark only)\n')
// A link that started the app (Windows/Linux argv), offered before the renderer asks (deeplink.take).
deliverDeepLinkArgs(positionals, (url) => core.offerDeepLink(url))
const server = await startHarnessServer({ core, rendererDir, host: values.host, port: Number(values.port) })
late.server = server
process.stdout.write(`harness ready at ${server.appUrl}\n`)

let closing = false
async function shutdown(): Promise<void> {
  if (closing) return
  closing = true
  await server.close()
  await core.dispose()
  await bank?.close()
  process.exit(0)
}
process.on('SIGINT', () => void shutdown())
process.on('SIGTERM', () => void shutdown())
