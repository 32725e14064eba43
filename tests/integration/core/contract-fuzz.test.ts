/**
 * No channel answers INTERNAL to any input. Every channel of the contract (src/shared/contract/index.ts)
 * is called on a real wallet core signed in to the mock bank over HTTP with inputs of the wrong type,
 * missing and extra fields, `__proto__`/`constructor` keys, megabyte strings, lone surrogates,
 * control and direction characters, NaN, infinities and huge numbers. Each answer must be a Result:
 * a value the channel's output schema accepts, or a structured error with a known code that is not
 * INTERNAL; nothing may throw, the router may report no unexpected failure, no prototype may change,
 * and the router still answers afterwards.
 *
 * Deterministic: fixed seeds and run counts (FUZZ_RUNS), a frozen clock for the wallet.
 */
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { DEMO_CUSTOMER, type BankServer } from '../../../src/mock-bank'
import { CHANNEL_NAMES, contract, type CardsList, type ChannelName } from '../../../src/shared/contract'
import { ERROR_CODES, type Result } from '../../../src/shared/errors'
import { demoBank, demoWallet, FAST_SYNC, LONG_SESSIONS, PAY_PASSWORD, type Cleanup } from '../payments/helpers'

/** Random inputs per channel, on top of the fixed ones; about 40 s for the whole contract on 2 cores. */
const FUZZ_RUNS = 40
const SEED = 20251203

const cleanups: Cleanup[] = []
afterAll(async () => {
  for (const c of cleanups.splice(0).reverse()) await c()
})

const MB = 1 << 20
const EVIL_STRINGS = [
  'a\ud800b',
  '\udc00',
  '💳\ud83d',
  '\u0000',
  'x\r\ny',
  '\t',
  '\u007f\u0085',
  '\u202e卡资工',
  '\u2066x\u2069',
  '\u200b',
  '\ufeff',
  '\u2028',
  '',
  '.',
  '..',
  '../../_dev/faults',
  '%2e%2e',
  '?a=1#b',
  '__proto__',
  'constructor',
  'x'.repeat(MB),
  `${'字'.repeat(MB)}\ud800`,
  'A'.repeat(MB - 3) + '==',
]
const EVIL_NUMBERS = [
  Number.NaN,
  Number.POSITIVE_INFINITY,
  Number.NEGATIVE_INFINITY,
  -0,
  -1,
  0.1,
  1e308,
  -Number.MAX_VALUE,
  Number.MAX_SAFE_INTEGER + 2,
  2 ** 31,
  Number.MIN_VALUE,
]
const EVIL_VALUES: unknown[] = [
  undefined,
  null,
  true,
  0,
  '',
  'text',
  [],
  [1, 'a'],
  {},
  Object.create(null),
  JSON.parse('{"__proto__":{"polluted":true}}'),
  { constructor: { prototype: { polluted: true } } },
  new Date(0),
  10n,
  ...EVIL_NUMBERS.slice(0, 4),
  EVIL_STRINGS[0],
  EVIL_STRINGS[20],
]

type Def = { type: string } & Record<string, unknown>
const defOf = (schema: unknown): Def => (schema as { _zod: { def: Def } })._zod.def

/** Any UTF-16 code unit, lone surrogates and controls included. */
const codeUnits = fc.string({ unit: fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)), maxLength: 16 })
const junk: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(...EVIL_VALUES),
  fc.anything({ maxDepth: 2, maxKeys: 3, withNullPrototype: true, withBigInt: true, withDate: true, withObjectString: true }),
)

/** Sets a key as an own property, `__proto__` included (an assignment would set the prototype). */
function withKey(target: object, key: string, value: unknown): object {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true })
  return target
}

/**
 * Inputs shaped like the schema, with real values where the wallet has them (`plausible`), and at every
 * position sometimes a value of the wrong kind; objects lose fields and gain extra ones.
 */
function shaped(schema: unknown, plausible: readonly string[], wrong = true): fc.Arbitrary<unknown> {
  const def = defOf(schema)
  const inner = (s: unknown) => shaped(s, plausible, wrong)
  let arb: fc.Arbitrary<unknown>
  switch (def.type) {
    case 'string':
      arb = fc.oneof(fc.constantFrom(...EVIL_STRINGS), fc.constantFrom(...plausible), fc.string({ maxLength: 24 }), codeUnits)
      break
    case 'number':
      arb = fc.oneof(fc.constantFrom(...EVIL_NUMBERS), fc.integer({ min: 1, max: 100_000 }), fc.double())
      break
    case 'boolean':
      arb = fc.boolean()
      break
    case 'literal':
      arb = fc.constantFrom(...(def.values as unknown[]))
      break
    case 'enum':
      arb = fc.constantFrom(...Object.values(def.entries as Record<string, unknown>))
      break
    case 'void':
    case 'undefined':
      arb = fc.constant(undefined)
      break
    case 'null':
      arb = fc.constant(null)
      break
    case 'optional':
      return fc.option(inner(def.innerType), { nil: undefined })
    case 'nullable':
      return fc.option(inner(def.innerType), { nil: null })
    case 'default':
    case 'readonly':
    case 'nonoptional':
    case 'catch':
    case 'prefault':
      return inner(def.innerType)
    case 'pipe':
      return inner(def.in)
    case 'array':
      arb = fc.array(inner(def.element), { maxLength: 3 })
      break
    case 'union':
      arb = fc.oneof(...(def.options as unknown[]).map(inner))
      break
    case 'record':
      arb = fc.dictionary(fc.string({ maxLength: 8 }), inner(def.valueType), { maxKeys: 2 })
      break
    case 'object': {
      const shape = def.shape as Record<string, unknown>
      const fields = fc.record(Object.fromEntries(Object.entries(shape).map(([k, v]) => [k, inner(v)])), {
        requiredKeys: Object.keys(shape).filter((k) => defOf(shape[k]).type !== 'optional'),
      })
      if (!wrong) return fields as fc.Arbitrary<unknown>
      arb = fc
        .tuple(
          fields,
          fc.array(fc.constantFrom(...Object.keys(shape)), { maxLength: 2 }),
          fc.option(fc.tuple(fc.constantFrom('__proto__', 'constructor', 'prototype', 'toString', 'extra'), junk), { nil: null }),
          fc.boolean(),
        )
        .map(([value, drop, extra, bare]) => {
          const out: Record<string, unknown> = bare ? Object.create(null) : {}
          for (const [k, v] of Object.entries(value as Record<string, unknown>)) if (!drop.includes(k)) withKey(out, k, v)
          if (extra) withKey(out, extra[0], extra[1])
          return out
        })
      break
    }
    default:
      arb = fc.anything({ maxDepth: 1 })
  }
  return wrong ? fc.oneof({ arbitrary: arb, weight: 5 }, { arbitrary: junk, weight: 1 }) : arb
}

/** A string field of the channel's object input, for the one-field-at-a-time cases. */
function topLevelStrings(schema: unknown): string[] {
  const def = defOf(schema)
  if (def.type === 'union') return [...new Set((def.options as unknown[]).flatMap(topLevelStrings))]
  if (def.type !== 'object') return []
  const unwrap = (s: unknown): Def => {
    const d = defOf(s)
    return ['optional', 'nullable', 'default', 'readonly'].includes(d.type) ? unwrap(d.innerType) : d
  }
  return Object.entries(def.shape as Record<string, unknown>)
    .filter(([, v]) => unwrap(v).type === 'string')
    .map(([k]) => k)
}

/**
 * Last: session.lock and session.signOut end the run with the wallet locked (every later call would
 * answer LOCKED before its input is read), so they go after everything else; signOut, which also ends
 * the bank's session, runs on the locked wallet.
 */
const LAST = ['session.lock', 'session.signOut'] as const
const ORDER = [...CHANNEL_NAMES.filter((n) => !(LAST as readonly string[]).includes(n)), ...LAST]

describe('every channel of the contract, fuzzed through a real wallet core and mock bank', () => {
  let bank: BankServer
  let w: Awaited<ReturnType<typeof demoWallet>>
  let plausible: string[]
  const reported: unknown[][] = []
  const tally = new Map<string, number>()
  const prototypeKeys = Object.getOwnPropertyNames(Object.prototype).sort()
  const arrayKeys = Object.getOwnPropertyNames(Array.prototype).sort()

  beforeAll(async () => {
    bank = await demoBank(cleanups, { config: LONG_SESSIONS })
    const frozen = Date.now()
    // Nobody acknowledges sync pages here: sync.now should not wait long for an ack.
    w = await demoWallet(bank, cleanups, { clock: { now: () => frozen }, sync: { ...FAST_SYNC, ackTimeoutMs: 200 } })
    const cards = (await w.ok<CardsList>('cards.list')).cards
    plausible = [...cards.map((c) => c.cardId), DEMO_CUSTOMER.phone, PAY_PASSWORD, '13900139000', '6217001234567890122', 'a']
    // The router's report of an unexpected failure (src/main/ipc/router.ts) goes to console.error.
    const original = console.error
    vi.spyOn(console, 'error').mockImplementation((...args: unknown[]) => {
      if (typeof args[0] === 'string' && args[0].startsWith('[router]')) reported.push(args)
      else original(...args)
    })
  })

  afterAll(() => {
    vi.restoreAllMocks()
  })

  async function answer(name: ChannelName, input: unknown): Promise<void> {
    let result: Result<unknown>
    try {
      result = await w.call(name, input)
    } catch (error) {
      throw new Error(`${name} threw for ${describeInput(input)}: ${String(error)}`, { cause: error })
    }
    if (result.ok) {
      const checked = contract[name].output.safeParse(result.value)
      if (!checked.success) throw new Error(`${name} answered a value outside its contract for ${describeInput(input)}`)
      tally.set('ok', (tally.get('ok') ?? 0) + 1)
      return
    }
    const { code, message, details } = result.error
    tally.set(code, (tally.get(code) ?? 0) + 1)
    if (!(ERROR_CODES as readonly string[]).includes(code) || typeof message !== 'string')
      throw new Error(`${name} answered an unstructured error for ${describeInput(input)}: ${JSON.stringify(result.error)}`)
    if (code === 'INTERNAL') throw new Error(`${name} answered INTERNAL for ${describeInput(input)}`)
    for (const value of Object.values(details ?? {}))
      if (value !== null && !['string', 'number', 'boolean'].includes(typeof value))
        throw new Error(`${name} answered details that are not flat for ${describeInput(input)}`)
    if (message.length > 4096) throw new Error(`${name} echoed a long message (${message.length}) for ${describeInput(input)}`)
  }

  /** Keeps the wallet unlocked between channels: only the last one (session.lock) may lock it. */
  async function keepUnlocked(): Promise<void> {
    const status = await w.call('session.status')
    if (status.ok && (status.value as { status: string }).status === 'locked')
      await w.ok('session.unlock', { password: DEMO_CUSTOMER.password })
  }

  it.each(ORDER.map((name, i) => [name, i] as const))('%s', async (name, i) => {
    if (name !== 'session.signOut') await keepUnlocked()
    const { input } = contract[name]

    // Inputs of the wrong type and shape, whatever the channel.
    for (const value of EVIL_VALUES) await answer(name, value)

    // Each string field in turn holds each bad string, the rest of the input plausible.
    const [base] = fc.sample(shaped(input, plausible, false), { seed: SEED + i, numRuns: 1 })
    for (const field of topLevelStrings(input)) {
      for (const bad of EVIL_STRINGS) {
        const value = typeof base === 'object' && base !== null ? { ...base, [field]: bad } : { [field]: bad }
        await answer(name, value)
      }
    }

    // Random inputs shaped like the channel's schema, mutated.
    await fc.assert(
      fc.asyncProperty(shaped(input, plausible), async (value) => answer(name, value)),
      { seed: SEED + i, numRuns: FUZZ_RUNS, endOnFailure: true },
    )
  })

  it('reported no unexpected failure, changed no prototype, and still answers', async () => {
    expect(reported).toEqual([])
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
    expect(Object.prototype).not.toHaveProperty('polluted')
    expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(prototypeKeys)
    expect(Object.getOwnPropertyNames(Array.prototype).sort()).toEqual(arrayKeys)
    expect(await w.ok('app.info')).toMatchObject({ shell: 'harness' })
    expect(await w.ok('session.status')).toMatchObject({ status: expect.stringMatching(/^(locked|unlocked)$/) })
    // The refusals were mostly about the input, and some calls went through.
    expect(tally.get('INVALID_INPUT') ?? 0).toBeGreaterThan(1000)
    expect(tally.get('ok') ?? 0).toBeGreaterThan(10)
    expect(tally.has('INTERNAL')).toBe(false)
  })
})

function describeInput(input: unknown): string {
  try {
    const text = JSON.stringify(input, (_, v: unknown) =>
      typeof v === 'bigint' ? `${v}n` : typeof v === 'string' && v.length > 40 ? `${v.slice(0, 20)}…(${v.length})` : v,
    )
    return text === undefined ? String(input) : text.slice(0, 300)
  } catch {
    return Object.prototype.toString.call(input)
  }
}
