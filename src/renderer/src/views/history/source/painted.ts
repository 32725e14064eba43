/** How long a run waits for the list to report its first screen painted before laying out the rest anyway. */
export const PAINT_WAIT_MS = 250

/**
 * The list's word that the first screen of a result is on screen (parts/HistoryList.vue reports it after
 * the frame that shows the rows). The query waits for it before laying out the rest of the result, so that
 * this work, and the rows it reads, come after the first rows are painted instead of before. A window that
 * paints nothing (hidden: no animation frames) must not hold the list back: after `waitMs` the wait ends.
 */
export function createPaintSignal(waitMs = PAINT_WAIT_MS) {
  let painted = 0
  const waiting = new Set<{ generation: number; done: () => void }>()

  /** The first screen of this generation (a result of one filter) was painted. */
  function report(generation: number): void {
    painted = Math.max(painted, generation)
    for (const w of [...waiting]) if (w.generation <= painted) w.done()
  }

  /** Resolves once this generation's first screen (or a later one's) is painted, or after `waitMs`. */
  function when(generation: number): Promise<void> {
    if (painted >= generation) return Promise.resolve()
    return new Promise((resolve) => {
      const entry = {
        generation,
        done: () => {
          clearTimeout(timer)
          waiting.delete(entry)
          resolve()
        },
      }
      const timer = setTimeout(entry.done, waitMs)
      waiting.add(entry)
    })
  }

  return { report, when }
}

export type PaintSignal = ReturnType<typeof createPaintSignal>
