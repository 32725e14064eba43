import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { openVaultGate } from '../../../src/main/core/vault-gate'
import { createWalletCore } from '../../../src/main/ipc/wallet'
import type { KeytarLike } from '../../../src/main/platform/vault/keytar-store'
import { createPassphraseAttempts, PASSPHRASE_ATTEMPTS_FILE } from '../../../src/main/platform/vault/passphrase-attempts'
import { AppError } from '../../../src/shared/errors'
import { expectAppError, FAST_SCRYPT, manualClock, useTempDir, type ManualClock } from './helpers'

/*
 * Without an OS keyring the secrets file is sealed under the master passphrase. Guesses at it are
 * counted like the offline unlock's (src/main/platform/vault/unlock.ts): one at a time, five free,
 * then growing waits, remembered across restarts in a small file beside the secrets file.
 */
const tempDir = useTempDir()
const PASS = '正确的主密码 correct horse'
const SECOND = 1_000

const noKeytar = async (): Promise<KeytarLike> => {
  throw new Error('keytar.node did not load')
}

/** A data folder whose secrets are under a master passphrase, and a function that starts the app's gate on it. */
async function passphraseInstallation(clock: ManualClock = manualClock(1_700_000_000_000)) {
  const dataDir = await tempDir()
  const start = () => openVaultGate({ dataDir, platform: 'linux', clock, loadKeytar: noKeytar, probeTimeoutMs: 50, scrypt: FAST_SCRYPT })
  const first = await start()
  expect(first.status()).toMatchObject({ state: 'passphrase-required', isNew: true })
  await first.openWithPassphrase(PASS)
  expect(first.status().state).toBe('ready')
  const gate = await start()
  expect(gate.status()).toMatchObject({ state: 'passphrase-required', isNew: false })
  return { dataDir, clock, start, gate }
}

type Gate = Awaited<ReturnType<typeof passphraseInstallation>>['gate']

async function wrong(gate: Gate, times: number): Promise<AppError[]> {
  const errors: AppError[] = []
  for (let i = 0; i < times; i++) errors.push(await expectAppError(gate.openWithPassphrase('not the passphrase'), 'WRONG_PASSWORD'))
  return errors
}

describe('master passphrase: attempts are counted and back off', () => {
  it('five free attempts, then 30 s, 60 s …: even the right passphrase waits, and success resets the count', async () => {
    const { gate, clock, dataDir } = await passphraseInstallation()
    // Setting the passphrase was no attempt: there was nothing to guess.
    expect(await readFile(join(dataDir, PASSPHRASE_ATTEMPTS_FILE), 'utf8').catch(() => 'absent')).toBe('absent')
    const free = await wrong(gate, 4)
    expect(free.map((e) => e.details?.attemptsBeforeBackoff)).toEqual([4, 3, 2, 1])
    const [fifth] = await wrong(gate, 1)
    expect(fifth?.details).toMatchObject({ target: 'master-passphrase', attemptsBeforeBackoff: 0, retryAt: clock.now() + 30 * SECOND })

    const waiting = await expectAppError(gate.openWithPassphrase(PASS), 'UNLOCK_BACKOFF')
    expect(waiting.details).toEqual({ target: 'master-passphrase', retryAt: clock.now() + 30 * SECOND, failures: 5 })
    clock.advance(30 * SECOND - 1)
    await expectAppError(gate.openWithPassphrase(PASS), 'UNLOCK_BACKOFF')
    clock.advance(1)
    const [sixth] = await wrong(gate, 1)
    expect(sixth?.details).toMatchObject({ retryAt: clock.now() + 60 * SECOND })
    expect(gate.status().state).toBe('passphrase-required')

    clock.advance(60 * SECOND)
    await gate.openWithPassphrase(PASS)
    expect(gate.status().state).toBe('ready')
    expect(JSON.parse(await readFile(join(dataDir, PASSPHRASE_ATTEMPTS_FILE), 'utf8'))).toEqual({ failures: 0, retryAt: null })
  })

  it('the back-off survives a restart, and a success after it starts the count afresh', async () => {
    const { gate, clock, start } = await passphraseInstallation()
    await wrong(gate, 5)
    const retryAt = clock.now() + 30 * SECOND

    clock.advance(10 * SECOND)
    const again = await start()
    const error = await expectAppError(again.openWithPassphrase(PASS), 'UNLOCK_BACKOFF')
    expect(error.details).toMatchObject({ retryAt, failures: 5 })
    clock.set(retryAt)
    await again.openWithPassphrase(PASS)
    expect(again.status().state).toBe('ready')

    const third = await start()
    const [first] = await wrong(third, 1)
    expect(first?.details).toMatchObject({ attemptsBeforeBackoff: 4 })
  })

  it('concurrent attempts are taken one at a time: none slips past the counter', async () => {
    const { gate } = await passphraseInstallation()
    const results = await Promise.allSettled(Array.from({ length: 8 }, () => gate.openWithPassphrase('not the passphrase')))
    const codes = results.map((r) => (r.status === 'rejected' ? (r.reason as AppError).code : 'ok'))
    expect(codes).toEqual([...Array(5).fill('WRONG_PASSWORD'), ...Array(3).fill('UNLOCK_BACKOFF')])
  })

  it('a retryAt further away than the back-off (the clock was moved back) is pinned to now + back-off', async () => {
    const { gate, clock, dataDir } = await passphraseInstallation()
    await wrong(gate, 5)
    clock.advance(-24 * 3_600 * SECOND)
    const error = await expectAppError(gate.openWithPassphrase(PASS), 'UNLOCK_BACKOFF')
    expect(error.details).toMatchObject({ retryAt: clock.now() + 30 * SECOND })
    expect(JSON.parse(await readFile(join(dataDir, PASSPHRASE_ATTEMPTS_FILE), 'utf8'))).toEqual({
      failures: 5,
      retryAt: clock.now() + 30 * SECOND,
    })
    clock.advance(30 * SECOND)
    await gate.openWithPassphrase(PASS)
    expect(gate.status().state).toBe('ready')
  })

  it('is refused through the app’s channel with UNLOCK_BACKOFF and retryAt', async () => {
    const { dataDir, clock } = await passphraseInstallation()
    const core = await createWalletCore({
      shell: 'harness',
      version: 'test',
      platform: 'linux',
      dataDir,
      bankUrl: 'http://127.0.0.1:9',
      vault: { loadKeytar: noKeytar },
      files: { save: async () => ({ kind: 'cancelled' as const }) },
      clock,
    })
    try {
      for (let i = 0; i < 5; i++) {
        const r = await core.router.call('vault.openWithPassphrase', { passphrase: 'not the passphrase' }, { transport: 'test' })
        expect(r).toMatchObject({ ok: false, error: { code: 'WRONG_PASSWORD' } })
      }
      const refused = await core.router.call('vault.openWithPassphrase', { passphrase: PASS }, { transport: 'test' })
      expect(refused).toMatchObject({ ok: false, error: { code: 'UNLOCK_BACKOFF', details: { retryAt: clock.now() + 30 * SECOND } } })
    } finally {
      await core.dispose()
    }
  })
})

describe('the attempts file', () => {
  async function setup() {
    const dir = await tempDir()
    const clock = manualClock()
    const file = join(dir, PASSPHRASE_ATTEMPTS_FILE)
    return { file, clock, attempts: createPassphraseAttempts({ file, now: clock.now }) }
  }
  const wrongPassword = () => Promise.reject(new AppError('WRONG_PASSWORD', 'wrong', { target: 'master-passphrase' }))

  it('counts an attempt before checking it, so killing the app mid-check gives no free guess', async () => {
    const { file, attempts } = await setup()
    let seenDuringCheck: unknown
    await expectAppError(
      attempts.attempt(async () => {
        seenDuringCheck = JSON.parse(await readFile(file, 'utf8'))
        return wrongPassword()
      }),
      'WRONG_PASSWORD',
    )
    expect(seenDuringCheck).toEqual({ failures: 1, retryAt: null })
  })

  it('never runs two checks at once', async () => {
    const { attempts } = await setup()
    let running = 0
    let most = 0
    const check = async () => {
      running++
      most = Math.max(most, running)
      await new Promise((resolve) => setTimeout(resolve, 5))
      running--
      return wrongPassword()
    }
    await Promise.allSettled(Array.from({ length: 4 }, () => attempts.attempt(check)))
    expect(most).toBe(1)
  })

  it('a damaged attempts file counts as the end of the free attempts, not as a fresh start', async () => {
    const { file, attempts, clock } = await setup()
    await writeFile(file, '{"failures":')
    const error = await expectAppError(attempts.attempt(wrongPassword), 'WRONG_PASSWORD')
    expect(error.details).toMatchObject({ attemptsBeforeBackoff: 0, retryAt: clock.now() + 30 * SECOND })
  })
})
