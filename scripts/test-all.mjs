#!/usr/bin/env node
// `npm test`: every vitest project, then the Playwright e2e suites, then one summary.
// The last line is the plain "N passed, N failed, N skipped" so that any reader can count.
import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs'
import { resolve } from 'node:path'
import { stripVTControlCharacters } from 'node:util'

const root = resolve(import.meta.dirname, '..')
const out = resolve(root, 'test-results')
mkdirSync(out, { recursive: true })
const bin = (name) => resolve(root, 'node_modules/.bin', name)

function run(label, command, args, env = {}) {
  process.stdout.write(`\n=== ${label} ===\n`)
  const started = Date.now()
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } })
  return { label, status: result.status ?? 1, seconds: (Date.now() - started) / 1000 }
}

function readJson(path) {
  try {
    return JSON.parse(readFileSync(path, 'utf8'))
  } catch {
    return undefined
  }
}

const suites = []
/** Failed or flaky Playwright tests with the start of their error, printed again under the summary. */
const notes = []

/** Walks a Playwright JSON report for tests that failed (or failed before passing on a retry). */
function collectNotes(report) {
  const walk = (suite, path) => {
    for (const spec of suite.specs ?? [])
      for (const t of spec.tests ?? []) {
        if (t.status !== 'unexpected' && t.status !== 'flaky') continue
        const error = (t.results ?? []).map((r) => r.error?.message).find(Boolean) ?? ''
        const firstLines = stripVTControlCharacters(error).split('\n').filter((l) => l.trim()).slice(0, 4)
        notes.push(`${t.status === 'flaky' ? 'FLAKY' : 'FAILED'} ${spec.file}:${spec.line} ${[...path, spec.title].join(' › ')}`)
        for (const line of firstLines) notes.push(`    ${line.trim().slice(0, 200)}`)
      }
    for (const child of suite.suites ?? []) walk(child, suite.title && !suite.title.endsWith('.ts') ? [...path, suite.title] : path)
  }
  for (const suite of report?.suites ?? []) walk(suite, [])
}

const vitestJson = resolve(out, 'vitest.json')
rmSync(vitestJson, { force: true })
const unit = run('vitest (unit, integration, component)', bin('vitest'), ['run', '--reporter=default', '--reporter=json', `--outputFile.json=${vitestJson}`])
const v = readJson(vitestJson)
suites.push({ ...unit, passed: v?.numPassedTests ?? 0, failed: v?.numFailedTests ?? (unit.status ? 1 : 0), skipped: (v?.numPendingTests ?? 0) + (v?.numTodoTests ?? 0) })

for (const [label, config, file] of [
  ['playwright e2e (harness in Chromium)', 'playwright.config.ts', 'e2e.json'],
  ['playwright e2e-electron', 'playwright.electron.config.ts', 'e2e-electron.json'],
]) {
  if (!existsSync(resolve(root, config))) continue
  const json = resolve(out, file)
  rmSync(json, { force: true })
  const r = run(label, bin('playwright'), ['test', '-c', config, '--reporter=list,json'], { PLAYWRIGHT_JSON_OUTPUT_NAME: json })
  const report = readJson(json)
  collectNotes(report)
  const s = report?.stats
  suites.push({ ...r, passed: (s?.expected ?? 0) + (s?.flaky ?? 0), failed: s?.unexpected ?? (r.status ? 1 : 0), skipped: s?.skipped ?? 0 })
}

const total = suites.reduce((t, s) => ({ passed: t.passed + s.passed, failed: t.failed + s.failed, skipped: t.skipped + s.skipped }), {
  passed: 0,
  failed: 0,
  skipped: 0,
})
process.stdout.write('\n=== summary ===\n')
for (const s of suites) {
  process.stdout.write(
    `${s.status === 0 ? 'ok  ' : 'FAIL'} ${s.label.padEnd(40)} ${String(s.passed).padStart(5)} passed ${String(s.failed).padStart(3)} failed ${String(s.skipped).padStart(3)} skipped  ${s.seconds.toFixed(1)} s\n`,
  )
}
if (notes.length) process.stdout.write(`${notes.join('\n')}\n`)
const failed = suites.some((s) => s.status !== 0) ? Math.max(total.failed, 1) : total.failed
process.stdout.write(`${total.passed} passed, ${failed} failed, ${total.skipped} skipped\n`)
process.exit(failed > 0 ? 1 : 0)
