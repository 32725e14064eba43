import { describe, expect, it, vi } from 'vitest'
import { z } from 'zod'
import { createRouter } from '../../src/main/ipc/router'
import { channel } from '../../src/shared/contract/define'
import { AppError } from '../../src/shared/errors'

const spec = {
  'math.double': channel(z.object({ n: z.number().int() }), z.object({ n: z.number() })),
  'math.boom': channel(z.void(), z.void()),
  'math.refuse': channel(z.void(), z.void()),
  'math.lie': channel(z.void(), z.object({ n: z.number() })),
}
const ctx = { transport: 'test' } as const

function setup() {
  const double = vi.fn((input: { n: number }) => ({ n: input.n * 2 }))
  const onInternalError = vi.fn()
  const router = createRouter(
    spec,
    {
      'math.double': double,
      'math.boom': () => {
        throw new Error('secret path /home/user/.keys at line 3')
      },
      'math.refuse': () => {
        throw new AppError('LOCKED', 'wallet is locked', { retryAt: 5 })
      },
      'math.lie': () => ({ n: 'not a number' }) as unknown as { n: number },
    },
    { onInternalError },
  )
  return { router, double, onInternalError }
}

describe('router', () => {
  it('runs the handler with validated input and answers ok', async () => {
    const { router, double } = setup()
    await expect(router.call('math.double', { n: 21 }, ctx)).resolves.toEqual({ ok: true, value: { n: 42 } })
    expect(double).toHaveBeenCalledOnce()
  })

  it.each([[undefined], [null], [{ n: 1.5 }], [{ n: '2' }], [{}], ['{"n":2}']])('refuses bad input %j with INVALID_INPUT and never runs the handler', async (input) => {
    const { router, double } = setup()
    const result = await router.call('math.double', input, ctx)
    expect(result.ok).toBe(false)
    if (!result.ok) expect(result.error.code).toBe('INVALID_INPUT')
    expect(double).not.toHaveBeenCalled()
  })

  it.each(['nope', '', '__proto__', 'constructor', 'toString', 'math'])('refuses the unknown channel %j', async (name) => {
    const { router } = setup()
    const result = await router.call(name, undefined, ctx)
    expect(result).toMatchObject({ ok: false, error: { code: 'UNKNOWN_CHANNEL' } })
  })

  it('turns a thrown error into INTERNAL without a stack or the original message', async () => {
    const { router, onInternalError } = setup()
    const result = await router.call('math.boom', undefined, ctx)
    expect(result).toEqual({ ok: false, error: { code: 'INTERNAL', message: 'internal error' } })
    expect(JSON.stringify(result)).not.toMatch(/secret|\/home|at line|Error:/)
    expect(onInternalError).toHaveBeenCalledOnce()
  })

  it('passes an AppError through with its code and details', async () => {
    const { router } = setup()
    await expect(router.call('math.refuse', undefined, ctx)).resolves.toEqual({
      ok: false,
      error: { code: 'LOCKED', message: 'wallet is locked', details: { retryAt: 5 } },
    })
  })

  it('refuses to answer with output that breaks the contract', async () => {
    const { router, onInternalError } = setup()
    await expect(router.call('math.lie', undefined, ctx)).resolves.toMatchObject({ ok: false, error: { code: 'INTERNAL' } })
    expect(onInternalError).toHaveBeenCalledOnce()
  })

  it('asks the guard first: a refusal answers before the input is read or the handler runs', async () => {
    const double = vi.fn((input: { n: number }) => ({ n: input.n * 2 }))
    let locked = true
    const router = createRouter(
      spec,
      { 'math.double': double, 'math.boom': () => undefined, 'math.refuse': () => undefined, 'math.lie': () => ({ n: 1 }) },
      { guard: (name) => (locked && name !== 'math.boom' ? { code: 'LOCKED', message: '钱包已锁定' } : null) },
    )
    await expect(router.call('math.double', 'not even an object', ctx)).resolves.toEqual({ ok: false, error: { code: 'LOCKED', message: '钱包已锁定' } })
    await expect(router.call('math.boom', undefined, ctx)).resolves.toEqual({ ok: true, value: undefined })
    expect(double).not.toHaveBeenCalled()
    locked = false
    await expect(router.call('math.double', { n: 2 }, ctx)).resolves.toEqual({ ok: true, value: { n: 4 } })
  })

  it('answers a guard that throws like a handler that throws', async () => {
    const router = createRouter(spec, { 'math.double': () => ({ n: 0 }), 'math.boom': () => undefined, 'math.refuse': () => undefined, 'math.lie': () => ({ n: 1 }) }, {
      onInternalError: () => {},
      guard: () => {
        throw new AppError('VAULT_LOCKED', 'the master passphrase is needed first')
      },
    })
    await expect(router.call('math.double', { n: 1 }, ctx)).resolves.toMatchObject({ ok: false, error: { code: 'VAULT_LOCKED' } })
  })
})
