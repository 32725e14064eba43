import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { createInterface } from 'node:readline'

const ROOT = resolve(import.meta.dirname, '../..')

export interface RunningHarness {
  /** The URL to open, with the token in its fragment. */
  appUrl: string
  origin: string
  token: string
  dataDir: string
  /** Every line the process printed on stdout before it was ready. */
  lines: string[]
  stop(): Promise<void>
}

export interface HarnessLaunch {
  dataDir?: string
  args?: string[]
  env?: NodeJS.ProcessEnv
}

/** Starts `npm run harness` as a child process (no rebuild) and waits for its ready line. */
export async function startHarness(launch: HarnessLaunch = {}): Promise<RunningHarness> {
  const dataDir = launch.dataDir ?? mkdtempSync(join(tmpdir(), 'wallet-e2e-'))
  const child: ChildProcess = spawn(
    process.execPath,
    ['--import', 'tsx', join(ROOT, 'scripts/harness.ts'), '--data-dir', dataDir, '--port', '0', '--no-build', ...(launch.args ?? [])],
    { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...launch.env } },
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
  return {
    appUrl: ready,
    origin: url.origin,
    token,
    dataDir,
    lines,
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
