import { describe, expect, it, vi } from 'vitest'
import { ApiError } from '@renderer/api/client'
import { isNetworkError, toApiError, useAsyncAction } from '@renderer/composables/useAsyncAction'

const refused = (code: string) => new ApiError({ code: code as ApiError['code'], message: code })

/** A request that waits until the test lets it answer. */
function deferred<T>() {
  let resolve!: (value: T) => void
  let reject!: (error: unknown) => void
  const promise = new Promise<T>((ok, ko) => {
    resolve = ok
    reject = ko
  })
  return { promise, resolve, reject }
}

describe('useAsyncAction', () => {
  it('names the running action in busy, applies the answer and ignores a second action meanwhile', async () => {
    const action = useAsyncAction<'load' | 'save'>()
    const answer = deferred<number>()
    const applied: number[] = []
    const first = action.run('load', () => answer.promise, (v) => applied.push(v))
    expect(action.busy.value).toBe('load')
    const second = vi.fn(() => Promise.resolve(2))
    expect(await action.run('save', second, (v) => applied.push(v))).toBe(false)
    expect(second).not.toHaveBeenCalled()
    answer.resolve(1)
    expect(await first).toBe(true)
    expect(applied).toEqual([1])
    expect(action.busy.value).toBeNull()
    expect(action.error.value).toBeNull()
  })

  it('keeps a refusal as an ApiError with the action that failed, and offers no retry for a final one', async () => {
    const action = useAsyncAction<'save'>()
    const request = vi.fn(() => Promise.reject(refused('PAY_PASSWORD_WRONG')))
    expect(await action.run('save', request, () => {})).toBe(false)
    expect(action.error.value).toBeInstanceOf(ApiError)
    expect(action.error.value?.code).toBe('PAY_PASSWORD_WRONG')
    expect(action.failed.value).toBe('save')
    expect(action.canRetry.value).toBe(false)
    expect(await action.retry()).toBe(false)
    expect(request).toHaveBeenCalledTimes(1)
  })

  it('turns anything else thrown into an INTERNAL ApiError', async () => {
    const action = useAsyncAction<'load'>()
    await action.run('load', () => Promise.reject(new Error('boom')), () => {})
    expect(action.error.value?.code).toBe('INTERNAL')
    expect(action.error.value?.message).toBe('boom')
  })

  it('retries the very request that failed on the network, once it answers, and then forgets it', async () => {
    const action = useAsyncAction<'pay'>()
    const input = { amountFen: 100 }
    const seen: unknown[] = []
    let fail = true
    const request = () => {
      seen.push(input)
      return fail ? Promise.reject(refused('NETWORK')) : Promise.resolve('ok')
    }
    const applied: string[] = []
    expect(await action.run('pay', request, (v) => applied.push(v))).toBe(false)
    expect(action.canRetry.value).toBe(true)
    fail = false
    expect(await action.retry()).toBe(true)
    expect(seen).toEqual([input, input])
    expect(seen[1]).toBe(input)
    expect(applied).toEqual(['ok'])
    expect(action.error.value).toBeNull()
    expect(action.failed.value).toBeNull()
    expect(await action.retry()).toBe(false)
  })

  it('drops the retry with clearError (it may hold a password)', async () => {
    const action = useAsyncAction<'unlock'>()
    const request = vi.fn(() => Promise.reject(refused('TIMEOUT')))
    await action.run('unlock', request, () => {})
    action.clearError()
    expect(action.error.value).toBeNull()
    expect(action.canRetry.value).toBe(false)
    expect(await action.retry()).toBe(false)
    expect(request).toHaveBeenCalledTimes(1)
  })
})

describe('isNetworkError / toApiError', () => {
  it('counts only errors whose outcome is unknown as network errors', () => {
    expect(isNetworkError(refused('NETWORK'))).toBe(true)
    expect(isNetworkError(refused('IDEMPOTENCY_IN_FLIGHT'))).toBe(true)
    expect(isNetworkError(refused('INSUFFICIENT_FUNDS'))).toBe(false)
    expect(isNetworkError(new Error('NETWORK'))).toBe(false)
  })

  it('keeps an ApiError as it is', () => {
    const error = refused('LOCKED')
    expect(toApiError(error)).toBe(error)
    expect(toApiError('text').code).toBe('INTERNAL')
  })
})
