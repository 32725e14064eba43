import { spawnSync } from 'node:child_process'
import { resolve } from 'node:path'

/**
 * Provisions Electron's binary the way `npm start` does (scripts/ensure-electron.mjs). Where it
 * cannot be downloaded the suite still runs and each test reports itself skipped with the reason.
 */
export default function globalSetup(): void {
  const root = resolve(import.meta.dirname, '../..')
  const result = spawnSync(process.execPath, [resolve(root, 'scripts/ensure-electron.mjs'), '--quiet'], {
    cwd: root,
    encoding: 'utf8',
  })
  if (result.status !== 0) process.stderr.write('e2e-electron: no Electron binary here; the Electron tests will be skipped\n')
}
