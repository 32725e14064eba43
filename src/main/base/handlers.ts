import type { ContractSpec, OutputOfSpec, ParsedInputOfSpec } from '../../shared/contract/define'

/**
 * What a use case hands to the ipc layer: one function per channel of a contract, given input the router
 * has already validated (src/main/ipc/router.ts). Core domains export these maps; only ipc builds a router.
 */

/** Who is calling; adapters fill it in after their own checks (sender frame, token). */
export interface CallContext {
  transport: 'electron' | 'harness' | 'test'
}

export type HandlerMap<S extends ContractSpec> = {
  [C in keyof S]: (input: ParsedInputOfSpec<S, C>, ctx: CallContext) => Promise<OutputOfSpec<S, C>> | OutputOfSpec<S, C>
}

