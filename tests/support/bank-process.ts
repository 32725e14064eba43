import { spawn, type ChildProcess } from 'node:child_process'
import { resolve } from 'node:path'
import { createInterface } from 'node:readline'

const ROOT = resolve(import.meta.dirname, '../..')

export interface BankProcess {
  url: string
  /** The client secret it printed (or was given); null when started with --no-client-secret. */
  clientSecret: string | null
  child: ChildProcess
  /** Everything the process wrote to stderr so far. */
  stderr(): string
  /** SIGKILL, then wait for the exit. */
  kill(): Promise<void>
  /** SIGTERM (a clean stop), then wait for the exit. */
  stop(): Promise<void>
}

export interface BankProcessOptions {
  /** --dev-routes (the /_dev routes tests use); default true. */
  devRoutes?: boolean
  env?: NodeJS.ProcessEnv
}

/**
 * Starts the mock bank's CLI (src/mock-bank/cli.ts, npm run bank) as a child process and waits for its
 * ready line; the client secret line it prints first (when it made the secret itself) is remembered.
 */
export async function startBankProcess(
  dataDir: string,
  args: string[] = [],
  options: BankProcessOptions = {},
): Promise<BankProcess> {
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      resolve(ROOT, 'src/mock-bank/cli.ts'),
      '--data-dir',
      dataDir,
      '--port',
      '0',
      ...(options.devRoutes === false ? [] : ['--dev-routes']),
      ...args,
    ],
    {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, ICBC_WALLET_BANK_SECRET: undefined, ...options.env },
    },
  )
  let clientSecret: string | null = args.includes('--no-client-secret') ? null : (options.env?.ICBC_WALLET_BANK_SECRET ?? null)
  let stderr = ''
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
  const exited = new Promise<void>((done) => child.once('exit', () => done()))
  const url = await new Promise<string>((ready, fail) => {
    const timer = setTimeout(() => fail(new Error(`bank not ready in 30 s\n${stderr}`)), 30_000)
    const lines = createInterface({ input: child.stdout! })
    lines.on('line', (line) => {
      const secret = /^mock bank client secret (\S+)$/.exec(line)?.[1]
      if (secret) {
        clientSecret = secret
        return
      }
      const match = /^mock bank listening on (http:\/\/127\.0\.0\.1:\d+)$/.exec(line)
      if (match?.[1]) {
        clearTimeout(timer)
        ready(match[1])
      } else {
        fail(new Error(`unexpected stdout line: ${line}`))
      }
    })
    child.once('exit', (code) => {
      clearTimeout(timer)
      fail(new Error(`bank exited with ${code}\n${stderr}`))
    })
  })
  return {
    url,
    clientSecret,
    child,
    stderr: () => stderr,
    async kill() {
      child.kill('SIGKILL')
      await exited
    },
    async stop() {
      child.kill('SIGTERM')
      await exited
    },
  }
}
