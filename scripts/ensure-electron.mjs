#!/usr/bin/env node
// Before `npm start`, `npm run dev` and the Electron e2e suite: makes sure Electron's binary is there.
// Since Electron 42 the `electron` package no longer downloads it at `npm install`; its own
// `install-electron` command does (and does nothing when the binary is already in place). electron-vite
// reads node_modules/electron/path.txt directly and only says "Electron uninstall" when it is missing,
// so the download is asked for here first. When it cannot happen (no network, a blocked host), the one
// thing to say is how to use the app anyway: the browser harness.
//
//   node scripts/ensure-electron.mjs [--quiet]
// Exit code 0 when the binary is ready, 1 when it could not be provisioned.
import { spawnSync } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'

const quiet = process.argv.includes('--quiet')
const require = createRequire(import.meta.url)

function electronDir() {
  try {
    return dirname(require.resolve('electron/package.json'))
  } catch {
    return undefined
  }
}

/** The executable the electron package would start, when it is in place. */
function installedElectron(dir = electronDir()) {
  if (!dir) return undefined
  const pathFile = join(dir, 'path.txt')
  if (!existsSync(pathFile)) return undefined
  const executable = join(process.env.ELECTRON_OVERRIDE_DIST_PATH ?? join(dir, 'dist'), readFileSync(pathFile, 'utf8').trim())
  return existsSync(executable) ? executable : undefined
}

function fail(zh, en) {
  process.stderr.write(
    [
      '',
      `无法准备 Electron 运行时：${zh}`,
      '桌面窗口暂时无法启动。可以改用浏览器运行本应用（内置模拟银行，功能相同）：',
      '    npm run harness',
      '然后在浏览器中打开它打印的地址。网络可用后再运行 npm start 即可下载 Electron。',
      '',
      `Electron's binary could not be provisioned: ${en}`,
      'Run the app in a browser instead (same app, same embedded mock bank): npm run harness',
      '',
    ].join('\n'),
  )
  process.exit(1)
}

const dir = electronDir()
if (!dir) fail('未安装 electron 包，请先运行 npm install。', 'the electron package is not installed (run npm install first).')
if (installedElectron(dir)) process.exit(0)

if (process.env.ELECTRON_SKIP_BINARY_DOWNLOAD === '1')
  fail(
    '已设置 ELECTRON_SKIP_BINARY_DOWNLOAD=1，不下载 Electron。',
    'ELECTRON_SKIP_BINARY_DOWNLOAD=1 is set, so it is not downloaded.',
  )
if (!quiet) process.stdout.write('Downloading Electron (once)…\n')
const result = spawnSync(process.execPath, [join(dir, 'install.js')], { stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' })
if (result.status !== 0 || !installedElectron(dir)) {
  const detail =
    (result.stderr ?? '')
      .split('\n')
      .find((line) => line.trim() !== '')
      ?.trim() ?? `exit code ${result.status}`
  fail(`下载失败（${detail.slice(0, 200)}）。`, `the download failed (${detail.slice(0, 200)}).`)
}
process.exit(0)
