import { spawn } from 'node:child_process'
import { randomBytes, randomInt } from 'node:crypto'
import { mkdtemp, readdir, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { z } from 'zod'
import { createSealedStore, type CorruptEvent } from '../../../src/main/platform/vault/sealed-store'
import { CRASH_DOC, crashPayload } from '../../support/vault-crash-writer'

/*
 * A child process rewrites one sealed document in a loop and is SIGKILLed at a random moment, over
 * and over. After every kill the document must read back whole: the value whose write was under way,
 * or the one before it, never a mix, never STORE_CORRUPT. Several lanes (each its own folder and
 * writer) run side by side because most of each round is the child's start-up.
 */
const LANES = 4
const KILLS_PER_LANE = 55
const WRITER = resolve('tests/support/vault-crash-writer.ts')
const Payload = z.object({ n: z.number().int(), blocks: z.array(z.string()) })

const roots: string[] = []
/** Node arguments that start the writer. */
let writerArgs = ['--import', 'tsx', WRITER]

beforeAll(async () => {
  // Loading tsx costs ~0.2 s of CPU per child, most of the test on two cores; a one-off bundle of the
  // writer (esbuild comes with tsx) starts in a quarter of that. Without esbuild, tsx still works, slower.
  const dir = await mkdtemp(join(tmpdir(), 'vault-crash-bin-'))
  roots.push(dir)
  try {
    const { build } = await import('esbuild')
    const outfile = join(dir, 'vault-crash-writer.mjs')
    await build({
      entryPoints: [WRITER],
      outfile,
      bundle: true,
      platform: 'node',
      format: 'esm',
      packages: 'external',
      logLevel: 'silent',
    })
    writerArgs = [outfile]
  } catch (error) {
    console.warn('[sealed-crash] esbuild unavailable, starting the writer with tsx:', error)
  }
})

afterAll(async () => {
  await Promise.all(roots.map((dir) => rm(dir, { recursive: true, force: true })))
})

interface Round {
  lastBegun: number
  lastEnded: number
}

/** Starts a writer, lets it begin a random number of writes, waits a random moment more, and kills it. */
function killWriterAtRandom(dir: string, key: Buffer, last: number): Promise<Round> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [...writerArgs, dir, String(last)], {
      env: { ...process.env, VAULT_CRASH_KEY: key.toString('hex') },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    const writesBeforeKill = randomInt(1, 6)
    let out = ''
    let err = ''
    let begun = 0
    let killing = false
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      out += chunk
      begun += chunk.split('B ').length - 1
      if (!killing && begun >= writesBeforeKill) {
        killing = true
        const delayMs = randomInt(0, 4)
        setTimeout(() => child.kill('SIGKILL'), delayMs)
      }
    })
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (err += chunk))
    child.on('error', fail)
    child.on('close', (_code, signal) => {
      if (signal !== 'SIGKILL') return fail(new Error(`writer exited by itself (${signal ?? _code}): ${err}`))
      const numbers = (marker: string) =>
        out
          .split('\n')
          .filter((line) => line.startsWith(marker))
          .map((line) => Number(line.slice(2)))
      done({ lastBegun: Math.max(...numbers('B ')), lastEnded: Math.max(last, ...numbers('E ')) })
    })
  })
}

async function lane(): Promise<{ midWrite: number }> {
  const dir = await mkdtemp(join(tmpdir(), 'vault-crash-'))
  roots.push(dir)
  const key = randomBytes(32)
  const events: CorruptEvent[] = []
  const reader = createSealedStore({ dir, dataKey: key, onCorrupt: (e) => events.push(e) })
  await reader.write(CRASH_DOC, crashPayload(0))
  let last = 0
  let midWrite = 0
  for (let kill = 0; kill < KILLS_PER_LANE; kill++) {
    const { lastBegun, lastEnded } = await killWriterAtRandom(dir, key, last)
    const value = await reader.read(CRASH_DOC, Payload)
    // The write in flight when the kill came (lastBegun) either landed entirely or not at all.
    expect([lastBegun - 1, lastBegun], `kill ${kill}: read n=${value?.n}`).toContain(value?.n)
    expect(value).toEqual(crashPayload(value?.n ?? -1))
    expect(events).toEqual([])
    if (lastEnded < lastBegun) midWrite++
    last = value?.n ?? last
  }
  const leftovers = (await readdir(dir)).filter((f) => !f.startsWith(`${CRASH_DOC}.sealed`))
  expect(leftovers).toEqual([])
  return { midWrite }
}

describe('sealed store crash safety', () => {
  it(
    `survives ${LANES * KILLS_PER_LANE} SIGKILLs of a writer: every read is the old or the new value`,
    { timeout: 150_000 },
    async () => {
      const lanes = await Promise.all(Array.from({ length: LANES }, () => lane()))
      const midWrite = lanes.reduce((sum, l) => sum + l.midWrite, 0)
      // Most kills must land inside a write, or the test proves nothing.
      expect(midWrite).toBeGreaterThan((LANES * KILLS_PER_LANE) / 2)
    },
  )
})
