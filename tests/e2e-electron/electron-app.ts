import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { fileURLToPath } from 'node:url'
import { dirname, join, resolve } from 'node:path'
import { _electron, type ElectronApplication, type Page } from '@playwright/test'

export const SKIP_REASON = 'Electron binary not installed and not downloadable here (scripts/ensure-electron.mjs)'

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..')
export const MAIN_ENTRY = join(root, 'out/main/index.js')

/**
 * The Electron executable, found the way the electron package finds it (path.txt under its folder,
 * or ELECTRON_OVERRIDE_DIST_PATH) but without require('electron'), which would try to download it.
 */
export function electronExecutable(): string | undefined {
  let dir: string
  try {
    dir = dirname(createRequire(import.meta.url).resolve('electron/package.json'))
  } catch {
    return undefined
  }
  const pathFile = join(dir, 'path.txt')
  if (!existsSync(pathFile)) return undefined
  const executable = join(process.env['ELECTRON_OVERRIDE_DIST_PATH'] ?? join(dir, 'dist'), readFileSync(pathFile, 'utf8').trim())
  return existsSync(executable) ? executable : undefined
}

export interface LaunchedApp {
  app: ElectronApplication
  window: Page
  close(): Promise<void>
}

/** Starts the built app on a fresh data folder and waits for its window. */
export async function launchApp(executablePath: string): Promise<LaunchedApp> {
  if (!existsSync(MAIN_ENTRY))
    throw new Error(`${MAIN_ENTRY} is missing: run \`npm run build\` (or \`npx electron-vite build\`) first`)
  const dataDir = mkdtempSync(join(tmpdir(), 'wallet-electron-'))
  // Chromium refuses to run as root with its OS sandbox (CI containers); the renderer sandbox stays on.
  const args = [MAIN_ENTRY, ...(process.getuid?.() === 0 ? ['--no-sandbox'] : [])]
  const env = { ...process.env, ICBC_WALLET_DATA_DIR: dataDir, ELECTRON_RENDERER_URL: '' } as Record<string, string>
  const app = await _electron.launch({ executablePath, args, env, cwd: root })
  const window = await app.firstWindow()
  return {
    app,
    window,
    async close() {
      await app.close()
      rmSync(dataDir, { recursive: true, force: true })
    },
  }
}
