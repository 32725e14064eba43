// The backup worker when the app runs from source (the harness under tsx, vitest): neither tsx's nor
// vitest's loader reaches into a worker thread, so this plain module loads worker.ts through tsx's API.
// The app's build never uses it (run-worker.ts starts out/main/backup-worker.js there).
import { workerData } from 'node:worker_threads'
import { tsImport } from 'tsx/esm/api'

await tsImport(workerData.entry, import.meta.url)
