import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { createInterface } from 'node:readline'
import { bankFetch, type BankAddress } from './bank-address'

const ROOT = resolve(import.meta.dirname, '../..')

export interface RunningHarness {
  /** The URL to open, with the token in its fragment. */
  appUrl: string
  origin: string
  token: string
  dataDir: string
  /** Every line the process printed on stdout before it was ready. */
  lines: string[]
  /** The embedded mock bank's URL (from its listening line), when the harness started one. */
  bankUrl: string | undefined
  /** The embedded mock bank's URL and the client secret the harness printed for it, when it started one. */
  bank: BankAddress | undefined
  /** Calls a contract channel over the harness API, as the renderer would. */
  call<T = unknown>(channel: string, input?: unknown): Promise<T>
  /**
   * Opens an icbc-wallet:// link as the OS does (Electron's open-url, a second instance's argv): through
   * main's deep-link parser to the core (src/main/ipc/harness.ts `/api/os/open-url`).
   */
  openUrl(url: string): Promise<{ delivered: boolean; reason?: string }>
  stop(): Promise<void>
}

export interface HarnessLaunch {
  dataDir?: string
  args?: string[]
  env?: NodeJS.ProcessEnv
  /** A bank of the test's own (--bank-url, its client secret in ICBC_WALLET_BANK_SECRET) instead of an embedded one. */
  bank?: BankAddress
}

/** Starts `npm run harness` as a child process (no rebuild) and waits for its ready line. */
export async function startHarness(launch: HarnessLaunch = {}): Promise<RunningHarness> {
  const dataDir = launch.dataDir ?? mkdtempSync(join(tmpdir(), 'wallet-e2e-'))
  const child: ChildProcess = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      join(ROOT, 'scripts/harness.ts'),
      '--data-dir',
      dataDir,
      '--port',
      '0',
      '--no-build',
      ...(launch.bank ? ['--bank-url', launch.bank.url] : []),
      ...(launch.args ?? []),
    ],
    {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: {
        ...process.env,
        ICBC_WALLET_BANK_SECRET: launch.bank?.clientSecret ?? undefined,
        ...launch.env,
      },
    },
  )
  let stderr = ''
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
  const lines: string[] = []
  const ready = await new Promise<string>((resolveReady, reject) => {
    const timer = setTimeout(() => reject(new Error(`harness not ready in 60 s\n${stderr}`)), 60_000)
    const rl = createInterface({ input: child.stdout! })
    rl.on('line', (line) => {
      lines.push(line)
      const match = /^harness ready at (\S+)$/.exec(line)
      if (match?.[1]) {
        clearTimeout(timer)
        resolveReady(match[1])
      }
    })
    child.once('exit', (code) => {
      clearTimeout(timer)
      reject(new Error(`harness exited with ${code}\n${stderr}`))
    })
  })
  const url = new URL(ready)
  const token = /token=([^&]+)/.exec(url.hash)?.[1] ?? ''
  const bankUrl = lines.map((l) => /^mock bank listening on (\S+)$/.exec(l)?.[1]).find(Boolean)
  const bankSecret = lines.map((l) => /^mock bank client secret (\S+)$/.exec(l)?.[1]).find(Boolean)
  const bank = bankUrl && bankSecret ? { url: bankUrl, clientSecret: bankSecret } : undefined
  async function call<T>(channel: string, input?: unknown): Promise<T> {
    const res = await fetch(`${url.origin}/api/invoke/${channel}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify(input === undefined ? {} : { input }),
    })
    const result = (await res.json()) as { ok: true; value: T } | { ok: false; error: { code: string; message: string } }
    if (!result.ok) throw new Error(`${channel}: ${result.error.code} ${result.error.message}`)
    return result.value
  }
  async function openUrl(link: string): Promise<{ delivered: boolean; reason?: string }> {
    const res = await fetch(`${url.origin}/api/os/open-url`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ url: link }),
    })
    const result = (await res.json()) as { ok: true; value: { delivered: boolean; reason?: string } }
    return result.value
  }
  return {
    appUrl: ready,
    origin: url.origin,
    token,
    dataDir,
    lines,
    bankUrl,
    bank,
    call,
    openUrl,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return
      const exited = new Promise((r) => child.once('exit', r))
      child.kill('SIGTERM')
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000)
      await exited
      clearTimeout(timer)
    },
  }
}

export const DEMO = { phone: '13800138000', password: 'Wallet2025', payPassword: '135790' }

/** The newest simulated SMS code the bank sent to a phone (waits a little for it to arrive). */
export async function smsCode(bank: BankAddress, phone: string, timeoutMs = 10_000): Promise<string> {
  const until = Date.now() + timeoutMs
  for (;;) {
    const res = await bankFetch(bank, `/_dev/sms/${phone}`)
    const body = (await res.json()) as { messages: { code: string }[] }
    const code = body.messages[0]?.code
    if (code) return code
    if (Date.now() > until) throw new Error(`no SMS for ${phone}`)
    await new Promise((r) => setTimeout(r, 100))
  }
}

/** Signs the demo customer in through the harness API (new device: password, then the SMS code). */
export async function signInDemo(harness: RunningHarness, bank = harness.bank): Promise<void> {
  if (!bank) throw new Error('no bank')
  const first = await harness.call<{ status: string }>('session.signIn', { phone: DEMO.phone, password: DEMO.password })
  if (first.status === 'challenge') await harness.call('session.challenge', { code: await smsCode(bank, DEMO.phone) })
}
