import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import type { SessionStatus, SignInResult } from '@shared/contract'
import { call, onEvent } from '@renderer/api/client'
import { useAsyncAction } from '@renderer/composables/useAsyncAction'

export type SessionAction = 'refresh' | 'signIn' | 'challenge' | 'unlock' | 'lock' | 'signOut'

/** A sign-in waiting for its second factor (SMS on a new device, or a TOTP code). */
export type PendingChallenge = Extract<SignInResult, { status: 'challenge' }>

/** At most one `session.activity` call per this many ms. */
export const ACTIVITY_PING_MS = 30_000

/**
 * Who is signed in and whether the wallet is unlocked, as main reports it. Passwords pass through
 * the actions to main and are not kept here, except inside the retry of a request that failed on the network.
 */
export const useSessionStore = defineStore('session', () => {
  const status = ref<SessionStatus>()
  const challenge = ref<PendingChallenge>()
  /** Set by 退出登录 until a session opens again: the app shows the sign-in screen, not the lock screen. */
  const signedOut = ref(false)
  const { busy, error, failed, canRetry, clearError, run, retry } = useAsyncAction<SessionAction>()
  let lastPing = Number.NEGATIVE_INFINITY
  let unsubscribe: (() => void) | undefined

  const offline = computed(() => status.value?.status === 'unlocked' && status.value.offline)
  const profile = computed(() => status.value?.profile ?? null)
  /** Follows `session.changed` from main (idle lock, sign-in elsewhere in the app). Idempotent. */
  function listen(): void {
    unsubscribe ??= onEvent('session.changed', (next) => {
      status.value = next
      opened(next)
    })
  }

  function stopListening(): void {
    unsubscribe?.()
    unsubscribe = undefined
  }

  const setStatus = (next: SessionStatus) => {
    status.value = next
  }
  // A session opened again (sign-in, unlock) is no longer signed out.
  const opened = (next: SessionStatus) => {
    if (next.status === 'unlocked') signedOut.value = false
  }

  function refresh(): Promise<boolean> {
    listen()
    return run('refresh', () => call('session.status'), setStatus)
  }

  /** Resolves true when signed in or when a second factor is now asked for (see `challenge`). */
  function signIn(phone: string, password: string): Promise<boolean> {
    return run(
      'signIn',
      () => call('session.signIn', { phone, password }),
      (result) => {
        if (result.status === 'ok') {
          challenge.value = undefined
          status.value = result.session
        } else challenge.value = result
      },
    )
  }

  function answerChallenge(code: string): Promise<boolean> {
    return run(
      'challenge',
      () => call('session.challenge', { code }),
      (result) => {
        if (result.status === 'ok') {
          challenge.value = undefined
          status.value = result.session
        } else challenge.value = result
      },
    )
  }

  /** A sign-in main made itself (忘记登录密码 signs in with the new password): as if signIn had answered it. */
  function adopt(result: SignInResult): void {
    clearError()
    if (result.status === 'ok') {
      challenge.value = undefined
      status.value = result.session
    } else challenge.value = result
  }

  /** Drops a pending second factor (main forgets it and its password too): a new sign-in gets a new one. */
  function abandonChallenge(): void {
    challenge.value = undefined
    clearError()
    call('session.abandonChallenge').catch(() => undefined)
  }

  /** Resolves true when unlocked; `challenge` is set when the bank wants a second factor to renew the session. */
  const unlock = (password: string) =>
    run(
      'unlock',
      () => call('session.unlock', { password }),
      ({ challenge: asked, ...next }) => {
        status.value = next
        challenge.value = asked ? { status: 'challenge', ...asked } : undefined
      },
    )

  const lock = () => run('lock', () => call('session.lock'), setStatus)

  /** 退出登录: main revokes the bank session and locks; the data on this computer stays for the next sign-in. */
  const signOut = () =>
    run(
      'signOut',
      () => call('session.signOut'),
      (next) => {
        signedOut.value = true
        status.value = next
      },
    )

  /** Tells main the user is active (postpones the idle lock), at most once per ACTIVITY_PING_MS. */
  function touchActivity(): void {
    if (status.value && status.value.status !== 'unlocked') return
    const now = Date.now()
    if (now - lastPing < ACTIVITY_PING_MS) return
    lastPing = now
    call('session.activity').catch(() => {
      // Best effort: a missed ping only means the idle lock may come a little earlier.
    })
  }

  return {
    status,
    challenge,
    busy,
    error,
    failed,
    offline,
    profile,
    canRetry,
    clearError,
    listen,
    stopListening,
    refresh,
    signIn,
    answerChallenge,
    abandonChallenge,
    adopt,
    unlock,
    lock,
    signOut,
    signedOut,
    retry,
    touchActivity,
  }
})
