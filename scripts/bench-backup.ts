/**
 * Backup benchmarks (docs/backup-format.md): create and restore a backup of 100,000 transactions, with the KDF timed
 * on its own.
 *   backup100kMs   validate + serialize + compress + encrypt (keychain-key file: no KDF)
 *   restore100kMs  decrypt + decompress + parse + validate (same file; no KDF)
 *   kdfMs          scrypt at the default N=2^18, r=8, p=1 (what a passphrase adds to each of the above)
 *   kdfLegacyMs    scrypt at N=2^17, the default before: what opening an older file adds
 * Goals on the reference 2-core machine: backup ≤ 2000 ms, restore ≤ 4000 ms.
 *
 *   npx tsx scripts/bench-backup.ts [--transactions 100000] [--runs 3] [--json bench/results.json] [--check]
 *
 * --json merges the numbers into that file (created if missing); --check exits 1 when a goal is missed.
 */
import { randomBytes } from 'node:crypto'
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname } from 'node:path'
import { parseArgs } from 'node:util'
import { decodeBackup, packBackup } from '../src/main/platform/backup'
import { DEFAULT_SCRYPT } from '../src/main/platform/backup/header'
import { deriveKey } from '../src/main/platform/vault/crypto'
import { samplePayload } from '../tests/unit/backup/sample'

const { values } = parseArgs({
  options: {
    transactions: { type: 'string', default: '100000' },
    runs: { type: 'string', default: '3' },
    json: { type: 'string' },
    check: { type: 'boolean', default: false },
  },
})
const TRANSACTIONS = Number(values.transactions)
const RUNS = Math.max(1, Number(values.runs))
/** The default before N=2^18: files written with it still open, at this cost. */
const LEGACY_SCRYPT = { N: 2 ** 17, r: 8, p: 1 }
const GOALS = { backup100kMs: 2000, restore100kMs: 4000 } as const

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b)
  const mid = Math.floor(s.length / 2)
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2
}

async function time<T>(work: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const started = performance.now()
  const value = await work()
  return { ms: performance.now() - started, value }
}

async function main(): Promise<void> {
  const payload = samplePayload(TRANSACTIONS)
  const key = randomBytes(32)
  const backupRuns: number[] = []
  const restoreRuns: number[] = []
  const kdfRuns: number[] = []
  const legacyRuns: number[] = []
  let fileBytes = 0
  // One warm-up round so the first measured run does not pay for JIT and zlib initialisation.
  await decodeBackup((await packBackup(samplePayload(2000), key)).bytes, key)
  for (let run = 0; run < RUNS; run++) {
    const packed = await time(() => packBackup(payload, key))
    backupRuns.push(packed.ms)
    fileBytes = packed.value.bytes.length
    const opened = await time(() => decodeBackup(packed.value.bytes, key))
    if (opened.value.payload.transactions.length !== TRANSACTIONS) throw new Error('restore lost rows')
    restoreRuns.push(opened.ms)
    kdfRuns.push((await time(() => deriveKey('correct horse battery staple', randomBytes(16), DEFAULT_SCRYPT))).ms)
    legacyRuns.push((await time(() => deriveKey('correct horse battery staple', randomBytes(16), LEGACY_SCRYPT))).ms)
  }

  const results = {
    backup100kMs: Math.round(median(backupRuns)),
    restore100kMs: Math.round(median(restoreRuns)),
    kdfMs: Math.round(median(kdfRuns)),
    kdfLegacyMs: Math.round(median(legacyRuns)),
    backup100kBytes: fileBytes,
  }
  const rows: [string, string, string, string][] = [
    ['metric', 'median', 'runs', 'goal'],
    ['backup100kMs', String(results.backup100kMs), backupRuns.map((x) => x.toFixed(0)).join(' / '), `≤ ${GOALS.backup100kMs}`],
    [
      'restore100kMs',
      String(results.restore100kMs),
      restoreRuns.map((x) => x.toFixed(0)).join(' / '),
      `≤ ${GOALS.restore100kMs}`,
    ],
    [
      `kdfMs (scrypt N=2^${Math.log2(DEFAULT_SCRYPT.N)} r=8 p=1)`,
      String(results.kdfMs),
      kdfRuns.map((x) => x.toFixed(0)).join(' / '),
      '-',
    ],
    ['kdfLegacyMs (scrypt N=2^17 r=8 p=1)', String(results.kdfLegacyMs), legacyRuns.map((x) => x.toFixed(0)).join(' / '), '-'],
    ['backup100kBytes', results.backup100kBytes.toLocaleString('en-US'), '-', '-'],
  ]
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)))
  console.log(`backup bench: ${TRANSACTIONS.toLocaleString('en-US')} transactions, ${RUNS} run(s)`)
  for (const [i, row] of rows.entries()) {
    console.log(row.map((cell, c) => cell.padEnd(widths[c]!)).join('  '))
    if (i === 0) console.log(widths.map((w) => '-'.repeat(w)).join('  '))
  }

  if (values.json !== undefined) {
    const path = values.json
    const existing: unknown = existsSync(path) ? JSON.parse(readFileSync(path, 'utf8')) : {}
    const base = typeof existing === 'object' && existing !== null && !Array.isArray(existing) ? existing : {}
    mkdirSync(dirname(path), { recursive: true })
    writeFileSync(path, `${JSON.stringify({ ...base, ...results }, null, 2)}\n`)
    console.log(`wrote ${path}`)
  }
  const missed = (Object.keys(GOALS) as (keyof typeof GOALS)[]).filter((k) => results[k] > GOALS[k])
  if (missed.length) console.log(`goal missed: ${missed.join(', ')}`)
  if (values.check && missed.length) process.exitCode = 1
}

await main()
