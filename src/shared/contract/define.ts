import type { z } from 'zod'

/** A request/response channel: `domain.action`, validated on both ends. */
export interface ChannelSpec<I extends z.ZodType = z.ZodType, O extends z.ZodType = z.ZodType> {
  input: I
  output: O
}

export type ContractSpec = Record<string, ChannelSpec>
export type EventsSpec = Record<string, z.ZodType>

export type InputOfSpec<S extends ContractSpec, C extends keyof S> = z.input<S[C]['input']>
export type ParsedInputOfSpec<S extends ContractSpec, C extends keyof S> = z.output<S[C]['input']>
export type OutputOfSpec<S extends ContractSpec, C extends keyof S> = z.output<S[C]['output']>

export function channel<I extends z.ZodType, O extends z.ZodType>(input: I, output: O): ChannelSpec<I, O> {
  return { input, output }
}
