import { spawnSync } from 'node:child_process'
import { resolve } from 'node:path'
import { rendererIsStale } from '../../scripts/lib/freshness'

/** Builds the renderer once before the harness tests start (each harness then runs with --no-build). */
export default function globalSetup(): void {
  const root = resolve(import.meta.dirname, '../..')
  if (!rendererIsStale(root)) return
  const built = spawnSync(process.execPath, [resolve(root, 'node_modules/electron-vite/bin/electron-vite.js'), 'build'], {
    cwd: root,
    stdio: 'inherit',
  })
  if (built.status !== 0) throw new Error('renderer build failed')
}
