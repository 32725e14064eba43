import { randomUUID } from 'node:crypto'
import type { SessionStatus, SignInChallenge, SignInResult } from '../../shared/contract/activation'
import { AppError, outcomeOf } from '../../shared/errors'
import type { BankClient } from '../platform/bank/client'
import type * as api from '../../shared/bank-api'
import { SECRET_ACCOUNTS, type SecretStore, type UnlockService } from '../platform/vault'
import type { EventBus } from '../base/events'
import { withIdempotencyKey, type KeyLedger } from '../platform/bank/idempotency'
import type { Clock, DocStore } from '../base/ports'
import { deviceIdOf, deviceOsName, ProfileDoc, toWalletProfile } from './profile'

export interface SessionDeps {
  store: DocStore
  secrets: SecretStore
  unlock: UnlockService
  bank: BankClient
  keys: KeyLedger
  events: EventBus
  clock: Clock
}

/**
 * Who is signed in on this computer, and whether the wallet is unlocked. Sign-in binds this device at
 * the bank (a new device answers an SMS challenge); the token lives in the SecretStore, the masked
 * profile in a sealed document, and a verifier of the login password allows unlocking offline.
 */
export function createSessionService(deps: SessionDeps) {
  const { store, secrets, unlock, bank, keys, events, clock } = deps
  let offline = false
  /**
   * Between a challenge and its answer only: the password that sets the offline verifier. Forgotten when
   * answered, given up (abandonChallenge), locked, or when the bank's challenge expires.
   */
  let pendingChallenge: { challengeId: string; phone: string; password: string } | undefined
  let expiryTimer: ReturnType<typeof setTimeout> | undefined

  function waitForAnswer(pending: { challengeId: string; phone: string; password: string }, expiresAt: number): void {
    pendingChallenge = pending
    if (expiryTimer) clearTimeout(expiryTimer)
    // The bank's expiry on this computer's clock, plus a minute for skew: a late answer is refused by the bank anyway.
    expiryTimer = setTimeout(abandonChallenge, Math.max(0, expiresAt - clock.now()) + 60_000)
    expiryTimer.unref?.()
  }

  function abandonChallenge(): void {
    pendingChallenge = undefined
    if (expiryTimer) clearTimeout(expiryTimer)
    expiryTimer = undefined
  }

  /** Whether a profile exists, remembered after the first read: the lock guard asks on every call. */
  let hasProfile: boolean | undefined

  async function profileDoc(): Promise<ProfileDoc | undefined> {
    const doc = await store.read('profile', ProfileDoc)
    hasProfile = doc !== undefined
    return doc
  }

  /** Someone has signed in on this computer and the wallet is locked now. */
  async function isLocked(): Promise<boolean> {
    if (hasProfile === undefined) await profileDoc()
    return hasProfile === true && unlock.isLocked()
  }

  /** isLocked without a read: a profile not read yet counts as there (events wait for the first unlock). */
  function lockedNow(): boolean {
    return hasProfile !== false && unlock.isLocked()
  }

  async function status(): Promise<SessionStatus> {
    const doc = await profileDoc()
    if (!doc) return { status: 'none', offline: false, profile: null }
    return {
      status: unlock.isLocked() ? 'locked' : 'unlocked',
      offline: unlock.isLocked() ? false : offline,
      profile: doc.profile,
    }
  }

  async function changed(): Promise<SessionStatus> {
    const s = await status()
    events.emit('session.changed', s)
    return s
  }

  /** Stores what a successful online sign-in (or registration) gives. */
  async function established(phone: string, password: string, response: api.SessionResponse): Promise<SessionStatus> {
    await secrets.set(SECRET_ACCOUNTS.sessionToken, response.session.token)
    await store.write('profile', { phone, profile: toWalletProfile(response.customer), updatedAt: clock.now() })
    hasProfile = true
    await unlock.setVerifier(password)
    offline = false
    return changed()
  }

  async function signIn(phone: string, password: string): Promise<SignInResult> {
    const deviceId = await deviceIdOf(store, clock.now())
    const body = { phone, password, deviceId, deviceName: '工行数字钱包 · 桌面版', deviceOs: deviceOsName() }
    const result = await withIdempotencyKey(keys, 'auth.login', body, (key) => bank.call('login', { body, idempotencyKey: key }))
    if (result.status === 'ok') return { status: 'ok', session: await established(phone, password, result) }
    waitForAnswer({ challengeId: result.challenge.challengeId, phone, password }, result.challenge.expiresAt)
    return {
      status: 'challenge',
      method: result.challenge.method,
      phoneMasked: result.challenge.phoneMasked,
      expiresAt: result.challenge.expiresAt,
    }
  }

  async function answerChallenge(code: string): Promise<SignInResult> {
    const pending = pendingChallenge
    if (!pending) throw new AppError('CHALLENGE_INVALID', 'no sign-in is waiting for a code')
    const result = await withIdempotencyKey(keys, 'auth.challenge', { id: pending.challengeId, code }, (key) =>
      bank.call('challenge', { body: { challengeId: pending.challengeId, code }, idempotencyKey: key }),
    )
    if (result.status === 'challenge') {
      // The SMS step passed and the authenticator app's code (TOTP) is next.
      waitForAnswer({ ...pending, challengeId: result.challenge.challengeId }, result.challenge.expiresAt)
      return {
        status: 'challenge',
        method: result.challenge.method,
        phoneMasked: result.challenge.phoneMasked,
        expiresAt: result.challenge.expiresAt,
      }
    }
    abandonChallenge()
    return { status: 'ok', session: await established(pending.phone, pending.password, result) }
  }

  /**
   * Unlocks with the login password: checked against the local verifier first (with its back-off),
   * then used to renew the bank session. When the bank cannot be reached the wallet opens offline.
   */
  async function unlockWith(password: string): Promise<SessionStatus & { challenge?: SignInChallenge }> {
    const doc = await profileDoc()
    if (!doc) throw new AppError('NO_OFFLINE_VERIFIER', 'nobody has signed in on this computer yet')
    if (!(await unlock.hasVerifier())) throw new AppError('NO_OFFLINE_VERIFIER', 'sign in online once first')
    await unlock.unlock(password)
    try {
      const deviceId = await deviceIdOf(store, clock.now())
      const body = { phone: doc.phone, password, deviceId }
      const result = await withIdempotencyKey(keys, 'auth.login', body, (key) =>
        bank.call('login', { body, idempotencyKey: key }),
      )
      if (result.status === 'ok') {
        await secrets.set(SECRET_ACCOUNTS.sessionToken, result.session.token)
        await store.write('profile', { ...doc, profile: toWalletProfile(result.customer), updatedAt: clock.now() })
        offline = false
      } else {
        // The bank wants a second factor (two-factor on, or this device was removed elsewhere): the wallet
        // is open offline, and answering the challenge (answerChallenge) renews the session.
        offline = true
        waitForAnswer({ challengeId: result.challenge.challengeId, phone: doc.phone, password }, result.challenge.expiresAt)
        const { method, phoneMasked, expiresAt } = result.challenge
        return { ...(await changed()), challenge: { method, phoneMasked, expiresAt } }
      }
    } catch (error) {
      if (outcomeOf(error) === 'unknown') offline = true
      else if (error instanceof AppError && error.code === 'CREDENTIALS_INVALID') {
        // The password was changed elsewhere: the local verifier is stale.
        await unlock.clearVerifier()
        unlock.lock()
        await changed()
        throw error
      } else offline = true
    }
    return changed()
  }

  /** The vault's own lock (idle, sleep): the same forgetting as lock(), then the news. */
  function onLocked(): Promise<SessionStatus> {
    abandonChallenge()
    return changed()
  }

  async function lock(): Promise<SessionStatus> {
    // A challenge waiting for its answer keeps the password in memory: a locked wallet forgets it.
    abandonChallenge()
    unlock.lock()
    return changed()
  }

  /**
   * 退出登录: the bank revokes the session, this computer forgets the token and locks. The sealed data
   * stays; signing in again (with the password, no SMS on a known device) opens it. When the bank cannot
   * be reached the token is forgotten all the same: nothing here can use it again, and the bank ends it
   * when it expires.
   */
  async function signOut(): Promise<SessionStatus> {
    unlock.assertUnlocked()
    const value = await secrets.get(SECRET_ACCOUNTS.sessionToken)
    if (value) {
      try {
        // A fresh key each time: a key kept from an earlier sign-out whose answer was lost would be
        // replayed by the bank for this (different) session and leave it open. Revoking twice is harmless.
        await bank.call('logout', { token: value, idempotencyKey: randomUUID() })
      } catch (error) {
        // An already ended session (expired, removed from another device) is signed out too.
        const ended = error instanceof AppError && (error.code === 'UNAUTHORIZED' || error.code === 'SESSION_EXPIRED')
        if (!ended && outcomeOf(error) !== 'unknown') throw error
      }
      await secrets.delete(SECRET_ACCOUNTS.sessionToken)
    }
    offline = false
    abandonChallenge()
    unlock.lock()
    return changed()
  }

  /** The bank token for signed-in calls; LOCKED while the wallet is locked. */
  async function token(): Promise<string> {
    unlock.assertUnlocked()
    const value = await secrets.get(SECRET_ACCOUNTS.sessionToken)
    if (!value) throw new AppError('SESSION_EXPIRED', 'no bank session on this computer')
    return value
  }

  async function phone(): Promise<string | undefined> {
    return (await profileDoc())?.phone
  }

  return {
    status,
    isLocked,
    lockedNow,
    changed,
    onLocked,
    established,
    signIn,
    answerChallenge,
    abandonChallenge,
    unlockWith,
    lock,
    signOut,
    token,
    phone,
    touch: () => unlock.touch(),
  }
}

export type SessionService = ReturnType<typeof createSessionService>
