/**
 * Text input is well-formed (docs/architecture.md): one rule for every string of the contract
 * (src/shared/validators.ts textProblem), carried by every string schema of every channel's input
 * (src/shared/contract/text.ts), answered by the router as INVALID_INPUT { field, reason }.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { createRouter } from '../../src/main/ipc/router'
import { BANK_API, ENDPOINT_NAMES, pathOf } from '../../src/shared/bank-api'
import { contract } from '../../src/shared/contract'
import { StagedBalance, StagedTx } from '../../src/shared/contract/backup'
import { channel } from '../../src/shared/contract/define'
import { SealedBalance, SealedTx } from '../../src/shared/contract/replica'
import { SECRET_RULE, Secret, Text, TEXT_RULE } from '../../src/shared/contract/text'
import { AppError } from '../../src/shared/errors'
import { textProblem } from '../../src/shared/validators'

describe('textProblem', () => {
  it.each([
    ['plain Chinese', '张三 房租'],
    ['emoji made of surrogate pairs and joiners', '家用👨‍👩‍👧💳'],
    ['combining marks', 'Cafe\u0301'],
    ['punctuation and the middle dot of names', '阿卜杜·热合曼, (A-1)'],
    ['the empty string', ''],
  ])('lets %s through', (_, text) => {
    expect(textProblem(text)).toBeUndefined()
    expect(textProblem(text, 'secret')).toBeUndefined()
  })

  it.each([
    ['a lone high surrogate', 'a\ud800b'],
    ['a lone low surrogate', '\udc00'],
    ['a surrogate pair the wrong way round', '\ude00\ud83d'],
    ['a high surrogate at the end', '💳\ud83d'],
  ])('calls %s MALFORMED, in secrets too', (_, text) => {
    expect(textProblem(text)).toBe('MALFORMED')
    expect(textProblem(text, 'secret')).toBe('MALFORMED')
  })

  it.each([
    ['NUL', '\u0000'],
    ['a newline', 'a\nb'],
    ['a carriage return', '\r'],
    ['a tab', '\t'],
    ['DEL', '\u007f'],
    ['a C1 control', '\u0085'],
    ['a right-to-left override', '\u202e'],
    ['a left-to-right embedding', '\u202a'],
    ['an isolate', '\u2066x\u2069'],
    ['a right-to-left mark', '\u200f'],
    ['an Arabic letter mark', '\u061c'],
    ['a zero-width space', '\u200b'],
    ['a word joiner', '\u2060'],
    ['a byte order mark', '\ufeff'],
    ['a line separator', '\u2028'],
    ['a paragraph separator', '\u2029'],
  ])('calls %s CONTROL_CHARS in text, and lets it through in a secret', (_, text) => {
    expect(textProblem(text)).toBe('CONTROL_CHARS')
    expect(textProblem(text, 'secret')).toBeUndefined()
  })

  it('answers MALFORMED before CONTROL_CHARS, and scans a megabyte quickly', () => {
    expect(textProblem('\n\ud800')).toBe('MALFORMED')
    const big = '字'.repeat(1 << 20)
    const started = performance.now()
    expect(textProblem(big)).toBeUndefined()
    expect(textProblem(`${big}\u202e`)).toBe('CONTROL_CHARS')
    expect(performance.now() - started).toBeLessThan(500)
  })
})

// ---------------------------------------------------------------------------------------------
// Every string of every channel's input carries the rule.

type Def = { type: string } & Record<string, unknown>
const defOf = (schema: unknown): Def => (schema as { _zod: { def: Def } })._zod.def

/**
 * Strings that are not text somebody typed, with the reason each is left out:
 * - `replica.*`: the renderer's copy of the bank's change feed, handed back for a backup exactly as
 *   the bank sent it (src/shared/backup-payload.ts, also the schema of the backup file); refusing a
 *   memo the bank once accepted would make that history impossible to back up.
 * - `piece`: a piece of a backup file as base64 (backup.upload), decoded and held to base64 by main as it
 *   arrives (src/main/platform/backup/upload.ts); the text rule over a megabyte would cost main's thread more.
 */
const NOT_TEXT = [/^replica(\.|$)/, /^piece$/]

/**
 * Schemas the router takes as they come and the records' own schemas check where they are used: a
 * staged backup's records, checked in the backup worker (SealedReplicaChunk in src/shared/contract/backup.ts).
 */
const CHECKED_LATER = new Map<unknown, unknown>([
  [StagedTx, SealedTx],
  [StagedBalance, SealedBalance],
])

/** Every string schema reachable from `schema`, with its path and whether it carries the rule. */
function strings(schema: unknown, path: string, out: { path: string; rule: 'text' | 'secret' | null }[]): void {
  const def = defOf(schema)
  const inner = (s: unknown, p = path) => strings(s, p, out)
  switch (def.type) {
    case 'string': {
      const checks = (def.checks ?? []) as unknown[]
      out.push({ path, rule: checks.includes(TEXT_RULE) ? 'text' : checks.includes(SECRET_RULE) ? 'secret' : null })
      return
    }
    case 'object':
      for (const [key, value] of Object.entries(def.shape as Record<string, unknown>)) inner(value, path ? `${path}.${key}` : key)
      return
    case 'optional':
    case 'nullable':
    case 'default':
    case 'readonly':
    case 'nonoptional':
    case 'catch':
    case 'prefault':
      return inner(def.innerType)
    case 'array':
      return inner(def.element, `${path}[]`)
    case 'union':
      for (const option of def.options as unknown[]) inner(option)
      return
    case 'intersection':
      inner(def.left)
      return inner(def.right)
    case 'record':
      inner(def.keyType, `${path}{key}`)
      return inner(def.valueType, `${path}{}`)
    case 'pipe':
      return inner(def.in)
    case 'tuple':
      for (const item of def.items as unknown[]) inner(item)
      return
    case 'lazy':
      return inner((def.getter as () => unknown)())
    case 'custom':
      if (CHECKED_LATER.has(schema)) return inner(CHECKED_LATER.get(schema))
      throw new Error(`${path}: a custom schema in a channel's input that nothing checks later`)
    case 'number':
    case 'boolean':
    case 'literal':
    case 'enum':
    case 'void':
    case 'undefined':
    case 'null':
      return
    default:
      throw new Error(`${path}: a ${def.type} schema in a channel's input; teach this walk about it`)
  }
}

const SECRET_FIELDS = new Set(['password', 'payPassword', 'passphrase', 'newPassword', 'newPayPassword'])

describe('the contract', () => {
  const found = Object.entries(contract).flatMap(([name, spec]) => {
    const out: { path: string; rule: 'text' | 'secret' | null }[] = []
    strings(spec.input, '', out)
    return out.map((s) => ({ channel: name, ...s }))
  })

  it('checks every string of every channel’s input with the text rule, secrets with the secret rule', () => {
    expect(found.length).toBeGreaterThan(60)
    const expected = found
      .filter((s) => !NOT_TEXT.some((re) => re.test(s.path)))
      .map((s) => `${s.channel} ${s.path}: ${SECRET_FIELDS.has(s.path) ? 'secret' : 'text'}`)
    const actual = found.filter((s) => !NOT_TEXT.some((re) => re.test(s.path))).map((s) => `${s.channel} ${s.path}: ${s.rule}`)
    expect(actual).toEqual(expected)
  })

  it('refuses a lone surrogate in every such string of a plausible input', () => {
    // Spot check through the real schemas: one id-like and one free-text field per family.
    for (const [name, input, field] of [
      ['receipt.get', { txId: 'a\ud800' }, 'txId'],
      ['transfer.toCard', { pan: '6', name: '张\u202e', amountFen: 1, payPassword: '1' }, 'name'],
      ['print.toPdf', { fileName: '回单\n.pdf' }, 'fileName'],
      ['sync.attach', { cursor: '\u0000' }, 'cursor'],
      ['backup.inspect', { kind: 'auto', id: '\u2067' }, 'id'],
    ] as const) {
      const result = contract[name].input.safeParse(input)
      expect(result.success, name).toBe(false)
      expect(result.error?.issues.map((i) => i.path.join('.'))).toContain(field)
    }
  })
})

describe('the router', () => {
  const spec = {
    'note.save': channel(z.object({ title: Text(20), secret: Secret(20).optional(), n: z.number().optional() }), z.object({ ok: z.boolean() })),
  }
  const router = createRouter(spec, { 'note.save': () => ({ ok: true }) }, { onInternalError: () => {} })
  const ctx = { transport: 'test' } as const

  it('answers a text problem as INVALID_INPUT with the field and the reason', async () => {
    await expect(router.call('note.save', { title: '\u202e' }, ctx)).resolves.toMatchObject({
      ok: false,
      error: { code: 'INVALID_INPUT', details: { field: 'title', reason: 'CONTROL_CHARS' } },
    })
    await expect(router.call('note.save', { title: 'ok', secret: 'x\udfff' }, ctx)).resolves.toMatchObject({
      ok: false,
      error: { code: 'INVALID_INPUT', details: { field: 'secret', reason: 'MALFORMED' } },
    })
    // Also when another issue comes first: the reason is what the screen can explain.
    await expect(router.call('note.save', { n: 'x', title: 'a\ud800' }, ctx)).resolves.toMatchObject({
      ok: false,
      error: { code: 'INVALID_INPUT', details: { field: 'title', reason: 'MALFORMED' } },
    })
    await expect(router.call('note.save', { title: 'ok', secret: '\t' }, ctx)).resolves.toEqual({ ok: true, value: { ok: true } })
  })

  it('answers other refusals without details, as before', async () => {
    const result = await router.call('note.save', { title: 5 }, ctx)
    expect(result).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } })
    expect(result.ok || result.error.details).toBeUndefined()
  })
})

describe('pathOf', () => {
  const withParams = ENDPOINT_NAMES.map((name) => BANK_API[name]).filter((e) => e.path.includes(':'))
  const oneParam = (id: string) =>
    new Proxy({}, { getOwnPropertyDescriptor: () => ({ value: id, configurable: true, enumerable: true, writable: true }) })

  it('never throws a URIError: any string id stays one segment of the endpoint’s own path', () => {
    expect(withParams.length).toBeGreaterThan(3)
    fc.assert(
      fc.property(
        fc.constantFrom(...withParams),
        fc.oneof(
          fc.string({ unit: fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)), maxLength: 12 }),
          fc.constantFrom('.', '..', '', '%2e%2e', '.%2E', '../x', '/', '?a=1', '#f', '\\..'),
        ),
        (endpoint, id) => {
          let path: string
          try {
            path = pathOf(endpoint, oneParam(id))
          } catch (error) {
            // Only an id that is no path segment at all is refused, and as a structured refusal.
            expect(['', '.', '..']).toContain(id)
            expect(error).toBeInstanceOf(AppError)
            expect((error as AppError).code).toBe('INVALID_INPUT')
            return
          }
          expect(path.split('/')).toHaveLength(endpoint.path.split('/').length)
          // The URL the client builds keeps the path as it is: nothing resolves it elsewhere.
          expect(new URL(`http://bank.test${path}`).pathname).toBe(path)
        },
      ),
      { seed: 20251203, numRuns: 500 },
    )
    expect(pathOf(BANK_API.transaction, { id: 'a\ud800b' })).toBe('/transactions/a%EF%BF%BDb')
    expect(() => pathOf(BANK_API.unbindCard, { id: '..' })).toThrow(AppError)
  })
})
