import { randomBytes } from 'node:crypto'
import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it, vi } from 'vitest'
import { z } from 'zod'
import { createMemoryDocStore, type DocStore } from '../../../src/main/base/ports'
import { createSealedStore } from '../../../src/main/platform/vault/sealed-store'
import { backoffDelay } from '../../../src/main/base/backoff'
import { createUnlockService, UNLOCK_BACKOFF, UNLOCK_DOC, type UnlockServiceOptions } from '../../../src/main/platform/vault/unlock'
import { expectAppError, FAST_SCRYPT, manualClock, useTempDir, type ManualClock } from './helpers'

const tempDir = useTempDir()
const PASSWORD = 'Login密码-123'
const SECOND = 1_000
const MINUTE = 60 * SECOND

function setup(
  overrides: Partial<UnlockServiceOptions> = {},
  store: DocStore = createMemoryDocStore(),
  clock: ManualClock = manualClock(),
) {
  const onLock = vi.fn()
  const service = createUnlockService({ store, clock, scrypt: FAST_SCRYPT, tickMs: 0, onLock, ...overrides })
  return { service, store, clock, onLock }
}

/** Fails `times` attempts in a row, waiting out each back-off so that every attempt is really checked. */
async function fail(service: ReturnType<typeof setup>['service'], clock: ManualClock, times: number) {
  for (let i = 0; i < times; i++) {
    const error = await expectAppError(service.unlock('wrong'), 'WRONG_PASSWORD')
    if (i < times - 1 && typeof error.details?.retryAt === 'number') clock.set(error.details.retryAt)
  }
}

describe('backoffDelay', () => {
  it('is free for four failures, then 30 s doubling up to 15 min', () => {
    expect([0, 1, 2, 3, 4].map((f) => backoffDelay(f, UNLOCK_BACKOFF))).toEqual([0, 0, 0, 0, 0])
    expect([5, 6, 7, 8, 9, 10, 11, 50, 10_000].map((f) => backoffDelay(f, UNLOCK_BACKOFF) / SECOND)).toEqual([
      30, 60, 120, 240, 480, 900, 900, 900, 900,
    ])
  })
})

describe('offline unlock', () => {
  it('starts locked and cannot unlock before the first online sign-in', async () => {
    const { service } = setup()
    expect(service.isLocked()).toBe(true)
    expect(await service.hasVerifier()).toBe(false)
    const error = await expectAppError(service.unlock(PASSWORD), 'LOCKED')
    expect(error.details).toEqual({ needsOnlineSignIn: true })
  })

  it('unlocks with the right password and refuses a wrong one', async () => {
    const { service } = setup()
    await service.setVerifier(PASSWORD)
    expect(service.isLocked()).toBe(false)
    service.lock()
    expect(service.isLocked()).toBe(true)

    const error = await expectAppError(service.unlock('Login密码-124'), 'WRONG_PASSWORD')
    expect(error.details).toEqual({ attemptsBeforeBackoff: 4, backoffMs: 30 * SECOND })
    expect(service.isLocked()).toBe(true)

    await service.unlock(PASSWORD)
    expect(service.isLocked()).toBe(false)
  })

  it('treats canonically equivalent unicode input as the same password', async () => {
    const { service } = setup()
    await service.setVerifier('caf\u00e9-密码')
    service.lock()
    await service.unlock('cafe\u0301-密码')
    expect(service.isLocked()).toBe(false)
  })

  it('stores a salted scrypt verifier, never the password', async () => {
    const { service, store } = setup()
    await service.setVerifier(PASSWORD)
    const first = await store.read(UNLOCK_DOC, z.any())
    expect(JSON.stringify(first)).not.toContain(PASSWORD)
    expect(Buffer.from(first.verifier.salt, 'base64')).toHaveLength(16)
    expect(first.verifier).toMatchObject({ N: FAST_SCRYPT.N, r: 8, p: 1 })
    await service.setVerifier(PASSWORD)
    const second = await store.read(UNLOCK_DOC, z.any())
    expect(second.verifier.salt).not.toBe(first.verifier.salt)
    expect(second.verifier.hash).not.toBe(first.verifier.hash)
  })

  it('backs off after five failures: 30 s, then doubling, capped at 15 min', async () => {
    const { service, clock } = setup()
    await service.setVerifier(PASSWORD)
    service.lock()
    for (let i = 1; i <= 4; i++) {
      const error = await expectAppError(service.unlock('wrong'), 'WRONG_PASSWORD')
      // The wait the fifth failure brings, told in advance (the lock screen says 30 秒, not 一段时间).
      expect(error.details).toEqual({ attemptsBeforeBackoff: 5 - i, backoffMs: 30 * SECOND })
    }
    const fifth = await expectAppError(service.unlock('wrong'), 'WRONG_PASSWORD')
    expect(fifth.details).toEqual({ attemptsBeforeBackoff: 0, retryAt: clock.now() + 30 * SECOND })

    // Even the right password is not checked while backing off.
    const waiting = await expectAppError(service.unlock(PASSWORD), 'UNLOCK_BACKOFF')
    expect(waiting.details).toEqual({ retryAt: clock.now() + 30 * SECOND, failures: 5 })
    clock.advance(30 * SECOND - 1)
    await expectAppError(service.unlock(PASSWORD), 'UNLOCK_BACKOFF')
    clock.advance(1)

    const expected = [60, 120, 240, 480, 900, 900]
    for (const seconds of expected) {
      const error = await expectAppError(service.unlock('wrong'), 'WRONG_PASSWORD')
      expect(error.details).toEqual({ attemptsBeforeBackoff: 0, retryAt: clock.now() + seconds * SECOND })
      clock.advance(seconds * SECOND - 1)
      await expectAppError(service.unlock(PASSWORD), 'UNLOCK_BACKOFF')
      clock.advance(1)
    }
    expect((await service.getState()).failures).toBe(11)

    await service.unlock(PASSWORD)
    expect(service.isLocked()).toBe(false)
    expect(await service.getState()).toMatchObject({ failures: 0, retryAt: null, attemptsBeforeBackoff: 5 })
    service.lock()
    const again = await expectAppError(service.unlock('wrong'), 'WRONG_PASSWORD')
    expect(again.details).toEqual({ attemptsBeforeBackoff: 4, backoffMs: 30 * SECOND })
  })

  it('keeps the back-off across a restart (new service over the same sealed store)', async () => {
    const dir = await tempDir()
    const dataKey = randomBytes(32)
    const clock = manualClock()
    const open = () => setup({}, createSealedStore({ dir: join(dir, 'state'), dataKey }), clock).service
    const first = open()
    await first.setVerifier(PASSWORD)
    first.lock()
    await fail(first, clock, 6)
    const retryAt = clock.now() + 60 * SECOND
    first.dispose()

    clock.advance(10 * SECOND)
    const second = open()
    expect(second.isLocked()).toBe(true)
    expect(await second.getState()).toMatchObject({ hasVerifier: true, failures: 6, retryAt, attemptsBeforeBackoff: 0 })
    const error = await expectAppError(second.unlock(PASSWORD), 'UNLOCK_BACKOFF')
    expect(error.details).toMatchObject({ retryAt })
    clock.set(retryAt)
    await expectAppError(second.unlock('wrong'), 'WRONG_PASSWORD')

    const third = open()
    await expectAppError(third.unlock(PASSWORD), 'UNLOCK_BACKOFF')
    clock.advance(120 * SECOND)
    await third.unlock(PASSWORD)
    expect(await open().getState()).toMatchObject({ failures: 0, retryAt: null })
  })

  it('counts an attempt before checking it, so killing the app mid-check gives no free guess', async () => {
    const store = createMemoryDocStore()
    const { service } = setup({}, store)
    await service.setVerifier(PASSWORD)
    service.lock()
    const write = vi.spyOn(store, 'write')
    await expectAppError(service.unlock('wrong'), 'WRONG_PASSWORD')
    expect(write).toHaveBeenCalledTimes(1)
    expect(write.mock.calls[0]?.[1]).toMatchObject({ failures: 1 })
  })

  it('does not let parallel guesses slip past the counter', async () => {
    const { service } = setup()
    await service.setVerifier(PASSWORD)
    service.lock()
    const results = await Promise.allSettled(Array.from({ length: 8 }, () => service.unlock('wrong')))
    const codes = results.map((r) => (r.status === 'rejected' ? (r.reason as { code: string }).code : 'ok'))
    expect(codes).toEqual([...Array(5).fill('WRONG_PASSWORD'), ...Array(3).fill('UNLOCK_BACKOFF')])
  })

  it('does not hold the user hostage when the clock was moved back', async () => {
    const { service, clock } = setup()
    await service.setVerifier(PASSWORD)
    service.lock()
    await fail(service, clock, 5)
    clock.advance(-24 * 60 * MINUTE)
    const error = await expectAppError(service.unlock(PASSWORD), 'UNLOCK_BACKOFF')
    expect(error.details).toMatchObject({ retryAt: clock.now() + 30 * SECOND })
    clock.advance(30 * SECOND)
    await service.unlock(PASSWORD)
  })

  it('a new online sign-in resets the back-off', async () => {
    const { service, clock } = setup()
    await service.setVerifier(PASSWORD)
    service.lock()
    await fail(service, clock, 7)
    await service.setVerifier('new password after reset')
    expect(await service.getState()).toMatchObject({ failures: 0, retryAt: null, locked: false })
    service.lock()
    await expectAppError(service.unlock(PASSWORD), 'WRONG_PASSWORD')
    await service.unlock('new password after reset')
  })

  it('forgets the verifier on sign-out', async () => {
    const { service, onLock } = setup()
    await service.setVerifier(PASSWORD)
    await service.clearVerifier()
    expect(service.isLocked()).toBe(true)
    expect(onLock).toHaveBeenCalledWith('manual')
    await expectAppError(service.unlock(PASSWORD), 'LOCKED')
  })

  it('an unlock document the store cannot give back means no verifier, never one without its failures', async () => {
    const dir = join(await tempDir(), 'state')
    const dataKey = randomBytes(32)
    const clock = manualClock()
    const sealed = () => createSealedStore({ dir, dataKey })
    const first = setup({}, sealed(), clock).service
    await first.setVerifier(PASSWORD)
    first.lock()
    await fail(first, clock, 5)
    // Both generations damaged: before, every unlock failed with STORE_CORRUPT and nothing told the
    // user what to do; now offline unlock waits for an online sign-in, like a wallet without a verifier.
    for (const file of [`${UNLOCK_DOC}.sealed`, `${UNLOCK_DOC}.sealed.prev`]) await writeFile(join(dir, file), 'damaged')
    const again = setup({}, sealed(), clock).service
    expect(await again.getState()).toMatchObject({ hasVerifier: false, failures: 0 })
    const error = await expectAppError(again.unlock(PASSWORD), 'LOCKED')
    expect(error.details).toEqual({ needsOnlineSignIn: true })
    await again.setVerifier(PASSWORD)
    again.lock()
    await again.unlock(PASSWORD)
  })

  it('upgrades a verifier made with weaker scrypt parameters on the next success', async () => {
    const store = createMemoryDocStore()
    const clock = manualClock()
    const weak = setup({ scrypt: { N: 2 ** 8, r: 8, p: 1 } }, store, clock).service
    await weak.setVerifier(PASSWORD)
    const strong = setup({}, store, clock).service
    await strong.unlock(PASSWORD)
    expect((await store.read(UNLOCK_DOC, z.any())).verifier.N).toBe(FAST_SCRYPT.N)
    strong.lock()
    await strong.unlock(PASSWORD)
  })
})

describe('idle auto-lock', () => {
  it('locks after five idle minutes by default, and activity postpones it', async () => {
    const { service, clock, onLock } = setup()
    await service.setVerifier(PASSWORD)
    clock.advance(4 * MINUTE)
    service.touch()
    clock.advance(4 * MINUTE)
    service.tick()
    expect(service.isLocked()).toBe(false)
    clock.advance(MINUTE)
    service.tick()
    expect(service.isLocked()).toBe(true)
    expect(onLock).toHaveBeenCalledExactlyOnceWith('idle')
    service.tick()
    expect(onLock).toHaveBeenCalledTimes(1)
  })

  it('notices idleness on isLocked() even without a tick', async () => {
    const { service, clock } = setup({ idleMs: 10 * SECOND })
    await service.setVerifier(PASSWORD)
    clock.advance(10 * SECOND)
    expect(service.isLocked()).toBe(true)
    expect(() => service.assertUnlocked()).toThrow(expect.objectContaining({ code: 'LOCKED' }))
  })

  it('honours a changed idle time, Infinity meaning never', async () => {
    const { service, clock } = setup()
    await service.setVerifier(PASSWORD)
    service.setIdleMs(30 * SECOND)
    clock.advance(30 * SECOND)
    expect(service.isLocked()).toBe(true)
    await service.unlock(PASSWORD)
    service.setIdleMs(Infinity)
    clock.advance(365 * 24 * 60 * MINUTE)
    expect(service.isLocked()).toBe(false)
    expect(() => service.setIdleMs(0)).toThrow(RangeError)
  })

  it('ignores activity while locked and restarts the idle time on unlock', async () => {
    const { service, clock } = setup({ idleMs: MINUTE })
    await service.setVerifier(PASSWORD)
    service.lock()
    clock.advance(10 * MINUTE)
    service.touch()
    await service.unlock(PASSWORD)
    clock.advance(MINUTE - 1)
    expect(service.isLocked()).toBe(false)
    clock.advance(1)
    expect(service.isLocked()).toBe(true)
  })

  it('runs its own timer when asked, driven by fake timers here', async () => {
    vi.useFakeTimers()
    try {
      const clock = { now: () => Date.now() }
      const { service, onLock } = setup({ idleMs: MINUTE, tickMs: 5 * SECOND }, createMemoryDocStore(), {
        ...manualClock(),
        ...clock,
      })
      await service.setVerifier(PASSWORD)
      await vi.advanceTimersByTimeAsync(MINUTE + 5 * SECOND)
      expect(onLock).toHaveBeenCalledWith('idle')
      service.dispose()
    } finally {
      vi.useRealTimers()
    }
  })
})
