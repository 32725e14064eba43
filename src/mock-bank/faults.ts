import type { FaultConfig } from '../shared/bank-api'
import { seededRandom } from './random'

/**
 * Injected failures, mock only. Decisions come from a seeded PRNG so a test that sets `seed` sees
 * the same sequence of failures every run.
 */
export interface FaultDecisions {
  latencyMs: number
  error: boolean
  reset: boolean
  dropAfterCommit: boolean
  duplicate: boolean
  reorder: boolean
}

const NONE: FaultDecisions = {
  latencyMs: 0,
  error: false,
  reset: false,
  dropAfterCommit: false,
  duplicate: false,
  reorder: false,
}

export class Faults {
  private config: FaultConfig = {}
  private random: () => number = Math.random

  get current(): FaultConfig {
    return this.config
  }

  set(config: FaultConfig): void {
    this.config = config
    this.random = config.seed === undefined ? Math.random : seededRandom(config.seed)
  }

  clear(): void {
    this.set({})
  }

  /** A number in [0, 1) from the fault PRNG (for shuffling pages). */
  next(): number {
    return this.random()
  }

  decide(path: string): FaultDecisions {
    const c = this.config
    if (path.startsWith('/_dev')) return NONE
    if (c.paths && !c.paths.some((prefix) => path.startsWith(prefix))) return NONE
    const roll = (rate: number | undefined) => rate !== undefined && rate > 0 && this.random() < rate
    const latency = c.latencyMs
    const latencyMs =
      latency === undefined
        ? 0
        : typeof latency === 'number'
          ? latency
          : latency.min + Math.floor(this.random() * Math.max(0, latency.max - latency.min + 1))
    return {
      latencyMs,
      reset: roll(c.resetRate),
      error: roll(c.errorRate),
      dropAfterCommit: roll(c.dropAfterCommitRate),
      duplicate: roll(c.duplicateRate),
      reorder: roll(c.reorderRate),
    }
  }
}
