/** While a long first sync applies a page every few hundred ms, the list follows at most this often. */
export const REFRESH_MS = 1500

/**
 * When 账单 looks at the replica again after sync changed it: never while a run is under way (a refresh
 * never interrupts one, or nothing would show), once after it when pages came meanwhile, and at most
 * every REFRESH_MS.
 */
export function createRefresher(refresh: () => void, now: () => number = Date.now) {
  let running = false
  /** The replica changed while a run was going on. */
  let stale = false
  let timer: ReturnType<typeof setTimeout> | undefined
  let last = 0

  function schedule(): void {
    clearTimeout(timer)
    const wait = Math.max(0, last + REFRESH_MS - now())
    timer = setTimeout(() => {
      if (running) {
        stale = true
        return
      }
      last = now()
      refresh()
    }, wait)
  }

  return {
    /** A run started: it reads the replica as it is now. */
    started(): void {
      running = true
      stale = false
    },
    /** The latest run ended: look again if pages came meanwhile. */
    finished(): void {
      running = false
      if (stale) schedule()
    },
    /** Sync applied a page. */
    changed(): void {
      if (running) stale = true
      else schedule()
    },
    /** A new filter runs now, or the list is gone. */
    cancel(): void {
      clearTimeout(timer)
    },
  }
}
