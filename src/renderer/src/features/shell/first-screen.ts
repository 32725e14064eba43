import { nextTask } from './next-task'

/** At most this long after start-up, work that waits for the first screen begins anyway. */
export const FIRST_SCREEN_MAX_MS = 1000

/**
 * When the first screen is painted. Start-up work that screen does not need (App.vue: the sync engine
 * attached, every setting, a payment link that opened the app) waits for it, so that it does not compete
 * with it for the page's main thread, the replica's reads and main's event loop. 账单 says itself when its
 * first rows are painted (views/history/HistoryView.vue, `reportsOwnPaint`); any other first screen is
 * painted with the first frame after the router's first navigation (App.vue). If nothing says so (a hidden
 * window paints no frames), the wait ends after `maxMs`.
 */
export function createFirstScreen(maxMs = FIRST_SCREEN_MAX_MS) {
  let done = false
  let resolve!: () => void
  const painted = new Promise<void>((r) => (resolve = r))
  const timer = setTimeout(() => report(), maxMs)

  function report(): void {
    if (done) return
    done = true
    clearTimeout(timer)
    resolve()
  }

  return {
    /** The first screen is on screen (later calls change nothing). */
    report,
    /**
     * Resolves once the first screen is painted, or `maxMs` after this was created: in a task of its own
     * for each caller (next-task.ts), so that what waited does not run as one long task after the paint.
     */
    whenPainted: () => painted.then(nextTask),
    get painted() {
      return done
    },
  }
}

/** The routes whose views report their own first paint (what they show first is read after they mount). */
const REPORTS_OWN_PAINT = new Set<string | symbol>(['history'])
export const reportsOwnPaint = (route: string | symbol | null | undefined): boolean =>
  route != null && REPORTS_OWN_PAINT.has(route)

/** This renderer's first screen. */
export const firstScreen = createFirstScreen()
