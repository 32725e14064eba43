import { computed, shallowRef, type ComputedRef, type ShallowRef } from 'vue'
import { outcomeOf } from '@shared/errors'
import { ApiError } from '@renderer/api/client'

/** The bank's answer is unknown or it was not reached (ERROR_OUTCOMES): the same request may be sent again. */
export function isNetworkError(error: unknown): boolean {
  return error instanceof ApiError && outcomeOf(error.code) === 'unknown'
}

export function toApiError(error: unknown): ApiError {
  if (error instanceof ApiError) return error
  return new ApiError({ code: 'INTERNAL', message: error instanceof Error ? error.message : String(error) })
}

export interface AsyncAction<A extends string> {
  /** The action under way; a second one asked for meanwhile is ignored. */
  busy: ShallowRef<A | null>
  /** Why the last action failed, with its stable code. */
  error: ShallowRef<ApiError | null>
  /** The action whose error is shown, so a view knows what a successful 重试 completed. */
  failed: ShallowRef<A | null>
  /** The last action failed on the network: `retry()` sends it again. */
  canRetry: ComputedRef<boolean>
  clearError(): void
  /** Runs `request` and hands its answer to `apply`; resolves whether it succeeded. */
  run<T>(action: A, request: () => Promise<T>, apply: (value: T) => void): Promise<boolean>
  /** Sends the request that failed on the network again, unchanged (main reuses its idempotency key). */
  retry(): Promise<boolean>
}

/**
 * One call at a time, its error as an ApiError, and 重试 of the last request that failed on the network.
 * The stores (session, activation) and the payment screens' state (src/renderer/src/features/payments)
 * all run their calls through one of these.
 */
export function useAsyncAction<A extends string>(): AsyncAction<A> {
  // Vue's ref types depend on the value's type, which the type parameter leaves open until used.
  const busy = shallowRef(null) as ShallowRef<A | null>
  const error = shallowRef<ApiError | null>(null)
  const failed = shallowRef(null) as ShallowRef<A | null>
  // Holds the failed request (which may include a password) only until it succeeds or is dropped.
  let again: (() => Promise<boolean>) | undefined

  const canRetry = computed(() => error.value !== null && isNetworkError(error.value))

  function clearError(): void {
    error.value = null
    failed.value = null
    again = undefined
  }

  async function run<T>(action: A, request: () => Promise<T>, apply: (value: T) => void): Promise<boolean> {
    if (busy.value) return false
    busy.value = action
    error.value = null
    try {
      apply(await request())
      failed.value = null
      again = undefined
      return true
    } catch (e) {
      error.value = toApiError(e)
      failed.value = action
      again = isNetworkError(e) ? () => run(action, request, apply) : undefined
      return false
    } finally {
      busy.value = null
    }
  }

  async function retry(): Promise<boolean> {
    const request = again
    if (!request || busy.value) return false
    return request()
  }

  return { busy, error, failed, canRetry, clearError, run, retry }
}
