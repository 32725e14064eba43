/**
 * The backup's threads (worker.ts: the worker and its packers) use every core while they pack, seal,
 * decrypt or derive keys, and main's event loop answers the renderer meanwhile: they give way to it. On
 * Linux each thread has a nice value of its own, raised here for the calling thread; scripts/bench-backup.ts
 * measured main's longest stall while a backup of 100,000 rows was staged at 11-35 ms with packers at
 * nice 10 against 21-111 ms at 0 (three runs of each, side by side). The worker itself at nice 10 too,
 * with scrypt and inflating done in it rather than in libuv's pool (whose threads run at main's
 * priority): main's longest stall per bench run 26 / 47 / 36 ms against 32 / 90 / 43 ms, backup and
 * restore a little faster (three runs of each, side by side). Node offers no per-thread priority on macOS
 * or Windows: there these threads run at normal priority.
 */
import { readlinkSync } from 'node:fs'
import { setPriority } from 'node:os'
import { basename } from 'node:path'

/** A background thread's nice value: below everything at the default 0, above idle work (19). */
export const PACKER_NICE = 10

/** Lowers the priority of the thread that calls it (not its process); false where that cannot be done. */
export function lowerThisThreadsPriority(nice = PACKER_NICE): boolean {
  if (process.platform !== 'linux') return false
  try {
    // /proc/thread-self links to /proc/<pid>/task/<tid>: the thread's own id, which setpriority takes.
    const tid = Number(basename(readlinkSync('/proc/thread-self')))
    if (!Number.isInteger(tid) || tid <= 0) return false
    setPriority(tid, nice)
    return true
  } catch {
    return false
  }
}
