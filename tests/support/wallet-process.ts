import { spawn, type ChildProcess } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { resolve } from 'node:path'
import { createInterface } from 'node:readline'
import type { OutboxItem } from '../../src/main/platform/sync/outbox'
import type { SyncStatus } from '../../src/shared/contract'
import type { WireError } from '../../src/shared/errors'
import type { BankAddress } from './bank-address'

const ROOT = resolve(import.meta.dirname, '../..')
const CHILD = resolve(ROOT, 'tests/support/wallet-child.ts')

/** What the app keeps between runs on this "computer": its data folder and the keychain's data key. */
export interface WalletDisk {
  dataDir: string
  dataKey: string
}

export function newWalletDisk(dataDir: string): WalletDisk {
  return { dataDir, dataKey: randomBytes(32).toString('base64') }
}

export type ChildResult<T> = { ok: true; value: T } | { ok: false; error: WireError }

export interface WalletProcess {
  child: ChildProcess
  /** A router call in the app; resolves with the app's answer (never rejects on an app error). */
  call<T = unknown>(channel: string, input?: unknown): Promise<ChildResult<T>>
  ok<T = unknown>(channel: string, input?: unknown): Promise<T>
  sync(): Promise<SyncStatus>
  outbox(): Promise<OutboxItem[]>
  token(): Promise<string>
  /** SIGKILL, like a crash or a power cut: nothing in the app gets to run. */
  kill(): Promise<void>
  stop(): Promise<void>
}

/** Starts the app (tests/support/wallet-child.ts) in its own process on `disk`, against `bank`. */
export async function startWalletProcess(bank: BankAddress, disk: WalletDisk): Promise<WalletProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD, bank.url, disk.dataDir], {
    cwd: ROOT,
    // The bank's client secret travels like the data key: in the environment, not on the command line.
    env: { ...process.env, WALLET_DATA_KEY: disk.dataKey, ICBC_WALLET_BANK_SECRET: bank.clientSecret ?? undefined },
    stdio: ['pipe', 'pipe', 'pipe'],
  })
  let stderr = ''
  // Writing to a killed child fails with EPIPE; the command's promise says so, the process must not crash.
  child.stdin!.on('error', () => undefined)
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
  const exited = new Promise<void>((done) => child.once('exit', () => done()))
  const waiting = new Map<number, { answer(line: ChildResult<unknown>): void; fail(error: Error): void }>()
  let nextId = 1
  child.once('exit', () => {
    for (const [id, w] of waiting) w.fail(new Error(`wallet exited before answering command ${id}`))
    waiting.clear()
  })

  await new Promise<void>((ready, fail) => {
    const timer = setTimeout(() => fail(new Error(`wallet not ready in 30 s\n${stderr}`)), 30_000)
    child.once('exit', (code) => {
      clearTimeout(timer)
      fail(new Error(`wallet exited with ${code}\n${stderr}`))
    })
    createInterface({ input: child.stdout! }).on('line', (text) => {
      const line = JSON.parse(text) as { ready?: true; id?: number } & ChildResult<unknown>
      if (line.ready) {
        clearTimeout(timer)
        ready()
        return
      }
      const w = line.id === undefined ? undefined : waiting.get(line.id)
      if (!w) return
      waiting.delete(line.id!)
      w.answer(line)
    })
  })

  function send<T>(command: Record<string, unknown>): Promise<ChildResult<T>> {
    const id = nextId++
    return new Promise((answer, fail) => {
      waiting.set(id, { answer: answer as (line: ChildResult<unknown>) => void, fail })
      child.stdin!.write(`${JSON.stringify({ id, ...command })}\n`, (error) => error && fail(error))
    })
  }

  async function value<T>(command: Record<string, unknown>): Promise<T> {
    const result = await send<T>(command)
    if (!result.ok) throw new Error(`${JSON.stringify(command)}: ${result.error.code} ${result.error.message}`)
    return result.value
  }

  return {
    child,
    call: (channel, input) => send({ cmd: 'call', channel, input }),
    ok: (channel, input) => value({ cmd: 'call', channel, input }),
    sync: () => value({ cmd: 'sync' }),
    outbox: () => value({ cmd: 'outbox' }),
    token: () => value({ cmd: 'token' }),
    async kill() {
      child.kill('SIGKILL')
      await exited
    },
    async stop() {
      child.stdin!.end()
      child.kill('SIGTERM')
      await exited
    },
  }
}
