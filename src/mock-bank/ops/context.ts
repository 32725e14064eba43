import type { BankConfig } from '../config'
import type { BankEvent, BankState } from '../state'

/** What an operation sees: the state, the rules, the time of the operation, and how to change state. */
export interface Ctx {
  readonly state: BankState
  readonly config: BankConfig
  readonly now: number
  emit(event: BankEvent): void
}
